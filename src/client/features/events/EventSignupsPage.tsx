import { Alert, Anchor, Badge, Button, Card, Group, Loader, Stack, Text } from '@mantine/core';
import { IconArrowLeft, IconCheck, IconX } from '@tabler/icons-react';
import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import type { Event, Signup } from '../../../shared/contracts/events.js';
import { api } from '../../api/api.js';
import { hasAnyCapability, useSession } from '../../app/session-context.js';
import { useT } from '../../i18n/use-t.js';
import { ErrorAlert } from '../../ui/ErrorAlert.js';
import { useFormat } from '../../ui/format.js';
import { PageHeader } from '../../ui/PageHeader.js';
import { EventLiveNumbers } from './EventLiveNumbers.js';
import { ShiftSummary } from './ShiftSummary.js';

type Status = 'confirmed' | 'checked_in' | 'no_show' | 'cancelled';

/**
 * An event's sign-ups, made for a host's phone on the day: one card per volunteer with big
 * "arrived" / "no-show" buttons. Organizers also send the reminder and the thank-you from here.
 */
export function EventSignupsPage({ organizer }: { organizer: boolean }) {
  const { t } = useT();
  const fmt = useFormat();
  const { eventId = '' } = useParams();
  const { session } = useSession();
  const canSeeMetrics = hasAnyCapability(session, ['metrics.view']);
  const [event, setEvent] = useState<Event | null>(null);
  const [signups, setSignups] = useState<Signup[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const reload = useCallback(async () => {
    try {
      if (organizer) {
        const [e, s] = await Promise.all([api.getEvent({ params: { eventId } }), api.listEventSignups({ params: { eventId } })]);
        setEvent(e);
        setSignups(s.signups);
      } else {
        const res = await api.listHostedSignups({ params: { eventId } });
        setEvent(res.event);
        setSignups(res.signups);
      }
    } catch (failure) {
      setError(failure);
    }
  }, [organizer, eventId]);
  useEffect(() => {
    void reload();
  }, [reload]);

  const mark = async (signupId: string, status: Status) => {
    setBusy(signupId);
    setError(null);
    try {
      const input = { params: { eventId, signupId }, body: { status } };
      const updated = organizer ? await api.updateEventSignup(input) : await api.updateHostedSignup(input);
      setSignups((prev) => prev?.map((s) => (s.id === updated.id ? updated : s)) ?? null);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(null);
    }
  };

  const mail = async (template: 'reminder_day_before' | 'thank_you_after_event') => {
    setBusy(template);
    setError(null);
    try {
      const res = await api.sendEventMail({ params: { eventId }, body: { template } });
      setNotice(t('events.mailQueued', { count: res.queued }));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(null);
    }
  };

  if (!event || !signups) return error ? <ErrorAlert error={error} /> : <Loader />;
  const live = signups.filter((s) => s.status !== 'cancelled');
  return (
    <>
      <Anchor component={Link} to=".." relative="path" size="sm">
        <Group gap={4} mb="xs">
          <IconArrowLeft size={16} />
          {t('events.back')}
        </Group>
      </Anchor>
      <PageHeader title={event.title}>
        {organizer && (
          <Group gap="xs">
            <Button variant="light" loading={busy === 'reminder_day_before'} onClick={() => void mail('reminder_day_before')}>
              {t('events.sendReminder')}
            </Button>
            <Button variant="light" loading={busy === 'thank_you_after_event'} onClick={() => void mail('thank_you_after_event')}>
              {t('events.sendThanks')}
            </Button>
          </Group>
        )}
      </PageHeader>
      <Text c="dimmed" mb="xs">
        {fmt.dateTime(event.startsAt)} · {event.place ?? event.onlineUrl ?? ''}
      </Text>
      <ShiftSummary shifts={event.shifts} />
      {event.callCampaignId && (
        <Anchor component={Link} to={`/call/${event.callCampaignId}`} display="block" mt="sm">
          {t('events.openCampaign')}
        </Anchor>
      )}
      {(!organizer || canSeeMetrics) && (
        <EventLiveNumbers
          streamUrl={organizer ? `/api/metrics/stream?campaignId=all&eventId=${event.id}` : `/api/hosting/events/${event.id}/metrics/stream`}
        />
      )}
      {canSeeMetrics && (
        <Anchor component={Link} to={`/metrics?eventId=${event.id}`} display="block" mt="xs">
          {t('events.openDashboard')}
        </Anchor>
      )}
      {notice && (
        <Alert color="green" my="md" withCloseButton onClose={() => setNotice(null)}>
          {notice}
        </Alert>
      )}
      <ErrorAlert error={error} />
      <Text fw={600} mt="lg" mb="sm">
        {t('events.signups')} ({live.length})
      </Text>
      {live.length === 0 ? (
        <Text c="dimmed">{t('events.noSignups')}</Text>
      ) : (
        <Stack gap="sm">
          {live.map((s) => (
            <Card key={s.id} withBorder padding="sm">
              <Group justify="space-between" wrap="wrap" gap="xs">
                <div>
                  <Text fw={600}>
                    {s.firstName} {s.lastName}
                  </Text>
                  <Text size="sm" c="dimmed">
                    {[s.phone, s.email].filter(Boolean).join(' · ')}
                  </Text>
                </div>
                <Badge color={s.status === 'checked_in' ? 'green' : s.status === 'no_show' ? 'red' : s.status === 'waitlisted' ? 'yellow' : 'blue'}>
                  {t(`events.signupStatuses.${s.status}`)}
                </Badge>
              </Group>
              {s.status !== 'waitlisted' && (
                <Group mt="sm" grow>
                  {s.status === 'confirmed' ? (
                    <>
                      <Button size="md" color="green" leftSection={<IconCheck size={18} />} loading={busy === s.id} onClick={() => void mark(s.id, 'checked_in')}>
                        {t('events.checkIn')}
                      </Button>
                      <Button size="md" variant="light" color="red" leftSection={<IconX size={18} />} loading={busy === s.id} onClick={() => void mark(s.id, 'no_show')}>
                        {t('events.noShow')}
                      </Button>
                    </>
                  ) : (
                    <Button size="md" variant="subtle" loading={busy === s.id} onClick={() => void mark(s.id, 'confirmed')}>
                      {t('events.undo')}
                    </Button>
                  )}
                </Group>
              )}
            </Card>
          ))}
        </Stack>
      )}
    </>
  );
}
