import { Box, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useParams } from 'react-router';
import type { MetricsDashboard } from '../../../shared/contracts/metrics.js';
import { useT } from '../../i18n/use-t.js';
import { useFormat } from '../../ui/format.js';
import { usePageTitle } from '../../ui/use-page-title.js';
import { useDashboardStream } from './use-dashboard-stream.js';

/**
 * The projector view of a calling site: full screen, white on black, the big numbers of the day
 * and the leaderboard, redrawn within a second of each call.
 */
export function RoomScreen() {
  const { campaignId = '' } = useParams();
  const { dashboard } = useDashboardStream(`/api/metrics/stream?campaignId=${encodeURIComponent(campaignId)}`);
  return <RoomView dashboard={dashboard} />;
}

export function RoomView({ dashboard }: { dashboard: MetricsDashboard | null }) {
  const { t } = useT();
  const f = useFormat();
  usePageTitle(dashboard?.campaign?.name ?? t('metrics.roomScreen'));
  const big = (label: string, value: number) => (
    <Stack gap={0} align="center" role="group" aria-label={label}>
      <Text c="#ffd43b" fw={800} style={{ fontSize: 'clamp(48px, 11vw, 160px)', lineHeight: 1 }}>
        {f.number(value)}
      </Text>
      <Text c="white" fw={600} ta="center" style={{ fontSize: 'clamp(18px, 2.5vw, 36px)' }}>
        {label}
      </Text>
    </Stack>
  );
  return (
    <Box bg="black" c="white" mih="100vh" p="xl" style={{ position: 'fixed', inset: 0, overflow: 'auto', zIndex: 1000 }}>
      <Title order={1} c="white" ta="center" mb="xl" style={{ fontSize: 'clamp(24px, 4vw, 56px)' }}>
        {dashboard?.campaign?.name ?? ''}
      </Title>
      {dashboard && (
        <Stack gap={48}>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
            {big(t('metrics.callsToday'), dashboard.live.callsToday)}
            {big(t('metrics.conversationsToday'), dashboard.live.conversationsToday)}
            {big(t('metrics.callsLastHour'), dashboard.live.callsLastHour)}
            {big(t('metrics.activeCallers'), dashboard.live.activeCallers)}
          </SimpleGrid>
          <Table c="white" fz="clamp(18px, 2.2vw, 32px)" maw={1000} mx="auto" w="100%">
            <Table.Tbody>
              {dashboard.charts.leaderboard.slice(0, 10).map((l) => (
                <Table.Tr key={l.rank}>
                  <Table.Td fw={700}>{l.rank}</Table.Td>
                  <Table.Td>{l.firstName ?? t('metrics.callerN', { rank: l.rank })}</Table.Td>
                  <Table.Td ta="right">
                    {f.number(l.calls)} {t('metrics.calls').toLowerCase()}
                  </Table.Td>
                  <Table.Td ta="right">
                    {f.number(l.conversations)} {t('metrics.conversations').toLowerCase()}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      )}
    </Box>
  );
}
