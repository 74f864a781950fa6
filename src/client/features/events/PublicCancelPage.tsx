import { Alert, Button, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { api } from '../../api/api.js';
import { useT } from '../../i18n/use-t.js';
import { ErrorAlert } from '../../ui/ErrorAlert.js';
import { usePageTitle } from '../../ui/use-page-title.js';
import { PublicLayout } from './PublicLayout.js';
import { useAction } from '../../ui/use-action.js';

/** The cancel link of a confirmation e-mail: one button frees the place (no account needed). */
export function PublicCancelPage() {
  const { t } = useT();
  const { orgSlug = '' } = useParams();
  const [search] = useSearchParams();
  const [done, setDone] = useState<string | null>(null);
  const { busy, error, run } = useAction();
  usePageTitle(t('events.public.cancelTitle'));
  const cancel = async () => {
    await run(async () => {
      const res = await api.publicCancelSignup({ params: { orgSlug }, body: { token: search.get('token') ?? '' } });
      setDone(res.eventTitle);
    });
  };
  return (
    <PublicLayout>
      <Stack>
        <Title order={1} size="h2">
          {t('events.public.cancelTitle')}
        </Title>
        <ErrorAlert error={error} />
        {done !== null ? (
          <Alert color="green">{t('events.public.cancelled', { title: done })}</Alert>
        ) : (
          <>
            <Text>{t('events.public.cancelText')}</Text>
            <Button color="red" loading={busy} onClick={() => void cancel()}>
              {t('events.public.cancelButton')}
            </Button>
          </>
        )}
      </Stack>
    </PublicLayout>
  );
}
