import { Anchor, Button, Card, Group, Table, Text, Title } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import type { NetworkRollup } from '../../../shared/contracts/metrics.js';
import { api } from '../../api/api.js';
import { useT } from '../../i18n/use-t.js';
import { ErrorAlert } from '../../ui/ErrorAlert.js';
import { useFormat } from '../../ui/format.js';
import { useAction } from '../../ui/use-action.js';
import { filterQuery } from './use-dashboard-stream.js';

/**
 * A head office's totals per local organization, for the dates chosen on the page; shown only to
 * an organization that has locals. Counts only: nothing about the locals' people.
 */
export function NetworkPanel({ from, to }: { from: string | null; to: string | null }) {
  const { t } = useT();
  const f = useFormat();
  const [rollup, setRollup] = useState<NetworkRollup | null>(null);
  const [error, setError] = useState<unknown>(null);
  const query = { ...(from ? { from } : {}), ...(to ? { to } : {}) };
  const load = useCallback(async () => {
    setRollup(await api.metricsNetwork({ query: { ...(from ? { from } : {}), ...(to ? { to } : {}) } }));
  }, [from, to]);
  const refresh = useAction();
  useEffect(() => {
    load().catch(setError);
  }, [load]);

  if (error) return <ErrorAlert error={error} />;
  if (!rollup || rollup.locals.length === 0) return null;
  const percent = (value: number) => `${Math.round(value * 1000) / 10} %`;
  const cells = (c: NetworkRollup['total']) => (
    <>
      <Table.Td>{f.number(c.calls)}</Table.Td>
      <Table.Td>{f.number(c.conversations)}</Table.Td>
      <Table.Td>{percent(c.contactRate)}</Table.Td>
      <Table.Td>{f.number(c.volunteers)}</Table.Td>
      <Table.Td>{f.number(c.proxyRequests)}</Table.Td>
      <Table.Td>{f.number(c.proxyOffers)}</Table.Td>
      <Table.Td>{f.number(c.proxiesEstablished)}</Table.Td>
    </>
  );
  return (
    <Card withBorder padding="md">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">
          {t('metrics.network.title')}
        </Title>
        <Group gap="sm">
          <Button size="xs" variant="subtle" onClick={() => void refresh.run(load)} loading={refresh.busy}>
            {t('metrics.network.refresh')}
          </Button>
          <Anchor href={`/api/metrics/network/export${filterQuery(query)}`} size="sm" download>
            {t('metrics.exportCsv')}
          </Anchor>
        </Group>
      </Group>
      <ErrorAlert error={refresh.error} />
      <Table.ScrollContainer minWidth={720}>
        <Table striped aria-label={t('metrics.network.title')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('metrics.network.local')}</Table.Th>
              <Table.Th>{t('metrics.calls')}</Table.Th>
              <Table.Th>{t('metrics.conversations')}</Table.Th>
              <Table.Th>{t('metrics.contactRate')}</Table.Th>
              <Table.Th>{t('metrics.network.volunteers')}</Table.Th>
              <Table.Th>{t('metrics.network.proxyRequests')}</Table.Th>
              <Table.Th>{t('metrics.network.proxyOffers')}</Table.Th>
              <Table.Th>{t('metrics.network.proxiesEstablished')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rollup.locals.map((l) => (
              <Table.Tr key={l.orgId}>
                <Table.Td pl={`${l.depth * 0.75}rem`}>{l.name}</Table.Td>
                {cells(l)}
              </Table.Tr>
            ))}
            <Table.Tr fw={700}>
              <Table.Td>{t('metrics.network.total')}</Table.Td>
              {cells(rollup.total)}
            </Table.Tr>
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Text size="sm" c="dimmed" mt="sm">
        {t('metrics.network.help')}
      </Text>
    </Card>
  );
}
