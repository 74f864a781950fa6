import { sql } from 'kysely';
import type { MetricsChartName, MetricsDashboard, MetricsFilter, ShareLink, ShareLinkCreate } from '../../../shared/contracts/metrics.js';
import type { AppContext } from '../../platform/context.js';
import { inOrg } from '../../platform/db/database.js';
import type { OrgActor } from '../../platform/http/actor.js';
import { notFound } from '../../platform/http/errors.js';
import { newToken, tokenHash } from '../auth/auth.crypto.js';
import { chartCsv } from './metrics.csv.js';
import { buildDashboard, type DashboardRequest } from './metrics.dashboard.js';
import { ListenHub } from './metrics.live.js';
import * as eventStats from './metrics.event-stats.js';
import * as repo from './metrics.repository.js';

const hubs = new WeakMap<AppContext, ListenHub>();

/** This process's LISTEN connection for the app (one per app context, opened on first use). */
export function metricsHub(ctx: AppContext): ListenHub {
  let hub = hubs.get(ctx);
  if (!hub) {
    hub = new ListenHub(ctx.database.appUrl, { onError: (err) => ctx.log?.warn({ err }, 'metrics LISTEN connection lost') });
    hubs.set(ctx, hub);
  }
  return hub;
}

/** A dashboard the organization may see, with what is needed to recompute it for the live stream. */
export interface DashboardSource {
  orgId: string;
  campaignId: string | null;
  /** Built now, from the counters. */
  compute(): Promise<MetricsDashboard>;
  /**
   * The same, shared with the other live screens asking within the same quarter second, but never
   * one computed before `since` (ms epoch: when the change that asked for it was heard).
   */
  computeShared(since?: number): Promise<MetricsDashboard>;
}

/**
 * The dashboard of the organization or of one of its campaigns (another organization's campaign
 * is not found), filtered by local dates.
 *
 * @example
 * const d = await getDashboard(ctx, actor, { campaignId: '12', from: '2026-06-01' });
 */
export async function getDashboard(ctx: AppContext, actor: OrgActor, filter: MetricsFilter): Promise<MetricsDashboard> {
  return (await dashboardSource(ctx, actor, filter)).compute();
}

/**
 * Checks the filter against the organization once, then builds the dashboard as often as asked.
 * An event's dashboard is scoped to the event's campaign; another campaign named with it, like
 * another organization's event, is not found.
 */
export async function dashboardSource(ctx: AppContext, actor: OrgActor, filter: MetricsFilter): Promise<DashboardSource> {
  const scope = { orgId: actor.org.id, userId: actor.user.id };
  const found = await inOrg(ctx.database.db, scope, async (tx) => {
    const event = filter.eventId ? await eventStats.findEvent(tx, scope.orgId, filter.eventId) : null;
    if (filter.eventId && !event) throw notFound();
    if (event && filter.campaignId && event.call_campaign_id !== filter.campaignId) throw notFound();
    const campaignId = event ? event.call_campaign_id : (filter.campaignId ?? null);
    const campaign = campaignId ? await repo.findCampaign(tx, scope.orgId, campaignId) : null;
    if (campaignId && !campaign) throw notFound();
    return { event, campaign };
  });
  const { event, campaign } = found;
  const base = {
    orgId: scope.orgId,
    campaignId: campaign?.id ?? null,
    campaignName: campaign?.name ?? null,
    event: event ? { id: event.id, title: event.title, startsAt: event.starts_at.toISOString(), endsAt: event.ends_at.toISOString() } : null,
    timeZone: actor.org.timeZone,
    from: filter.from ?? null,
    to: filter.to ?? null,
    showCallerNames: true,
    publicEventsOnly: false,
  };
  return sourceOf(ctx, base);
}

/**
 * The live dashboard of an event the member hosts: a host manages that event only, so another
 * event (or one that does not exist) is not found.
 */
export async function hostedEventDashboardSource(ctx: AppContext, actor: OrgActor, eventId: string): Promise<DashboardSource> {
  const hosts = await inOrg(ctx.database.db, { orgId: actor.org.id, userId: actor.user.id }, (tx) => eventStats.isEventHost(tx, actor.org.id, eventId, actor.user.id));
  if (!hosts) throw notFound();
  return dashboardSource(ctx, actor, { eventId });
}

/** The campaigns a member who sees metrics may filter on (names only, no settings). */
export async function listCampaigns(ctx: AppContext, actor: OrgActor) {
  const rows = await inOrg(ctx.database.db, { orgId: actor.org.id, userId: actor.user.id }, (tx) => repo.listCampaigns(tx, actor.org.id));
  return rows.map((r) => ({ id: r.id, name: r.name, status: r.status }));
}

/** The numbers behind one chart as CSV. */
export async function exportChart(ctx: AppContext, actor: OrgActor, chart: MetricsChartName, filter: MetricsFilter): Promise<{ fileName: string; csv: string }> {
  const dashboard = await getDashboard(ctx, actor, filter);
  const scopeName = dashboard.event ? `evenement-${dashboard.event.id}` : dashboard.campaign ? `campagne-${dashboard.campaign.id}` : actor.org.slug;
  const parts = ['relais', chart, scopeName, filter.from, filter.to].filter(Boolean);
  return { fileName: `${parts.join('_')}.csv`, csv: chartCsv(dashboard, chart) };
}

