import type { FastifyInstance, FastifyReply } from 'fastify';
import { metricsRoutes as routes } from '../../../shared/contracts/metrics.js';
import type { AppContext } from '../../platform/context.js';
import type { RegisterRoute } from '../../platform/http/register.js';
import { exportNetworkRollup, getNetworkRollup } from './metrics.network.js';
import * as metrics from './metrics.service.js';
import { endAllStreams, serveDashboardStream } from './metrics.sse.js';

function sendCsv(reply: FastifyReply, download: { fileName: string; csv: string }): string {
  const ascii = download.fileName.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '');
  reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(download.fileName)}`)
    .header('cache-control', 'no-store');
  return download.csv;
}

/**
 * Dashboards, CSV exports, live streams and shared links. Given the app, open streams end and the
 * LISTEN connection closes when it closes.
 */
export function registerMetricsRoutes(register: RegisterRoute, ctx: AppContext, app?: FastifyInstance): void {
  app?.addHook('preClose', async () => {
    const hub = metrics.metricsHub(ctx);
    endAllStreams(hub);
    await hub.close();
  });
  register(routes.metricsCampaigns, async ({ actor }) => ({ campaigns: await metrics.listCampaigns(ctx, actor) }));
  register(routes.metricsDashboard, ({ actor, query }) => metrics.getDashboard(ctx, actor, query));
  register(routes.metricsExport, async ({ actor, params, query, reply }) => sendCsv(reply, await metrics.exportChart(ctx, actor, params.chart, query)));
  register(routes.metricsStream, async ({ actor, query, request, reply }) => {
    // An event's stream names its campaign through the event ("all" is fine with an event).
    const filter = { ...query, campaignId: query.campaignId === 'all' ? undefined : query.campaignId };
    await serveDashboardStream(request, reply, metrics.metricsHub(ctx), await metrics.dashboardSource(ctx, actor, filter));
  });

  register(routes.hostedEventDashboardStream, async ({ actor, params, request, reply }) => {
    await serveDashboardStream(request, reply, metrics.metricsHub(ctx), await metrics.hostedEventDashboardSource(ctx, actor, params.eventId));
  });
  register(routes.metricsNetwork, ({ actor, query }) => getNetworkRollup(ctx, actor, query));
  register(routes.metricsNetworkExport, async ({ actor, query, reply }) => sendCsv(reply, await exportNetworkRollup(ctx, actor, query)));

  register(routes.listShareLinks, async ({ actor }) => ({ links: await metrics.listShareLinks(ctx, actor) }));
  register(routes.createShareLink, ({ actor, body }) => metrics.createShareLink(ctx, actor, body));
  register(routes.revokeShareLink, ({ actor, params }) => metrics.revokeShareLink(ctx, actor, params.linkId));

  register(routes.sharedDashboard, async ({ params, query }) => (await metrics.sharedDashboardSource(ctx, params.token, query)).compute());
  register(routes.sharedDashboardStream, async ({ params, request, reply }) => {
    await serveDashboardStream(request, reply, metrics.metricsHub(ctx), await metrics.sharedDashboardSource(ctx, params.token, {}));
  });
}
