import { Alert, Anchor, Badge, Button, Center, Grid, Group, Loader, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconPencil } from '@tabler/icons-react';
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import type { Contact, Person } from '../../../shared/contracts/people.js';
import { supportLevelLabel, type SupportLevel } from '../../../shared/people/support-level.js';
import { ApiError } from '../../api/api-error.js';
import { api } from '../../api/api.js';
import { useT } from '../../i18n/use-t.js';
import { ErrorAlert } from '../../ui/ErrorAlert.js';
import { useFormat } from '../../ui/format.js';
import { MessagePage } from '../../ui/MessagePage.js';
import { PageHeader } from '../../ui/PageHeader.js';
import { AddContactForm, ContactTimeline } from './ContactTimeline.js';
import { displayName, usePeopleAccess } from './people-access.js';
import { PersonForm } from './PersonForm.js';
import { formValuesOf, updateBody } from './person-form-values.js';
import { PersonGdpr } from './PersonGdpr.js';
import { PersonDetails } from './PersonDetails.js';
import { PersonTags } from './PersonTags.js';

const SUPPORT_COLORS: Record<SupportLevel, string> = { 1: 'green', 2: 'teal', 3: 'gray', 4: 'orange', 5: 'red' };

/** One person's profile: details, consent, tags and the contact history as a timeline; editable by those allowed. */
export function PersonProfilePage() {
  const { personId = '' } = useParams();
  const { t, locale } = useT();
  const format = useFormat();
  const access = usePeopleAccess();
  const [person, setPerson] = useState<Person | null>(null);
  const [contacts, setContacts] = useState<Contact[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [editing, setEditing] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(
    async (signal?: AbortSignal) => {
      try {
        const [profile, history] = await Promise.all([
          api.getPerson({ params: { id: personId }, ...(signal ? { signal } : {}) }),
          api.listContacts({ params: { id: personId }, query: {}, ...(signal ? { signal } : {}) }),
        ]);
        setPerson(profile);
        setContacts(history.contacts);
        setCursor(history.nextCursor);
        setError(null);
      } catch (failure) {
        if (!signal?.aborted) setError(failure);
      }
    },
    [personId],
  );

  useEffect(() => {
    const controller = new AbortController();
    void load(controller.signal);
    return () => controller.abort();
  }, [load]);

  if (!access.canRead) return <MessagePage title={t('forbidden.title')} text={t('forbidden.text')} homeLabel={t('notFound.home')} />;
  if (error instanceof ApiError && (error.code === 'not_found' || error.code === 'validation_failed')) {
    return <MessagePage title={t('notFound.title')} text={t('notFound.text')} homeLabel={t('notFound.home')} />;
  }
  if (!person) {
    return error ? (
      <ErrorAlert error={error} />
    ) : (
      <Center py="xl">
        <Loader aria-label={t('app.loading')} />
      </Center>
    );
  }

  const loadMore = async () => {
    if (!cursor) return;
    try {
      const next = await api.listContacts({ params: { id: personId }, query: { cursor } });
      setContacts((list) => [...list, ...next.contacts]);
      setCursor(next.nextCursor);
    } catch (failure) {
      setError(failure);
    }
  };

  const save = async (values: ReturnType<typeof formValuesOf>) => {
    setSaving(true);
    setSaveError(null);
    try {
      setPerson(await api.updatePerson({ params: { id: person.id }, body: updateBody(formValuesOf(person), values) }));
      setEditing(false);
      setNotice(t('people.edit.saved'));
    } catch (failure) {
      setSaveError(failure);
    } finally {
      setSaving(false);
    }
  };

  const name = displayName(person, t('people.unnamed'));
  const customFields = Object.entries(person.customFields);

  return (
    <>
      <Anchor component={Link} to="/people" size="sm">
        <Group gap={4}>
          <IconArrowLeft size={14} aria-hidden />
          {t('people.back')}
        </Group>
      </Anchor>
      <PageHeader title={name}>
        <Group gap="xs">
          {person.supportLevel !== null && (
            <Badge color={SUPPORT_COLORS[person.supportLevel as SupportLevel]} variant="light">
              {supportLevelLabel(person.supportLevel as SupportLevel, locale)}
            </Badge>
          )}
          {person.isVolunteer && <Badge variant="outline">{t('people.fields.isVolunteer')}</Badge>}
          {person.doNotCall.active && <Badge color="red">{t('people.flags.doNotCall')}</Badge>}
        </Group>
      </PageHeader>
      <Stack>
        {notice && (
          <Alert color="teal" withCloseButton onClose={() => setNotice(null)} role="status">
            {notice}
          </Alert>
        )}
        <ErrorAlert error={error} />
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, md: 7 }}>
            <Stack>
              <Section
                title={t('people.sections.details')}
                action={
                  access.canWrite &&
                  !editing && (
                    <Button size="xs" variant="light" leftSection={<IconPencil size={14} aria-hidden />} onClick={() => setEditing(true)}>
                      {t('people.edit.edit')}
                    </Button>
                  )
                }
              >
                {editing ? (
                  <PersonForm
                    initial={formValuesOf(person)}
                    submitLabel={t('people.edit.save')}
                    error={saveError}
                    busy={saving}
                    onSubmit={(values) => void save(values)}
                    onCancel={() => {
                      setEditing(false);
                      setSaveError(null);
                    }}
                  />
                ) : (
                  <PersonDetails person={person} />
                )}
              </Section>
              {customFields.length > 0 && (
                <Section title={t('people.sections.custom')}>
                  <Table>
                    <Table.Tbody>
                      {customFields.map(([key, value]) => (
                        <Table.Tr key={key}>
                          <Table.Th w="40%">{key}</Table.Th>
                          <Table.Td>{value === null || value === undefined ? '' : String(value)}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Section>
              )}
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 5 }}>
            <Stack>
              <Section title={t('people.sections.tags')}>
                <PersonTags personId={person.id} tags={person.tags} canWrite={access.canWrite} onChange={(tags) => setPerson({ ...person, tags })} />
              </Section>
              <Section title={t('people.sections.history')}>
                <Stack>
                  {access.canWrite && (
                    <AddContactForm
                      personId={person.id}
                      onAdded={() => {
                        setNotice(t('people.history.added'));
                        // The contact may have set do-not-call and moved "last contacted": read both again.
                        void load();
                      }}
                    />
                  )}
                  <Text size="sm" c="dimmed">
                    {t('people.fields.lastContactedAt')} : {person.lastContactedAt ? format.dateTime(person.lastContactedAt) : t('people.fields.never')}
                  </Text>
                  <ContactTimeline contacts={contacts} hasMore={cursor !== null} onLoadMore={() => void loadMore()} />
                </Stack>
              </Section>
            </Stack>
          </Grid.Col>
        </Grid>
        {(access.canExport || access.canWrite) && (
          <Section title={t('people.sections.gdpr')}>
            <PersonGdpr person={person} canExport={access.canExport} canErase={access.canWrite} />
          </Section>
        )}
      </Stack>
    </>
  );
}

function Section({ title, action, children }: { title: string; action?: ReactNode; children: ReactNode }) {
  return (
    <Paper withBorder radius="md" p={{ base: 'md', sm: 'lg' }} component="section">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">
          {title}
        </Title>
        {action}
      </Group>
      {children}
    </Paper>
  );
}
