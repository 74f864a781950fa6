import { Button, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { api } from '../../api/api.js';
import { useSession } from '../../app/session-context.js';
import { useT } from '../../i18n/use-t.js';
import { ErrorAlert } from '../../ui/ErrorAlert.js';
import { fieldError } from '../../ui/field-error.js';
import { SecretInput } from '../../ui/SecretInput.js';
import { usePageTitle } from '../../ui/use-page-title.js';
import { AuthLayout } from './AuthLayout.js';
import { safeNextPath } from './safe-next-path.js';
import { useAction } from '../../ui/use-action.js';

/** Sign in with e-mail and password; errors in the server's words, under the field at fault. */
export function LoginPage() {
  const { t } = useT();
  const { session, acceptSession } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNextPath(params.get('next'));
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, run } = useAction();
  usePageTitle(t('login.title'));

  if (session.user && !busy) return <Navigate to={next} replace />;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await run(async () => {
      await acceptSession(await api.login({ body: { email, password } }));
      await navigate(next, { replace: true });
    });
  };

  return (
    <AuthLayout>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <Stack>
          <div>
            <Title order={1} size="h2">
              {t('login.title')}
            </Title>
            <Text c="dimmed" size="sm" mt={4}>
              {t('login.intro')}
            </Text>
          </div>
          <ErrorAlert error={error} shownFields={['email', 'password']} />
          <TextInput
            label={t('login.email')}
            type="email"
            autoComplete="username"
            inputMode="email"
            required
            withAsterisk={false}
            value={email}
            onChange={(event) => setEmail(event.currentTarget.value)}
            error={fieldError(error, 'email')}
          />
          <SecretInput
            label={t('login.password')}
            autoComplete="current-password"
            required
            withAsterisk={false}
            value={password}
            onChange={(event) => setPassword(event.currentTarget.value)}
            error={fieldError(error, 'password')}
          />
          <Button type="submit" loading={busy} fullWidth>
            {t('login.submit')}
          </Button>
          <Text size="xs" c="dimmed">
            {t('login.magicHint')}
          </Text>
        </Stack>
      </form>
    </AuthLayout>
  );
}
