import { z } from 'zod';
import { EmailSchema } from './auth.js';
import { route } from './route.js';

const DigitsId = z.string().regex(/^\d{1,18}$/);
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
export const CommuneCodeSchema = z.string().trim().toUpperCase().regex(/^(\d{5}|2[AB]\d{3})$/);
const OrgSlugParams = z.object({ orgSlug: z.string().min(1).max(63) });

export const PROXY_MATCH_STATUSES = ['proposed', 'accepted', 'giver_informed', 'established', 'confirmed_by_holder', 'voted', 'rejected', 'cancelled'] as const;
export const ProxyMatchStatusSchema = z.enum(PROXY_MATCH_STATUSES);
export type ProxyMatchStatus = z.infer<typeof ProxyMatchStatusSchema>;
/** The follow-up an organizer records after acceptance, in order. */
export const PROXY_FOLLOW_UP = ['giver_informed', 'established', 'confirmed_by_holder', 'voted'] as const;
export const ProxyMatchLevelSchema = z.enum(['station', 'commune', 'epci', 'departement', 'distance', 'manual']);

/** An election round the organization collects proxies for: its date identifies it on requests and offers. */
export const ProxyRoundSchema = z.object({
  id: z.string(),
  label: z.string(),
  /** What English-speaking visitors read instead of `label`; null: `label`. */
  labelEn: z.string().nullable(),
  date: z.string(),
  /** Last day the campaign wants proxies for this round established; the forms close after it. */
  deadline: z.string(),
});
export type ProxyRound = z.infer<typeof ProxyRoundSchema>;
/** Days before the round the deadline falls when the organizer gives none (the Thursday before a Sunday). */
export const DEFAULT_DEADLINE_DAYS = 3;
export const ProxyRoundInputSchema = z.object({
  label: z.string().trim().min(1).max(100),
  /** The label in English ("First round"); absent or empty: `label` for everyone. */
  labelEn: z.string().trim().max(100).optional(),
  date: z.iso.date(),
  /** Absent: DEFAULT_DEADLINE_DAYS before the round. */
  deadline: z.iso.date().optional(),
});
export type ProxyRoundInput = z.infer<typeof ProxyRoundInputSchema>;
export const ProxyRoundListSchema = z.object({ rounds: z.array(ProxyRoundSchema) });
const RoundIdParams = z.object({ roundId: DigitsId });

/** What both public forms ask: who you are, how to reach you, where you vote, which rounds. */
const PersonFields = {
  firstName: z.string().trim().min(1).max(100),
  lastName: z.string().trim().min(1).max(100),
  /** E-mail or phone: at least one (checked by the service, naming both fields). */
  email: EmailSchema.optional().or(z.literal('').transform(() => undefined)),
  phone: z.string().trim().max(40).optional(),
  communeCode: CommuneCodeSchema,
  /** A code from the commune's stations ('69123_0042') or what the voter typed ("École Jean Macé"). */
  pollingStationCode: z.string().trim().max(100).optional(),
  /** Dates of rounds the organization opened (GET …/proxies/rounds); others are refused naming `rounds.<i>`. */
  rounds: z.array(IsoDate).min(1).max(4),
  consent: z.boolean(),
};

/** "I need someone to vote for me." */
export const ProxyRequestFormSchema = z.object({
  ...PersonFields,
  /** The proxy will be established at a consulate (the giver lives abroad). */
  establishedAbroad: z.boolean().default(false),
});
export type ProxyRequestForm = z.infer<typeof ProxyRequestFormSchema>;

/** "I can vote for someone." */
export const ProxyOfferFormSchema = z.object({
  ...PersonFields,
  /** How far they can travel to the giver's polling station; null or absent: anywhere. */
  maxTravelKm: z.number().int().min(0).max(1000).nullable().optional(),
  proxiesHeld: z.number().int().min(0).max(2).default(0),
  proxiesHeldInFrance: z.number().int().min(0).max(1).default(0),
  /** National voter number (NNE) from their voter card: the giver needs it to establish the proxy. */
  voterNumber: z.string().trim().regex(/^\d{1,20}$/).optional(),
  birthDate: IsoDate.optional(),
});
export type ProxyOfferForm = z.infer<typeof ProxyOfferFormSchema>;

export const ProxyFormReceivedSchema = z.object({ received: z.literal(true), personCreated: z.boolean() });

export const PollingStationSchema = z.object({ code: z.string(), name: z.string(), address: z.string() });
export const CommuneStationsSchema = z.object({ communeCode: z.string(), communeName: z.string().nullable(), stations: z.array(PollingStationSchema) });
export const CommuneSearchSchema = z.object({ communes: z.array(z.object({ code: z.string(), name: z.string(), departement: z.string() })) });

