import { Badge, Button, Group, Select, Stack, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api/api.js';
import { hasAnyCapability, useSession } from '../../app/session-context.js';
import { useT } from '../../i18n/use-t.js';
import { ErrorAlert } from '../../ui/ErrorAlert.js';
import { PageHeader } from '../../ui/PageHeader.js';
import { DashboardView } from './DashboardView.js';
import { NetworkPanel } from './NetworkPanel.js';
import { ShareLinksPanel } from './ShareLinksPanel.js';
import { filterQuery, useDashboardStream } from './use-dashboard-stream.js';

/**
 * The organization's live dashboard, filtered by campaign and dates, with CSV exports and shared
 * links; `?eventId=` shows one event's dashboard (its callers' calls during it).
 */
export function MetricsPage() {
  const { t } = useT();
  const { session } = useSession();
  const [params, setParams] = useSearchParams();
  const eventId = params.get('eventId');
  const shares = hasAnyCapability(session, ['metrics.share']);
  const [campaigns, setCampaigns] = useState<{ id: string; name: string }[]>([]);
  const [campaignId, setCampaignId] = useState<string | null>(null);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    api
      .metricsCampaigns()
      .then((r) => setCampaigns(r.campaigns))
      .catch(setError);
  }, []);

  const rangeValid = !from || !to || from <= to;
  const query = filterQuery({ campaignId: eventId ? null : campaignId, eventId, from: from || null, to: to || null });
  const streamQuery = filterQuery({ campaignId: eventId ? 'all' : (campaignId ?? 'all'), eventId, from: from || null, to: to || null });
  const { dashboard, connected } = useDashboardStream(rangeValid ? `/api/metrics/stream${streamQuery}` : null);

  return (
    <>
      <PageHeader title={eventId && dashboard?.event ? `${t('metrics.title')} — ${dashboard.event.title}` : t('metrics.title')}>
        <Group gap="xs">
          <Badge color={connected ? 'green' : 'gray'} variant="light">
            {connected ? t('metrics.live') : t('metrics.offline')}
          </Badge>
          {eventId && (
            <Button variant="light" size="xs" onClick={() => setParams({})}>
              {t('metrics.wholeOrganization')}
            </Button>
          )}
          {campaignId && !eventId && (
            <Button component={Link} to={`/room/${campaignId}`} variant="light" size="xs">
              {t('metrics.roomScreen')}
            </Button>
          )}
        </Group>
      </PageHeader>
      <Stack gap="lg">
        <ErrorAlert error={error} />
        <Group align="end" wrap="wrap">
          {!eventId && (
            <Select
              label={t('metrics.campaign')}
              data={[{ value: '', label: t('metrics.allCampaigns') }, ...campaigns.map((c) => ({ value: c.id, label: c.name }))]}
              value={campaignId ?? ''}
              onChange={(value) => setCampaignId(value || null)}
              allowDeselect={false}
              w={260}
            />
          )}
          <TextInput type="date" label={t('metrics.from')} value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
          <TextInput type="date" label={t('metrics.to')} value={to} onChange={(e) => setTo(e.currentTarget.value)} error={rangeValid ? undefined : ' '} />
        </Group>
        {dashboard && (
          <DashboardView
            dashboard={dashboard}
            exportUrl={(chart) => `/api/metrics/export/${chart}${query}`}
            eventLink={eventId ? undefined : (id) => `/metrics?eventId=${id}`}
          />
        )}
        {!eventId && rangeValid && <NetworkPanel from={from || null} to={to || null} />}
        {shares && <ShareLinksPanel campaigns={campaigns} />}
      </Stack>
    </>
  );
}
