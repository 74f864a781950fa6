import { Badge, Container, Group, Stack, Text, Title } from '@mantine/core';
import { useParams } from 'react-router';
import { useT } from '../../i18n/use-t.js';
import { usePageTitle } from '../../ui/use-page-title.js';
import { DashboardView } from './DashboardView.js';
import { useDashboardStream } from './use-dashboard-stream.js';

/** A campaign's dashboard opened from a shared link, without an account; live like the organizers'. */
export function SharedDashboardPage() {
  const { t } = useT();
  const { token = '' } = useParams();
  const { dashboard, connected, failed } = useDashboardStream(`/api/shared/metrics/${encodeURIComponent(token)}/stream`);
  usePageTitle(dashboard?.campaign?.name ?? t('metrics.sharedTitle'));
  return (
    <Container size="xl" py="lg">
      <Stack gap="lg">
        <Group justify="space-between">
          <Title order={1} size="h2">
            {dashboard?.campaign?.name ?? t('metrics.sharedTitle')}
          </Title>
          {dashboard && (
            <Badge color={connected ? 'green' : 'gray'} variant="light">
              {connected ? t('metrics.live') : t('metrics.offline')}
            </Badge>
          )}
        </Group>
        {failed && !dashboard && <Text>{t('metrics.sharedNotFound')}</Text>}
        {dashboard && <DashboardView dashboard={dashboard} />}
      </Stack>
    </Container>
  );
}