const PartySchema = z.object({
  personId: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  communeCode: z.string(),
  pollingStationCode: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
});

export const ProxyMatchSchema = z.object({
  id: z.string(),
  requestId: z.string(),
  offerId: z.string(),
  status: ProxyMatchStatusSchema,
  level: ProxyMatchLevelSchema,
  fullCoverage: z.boolean(),
  distanceKm: z.number().nullable(),
  rounds: z.array(z.string()),
  establishedAbroad: z.boolean(),
  giver: PartySchema,
  holder: PartySchema,
  dates: z.object({
    proposedAt: z.string(),
    acceptedAt: z.string().nullable(),
    giverInformedAt: z.string().nullable(),
    establishedAt: z.string().nullable(),
    confirmedByHolderAt: z.string().nullable(),
    votedAt: z.string().nullable(),
    rejectedAt: z.string().nullable(),
    cancelledAt: z.string().nullable(),
  }),
  giverMessage: z.string().nullable(),
  holderMessage: z.string().nullable(),
});
export type ProxyMatch = z.infer<typeof ProxyMatchSchema>;

export const ProxyMatchListQuerySchema = z.object({
  status: ProxyMatchStatusSchema.optional(),
  pollingStationCode: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  /** Matches with an id below this one (pages, newest first). */
  before: DigitsId.optional(),
});

export const MatchingRunSchema = z.object({ inline: z.boolean(), proposed: z.number().nullable(), jobId: z.string().nullable() });

export const MatchStatusChangeSchema = z.object({
  status: z.enum(['giver_informed', 'established', 'confirmed_by_holder', 'voted', 'cancelled']),
  /** When it happened; now when absent. */
  at: z.iso.datetime({ offset: true }).optional(),
  note: z.string().max(2000).optional(),
});

const Counts = z.record(z.string(), z.number());
export const ProxyBoardSchema = z.object({
  requests: Counts,
  offers: Counts,
  matches: Counts,
  /** Per giver's polling station: counts of requests without live match ('unmatched') and of matches per status. */
  byPollingStation: z.array(z.object({ code: z.string(), counts: Counts })),
  /** Per giver's constituency (people.constituency_code). */
  byConstituency: z.array(z.object({ code: z.string(), counts: Counts })),
});
export type ProxyBoard = z.infer<typeof ProxyBoardSchema>;

export const CallListQuerySchema = z.object({
  /**
   * A match status; 'unmatched': givers with an open request and holders with an available offer,
   * both without a live match; 'not_emailed': people of live matches an automatic reminder could not
   * reach by e-mail (no address, or "do not e-mail"), to remind by phone.
   */
  status: z.union([ProxyMatchStatusSchema, z.literal('unmatched'), z.literal('not_emailed')]),
  side: z.enum(['giver', 'holder', 'both']).default('both'),
});
export const CallListSchema = z.object({ personIds: z.array(z.string()) });

export const CommuneCoordinatesImportSchema = z.object({
  coordinates: z.array(z.object({ communeCode: CommuneCodeSchema, lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) })).min(1).max(50_000),
});
export const PollingStationsImportSchema = z.object({
  stations: z
    .array(z.object({ code: z.string().trim().min(1).max(100), communeCode: CommuneCodeSchema, name: z.string().trim().max(200).default(''), address: z.string().trim().max(500).default('') }))
    .min(1)
    .max(50_000),
});
export const SavedCountSchema = z.object({ saved: z.number() });

const MatchIdParams = z.object({ matchId: DigitsId });

const PageQuery = { limit: z.coerce.number().int().min(1).max(500).default(100), before: DigitsId.optional() };
export const ProxyRequestSummarySchema = z.object({
  id: z.string(),
  personId: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  communeCode: z.string(),
  pollingStationCode: z.string().nullable(),
  rounds: z.array(z.string()),
  status: z.string(),
  origin: z.string(),
  createdAt: z.string(),
  establishedAbroad: z.boolean(),
});
export const ProxyOfferSummarySchema = ProxyRequestSummarySchema.omit({ establishedAbroad: true }).extend({
  maxTravelKm: z.number().nullable(),
  proxiesHeld: z.number(),
  proxiesHeldInFrance: z.number(),
});

/**
 * Turns tagged people (an import's tag, or calls saved before calls created requests themselves)
 * into requests or offers; rounds default to the organization's open rounds.
 */
