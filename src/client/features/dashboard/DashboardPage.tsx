import { Paper, Stack, Text } from '@mantine/core';
import { useSession } from '../../app/session-context.js';
import { useT } from '../../i18n/use-t.js';
import { PageHeader } from '../../ui/PageHeader.js';

/** The home screen after signing in; the live counters come with the metrics module. */
export function DashboardPage() {
  const { t } = useT();
  const { session } = useSession();
  const name = session.user?.name || session.user?.email || '';

  return (
    <>
      <PageHeader title={t('nav.dashboard')} />
      <Paper withBorder radius="md" p={{ base: 'md', sm: 'xl' }}>
        <Stack gap="xs">
          <Text fw={600} size="lg">
            {t('dashboard.welcome', { name })}
          </Text>
          {session.organization ? (
            <>
              <Text>{t('dashboard.organization', { org: session.organization.name })}</Text>
              <Text c="dimmed">{t('dashboard.intro')}</Text>
            </>
          ) : (
            <Text>{t('dashboard.noOrganization')}</Text>
          )}
        </Stack>
      </Paper>
    </>
  );
}
