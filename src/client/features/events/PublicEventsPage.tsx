import { Anchor, Badge, Card, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import type { PublicEvent } from '../../../shared/contracts/events.js';
import { api } from '../../api/api.js';
import { useT } from '../../i18n/use-t.js';
import { ErrorAlert } from '../../ui/ErrorAlert.js';
import { useFormat } from '../../ui/format.js';
import { usePageTitle } from '../../ui/use-page-title.js';
import { PublicLayout } from './PublicLayout.js';

/** An organization's public page of upcoming events: `/public/<slug>/events` (keeps `?ref=`). */
export function PublicEventsPage() {
  const { t } = useT();
  const fmt = useFormat();
  const { orgSlug = '' } = useParams();
  const [search] = useSearchParams();
  const ref = search.get('ref');
  const [data, setData] = useState<{ name: string; events: PublicEvent[] } | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api
      .publicEvents({ params: { orgSlug } })
      .then((res) => setData({ name: res.organization.name, events: res.events }))
      .catch(setError);
  }, [orgSlug]);
  const title = data ? t('events.public.listTitle', { name: data.name }) : '';
  usePageTitle(title);
  const suffix = ref ? `?ref=${encodeURIComponent(ref)}` : '';
  return (
    <PublicLayout>
      <ErrorAlert error={error} />
      {!data ? (
        !error && <Loader />
      ) : (
        <Stack>
          <Title order={1} size="h2">
            {title}
          </Title>
          {data.events.length === 0 && <Text c="dimmed">{t('events.public.noEvents')}</Text>}
          {data.events.map((event) => (
            <Card key={event.id} withBorder component={Link} to={`/public/${orgSlug}/events/${event.id}${suffix}`}>
              <Group justify="space-between" wrap="wrap">
                <Text fw={600}>{event.title}</Text>
                <Badge variant="light">{t(`events.kinds.${event.kind}`)}</Badge>
              </Group>
              <Text size="sm" c="dimmed">
                {fmt.dateTime(event.startsAt)} · {event.place ?? event.onlineUrl ?? ''}
              </Text>
            </Card>
          ))}
          <Anchor component={Link} to={`/public/${orgSlug}/volunteer${suffix}`}>
            {t('events.public.volunteerTitle')}
          </Anchor>
        </Stack>
      )}
    </PublicLayout>
  );
}