export const FromTagSchema = z.object({
  kind: z.enum(['request', 'offer']),
  tagName: z.string().trim().min(1).max(100),
  rounds: z.array(IsoDate).min(1).max(4).optional(),
});
/**
 * Reminders an organizer sends: 'establish' to givers whose match is accepted but not yet
 * established and whose first round is near; 'round' to holders of established proxies the days
 * before a round they vote on.
 */
export const RemindersSchema = z.object({
  kind: z.enum(['establish', 'round']),
  withinDays: z.number().int().min(0).max(60).default(7),
});
export const RemindersResultSchema = z.object({ queued: z.number(), withoutEmail: z.array(z.string()) });
export const FromTagResultSchema = z.object({ created: z.number(), withoutCommune: z.number() });

export const proxyRoutes = {
  publicProxyRounds: route({
    method: 'GET',
    path: '/api/public/:orgSlug/proxies/rounds',
    access: 'public',
    summary: 'The rounds the public forms offer (deadline not passed), soonest first',
    tags: ['proxies'],
    params: OrgSlugParams,
    response: ProxyRoundListSchema,
  }),
  listProxyRounds: route({
    method: 'GET',
    path: '/api/proxies/rounds',
    access: 'proxies.manage',
    summary: "The organization's election rounds, past ones included",
    tags: ['proxies'],
    response: ProxyRoundListSchema,
  }),
  createProxyRound: route({
    method: 'POST',
    path: '/api/proxies/rounds',
    access: 'proxies.manage',
    summary: 'Adds an election round (label, date, deadline) and schedules its reminders',
    tags: ['proxies'],
    body: ProxyRoundInputSchema,
    response: ProxyRoundSchema,
    status: 201,
  }),
  updateProxyRound: route({
    method: 'PUT',
    path: '/api/proxies/rounds/:roundId',
    access: 'proxies.manage',
    summary: "Changes a round; a new date moves it on every request, offer and match, and its reminders follow",
    tags: ['proxies'],
    params: RoundIdParams,
    body: ProxyRoundInputSchema,
    response: ProxyRoundSchema,
  }),
  deleteProxyRound: route({
    method: 'DELETE',
    path: '/api/proxies/rounds/:roundId',
    access: 'proxies.manage',
    summary: 'Deletes a round no request, offer or match names',
    tags: ['proxies'],
    params: RoundIdParams,
    response: z.object({ ok: z.literal(true) }),
  }),
  publicProxyRequest: route({
    method: 'POST',
    path: '/api/public/:orgSlug/proxies/requests',
    access: 'public',
    summary: 'Public form: "I need someone to vote for me"',
    tags: ['proxies'],
    params: OrgSlugParams,
    body: ProxyRequestFormSchema,
    response: ProxyFormReceivedSchema,
    status: 201,
  }),
  publicProxyOffer: route({
    method: 'POST',
    path: '/api/public/:orgSlug/proxies/offers',
    access: 'public',
    summary: 'Public form: "I can vote for someone"',
    tags: ['proxies'],
    params: OrgSlugParams,
    body: ProxyOfferFormSchema,
    response: ProxyFormReceivedSchema,
    status: 201,
  }),
  publicProxyStations: route({
    method: 'GET',
    path: '/api/public/:orgSlug/proxies/stations',
    access: 'public',
    summary: "The polling stations of a commune the public forms offer",
    tags: ['proxies'],
    params: OrgSlugParams,
    query: z.object({ communeCode: CommuneCodeSchema }),
    response: CommuneStationsSchema,
  }),
  publicProxyCommunes: route({
    method: 'GET',
    path: '/api/public/:orgSlug/proxies/communes',
    access: 'public',
    summary: 'Finds communes by name or postal-code-like INSEE prefix, for the public forms',
    tags: ['proxies'],
    params: OrgSlugParams,
    query: z.object({ q: z.string().trim().min(2).max(100) }),
    response: CommuneSearchSchema,
  }),
  proxyBoard: route({
    method: 'GET',
    path: '/api/proxies/board',
    access: 'proxies.manage',
    summary: 'Counts of requests, offers and matches per status, polling station and constituency',
    tags: ['proxies'],
    response: ProxyBoardSchema,
  }),
  runProxyMatching: route({
    method: 'POST',
    path: '/api/proxies/matching',
    access: 'proxies.manage',
    summary: 'Proposes holders for every open request (a background job for large sets)',
    tags: ['proxies'],
    body: z.object({}).optional(),
    response: MatchingRunSchema,
  }),
  listProxyMatches: route({
    method: 'GET',
    path: '/api/proxies/matches',
    access: 'proxies.manage',
    summary: 'Matches, newest first, by status or polling station',
    tags: ['proxies'],
    query: ProxyMatchListQuerySchema,
    response: z.object({ matches: z.array(ProxyMatchSchema) }),
  }),
  acceptProxyMatch: route({
    method: 'POST',
    path: '/api/proxies/matches/:matchId/accept',
    access: 'proxies.manage',
    summary: 'Records that both sides accepted a proposal; queues each side its message',
    tags: ['proxies'],
    params: MatchIdParams,
    body: z.object({}).optional(),
    response: ProxyMatchSchema,
  }),
  rejectProxyMatch: route({
    method: 'POST',
    path: '/api/proxies/matches/:matchId/reject',
    access: 'proxies.manage',
    summary: 'Rejects a proposal: the pair is never proposed again',
    tags: ['proxies'],
    params: MatchIdParams,
    body: z.object({ note: z.string().max(2000).optional() }).optional(),
    response: ProxyMatchSchema,
  }),
  setProxyMatchStatus: route({
    method: 'POST',
    path: '/api/proxies/matches/:matchId/status',
    access: 'proxies.manage',
    summary: 'Advances an accepted match (giver informed, established, confirmed, voted) or cancels it',
    tags: ['proxies'],
    params: MatchIdParams,
    body: MatchStatusChangeSchema,
    response: ProxyMatchSchema,
  }),
  proxyCallList: route({
    method: 'GET',
    path: '/api/proxies/call-list',
    access: 'proxies.manage',
    summary: 'The people (givers, holders or both) of the matches in one status, to chase by phone',
    tags: ['proxies'],
    query: CallListQuerySchema,
    response: CallListSchema,
  }),
  listProxyRequests: route({
    method: 'GET',
    path: '/api/proxies/requests',
    access: 'proxies.manage',
    summary: 'Proxy requests, newest first',
    tags: ['proxies'],
    query: z.object({ status: z.enum(['open', 'matched', 'done', 'cancelled']).optional(), ...PageQuery }),
    response: z.object({ requests: z.array(ProxyRequestSummarySchema) }),
  }),
  listProxyOffers: route({
    method: 'GET',
    path: '/api/proxies/offers',
    access: 'proxies.manage',
    summary: 'Proxy offers, newest first',
    tags: ['proxies'],
    query: z.object({ status: z.enum(['available', 'withdrawn']).optional(), ...PageQuery }),
    response: z.object({ offers: z.array(ProxyOfferSummarySchema) }),
  }),
  cancelProxyRequest: route({
    method: 'POST',
    path: '/api/proxies/requests/:requestId/cancel',
    access: 'proxies.manage',
    summary: 'Cancels a request (the voter no longer needs it) and its live match',
    tags: ['proxies'],
    params: z.object({ requestId: DigitsId }),
    body: z.object({}).optional(),
    response: z.object({ cancelledMatches: z.number() }),
  }),
  withdrawProxyOffer: route({
    method: 'POST',
    path: '/api/proxies/offers/:offerId/withdraw',
    access: 'proxies.manage',
    summary: 'Withdraws an offer (the volunteer can no longer) and cancels its live matches',
    tags: ['proxies'],
    params: z.object({ offerId: DigitsId }),
    body: z.object({}).optional(),
    response: z.object({ cancelledMatches: z.number() }),
  }),
  sendProxyReminders: route({
    method: 'POST',
    path: '/api/proxies/reminders',
    access: 'proxies.manage',
    summary: 'Queues reminders: givers to establish their proxy, holders to go and vote; lists who has no e-mail (to call)',
    tags: ['proxies'],
    body: RemindersSchema,
    response: RemindersResultSchema,
  }),
  proxiesFromTag: route({
    method: 'POST',
    path: '/api/proxies/from-tag',
    access: 'proxies.manage',
    summary: 'Creates requests or offers for the people a call script tagged (who have a commune and none yet)',
    tags: ['proxies'],
    body: FromTagSchema,
    response: FromTagResultSchema,
  }),
  importCommuneCoordinates: route({
    method: 'PUT',
    path: '/api/proxies/commune-coordinates',
    access: 'proxies.manage',
    summary: 'Imports commune coordinates (INSEE → lat/lon) to match by distance',
    tags: ['proxies'],
    body: CommuneCoordinatesImportSchema,
    response: SavedCountSchema,
  }),
  importPollingStations: route({
    method: 'PUT',
    path: '/api/proxies/polling-stations',
    access: 'proxies.manage',
    summary: 'Imports polling stations (code, commune, name, address) for the forms and messages',
    tags: ['proxies'],
    body: PollingStationsImportSchema,
    response: SavedCountSchema,
  }),
};
