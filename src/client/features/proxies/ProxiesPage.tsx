import { Alert, Badge, Button, Card, Group, Loader, SimpleGrid, Stack, Table, Tabs, Text, Title } from '@mantine/core';
import { IconBell, IconCopy, IconPhone, IconWand } from '@tabler/icons-react';
import { useCallback, useEffect, useState } from 'react';
import type { ProxyBoard, ProxyMatch, ProxyMatchStatus } from '../../../shared/contracts/proxies.js';
import { PROXY_FOLLOW_UP } from '../../../shared/contracts/proxies.js';
import { api } from '../../api/api.js';
import { useT, type Translate } from '../../i18n/use-t.js';
import { ErrorAlert } from '../../ui/ErrorAlert.js';
import { PageHeader } from '../../ui/PageHeader.js';
import { RoundsPanel } from './RoundsPanel.js';

type StatusKey = Parameters<Translate>[0] & `proxies.statuses.${string}`;
const statusLabel = (t: Translate, status: string) => t(`proxies.statuses.${status}` as StatusKey);

/** Organizers' proxies screen: counts per status and station, proposals to review, follow-up. */
export function ProxiesPage() {
  const { t } = useT();
  const [board, setBoard] = useState<ProxyBoard | null>(null);
  const [proposed, setProposed] = useState<ProxyMatch[]>([]);
  const [following, setFollowing] = useState<ProxyMatch[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [roundNames, setRoundNames] = useState<ReadonlyMap<string, string> | null>(null);
  const [tab, setTab] = useState<string | null>('proposals');

  const reload = useCallback(async () => {
    try {
      const [b, p, f, r] = await Promise.all([
        api.proxyBoard(),
        api.listProxyMatches({ query: { status: 'proposed', limit: 200 } }),
        api.listProxyMatches({ query: { limit: 200 } }),
        api.listProxyRounds(),
      ]);
      setBoard(b);
      setRoundNames(new Map(r.rounds.map((round) => [round.date, round.label])));
      setProposed(p.matches);
      setFollowing(f.matches.filter((m) => m.status !== 'proposed' && m.status !== 'rejected' && m.status !== 'cancelled'));
    } catch (failure) {
      setError(failure);
    }
  }, []);
  useEffect(() => {
    void reload();
  }, [reload]);

  const act = async (key: string, work: () => Promise<unknown>) => {
    setBusy(key);
    setError(null);
    try {
      await work();
      await reload();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(null);
    }
  };

  const runMatching = () =>
    act('run', async () => {
      const res = await api.runProxyMatching({ body: {} });
      setNotice(res.inline ? t('proxies.matchingDone', { count: res.proposed ?? 0 }) : t('proxies.matchingQueued'));
    });

  const remind = (kind: 'establish' | 'round') =>
    act(`remind-${kind}`, async () => {
      const res = await api.sendProxyReminders({ body: { kind, withinDays: kind === 'establish' ? 7 : 2 } });
      await navigator.clipboard?.writeText(res.withoutEmail.join('\n')).catch(() => {});
      setNotice(t('proxies.remindersQueued', { queued: res.queued, missing: res.withoutEmail.length }));
    });

  const copyCallList = (status: ProxyMatchStatus | 'unmatched' | 'not_emailed') =>
    act(`call-${status}`, async () => {
      const { personIds } = await api.proxyCallList({ query: { status, side: 'both' } });
      await navigator.clipboard?.writeText(personIds.join('\n')).catch(() => {});
      setNotice(t('proxies.callListCopied', { count: personIds.length }));
    });

  if (!board && !error) return <Loader aria-label={t('app.loading')} />;
  return (
    <>
      <PageHeader title={t('nav.proxies')}>
        <Group gap="xs">
          <Button leftSection={<IconWand size={16} aria-hidden />} loading={busy === 'run'} onClick={() => void runMatching()}>
            {t('proxies.runMatching')}
          </Button>
          <Button variant="default" leftSection={<IconBell size={16} aria-hidden />} loading={busy === 'remind-establish'} onClick={() => void remind('establish')}>
            {t('proxies.remindGivers')}
          </Button>
          <Button variant="default" leftSection={<IconBell size={16} aria-hidden />} loading={busy === 'remind-round'} onClick={() => void remind('round')}>
            {t('proxies.remindHolders')}
          </Button>
          <Button variant="default" leftSection={<IconPhone size={16} aria-hidden />} loading={busy === 'call-unmatched'} onClick={() => void copyCallList('unmatched')}>
            {t('proxies.callUnmatched')}
          </Button>
          <Button variant="default" leftSection={<IconPhone size={16} aria-hidden />} loading={busy === 'call-not_emailed'} onClick={() => void copyCallList('not_emailed')}>
            {t('proxies.callNotEmailed')}
          </Button>
        </Group>
      </PageHeader>
      <Stack gap="lg">
        <ErrorAlert error={error} />
        {roundNames?.size === 0 && (
          <Alert color="orange" title={t('proxies.noRoundsTitle')}>
            <Group justify="space-between" gap="xs">
              <Text size="sm">{t('proxies.noRoundsText')}</Text>
              <Button size="xs" variant="light" color="orange" onClick={() => setTab('rounds')}>
                {t('proxies.roundsTab')}
              </Button>
            </Group>
          </Alert>
        )}
        {notice && <Text c="teal">{notice}</Text>}
        {board && (
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <Counts title={t('proxies.requests')} counts={board.requests} t={t} />
            <Counts title={t('proxies.offers')} counts={board.offers} t={t} />
            <Counts title={t('proxies.matches')} counts={board.matches} t={t} onCallList={(s) => void copyCallList(s as ProxyMatchStatus)} />
          </SimpleGrid>
        )}
        <Tabs value={tab} onChange={setTab}>
          <Tabs.List>
            <Tabs.Tab value="proposals">
              {t('proxies.proposals')} ({proposed.length})
            </Tabs.Tab>
            <Tabs.Tab value="follow-up">{t('proxies.followUp')}</Tabs.Tab>
            <Tabs.Tab value="stations">{t('proxies.byStation')}</Tabs.Tab>
            <Tabs.Tab value="rounds">{t('proxies.roundsTab')}</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="proposals" pt="md">
            <MatchTable
              matches={proposed}
              roundNames={roundNames ?? new Map()}
              t={t}
              actions={(m) => (
                <Group gap="xs" wrap="nowrap">
                  <Button size="xs" loading={busy === `accept-${m.id}`} onClick={() => void act(`accept-${m.id}`, () => api.acceptProxyMatch({ params: { matchId: m.id }, body: {} }))}>
                    {t('proxies.accept')}
                  </Button>
                  <Button size="xs" variant="default" loading={busy === `reject-${m.id}`} onClick={() => void act(`reject-${m.id}`, () => api.rejectProxyMatch({ params: { matchId: m.id }, body: {} }))}>
                    {t('proxies.reject')}
                  </Button>
                </Group>
              )}
            />
          </Tabs.Panel>
          <Tabs.Panel value="follow-up" pt="md">
            <MatchTable
              matches={following}
              roundNames={roundNames ?? new Map()}
              t={t}
              actions={(m) => {
                const next = PROXY_FOLLOW_UP[(['accepted', ...PROXY_FOLLOW_UP] as string[]).indexOf(m.status)];
                return next ? (
                  <Button size="xs" variant="light" loading={busy === `next-${m.id}`} onClick={() => void act(`next-${m.id}`, () => api.setProxyMatchStatus({ params: { matchId: m.id }, body: { status: next } }))}>
                    {t('proxies.advance')} : {statusLabel(t, next)}
                  </Button>
                ) : null;
              }}
            />
          </Tabs.Panel>
          <Tabs.Panel value="stations" pt="md">
            {board && board.byPollingStation.length === 0 ? (
              <Text c="dimmed">{t('proxies.empty')}</Text>
            ) : (
              <Table.ScrollContainer minWidth={420}>
                <Table striped>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('proxies.station')}</Table.Th>
                      <Table.Th>{t('proxies.matches')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {board?.byPollingStation.map((row) => (
                      <Table.Tr key={row.code}>
                        <Table.Td>{row.code || t('proxies.noStation')}</Table.Td>
                        <Table.Td>
                          <Group gap={4}>
                            {Object.entries(row.counts).map(([status, n]) => (
                              <Badge key={status} variant="light" color={status === 'unmatched' ? 'red' : 'blue'}>
                                {statusLabel(t, status)} : {n}
                              </Badge>
                            ))}
                          </Group>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
          </Tabs.Panel>
          <Tabs.Panel value="rounds" pt="md">
            <RoundsPanel onChange={() => void reload()} />
          </Tabs.Panel>
        </Tabs>
      </Stack>
    </>
  );
}

function Counts({ title, counts, t, onCallList }: { title: string; counts: Record<string, number>; t: Translate; onCallList?: (status: string) => void }) {
  const entries = Object.entries(counts);
  return (
    <Card withBorder radius="md">
      <Title order={3} size="h5" mb="xs">
        {title}
      </Title>
      {entries.length === 0 ? (
        <Text c="dimmed">{t('proxies.empty')}</Text>
      ) : (
        <Stack gap={4}>
          {entries.map(([status, n]) => (
            <Group key={status} justify="space-between" wrap="nowrap">
              <Text size="sm">{statusLabel(t, status)}</Text>
              <Group gap="xs" wrap="nowrap">
                <Text fw={600}>{n}</Text>
                {onCallList && (
                  <Button size="compact-xs" variant="subtle" aria-label={`${t('proxies.callList')} — ${statusLabel(t, status)}`} onClick={() => onCallList(status)}>
                    <IconCopy size={14} aria-hidden />
                  </Button>
                )}
              </Group>
            </Group>
          ))}
        </Stack>
      )}
    </Card>
  );
}

function MatchTable({ matches, roundNames, t, actions }: { matches: ProxyMatch[]; roundNames: ReadonlyMap<string, string>; t: Translate; actions: (m: ProxyMatch) => React.ReactNode }) {
  if (matches.length === 0) return <Text c="dimmed">{t('proxies.empty')}</Text>;
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table striped highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('proxies.giver')}</Table.Th>
            <Table.Th>{t('proxies.holder')}</Table.Th>
            <Table.Th>{t('proxies.level')}</Table.Th>
            <Table.Th>{t('proxies.rounds')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {matches.map((m) => (
            <Table.Tr key={m.id}>
              <Table.Td>
                <Text size="sm" fw={500}>
                  {m.giver.firstName} {m.giver.lastName}
                </Text>
                <Text size="xs" c="dimmed">
                  {m.giver.pollingStationCode ?? m.giver.communeCode} · {m.giver.phone ?? m.giver.email ?? ''}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" fw={500}>
                  {m.holder.firstName} {m.holder.lastName}
                </Text>
                <Text size="xs" c="dimmed">
                  {m.holder.pollingStationCode ?? m.holder.communeCode} · {m.holder.phone ?? m.holder.email ?? ''}
                </Text>
              </Table.Td>
              <Table.Td>
                <Badge variant="light">{t(`proxies.levels.${m.level}`)}</Badge>
                {!m.fullCoverage && (
                  <Badge variant="light" color="orange" ml={4}>
                    {t('proxies.partial')}
                  </Badge>
                )}
                {m.status !== 'proposed' && (
                  <Badge variant="outline" ml={4}>
                    {statusLabel(t, m.status)}
                  </Badge>
                )}
              </Table.Td>
              <Table.Td>{m.rounds.map((date) => roundNames.get(date) ?? date).join(', ')}</Table.Td>
              <Table.Td>{actions(m)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
