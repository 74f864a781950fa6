import { Card, SimpleGrid, Text } from '@mantine/core';
import { useT } from '../../i18n/use-t.js';
import { useFormat } from '../../ui/format.js';
import { useDashboardStream } from '../metrics/use-dashboard-stream.js';

/**
 * The event's live numbers on its sign-up page, for the host or organizer running it: calls and
 * conversations by its callers, and volunteers checked in, moving as calls are saved.
 */
export function EventLiveNumbers({ streamUrl }: { streamUrl: string }) {
  const { t } = useT();
  const f = useFormat();
  const { dashboard } = useDashboardStream(streamUrl);
  if (!dashboard) return null;
  const row = dashboard.charts.events[0];
  const stats = [
    { label: t('metrics.calls'), value: dashboard.summary.calls },
    { label: t('metrics.conversations'), value: dashboard.summary.conversations },
    { label: t('metrics.activeCallers'), value: dashboard.live.activeCallers },
    { label: t('metrics.checkedIn'), value: row?.checkedIn ?? 0 },
  ];
  return (
    <SimpleGrid cols={{ base: 2, sm: 4 }} my="md" aria-label={t('events.liveNumbers')}>
      {stats.map((s) => (
        <Card key={s.label} withBorder padding="sm" role="group" aria-label={s.label}>
          <Text size="xs" c="dimmed">
            {s.label}
          </Text>
          <Text fz={24} fw={700}>
            {f.number(s.value)}
          </Text>
        </Card>
      ))}
    </SimpleGrid>
  );
}
