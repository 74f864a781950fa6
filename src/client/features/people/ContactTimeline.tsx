import { Badge, Button, Group, NativeSelect, Paper, SimpleGrid, Stack, Text, Textarea, TextInput, Timeline, Title } from '@mantine/core';
import { IconCalendarEvent, IconDoor, IconMail, IconMessage, IconPhone, IconUsers } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { CONTACT_STATUSES, CONTACT_TYPES, type Contact, type ContactStatus, type ContactType } from '../../../shared/contracts/people.js';
import { api } from '../../api/api.js';
import { useT } from '../../i18n/use-t.js';
import { ErrorAlert } from '../../ui/ErrorAlert.js';
import { fieldError } from '../../ui/field-error.js';
import { useFormat } from '../../ui/format.js';
import { useAction } from '../../ui/use-action.js';

const ICONS: Record<ContactType, typeof IconPhone> = {
  phone_call: IconPhone,
  door_knock: IconDoor,
  email: IconMail,
  text: IconMessage,
  meeting: IconUsers,
  event: IconCalendarEvent,
};

const STATUS_COLORS: Partial<Record<ContactStatus, string>> = {
  answered: 'teal',
  meaningful_conversation: 'green',
  do_not_contact: 'red',
  refused: 'orange',
  wrong_number: 'orange',
  callback_requested: 'blue',
};

/** A person's contacts, newest first, as a timeline with older pages on demand. */
export function ContactTimeline({ contacts, hasMore, onLoadMore }: { contacts: Contact[]; hasMore: boolean; onLoadMore: () => void }) {
  const { t } = useT();
  const format = useFormat();
  if (contacts.length === 0) return <Text c="dimmed">{t('people.history.empty')}</Text>;
  return (
    <Stack>
      <Timeline bulletSize={26} lineWidth={2} active={contacts.length}>
        {contacts.map((contact) => {
          const Icon = ICONS[contact.type];
          return (
            <Timeline.Item
              key={contact.id}
              bullet={<Icon size={14} aria-hidden />}
              title={
                <Group gap="xs" wrap="wrap">
                  <Text fw={600} size="sm">
                    {t(`people.contactType.${contact.type}`)}
                  </Text>
                  <Badge size="sm" variant="light" color={STATUS_COLORS[contact.status] ?? 'gray'}>
                    {t(`people.contactStatus.${contact.status}`)}
                  </Badge>
                </Group>
              }
            >
              {contact.notes && (
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  {contact.notes}
                </Text>
              )}
              <Text size="xs" c="dimmed" mt={4}>
                {format.dateTime(contact.madeAt)}
                {contact.madeBy ? ` · ${t('people.history.by', { name: contact.madeBy.name })}` : ''}
              </Text>
            </Timeline.Item>
          );
        })}
      </Timeline>
      {hasMore && (
        <Button variant="subtle" onClick={onLoadMore} style={{ alignSelf: 'flex-start' }}>
          {t('people.history.loadMore')}
        </Button>
      )}
    </Stack>
  );
}

/** Records a contact (a call, a door knock…) in the person's history. */
export function AddContactForm({ personId, onAdded }: { personId: string; onAdded: (contact: Contact) => void }) {
  const { t } = useT();
  const [type, setType] = useState<ContactType>('phone_call');
  const [status, setStatus] = useState<ContactStatus>('answered');
  const [notes, setNotes] = useState('');
  const [madeAt, setMadeAt] = useState('');
  const { busy, error, run } = useAction();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await run(async () => {
      const body = { type, status, notes, ...(madeAt ? { madeAt: new Date(madeAt).toISOString() } : {}) };
      const contact = await api.addContact({ params: { id: personId }, body });
      setNotes('');
      setMadeAt('');
      onAdded(contact);
    });
  };

  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="add-contact-title">
      <form onSubmit={(event) => void submit(event)} noValidate>
        <Stack gap="sm">
          <Title order={3} size="h5" id="add-contact-title">
            {t('people.history.addTitle')}
          </Title>
          <ErrorAlert error={error} shownFields={['type', 'status', 'notes', 'madeAt']} />
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm" verticalSpacing="xs">
            <NativeSelect
              label={t('people.history.type')}
              value={type}
              onChange={(event) => setType(event.currentTarget.value as ContactType)}
              data={CONTACT_TYPES.map((value) => ({ value, label: t(`people.contactType.${value}`) }))}
              error={fieldError(error, 'type')}
            />
            <NativeSelect
              label={t('people.history.status')}
              value={status}
              onChange={(event) => setStatus(event.currentTarget.value as ContactStatus)}
              data={CONTACT_STATUSES.map((value) => ({ value, label: t(`people.contactStatus.${value}`) }))}
              error={fieldError(error, 'status')}
            />
          </SimpleGrid>
          <TextInput
            type="datetime-local"
            label={t('people.history.madeAt')}
            description={t('people.history.madeAtHint')}
            value={madeAt}
            onChange={(event) => setMadeAt(event.currentTarget.value)}
            error={fieldError(error, 'madeAt')}
          />
          <Textarea label={t('people.history.notes')} autosize minRows={2} value={notes} onChange={(event) => setNotes(event.currentTarget.value)} error={fieldError(error, 'notes')} />
          <Group justify="flex-end">
            <Button type="submit" loading={busy}>
              {t('people.history.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
