import { z } from 'zod';
import { CALL_OUTCOMES, type CallOutcomeName } from './callbank.js';
import { route } from './route.js';

const DigitsId = z.string().regex(/^\d{1,18}$/);
const LocalDate = z.iso.date();

/**
 * Outcomes where someone picked up and the caller could speak to them: the numerator of the
 * contact (answer) rate. A wrong number, voicemail, busy line or no answer is not a contact.
 */
export const ANSWERED_OUTCOMES: readonly CallOutcomeName[] = ['talked', 'refused', 'callback', 'do_not_call'];

/**
 * The filters every view takes: one campaign (else the whole organization), or one event (its
 * callers' calls on its campaign during it), and local dates, inclusive.
 */
export const MetricsFilterSchema = z
  .object({
    campaignId: DigitsId.optional(),
    eventId: DigitsId.optional(),
    from: LocalDate.optional(),
    to: LocalDate.optional(),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: 'validation:invalid_format', path: ['to'] });
export type MetricsFilter = z.infer<typeof MetricsFilterSchema>;

const CountsSchema = z.object({ calls: z.number(), answered: z.number(), conversations: z.number() });
const OutcomeCountsSchema = z.record(z.enum(CALL_OUTCOMES), z.number());

export const MetricsSummarySchema = z.object({
  calls: z.number(),
  conversations: z.number(),
  answered: z.number(),
  /** answered / calls, 0 when no call. */
  contactRate: z.number(),
  /** conversations / calls. */
  conversationRate: z.number(),
  averageCallSeconds: z.number().nullable(),
  outcomes: OutcomeCountsSchema,
  /** Talked calls by the person's support level after the call (0: unknown). */
  reachedBySupportLevel: z.array(z.object({ level: z.number(), conversations: z.number() })),
  /** Calls whose script changed the person's support level (0: unknown before). */
  supportChanges: z.array(z.object({ from: z.number(), to: z.number(), calls: z.number() })),
  /** Proxy requests and offers the calls' scripts recorded ("needs a proxy", "offers to carry one"), created in the range. */
  proxiesRecruited: z.object({ requests: z.number(), offers: z.number() }),
});
export type MetricsSummary = z.infer<typeof MetricsSummarySchema>;

/** What moves minute by minute, whatever the date range: for the room screen. */
export const MetricsLiveSchema = z.object({
  activeCallers: z.number(),
  callsLastHour: z.number(),
  callsToday: z.number(),
  conversationsToday: z.number(),
});
export type MetricsLive = z.infer<typeof MetricsLiveSchema>;

export const FunnelChoiceSchema = z.object({ id: z.string(), label: z.string(), answers: z.number() });
export const FunnelQuestionSchema = z.object({
  id: z.string(),
  label: z.string(),
  kind: z.enum(['choice', 'text']),
  answered: z.number(),
  choices: z.array(FunnelChoiceSchema),
});
export const FunnelSectionSchema = z.object({
  id: z.string(),
  title: z.string(),
  reached: z.number(),
  endedHere: z.number(),
  questions: z.array(FunnelQuestionSchema),
});
export const FunnelScriptSchema = z.object({
  scriptVersionId: z.string(),
  name: z.string(),
  version: z.number(),
  sections: z.array(FunnelSectionSchema),
});
export type FunnelScript = z.infer<typeof FunnelScriptSchema>;

export const LeaderboardEntrySchema = z.object({
  rank: z.number(),
  /** The caller's first name, or null when a shared link hides callers' names. */
  firstName: z.string().nullable(),
  calls: z.number(),
  conversations: z.number(),
});
export type LeaderboardEntry = z.infer<typeof LeaderboardEntrySchema>;

/** One event's totals: calls by its callers on its campaign during it, sign-ups and check-ins. */
export const EventTotalsSchema = z.object({
  id: z.string(),
  title: z.string(),
  kind: z.enum(['phone_bank', 'canvass', 'meeting']),
  startsAt: z.string(),
  endsAt: z.string(),
  campaignId: z.string().nullable(),
  calls: z.number(),
  answered: z.number(),
  conversations: z.number(),
  contactRate: z.number(),
  /** Places held: confirmed, checked in or no-show. */
  signedUp: z.number(),
  checkedIn: z.number(),
});
export type EventTotals = z.infer<typeof EventTotalsSchema>;

