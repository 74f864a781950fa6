import { Anchor, Badge, Button, Card, Code, Group, MultiSelect, NumberInput, Select, SimpleGrid, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import type { Campaign, Progress } from '../../../shared/contracts/callbank.js';
import type { ScriptSummary } from '../../../shared/contracts/scripts.js';
import { api } from '../../api/api.js';
import { hasAnyCapability, useSession } from '../../app/session-context.js';
import { useT } from '../../i18n/use-t.js';
import { ErrorAlert } from '../../ui/ErrorAlert.js';
import { PageHeader } from '../../ui/PageHeader.js';
import { MyCampaigns } from './MyCampaigns.js';

/** Call campaigns: organizers create, launch and follow them; callers are pointed to their link. */
export function CampaignsPage() {
  const { t } = useT();
  const { session } = useSession();
  const manages = hasAnyCapability(session, ['campaigns.manage']);
  const [campaigns, setCampaigns] = useState<Campaign[]>([]);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(async () => {
    try {
      setCampaigns((await api.listCallCampaigns()).campaigns);
    } catch (failure) {
      setError(failure);
    }
  }, []);
  useEffect(() => {
    if (manages) void load();
  }, [manages, load]);

  if (!manages) {
    return (
      <>
        <PageHeader title={t('callbank.title')} />
        <MyCampaigns />
      </>
    );
  }
  return (
    <>
      <PageHeader title={t('callbank.title')} />
      <Stack gap="lg">
        <ErrorAlert error={error} />
        <CreateCampaignForm onCreated={() => void load()} />
        {campaigns.length === 0 && <Text c="dimmed">{t('callbank.empty')}</Text>}
        {campaigns.map((campaign) => (
          <CampaignCard key={campaign.id} campaign={campaign} onChanged={() => void load()} />
        ))}
      </Stack>
    </>
  );
}

function CreateCampaignForm({ onCreated }: { onCreated: () => void }) {
  const { t } = useT();
  const [scripts, setScripts] = useState<ScriptSummary[]>([]);
  const [name, setName] = useState('');
  const [versionId, setVersionId] = useState<string | null>(null);
  const [levels, setLevels] = useState<string[]>(['2', '3', '4']);
  const [mode, setMode] = useState<'shared_pool' | 'split'>('shared_pool');
  const [hoursStart, setHoursStart] = useState('09:00');
  const [hoursEnd, setHoursEnd] = useState('21:00');
  const [maxAttempts, setMaxAttempts] = useState<number>(3);
  const [briefing, setBriefing] = useState(t('callbank.briefingDefault'));
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    api
      .listScripts()
      .then((r) => setScripts(r.scripts.filter((s) => s.latestVersion)))
      .catch(() => setScripts([]));
  }, []);

  const submit = async () => {
    if (!versionId) return;
    try {
      await api.createCallCampaign({
        body: { name, scriptVersionId: versionId, source: { filter: { supportLevels: levels.map(Number) } }, mode, hoursStart, hoursEnd, maxAttempts, briefing },
      });
      setName('');
      setError(null);
      onCreated();
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <Card withBorder>
      <Title order={2} size="h4" mb="sm">
        {t('callbank.create')}
      </Title>
      <Stack gap="sm">
        <ErrorAlert error={error} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t('callbank.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} required />
          <Select
            label={t('callbank.script')}
            placeholder={scripts.length === 0 ? t('callbank.scriptNone') : undefined}
            data={scripts.map((s) => ({ value: s.latestVersion!.id, label: `${s.name} (v${s.latestVersion!.version})` }))}
            value={versionId}
            onChange={setVersionId}
          />
          <MultiSelect label={t('callbank.supportLevels')} data={['1', '2', '3', '4', '5']} value={levels} onChange={setLevels} />
          <Select
            label={t('callbank.mode')}
            data={[
              { value: 'shared_pool', label: t('callbank.modeShared') },
              { value: 'split', label: t('callbank.modeSplit') },
            ]}
            value={mode}
            onChange={(value) => setMode(value === 'split' ? 'split' : 'shared_pool')}
          />
          <TextInput type="time" label={t('callbank.hoursStart')} value={hoursStart} onChange={(e) => setHoursStart(e.currentTarget.value)} />
          <TextInput type="time" label={t('callbank.hoursEnd')} value={hoursEnd} onChange={(e) => setHoursEnd(e.currentTarget.value)} />
          <NumberInput label={t('callbank.maxAttempts')} min={1} max={20} value={maxAttempts} onChange={(v) => setMaxAttempts(Number(v) || 1)} />
        </SimpleGrid>
        <Textarea label={t('callbank.briefing')} value={briefing} onChange={(e) => setBriefing(e.currentTarget.value)} autosize minRows={3} />
        <Group>
          <Button onClick={() => void submit()} disabled={!name.trim() || !versionId}>
            {t('callbank.submit')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

function CampaignCard({ campaign, onChanged }: { campaign: Campaign; onChanged: () => void }) {
  const { t } = useT();
  const [progress, setProgress] = useState<Progress | null>(null);
  const [email, setEmail] = useState('');
  const [callerName, setCallerName] = useState('');
  const [link, setLink] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const params = { campaignId: campaign.id };

  const refresh = useCallback(() => {
    api
      .callCampaignProgress({ params: { campaignId: campaign.id } })
      .then(setProgress)
      .catch(setError);
  }, [campaign.id]);
  useEffect(() => {
    refresh();
    const timer = setInterval(refresh, 10_000);
    return () => clearInterval(timer);
  }, [refresh]);

  const act = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      setError(null);
      onChanged();
      refresh();
    } catch (failure) {
      setError(failure);
    }
  };

  const counters: [string, number][] = progress
    ? [
        [t('callbank.progress.toCall'), progress.toCall],
        [t('callbank.progress.inProgress'), progress.inProgress],
        [t('callbank.progress.done'), progress.done],
        [t('callbank.progress.callbacksDue'), progress.callbacksDue],
        [t('callbank.progress.callbacksLater'), progress.callbacksLater],
        [t('callbank.progress.exhausted'), progress.exhausted],
        [t('callbank.progress.excluded'), progress.excluded],
        [t('callbank.progress.calls'), progress.calls],
      ]
    : [];

  return (
    <Card withBorder>
      <Group justify="space-between" mb="xs">
        <Group gap="xs">
          <Title order={3} size="h5">
            {campaign.name}
          </Title>
          <Badge>{t(`callbank.status.${campaign.status}`)}</Badge>
          <Text size="sm" c="dimmed">
            {t('callbank.targets', { count: campaign.targetCount })}
          </Text>
        </Group>
        <Group gap="xs">
          {campaign.status !== 'active' && campaign.status !== 'done' && (
            <Button size="xs" onClick={() => void act(() => api.setCallCampaignStatus({ params, body: { status: 'active' } }))}>
              {t('callbank.activate')}
            </Button>
          )}
          {campaign.status === 'active' && (
            <Button size="xs" variant="default" onClick={() => void act(() => api.setCallCampaignStatus({ params, body: { status: 'paused' } }))}>
              {t('callbank.pause')}
            </Button>
          )}
          {campaign.status !== 'done' && (
            <Button size="xs" variant="subtle" color="red" onClick={() => void act(() => api.setCallCampaignStatus({ params, body: { status: 'done' } }))}>
              {t('callbank.close')}
            </Button>
          )}
          <Anchor component={Link} to={`/call/${campaign.id}`} size="sm">
            {t('callbank.callerLink')}
          </Anchor>
          <Anchor component={Link} to={`/call-sheets/${campaign.id}`} size="sm">
            {t('callSheet.printSheet')}
          </Anchor>
        </Group>
      </Group>
      <ErrorAlert error={error} />
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs" my="sm">
        {counters.map(([label, value]) => (
          <div key={label}>
            <Text size="xl" fw={700}>
              {value}
            </Text>
            <Text size="xs" c="dimmed">
              {label}
            </Text>
          </div>
        ))}
      </SimpleGrid>
      <Group align="end" gap="xs" wrap="wrap">
        <TextInput size="xs" label={t('callbank.inviteEmail')} value={email} onChange={(e) => setEmail(e.currentTarget.value)} />
        <TextInput size="xs" label={t('callbank.inviteName')} value={callerName} onChange={(e) => setCallerName(e.currentTarget.value)} />
        <Button
          size="xs"
          disabled={!email || !callerName}
          onClick={() =>
            void act(async () => {
              const invitation = await api.inviteCampaignCaller({ params, body: { email, name: callerName } });
              setLink(invitation.url);
              setEmail('');
              setCallerName('');
            })
          }
        >
          {t('callbank.invite')}
        </Button>
        {campaign.mode === 'split' && (
          <Button
            size="xs"
            variant="default"
            onClick={() =>
              void act(async () => {
                const result = await api.splitCallCampaign({ params, body: {} });
                setNotice(t('callbank.splitDone', { assigned: result.assigned, callers: result.callers }));
              })
            }
          >
            {t('callbank.split')}
          </Button>
        )}
      </Group>
      {link && (
        <Text size="sm" mt="xs">
          {t('callbank.inviteLink')} <Code>{link}</Code>
        </Text>
      )}
      {notice && (
        <Text size="sm" mt="xs">
          {notice}
        </Text>
      )}
      {progress && progress.perCaller.length > 0 && (
        <Table mt="sm" striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('callbank.progress.caller')}</Table.Th>
              <Table.Th>{t('callbank.progress.assigned')}</Table.Th>
              <Table.Th>{t('callbank.progress.remaining')}</Table.Th>
              <Table.Th>{t('callbank.progress.calls')}</Table.Th>
              <Table.Th>{t('callbank.progress.talked')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {progress.perCaller.map((row) => (
              <Table.Tr key={row.userId}>
                <Table.Td>{row.name}</Table.Td>
                <Table.Td>{row.assigned}</Table.Td>
                <Table.Td>{row.remaining}</Table.Td>
                <Table.Td>{row.calls}</Table.Td>
                <Table.Td>{row.talked}</Table.Td>
                <Table.Td>
                  <Anchor component={Link} to={`/call-sheets/${campaign.id}?caller=${row.userId}`} size="sm">
                    {t('callSheet.sheetLink')}
                  </Anchor>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}