// Shared links

/** The organization's read-only dashboard links. */
export async function listShareLinks(ctx: AppContext, actor: OrgActor): Promise<ShareLink[]> {
  const rows = await inOrg(ctx.database.db, { orgId: actor.org.id, userId: actor.user.id }, (tx) => repo.listShareLinks(tx, actor.org.id));
  return rows.map(presentLink);
}

/**
 * Creates a read-only link to one campaign's dashboard. The token is shown once; only its hash
 * is stored, so a leaked database cannot be turned into working links.
 */
export async function createShareLink(ctx: AppContext, actor: OrgActor, input: ShareLinkCreate) {
  const orgId = actor.org.id;
  const token = newToken();
  const link = await inOrg(ctx.database.db, { orgId, userId: actor.user.id }, async (tx) => {
    if (!(await repo.findCampaign(tx, orgId, input.campaignId))) throw notFound();
    const { id } = await repo.insertShareLink(tx, {
      orgId,
      tokenHash: tokenHash(token),
      campaignId: input.campaignId,
      label: input.label,
      showCallerNames: input.showCallerNames,
      createdBy: actor.user.id,
    });
    return repo.findShareLink(tx, orgId, id);
  });
  if (!link) throw notFound();
  return { ...presentLink(link), token, url: `${ctx.publicUrl.replace(/\/$/, '')}/shared/metrics/${token}` };
}

/** Revokes a link: from now on it answers 404, like a link that never existed. */
export async function revokeShareLink(ctx: AppContext, actor: OrgActor, linkId: string): Promise<ShareLink> {
  const orgId = actor.org.id;
  const link = await inOrg(ctx.database.db, { orgId, userId: actor.user.id }, async (tx) => {
    await repo.revokeShareLink(tx, orgId, linkId, ctx.clock());
    return repo.findShareLink(tx, orgId, linkId);
  });
  if (!link) throw notFound();
  return presentLink(link);
}

/**
 * The dashboard behind a shared link, for anyone holding it: one campaign, counters only, callers'
 * first names only if the organizer allowed it, never anything about the people called.
 */
export async function sharedDashboardSource(ctx: AppContext, token: string, range: { from?: string | undefined; to?: string | undefined }): Promise<DashboardSource> {
  const { rows } = await sql<{ org_id: string; campaign_id: string; show_caller_names: boolean }>`
    SELECT org_id, campaign_id::text, show_caller_names FROM relais_metrics_share_link(${tokenHash(token)})`.execute(ctx.database.db);
  const link = rows[0];
  if (!link) throw notFound();
  const found = await inOrg(ctx.database.db, { orgId: link.org_id }, async (tx) => ({
    org: await repo.orgTimeZone(tx, link.org_id),
    campaign: await repo.findCampaign(tx, link.org_id, link.campaign_id),
  }));
  if (!found.org || !found.campaign) throw notFound();
  const base = {
    orgId: link.org_id,
    campaignId: found.campaign.id,
    campaignName: found.campaign.name,
    event: null,
    timeZone: found.org.time_zone,
    from: range.from ?? null,
    to: range.to ?? null,
    showCallerNames: link.show_caller_names,
    publicEventsOnly: true,
  };
  return sourceOf(ctx, base);
}

// Many screens watch the same campaign (a room, organizers, shared links): one computation per
// burst of calls serves them all.
const recent = new Map<string, { at: number; result: Promise<MetricsDashboard> }>();
const SHARE_WINDOW_MS = 250;

function sourceOf(ctx: AppContext, base: Omit<DashboardRequest, 'now'>): DashboardSource {
  return {
    orgId: base.orgId,
    campaignId: base.campaignId,
    compute: () => inOrg(ctx.database.db, { orgId: base.orgId }, (tx) => buildDashboard(tx, { ...base, now: ctx.clock() })),
    computeShared: (since) => computeShared(ctx, base, since ?? 0),
  };
}

function computeShared(ctx: AppContext, base: Omit<DashboardRequest, 'now'>, since: number): Promise<MetricsDashboard> {
  const key = JSON.stringify(base);
  const at = Date.now();
  const hit = recent.get(key);
  if (hit && at - hit.at < SHARE_WINDOW_MS && hit.at >= since) return hit.result;
  for (const [k, v] of recent) if (at - v.at >= SHARE_WINDOW_MS) recent.delete(k);
  const result = inOrg(ctx.database.db, { orgId: base.orgId }, (tx) => buildDashboard(tx, { ...base, now: ctx.clock() }));
  recent.set(key, { at, result });
  result.catch(() => recent.delete(key));
  return result;
}

function presentLink(row: repo.ShareLinkRow): ShareLink {
  return {
    id: row.id,
    campaignId: row.campaign_id,
    campaignName: row.campaign_name,
    label: row.label,
    showCallerNames: row.show_caller_names,
    createdAt: row.created_at.toISOString(),
    revokedAt: row.revoked_at?.toISOString() ?? null,
  };
}
