import { Alert, Badge, Button, Card, Checkbox, Code, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import type { ShareLink } from '../../../shared/contracts/metrics.js';
import { api } from '../../api/api.js';
import { useT } from '../../i18n/use-t.js';
import { ErrorAlert } from '../../ui/ErrorAlert.js';
import { useFormat } from '../../ui/format.js';

/** Read-only links to a campaign's dashboard: create (the URL is shown once) and revoke. */
export function ShareLinksPanel({ campaigns }: { campaigns: { id: string; name: string }[] }) {
  const { t } = useT();
  const f = useFormat();
  const [links, setLinks] = useState<ShareLink[]>([]);
  const [campaignId, setCampaignId] = useState<string | null>(null);
  const [label, setLabel] = useState('');
  const [showCallerNames, setShowCallerNames] = useState(false);
  const [created, setCreated] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(async () => {
    try {
      setLinks((await api.listShareLinks()).links);
    } catch (failure) {
      setError(failure);
    }
  }, []);
  useEffect(() => void load(), [load]);

  const create = async () => {
    if (!campaignId) return;
    try {
      const link = await api.createShareLink({ body: { campaignId, label, showCallerNames } });
      setCreated(link.url);
      setLabel('');
      await load();
    } catch (failure) {
      setError(failure);
    }
  };
  const revoke = async (linkId: string) => {
    try {
      await api.revokeShareLink({ params: { linkId } });
      await load();
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <Card withBorder padding="md">
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('metrics.shareTitle')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('metrics.shareHelp')}
        </Text>
        <ErrorAlert error={error} />
        <Group align="end" wrap="wrap">
          <Select label={t('metrics.campaign')} data={campaigns.map((c) => ({ value: c.id, label: c.name }))} value={campaignId} onChange={setCampaignId} w={240} />
          <TextInput label={t('metrics.shareLabel')} value={label} onChange={(e) => setLabel(e.currentTarget.value)} />
          <Checkbox label={t('metrics.showCallerNames')} checked={showCallerNames} onChange={(e) => setShowCallerNames(e.currentTarget.checked)} mb={8} />
          <Button onClick={() => void create()} disabled={!campaignId}>
            {t('metrics.createLink')}
          </Button>
        </Group>
        {created && (
          <Alert color="green">
            <Text size="sm">{t('metrics.linkCreated')}</Text>
            <Code block>{created}</Code>
          </Alert>
        )}
        {links.length === 0 ? (
          <Text c="dimmed">{t('metrics.noLinks')}</Text>
        ) : (
          <Table>
            <Table.Tbody>
              {links.map((link) => (
                <Table.Tr key={link.id}>
                  <Table.Td>{link.label || link.campaignName}</Table.Td>
                  <Table.Td>{link.campaignName}</Table.Td>
                  <Table.Td>{f.dateTime(link.createdAt)}</Table.Td>
                  <Table.Td>
                    {link.revokedAt ? (
                      <Badge color="gray">{t('metrics.revoked')}</Badge>
                    ) : (
                      <Button size="xs" color="red" variant="light" onClick={() => void revoke(link.id)}>
                        {t('metrics.revoke')}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Card>
  );
}
