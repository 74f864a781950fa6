import { Button, Checkbox, Group, NumberInput, Paper, Select, Stack, TextInput, Textarea } from '@mantine/core';
import { useEffect, useState } from 'react';
import { EVENT_KINDS, type EventKind } from '../../../shared/contracts/events.js';
import { api } from '../../api/api.js';
import { hasAnyCapability, useSession } from '../../app/session-context.js';
import { useT } from '../../i18n/use-t.js';
import { ErrorAlert } from '../../ui/ErrorAlert.js';
import { fieldError } from '../../ui/field-error.js';
import { useAction } from '../../ui/use-action.js';

const SHOWN = ['kind', 'title', 'description', 'place', 'onlineUrl', 'startsAt', 'endsAt', 'capacity', 'hostUserId'];

/** `2030-06-06T09:00` from a datetime-local input, as an ISO instant in the browser's time zone. */
function toIso(local: string): string {
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? local : date.toISOString();
}

/** The organizer's "new event" form: one shift spanning the event, with the event's capacity. */
export function EventCreateForm({ onCreated }: { onCreated: () => void }) {
  const { t } = useT();
  const [v, setV] = useState({ kind: 'phone_bank' as EventKind, title: '', description: '', place: '', onlineUrl: '', startsAt: '', endsAt: '', capacity: 20 as number | string, isPublic: true, hostUserId: null as string | null });
  const [members, setMembers] = useState<{ value: string; label: string }[]>([]);
  const { session } = useSession();
  const canListMembers = hasAnyCapability(session, ['members.manage']);
  useEffect(() => {
    // Only members managers can list members; others create events without choosing a host.
    if (!canListMembers) return;
    api
      .listMembers()
      .then((res) => setMembers(res.members.map((m) => ({ value: m.userId, label: `${m.name} (${m.email})` }))))
      .catch(() => setMembers([]));
  }, [canListMembers]);
  const { busy, error, run } = useAction();
  const set = <K extends keyof typeof v>(key: K, value: (typeof v)[K]) => setV((prev) => ({ ...prev, [key]: value }));

  const submit = async () => {
    await run(async () => {
      await api.createEvent({
        body: {
          kind: v.kind,
          title: v.title,
          description: v.description,
          place: v.place.trim() || null,
          onlineUrl: v.onlineUrl.trim() || null,
          startsAt: toIso(v.startsAt),
          endsAt: toIso(v.endsAt),
          capacity: v.capacity === '' ? null : Number(v.capacity),
          isPublic: v.isPublic,
          hostUserId: v.hostUserId,
        },
      });
      onCreated();
    });
  };

  return (
    <Paper withBorder p="md" mb="lg">
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <Stack>
          <ErrorAlert error={error} shownFields={SHOWN} />
          <Group grow wrap="wrap">
            <Select
              label={t('events.form.kind')}
              value={v.kind}
              onChange={(value) => set('kind', (value ?? 'phone_bank') as EventKind)}
              data={EVENT_KINDS.map((kind) => ({ value: kind, label: t(`events.kinds.${kind}`) }))}
              allowDeselect={false}
            />
            <TextInput required label={t('events.form.title')} value={v.title} onChange={(e) => set('title', e.currentTarget.value)} error={fieldError(error, 'title')} />
          </Group>
          <Textarea label={t('events.form.description')} value={v.description} onChange={(e) => set('description', e.currentTarget.value)} autosize minRows={2} />
          <Group grow wrap="wrap">
            <TextInput label={t('events.form.place')} value={v.place} onChange={(e) => set('place', e.currentTarget.value)} error={fieldError(error, 'place')} />
            <TextInput label={t('events.form.onlineUrl')} value={v.onlineUrl} onChange={(e) => set('onlineUrl', e.currentTarget.value)} error={fieldError(error, 'onlineUrl')} />
          </Group>
          <Group grow wrap="wrap">
            <TextInput type="datetime-local" required label={t('events.form.startsAt')} value={v.startsAt} onChange={(e) => set('startsAt', e.currentTarget.value)} error={fieldError(error, 'startsAt')} />
            <TextInput type="datetime-local" required label={t('events.form.endsAt')} value={v.endsAt} onChange={(e) => set('endsAt', e.currentTarget.value)} error={fieldError(error, 'endsAt')} />
            <NumberInput label={t('events.form.capacity')} value={v.capacity} onChange={(value) => set('capacity', value)} min={1} error={fieldError(error, 'capacity')} />
          </Group>
          {members.length > 0 && (
            <Select
              label={t('events.form.host')}
              description={t('events.form.hostHint')}
              value={v.hostUserId}
              onChange={(value) => set('hostUserId', value)}
              data={members}
              searchable
              clearable
              error={fieldError(error, 'hostUserId')}
            />
          )}
          <Checkbox label={t('events.form.isPublic')} checked={v.isPublic} onChange={(e) => set('isPublic', e.currentTarget.checked)} />
          <Group justify="flex-end">
            <Button type="submit" loading={busy}>
              {t('events.form.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
