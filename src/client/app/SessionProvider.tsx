import { Alert, Button, Center, Loader, Stack } from '@mantine/core';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { SessionInfo } from '../../shared/contracts/auth.js';
import type { Locale } from '../../shared/i18n/locales.js';
import { api, onApiError } from '../api/api.js';
import { ApiError } from '../api/api-error.js';
import { applyLocale } from '../i18n/i18n.js';
import { useT } from '../i18n/use-t.js';
import { SessionContext, type SessionContextValue } from './session-context.js';

/** Loads who is signed in, keeps it current and shares it with every screen. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const { t } = useT();
  const [session, setSession] = useState<SessionInfo | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  // A language picked on the sign-in page is kept once signed in.
  const chosenWhileSignedOut = useRef<Locale | null>(null);

  const acceptSession = useCallback(async (next: SessionInfo) => {
    let current = next;
    const chosen = chosenWhileSignedOut.current;
    if (current.user && chosen) {
      chosenWhileSignedOut.current = null;
      if (chosen !== current.locale) current = await api.setLocale({ body: { locale: chosen } }).catch(() => current);
    }
    if (current.user) await applyLocale(current.locale);
    setSession(current);
  }, []);

  const refresh = useCallback(async () => {
    try {
      const next = await api.session();
      setLoadError(null);
      await acceptSession(next);
    } catch (error) {
      setLoadError(error instanceof ApiError ? error.message : String(error));
    }
  }, [acceptSession]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const signedIn = Boolean(session?.user);
  useEffect(
    () =>
      onApiError((error) => {
        if (error.code === 'unauthenticated' && signedIn) void refresh();
      }),
    [signedIn, refresh],
  );

  const changeLocale = useCallback(
    async (locale: Locale) => {
      await applyLocale(locale);
      if (!session?.user) {
        chosenWhileSignedOut.current = locale;
        return;
      }
      setSession(await api.setLocale({ body: { locale } }));
    },
    [session],
  );

  const signOut = useCallback(async () => {
    try {
      await api.logout();
    } finally {
      await refresh();
    }
  }, [refresh]);

  const value = useMemo<SessionContextValue | null>(
    () => (session ? { session, acceptSession, refresh, changeLocale, signOut } : null),
    [session, acceptSession, refresh, changeLocale, signOut],
  );

  if (!value) {
    return (
      <Center mih="100vh" p="md">
        {loadError ? (
          <Stack align="center" maw={420}>
            <Alert color="red" w="100%">
              {loadError}
            </Alert>
            <Button onClick={() => void refresh()}>{t('app.retry')}</Button>
          </Stack>
        ) : (
          <Loader aria-label={t('app.loading')} />
        )}
      </Center>
    );
  }
  return <SessionContext value={value}>{children}</SessionContext>;
}
