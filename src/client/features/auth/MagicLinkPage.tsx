import { Alert, Button, Center, Loader, Stack, Text, Title } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../../api/api.js';
import { ApiError } from '../../api/api-error.js';
import { useSession } from '../../app/session-context.js';
import { useT } from '../../i18n/use-t.js';
import { usePageTitle } from '../../ui/use-page-title.js';
import { AuthLayout } from './AuthLayout.js';
import { safeNextPath } from './safe-next-path.js';

/** The landing of an invitation link: signs the volunteer in, then opens where the link points. */
export function MagicLinkPage() {
  const { t } = useT();
  const { token = '' } = useParams();
  const { acceptSession } = useSession();
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>(null);
  // The link is single-use: React's double effects in development must not spend it twice.
  const sent = useRef<string | null>(null);
  usePageTitle(t('magic.signingIn'));

  useEffect(() => {
    if (sent.current === token) return;
    sent.current = token;
    api
      .consumeMagicLink({ body: { token } })
      .then(async (session) => {
        await acceptSession(session);
        await navigate(safeNextPath(session.redirectPath), { replace: true });
      })
      .catch((failure: unknown) => setError(failure));
  }, [token, acceptSession, navigate]);

  if (!error) {
    return (
      <AuthLayout>
        <Center py="xl">
          <Stack align="center">
            <Loader aria-hidden />
            <Text role="status">{t('magic.signingIn')}</Text>
          </Stack>
        </Center>
      </AuthLayout>
    );
  }

  const invalid = error instanceof ApiError && (error.code === 'link_invalid' || error.code === 'validation_failed');
  return (
    <AuthLayout>
      <Stack>
        <Title order={1} size="h2">
          {invalid ? t('magic.invalidTitle') : t('magic.failedTitle')}
        </Title>
        <Alert color={invalid ? 'orange' : 'red'} icon={<IconAlertCircle aria-hidden />} role="alert">
          {invalid ? t('magic.invalidText') : error instanceof Error ? error.message : String(error)}
        </Alert>
        <Button component={Link} to="/login" variant="light">
          {t('magic.toLogin')}
        </Button>
      </Stack>
    </AuthLayout>
  );
}