export const MetricsChartsSchema = z.object({
  /** Local hour of day 0–23, in the organization's time zone. */
  byHourOfDay: z.array(CountsSchema.extend({ hour: z.number(), answerRate: z.number() })),
  /** ISO weekday 1 (Monday) – 7 (Sunday). */
  byWeekday: z.array(CountsSchema.extend({ weekday: z.number(), answerRate: z.number() })),
  /** One entry per local day with calls. */
  overTime: z.array(z.object({ day: z.string(), calls: z.number(), outcomes: OutcomeCountsSchema })),
  funnel: z.array(FunnelScriptSchema),
  leaderboard: z.array(LeaderboardEntrySchema),
  /** Events that have started, newest first (the event itself on an event's dashboard). */
  events: z.array(EventTotalsSchema),
});
export type MetricsCharts = z.infer<typeof MetricsChartsSchema>;

export const MetricsDashboardSchema = z.object({
  generatedAt: z.string(),
  timeZone: z.string(),
  campaign: z.object({ id: z.string(), name: z.string() }).nullable(),
  event: z.object({ id: z.string(), title: z.string(), startsAt: z.string(), endsAt: z.string() }).nullable(),
  filter: z.object({ from: z.string().nullable(), to: z.string().nullable() }),
  summary: MetricsSummarySchema,
  live: MetricsLiveSchema,
  charts: MetricsChartsSchema,
});
export type MetricsDashboard = z.infer<typeof MetricsDashboardSchema>;

export const METRICS_CHARTS = ['summary', 'outcomes', 'by-hour', 'by-weekday', 'over-time', 'funnel', 'answers', 'leaderboard', 'support', 'events'] as const;
export const MetricsChartNameSchema = z.enum(METRICS_CHARTS);
export type MetricsChartName = z.infer<typeof MetricsChartNameSchema>;

export const ShareLinkCreateSchema = z.object({
  campaignId: DigitsId,
  label: z.string().trim().max(200).default(''),
  /** Show callers' first names on the leaderboard (never the people called). */
  showCallerNames: z.boolean().default(false),
});
export type ShareLinkCreate = z.infer<typeof ShareLinkCreateSchema>;

export const ShareLinkSchema = z.object({
  id: z.string(),
  campaignId: z.string(),
  campaignName: z.string(),
  label: z.string(),
  showCallerNames: z.boolean(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
});
export type ShareLink = z.infer<typeof ShareLinkSchema>;

/** A link just created: the only time its URL (holding the token) is shown. */
export const CreatedShareLinkSchema = ShareLinkSchema.extend({ url: z.string(), token: z.string() });

/** A head office's view of its local organizations: counts only, never a person. */
export const NetworkFilterSchema = z
  .object({
    /** One local organization only (else all of them). */
    localOrgId: z.uuid().optional(),
    from: LocalDate.optional(),
    to: LocalDate.optional(),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: 'validation:invalid_format', path: ['to'] });
export type NetworkFilter = z.infer<typeof NetworkFilterSchema>;

const NetworkCountsSchema = z.object({
  /** Calls and conversations in the date range (each local's own time zone). */
  calls: z.number(),
  answered: z.number(),
  conversations: z.number(),
  contactRate: z.number(),
  /** People marked as volunteers, today. */
  volunteers: z.number(),
  /** Proxy requests not cancelled, holders available, proxies established or beyond: today. */
  proxyRequests: z.number(),
  proxyOffers: z.number(),
  proxiesEstablished: z.number(),
});
export const NetworkLocalSchema = NetworkCountsSchema.extend({
  orgId: z.string(),
  name: z.string(),
  slug: z.string(),
  /** The organization it reports to (a regional office's locals name it). */
  parentId: z.string(),
  /** 1: reports to this head office directly. */
  depth: z.number(),
});
export type NetworkLocal = z.infer<typeof NetworkLocalSchema>;
export const NetworkRollupSchema = z.object({
  generatedAt: z.string(),
  filter: z.object({ from: z.string().nullable(), to: z.string().nullable() }),
  locals: z.array(NetworkLocalSchema),
  total: NetworkCountsSchema,
});
export type NetworkRollup = z.infer<typeof NetworkRollupSchema>;

const CsvDownloadSchema = z.unknown().describe('text/csv; charset=utf-8, with a byte order mark');
const EventStreamSchema = z.unknown().describe('text/event-stream: a "dashboard" event with the dashboard JSON, then one after each recorded call');
const TokenParams = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/) });

