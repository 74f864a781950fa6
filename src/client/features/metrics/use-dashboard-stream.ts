import { useEffect, useState } from 'react';
import { MetricsDashboardSchema, type MetricsDashboard } from '../../../shared/contracts/metrics.js';

/**
 * Follows a dashboard's server-sent event stream: the dashboard arrives at once, then again within
 * a second of each call recorded anywhere in its scope. EventSource reconnects by itself.
 */
export function useDashboardStream(url: string | null): { dashboard: MetricsDashboard | null; connected: boolean; failed: boolean } {
  const [dashboard, setDashboard] = useState<MetricsDashboard | null>(null);
  const [connected, setConnected] = useState(false);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    setDashboard(null);
    setFailed(false);
    if (!url) return;
    const source = new EventSource(url, { withCredentials: true });
    source.addEventListener('dashboard', (event) => {
      const parsed = MetricsDashboardSchema.safeParse(JSON.parse((event as MessageEvent<string>).data));
      if (parsed.success) setDashboard(parsed.data);
      setConnected(true);
    });
    source.onerror = () => {
      setConnected(false);
      // Closed for good (an HTTP error such as a revoked link): EventSource will not retry.
      if (source.readyState === EventSource.CLOSED) setFailed(true);
    };
    return () => source.close();
  }, [url]);
  return { dashboard, connected, failed };
}

/** The query string of the dashboard filters. */
export function filterQuery(filter: { campaignId?: string | null; eventId?: string | null; from?: string | null; to?: string | null }): string {
  const params = new URLSearchParams();
  if (filter.campaignId) params.set('campaignId', filter.campaignId);
  if (filter.eventId) params.set('eventId', filter.eventId);
  if (filter.from) params.set('from', filter.from);
  if (filter.to) params.set('to', filter.to);
  const text = params.toString();
  return text ? `?${text}` : '';
}
