import { Anchor, Badge, Button, Card, Group, Loader, SegmentedControl, Stack, Tabs, Text } from '@mantine/core';
import { IconExternalLink, IconPlus } from '@tabler/icons-react';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import type { Event } from '../../../shared/contracts/events.js';
import { api } from '../../api/api.js';
import { useSession } from '../../app/session-context.js';
import { useT } from '../../i18n/use-t.js';
import { ErrorAlert } from '../../ui/ErrorAlert.js';
import { useFormat } from '../../ui/format.js';
import { PageHeader } from '../../ui/PageHeader.js';
import { EventCreateForm } from './EventCreateForm.js';
import { RecruitTreePanel } from './RecruitTreePanel.js';
import { ShiftSummary } from './ShiftSummary.js';

/** Organizers' list of events (upcoming or past) with a create form; hosts' list of their events. */
export function EventListPage({ organizer }: { organizer: boolean }) {
  const { t } = useT();
  const fmt = useFormat();
  const { session } = useSession();
  const [events, setEvents] = useState<Event[] | null>(null);
  const [when, setWhen] = useState<'upcoming' | 'past'>('upcoming');
  const [creating, setCreating] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const reload = useCallback(async () => {
    try {
      const res = organizer ? await api.listEvents({ query: { past: when === 'past' ? 'true' : 'false' } }) : await api.listHostedEvents();
      setEvents(res.events);
    } catch (failure) {
      setError(failure);
    }
  }, [organizer, when]);
  useEffect(() => {
    void reload();
  }, [reload]);

  const slug = session.organization?.slug ?? '';
  const list = (
    <>
      {creating && (
        <EventCreateForm
          onCreated={() => {
            setCreating(false);
            void reload();
          }}
        />
      )}
      {organizer && (
        <SegmentedControl
          mb="md"
          value={when}
          onChange={(value) => setWhen(value === 'past' ? 'past' : 'upcoming')}
          data={[
            { value: 'upcoming', label: t('events.upcoming') },
            { value: 'past', label: t('events.past') },
          ]}
        />
      )}
      {events === null ? (
        <Loader />
      ) : events.length === 0 ? (
        <Text c="dimmed">{t('events.none')}</Text>
      ) : (
        <Stack>
          {events.map((event) => (
            <Card key={event.id} withBorder padding="md" component={Link} to={event.id}>
              <Group justify="space-between" wrap="wrap">
                <Text fw={600}>{event.title}</Text>
                <Group gap="xs">
                  <Badge variant="light">{t(`events.kinds.${event.kind}`)}</Badge>
                  {event.status !== 'published' && <Badge color="gray">{t(`events.statuses.${event.status}`)}</Badge>}
                </Group>
              </Group>
              <Text size="sm" c="dimmed">
                {fmt.dateTime(event.startsAt)} · {event.place ?? event.onlineUrl ?? ''}
              </Text>
              <ShiftSummary shifts={event.shifts} />
            </Card>
          ))}
        </Stack>
      )}
    </>
  );
  return (
    <>
      <PageHeader title={organizer ? t('events.title') : t('events.hostedTitle')}>
        <Group gap="xs">
          <Anchor href={`/public/${slug}/events`} target="_blank" size="sm">
            <Group gap={4}>
              <IconExternalLink size={16} />
              {t('events.publicLink')}
            </Group>
          </Anchor>
          {organizer && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating((v) => !v)}>
              {t('events.create')}
            </Button>
          )}
        </Group>
      </PageHeader>
      <ErrorAlert error={error} />
      {organizer ? (
        <Tabs defaultValue="events" keepMounted={false}>
          <Tabs.List mb="md">
            <Tabs.Tab value="events">{t('events.tabEvents')}</Tabs.Tab>
            <Tabs.Tab value="recruits">{t('events.tabRecruits')}</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="events">{list}</Tabs.Panel>
          <Tabs.Panel value="recruits">
            <RecruitTreePanel />
          </Tabs.Panel>
        </Tabs>
      ) : (
        list
      )}
    </>
  );
}