/** Live metrics: dashboards, CSV of each chart, the live stream, and read-only shared links. */
export const metricsRoutes = {
  metricsCampaigns: route({
    method: 'GET',
    path: '/api/metrics/campaigns',
    access: 'metrics.view',
    summary: 'The call campaigns a dashboard can be filtered on (id and name only)',
    tags: ['metrics'],
    response: z.object({ campaigns: z.array(z.object({ id: z.string(), name: z.string(), status: z.string() })) }),
  }),
  metricsDashboard: route({
    method: 'GET',
    path: '/api/metrics/dashboard',
    access: 'metrics.view',
    summary: 'Counters, rates, charts, funnel, leaderboard and per-event totals for the organization, one campaign or one event',
    tags: ['metrics'],
    query: MetricsFilterSchema,
    response: MetricsDashboardSchema,
  }),
  metricsExport: route({
    method: 'GET',
    path: '/api/metrics/export/:chart',
    access: 'metrics.view',
    summary: 'The numbers behind one chart, as CSV',
    tags: ['metrics'],
    params: z.object({ chart: MetricsChartNameSchema }),
    query: MetricsFilterSchema,
    response: CsvDownloadSchema,
  }),
  metricsStream: route({
    method: 'GET',
    path: '/api/metrics/stream',
    access: 'metrics.view',
    summary: 'Server-sent events: the dashboard again within a second of each recorded call',
    tags: ['metrics'],
    // campaignId "all": the whole organization.
    query: z.object({ campaignId: z.union([DigitsId, z.literal('all')]), eventId: DigitsId.optional(), from: LocalDate.optional(), to: LocalDate.optional() }),
    response: EventStreamSchema,
  }),
  metricsNetwork: route({
    method: 'GET',
    path: '/api/metrics/network',
    access: 'metrics.view',
    summary: "A head office's totals per local organization (calls, conversations, contact rate, volunteers, proxies; no personal data)",
    tags: ['metrics'],
    query: NetworkFilterSchema,
    response: NetworkRollupSchema,
  }),
  metricsNetworkExport: route({
    method: 'GET',
    path: '/api/metrics/network/export',
    access: 'metrics.view',
    summary: "A head office's totals per local organization, as CSV",
    tags: ['metrics'],
    query: NetworkFilterSchema,
    response: CsvDownloadSchema,
  }),
  hostedEventDashboardStream: route({
    method: 'GET',
    path: '/api/hosting/events/:eventId/metrics/stream',
    access: 'events.host',
    summary: 'Server-sent events: the live dashboard of an event the member hosts (another event answers 404)',
    tags: ['metrics'],
    params: z.object({ eventId: DigitsId }),
    response: EventStreamSchema,
  }),
  listShareLinks: route({
    method: 'GET',
    path: '/api/metrics/share-links',
    access: 'metrics.share',
    summary: 'Read-only dashboard links of the organization',
    tags: ['metrics'],
    response: z.object({ links: z.array(ShareLinkSchema) }),
  }),
  createShareLink: route({
    method: 'POST',
    path: '/api/metrics/share-links',
    access: 'metrics.share',
    summary: "Create a read-only link to a campaign's dashboard (no personal data)",
    tags: ['metrics'],
    body: ShareLinkCreateSchema,
    response: CreatedShareLinkSchema,
    status: 201,
  }),
  revokeShareLink: route({
    method: 'DELETE',
    path: '/api/metrics/share-links/:linkId',
    access: 'metrics.share',
    summary: 'Revoke a shared link: it answers 404 from now on',
    tags: ['metrics'],
    params: z.object({ linkId: DigitsId }),
    response: ShareLinkSchema,
  }),
  sharedDashboard: route({
    method: 'GET',
    path: '/api/shared/metrics/:token',
    access: 'public',
    summary: "A shared campaign dashboard, without an account (no person's name, phone or e-mail)",
    tags: ['metrics'],
    params: TokenParams,
    query: z.object({ from: LocalDate.optional(), to: LocalDate.optional() }),
    response: MetricsDashboardSchema,
  }),
  sharedDashboardStream: route({
    method: 'GET',
    path: '/api/shared/metrics/:token/stream',
    access: 'public',
    summary: 'Server-sent events of a shared dashboard',
    tags: ['metrics'],
    params: TokenParams,
    response: EventStreamSchema,
  }),
};
