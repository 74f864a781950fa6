import { Anchor, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Bar, BarChart, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { CALL_OUTCOMES } from '../../../shared/contracts/callbank.js';
import type { MetricsChartName, MetricsDashboard } from '../../../shared/contracts/metrics.js';
import { useT } from '../../i18n/use-t.js';
import { useFormat } from '../../ui/format.js';

// One colour per outcome, the same in every chart.
const OUTCOME_COLORS: Record<(typeof CALL_OUTCOMES)[number], string> = {
  talked: '#2b8a3e',
  callback: '#1971c2',
  refused: '#e03131',
  do_not_call: '#862e9c',
  wrong_number: '#f08c00',
  busy: '#868e96',
  voicemail: '#adb5bd',
  no_answer: '#dee2e6',
};

/**
 * Every number and chart of a dashboard; `exportUrl` adds a CSV link to each chart, `eventLink`
 * a link from each event's totals to that event's own dashboard.
 */
export function DashboardView({
  dashboard,
  exportUrl,
  eventLink,
}: {
  dashboard: MetricsDashboard;
  exportUrl?: (chart: MetricsChartName) => string;
  eventLink?: (eventId: string) => string;
}) {
  const { t } = useT();
  const f = useFormat();
  const percent = (value: number) => `${Math.round(value * 1000) / 10} %`;
  const s = dashboard.summary;
  const csv = (chart: MetricsChartName) =>
    exportUrl ? (
      <Anchor href={exportUrl(chart)} size="sm" download>
        {t('metrics.exportCsv')}
      </Anchor>
    ) : null;
  const levelName = (level: number) => (level === 0 ? t('metrics.unknownLevel') : String(level));
  return (
    <Stack gap="lg">
      <SimpleGrid cols={{ base: 2, sm: 4 }}>
        <Stat label={t('metrics.calls')} value={f.number(s.calls)} />
        <Stat label={t('metrics.conversations')} value={f.number(s.conversations)} />
        <Stat label={t('metrics.contactRate')} value={percent(s.contactRate)} />
        <Stat label={t('metrics.activeCallers')} value={f.number(dashboard.live.activeCallers)} />
        <Stat label={t('metrics.callsLastHour')} value={f.number(dashboard.live.callsLastHour)} />
        <Stat label={t('metrics.callsToday')} value={f.number(dashboard.live.callsToday)} />
        <Stat label={t('metrics.proxyRequestsRecruited')} value={f.number(s.proxiesRecruited.requests)} />
        <Stat label={t('metrics.proxyOffersRecruited')} value={f.number(s.proxiesRecruited.offers)} />
      </SimpleGrid>
      {s.calls === 0 && <Text c="dimmed">{t('metrics.empty')}</Text>}

      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <ChartCard title={t('metrics.byHour')} action={csv('by-hour')}>
          <ResponsiveContainer width="100%" height={260}>
            <ComposedChart data={dashboard.charts.byHourOfDay.map((b) => ({ ...b, label: `${b.hour} h`, rate: Math.round(b.answerRate * 100) }))}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="label" />
              <YAxis yAxisId="calls" />
              <YAxis yAxisId="rate" orientation="right" unit="%" domain={[0, 100]} />
              <Tooltip />
              <Legend />
              <Bar isAnimationActive={false} yAxisId="calls" dataKey="calls" name={t('metrics.calls')} fill="#1c7ed6" />
              <Line isAnimationActive={false} yAxisId="rate" dataKey="rate" name={t('metrics.answerRate')} stroke="#2b8a3e" dot={false} />
            </ComposedChart>
          </ResponsiveContainer>
        </ChartCard>
        <ChartCard title={t('metrics.byWeekday')} action={csv('by-weekday')}>
          <ResponsiveContainer width="100%" height={260}>
            <ComposedChart
              data={dashboard.charts.byWeekday.map((b) => ({ ...b, label: t(`metrics.weekdays.${b.weekday}` as 'metrics.weekdays.1'), rate: Math.round(b.answerRate * 100) }))}
            >
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="label" />
              <YAxis yAxisId="calls" />
              <YAxis yAxisId="rate" orientation="right" unit="%" domain={[0, 100]} />
              <Tooltip />
              <Legend />
              <Bar isAnimationActive={false} yAxisId="calls" dataKey="calls" name={t('metrics.calls')} fill="#1c7ed6" />
              <Line isAnimationActive={false} yAxisId="rate" dataKey="rate" name={t('metrics.answerRate')} stroke="#2b8a3e" dot={false} />
            </ComposedChart>
          </ResponsiveContainer>
        </ChartCard>
      </SimpleGrid>

      <ChartCard title={t('metrics.overTime')} action={csv('over-time')}>
        <ResponsiveContainer width="100%" height={280}>
          <BarChart data={dashboard.charts.overTime.map((d) => ({ day: f.date(`${d.day}T12:00:00`), ...d.outcomes }))}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="day" />
            <YAxis />
            <Tooltip />
            <Legend />
            {CALL_OUTCOMES.map((o) => (
              <Bar isAnimationActive={false} key={o} dataKey={o} stackId="outcomes" name={t(`metrics.outcomes.${o}`)} fill={OUTCOME_COLORS[o]} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </ChartCard>

      {dashboard.charts.funnel.map((script) => (
        <ChartCard key={script.scriptVersionId} title={`${t('metrics.funnel')} — ${script.name} (v${script.version})`} action={csv('funnel')}>
          <Text size="sm" c="dimmed" mb="sm">
            {t('metrics.funnelHelp')}
          </Text>
          <ResponsiveContainer width="100%" height={Math.max(160, script.sections.length * 36)}>
            <BarChart layout="vertical" data={script.sections.map((sec) => ({ name: sec.title, reached: sec.reached, endedHere: sec.endedHere }))}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis type="number" />
              <YAxis type="category" dataKey="name" width={160} interval={0} />
              <Tooltip />
              <Legend />
              <Bar isAnimationActive={false} dataKey="reached" name={t('metrics.reached')} fill="#1c7ed6" />
              <Bar isAnimationActive={false} dataKey="endedHere" name={t('metrics.endedHere')} fill="#f08c00" />
            </BarChart>
          </ResponsiveContainer>
          <Group justify="space-between" mt="md">
            <Title order={3} size="h5">
              {t('metrics.answers')}
            </Title>
            {csv('answers')}
          </Group>
          <Table striped>
            <Table.Tbody>
              {script.sections.flatMap((sec) =>
                sec.questions.map((q) => (
                  <Table.Tr key={q.id}>
                    <Table.Td>{q.label}</Table.Td>
                    <Table.Td>
                      {q.kind === 'text'
                        ? `${t('metrics.answered')} : ${f.number(q.answered)}`
                        : q.choices.map((c) => `${c.label} : ${f.number(c.answers)}${q.answered ? ` (${percent(c.answers / q.answered)})` : ''}`).join(' · ')}
                    </Table.Td>
                  </Table.Tr>
                )),
              )}
            </Table.Tbody>
          </Table>
        </ChartCard>
      ))}

      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <ChartCard title={t('metrics.leaderboard')} action={csv('leaderboard')}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('metrics.rank')}</Table.Th>
                <Table.Th>{t('metrics.caller')}</Table.Th>
                <Table.Th>{t('metrics.calls')}</Table.Th>
                <Table.Th>{t('metrics.conversations')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {dashboard.charts.leaderboard.map((l) => (
                <Table.Tr key={l.rank}>
                  <Table.Td>{l.rank}</Table.Td>
                  <Table.Td>{l.firstName ?? t('metrics.callerN', { rank: l.rank })}</Table.Td>
                  <Table.Td>{f.number(l.calls)}</Table.Td>
                  <Table.Td>{f.number(l.conversations)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ChartCard>
        <ChartCard title={t('metrics.support')} action={csv('support')}>
          <ResponsiveContainer width="100%" height={220}>
            <BarChart data={s.reachedBySupportLevel.map((r) => ({ level: levelName(r.level), conversations: r.conversations }))}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="level" />
              <YAxis />
              <Tooltip />
              <Bar isAnimationActive={false} dataKey="conversations" name={t('metrics.conversations')} fill="#2b8a3e" />
            </BarChart>
          </ResponsiveContainer>
          {s.supportChanges.length > 0 && (
            <>
              <Title order={3} size="h5" mt="md">
                {t('metrics.supportChanges')}
              </Title>
              <Text size="sm">{s.supportChanges.map((c) => `${levelName(c.from)} → ${levelName(c.to)} : ${f.number(c.calls)}`).join(' · ')}</Text>
            </>
          )}
        </ChartCard>
      </SimpleGrid>

      {dashboard.charts.events.length > 0 && (
        <ChartCard title={dashboard.event ? t('metrics.eventTotals') : t('metrics.perEvent')} action={csv('events')}>
          {!dashboard.event && (
            <ResponsiveContainer width="100%" height={240}>
              <BarChart data={[...dashboard.charts.events].reverse().map((e) => ({ name: `${f.date(e.startsAt)} · ${e.title}`, calls: e.calls, conversations: e.conversations, checkedIn: e.checkedIn }))}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="name" />
                <YAxis />
                <Tooltip />
                <Legend />
                <Bar isAnimationActive={false} dataKey="calls" name={t('metrics.calls')} fill="#1c7ed6" />
                <Bar isAnimationActive={false} dataKey="conversations" name={t('metrics.conversations')} fill="#2b8a3e" />
                <Bar isAnimationActive={false} dataKey="checkedIn" name={t('metrics.checkedIn')} fill="#f08c00" />
              </BarChart>
            </ResponsiveContainer>
          )}
          <Table striped aria-label={t('metrics.perEvent')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('metrics.event')}</Table.Th>
                <Table.Th>{t('metrics.eventStart')}</Table.Th>
                <Table.Th>{t('metrics.calls')}</Table.Th>
                <Table.Th>{t('metrics.conversations')}</Table.Th>
                <Table.Th>{t('metrics.contactRate')}</Table.Th>
                <Table.Th>{t('metrics.signedUp')}</Table.Th>
                <Table.Th>{t('metrics.checkedIn')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {dashboard.charts.events.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td>{eventLink ? <Anchor component={Link} to={eventLink(e.id)}>{e.title}</Anchor> : e.title}</Table.Td>
                  <Table.Td>{f.dateTime(e.startsAt)}</Table.Td>
                  <Table.Td>{f.number(e.calls)}</Table.Td>
                  <Table.Td>{f.number(e.conversations)}</Table.Td>
                  <Table.Td>{percent(e.contactRate)}</Table.Td>
                  <Table.Td>{f.number(e.signedUp)}</Table.Td>
                  <Table.Td>{f.number(e.checkedIn)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {!dashboard.event && (
            <Text size="sm" c="dimmed" mt="sm">
              {t('metrics.perEventHelp')}
            </Text>
          )}
        </ChartCard>
      )}
    </Stack>
  );
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <Card withBorder padding="md" role="group" aria-label={label}>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text fz={28} fw={700}>
        {value}
      </Text>
    </Card>
  );
}

function ChartCard({ title, action, children }: { title: string; action?: ReactNode; children: ReactNode }) {
  return (
    <Card withBorder padding="md">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">
          {title}
        </Title>
        {action}
      </Group>
      {children}
    </Card>
  );
}
