import { Alert, Button, Group, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconUserPlus } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { Link, useLocation } from 'react-router';
import type { RouteResponse } from '../../../shared/contracts/route.js';
import { SUPPORT_LEVELS, supportLevelLabel } from '../../../shared/people/support-level.js';
import type { RouteTable } from '../../../shared/routes.js';
import { api } from '../../api/api.js';
import { useT } from '../../i18n/use-t.js';
import { ErrorAlert } from '../../ui/ErrorAlert.js';
import { PeopleSearch } from '../lists/PeopleSearch.js';
import { useFormat } from '../../ui/format.js';
import { PageHeader } from '../../ui/PageHeader.js';
import { usePeopleAccess } from './people-access.js';

type Summary = RouteResponse<RouteTable['peopleSummary']>;

/** The people module's home: how many people by support level (all a viewer may see), and adding one. */
export function PeopleHomePage() {
  const { t, locale } = useT();
  const format = useFormat();
  const access = usePeopleAccess();
  const erased = (useLocation().state as { notice?: string } | null)?.notice === 'erased';
  const [summary, setSummary] = useState<Summary | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (!access.canCount) return;
    const controller = new AbortController();
    api.peopleSummary({ signal: controller.signal }).then(setSummary, (failure: unknown) => {
      if (!controller.signal.aborted) setError(failure);
    });
    return () => controller.abort();
  }, [access.canCount]);

  return (
    <>
      <PageHeader title={t('nav.people')}>
        {access.canWrite && (
          <Button component={Link} to="/people/new" leftSection={<IconUserPlus size={18} aria-hidden />}>
            {t('people.add')}
          </Button>
        )}
      </PageHeader>
      <Stack>
        {erased && (
          <Alert color="teal" role="status">
            {t('people.gdpr.erased')}
          </Alert>
        )}
        <ErrorAlert error={error} />
        {summary && (
          <Paper withBorder radius="md" p={{ base: 'md', sm: 'lg' }}>
            <Stack gap="sm">
              <Text fw={600} size="lg">
                {t('people.total', { count: summary.total })}
              </Text>
              <SimpleGrid cols={{ base: 2, sm: 3, md: 6 }}>
                {SUPPORT_LEVELS.map((level) => (
                  <Stat key={level} label={supportLevelLabel(level, locale)} value={format.number(summary.bySupportLevel[String(level) as '1'])} />
                ))}
                <Stat label={t('people.unknownSupport')} value={format.number(summary.bySupportLevel.unknown)} />
              </SimpleGrid>
              <Group gap="xl">
                <Stat label={t('people.volunteers')} value={format.number(summary.volunteers)} />
                <Stat label={t('people.flags.doNotCall')} value={format.number(summary.doNotCall)} />
              </Group>
            </Stack>
          </Paper>
        )}
        {access.canCount || access.canRead ? <PeopleSearch /> : <Text c="dimmed">{t('people.homeIntro')}</Text>}
      </Stack>
    </>
  );
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={600}>{value}</Text>
    </div>
  );
}
