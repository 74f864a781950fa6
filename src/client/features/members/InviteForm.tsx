import { Alert, Button, CopyButton, Flex, NativeSelect, Paper, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconCheck, IconCopy, IconUserPlus } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import type { PermissionSet } from '../../../shared/contracts/auth.js';
import { api } from '../../api/api.js';
import { useT } from '../../i18n/use-t.js';
import { ErrorAlert } from '../../ui/ErrorAlert.js';
import { fieldError } from '../../ui/field-error.js';
import { useFormat } from '../../ui/format.js';
import { permissionSetLabel } from './permission-set-label.js';
import { useAction } from '../../ui/use-action.js';

interface Invitation {
  name: string;
  url: string;
  expiresAt: string;
}

/** Invites a volunteer: Relais makes a single-use sign-in link for the organizer to send. */
export function InviteForm({ permissionSets, onInvited }: { permissionSets: PermissionSet[]; onInvited: () => void }) {
  const { t } = useT();
  const format = useFormat();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [permissionSet, setPermissionSet] = useState('caller');
  const { busy, error, run } = useAction();
  const [invitation, setInvitation] = useState<Invitation | null>(null);

  const options = permissionSets.map((set) => ({ value: set.key ?? set.id, label: permissionSetLabel(t, set) }));
  // Callers by default; the first set offered if this organization has no such set.
  const chosenSet = options.some((option) => option.value === permissionSet) ? permissionSet : (options[0]?.value ?? permissionSet);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await run(async () => {
      const result = await api.invite({ body: { name, email, permissionSet: chosenSet } });
      setInvitation({ name, url: new URL(result.url, window.location.origin).href, expiresAt: result.expiresAt });
      setName('');
      setEmail('');
      onInvited();
    });
  };

  return (
    <Paper withBorder radius="md" p={{ base: 'md', sm: 'lg' }} component="section" aria-labelledby="invite-title">
      <form onSubmit={(event) => void submit(event)} noValidate>
        <Stack>
          <div>
            <Title order={2} size="h3" id="invite-title">
              {t('members.inviteTitle')}
            </Title>
            <Text size="sm" c="dimmed">
              {t('members.inviteIntro')}
            </Text>
          </div>
          <ErrorAlert error={error} shownFields={['name', 'email', 'permissionSet']} />
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput
              label={t('members.inviteName')}
              required
              withAsterisk={false}
              autoComplete="off"
              value={name}
              onChange={(event) => setName(event.currentTarget.value)}
              error={fieldError(error, 'name')}
            />
            <TextInput
              label={t('members.inviteEmail')}
              type="email"
              inputMode="email"
              autoComplete="off"
              required
              withAsterisk={false}
              value={email}
              onChange={(event) => setEmail(event.currentTarget.value)}
              error={fieldError(error, 'email')}
            />
            <NativeSelect
              label={t('members.invitePermissionSet')}
              value={chosenSet}
              onChange={(event) => setPermissionSet(event.currentTarget.value)}
              error={fieldError(error, 'permissionSet')}
              data={options}
            />
          </SimpleGrid>
          <Button type="submit" loading={busy} leftSection={<IconUserPlus size={18} aria-hidden />} style={{ alignSelf: 'flex-start' }}>
            {t('members.inviteSubmit')}
          </Button>
          {invitation && (
            <Alert color="green" title={t('members.inviteDone', { name: invitation.name })} role="status">
              <Stack gap="xs">
                <Flex gap="xs" direction={{ base: 'column', xs: 'row' }} align={{ base: 'stretch', xs: 'flex-end' }}>
                  <TextInput
                    label={t('members.inviteLink')}
                    value={invitation.url}
                    readOnly
                    style={{ flex: 1, minWidth: 0 }}
                    onFocus={(event) => event.currentTarget.select()}
                  />
                  <CopyButton value={invitation.url}>
                    {({ copied, copy }) => (
                      <Button
                        variant={copied ? 'filled' : 'light'}
                        color={copied ? 'teal' : 'blue'}
                        onClick={copy}
                        leftSection={copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}
                      >
                        {copied ? t('members.copied') : t('members.copy')}
                      </Button>
                    )}
                  </CopyButton>
                </Flex>
                <Text size="sm">{t('members.inviteExpires', { date: format.dateTime(invitation.expiresAt) })}</Text>
              </Stack>
            </Alert>
          )}
        </Stack>
      </form>
    </Paper>
  );
}
