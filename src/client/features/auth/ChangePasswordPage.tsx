import { Alert, Button, Paper, Stack } from '@mantine/core';
import { IconCheck } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/api.js';
import { useT } from '../../i18n/use-t.js';
import { ErrorAlert } from '../../ui/ErrorAlert.js';
import { fieldError } from '../../ui/field-error.js';
import { SecretInput } from '../../ui/SecretInput.js';
import { PageHeader } from '../../ui/PageHeader.js';
import { useAction } from '../../ui/use-action.js';

/** Change one's password; the server signs out the other sessions. */
export function ChangePasswordPage() {
  const { t } = useT();
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const [done, setDone] = useState(false);
  const { busy, error, setError, run } = useAction();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    setError(null);
    const differs = newPassword !== confirm;
    setMismatch(differs);
    if (differs) return;
    await run(async () => {
      await api.changePassword({ body: { currentPassword, newPassword } });
      setDone(true);
      setCurrentPassword('');
      setNewPassword('');
      setConfirm('');
    });
  };

  return (
    <>
      <PageHeader title={t('password.title')} />
      <Paper withBorder radius="md" p={{ base: 'md', sm: 'xl' }} maw={480}>
        <form onSubmit={(event) => void submit(event)} noValidate>
          <Stack>
            {done && (
              <Alert color="green" icon={<IconCheck aria-hidden />} role="status">
                {t('password.success')}
              </Alert>
            )}
            <ErrorAlert error={error} shownFields={['currentPassword', 'newPassword']} />
            <SecretInput
              label={t('password.current')}
              autoComplete="current-password"
              required
              withAsterisk={false}
              value={currentPassword}
              onChange={(event) => setCurrentPassword(event.currentTarget.value)}
              error={fieldError(error, 'currentPassword')}
            />
            <SecretInput
              label={t('password.new')}
              description={t('password.newHint')}
              autoComplete="new-password"
              required
              withAsterisk={false}
              value={newPassword}
              onChange={(event) => setNewPassword(event.currentTarget.value)}
              error={fieldError(error, 'newPassword')}
            />
            <SecretInput
              label={t('password.confirm')}
              autoComplete="new-password"
              required
              withAsterisk={false}
              value={confirm}
              onChange={(event) => setConfirm(event.currentTarget.value)}
              error={mismatch ? t('password.mismatch') : undefined}
            />
            <Button type="submit" loading={busy} style={{ alignSelf: 'flex-start' }}>
              {t('password.submit')}
            </Button>
          </Stack>
        </form>
      </Paper>
    </>
  );
}
