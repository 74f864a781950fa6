import { z } from 'zod';
import { FilterSchema } from '../people/filter.js';
import { ScriptAnswersSchema, ScriptDocumentSchema } from '../scripts/script.schema.js';
import { EmailSchema } from './auth.js';
import { route } from './route.js';

const DigitsId = z.string().regex(/^\d{1,18}$/);
const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);

export const CALL_OUTCOMES = ['no_answer', 'voicemail', 'busy', 'wrong_number', 'refused', 'callback', 'talked', 'do_not_call'] as const;
export const CallOutcomeSchema = z.enum(CALL_OUTCOMES);
export type CallOutcomeName = z.infer<typeof CallOutcomeSchema>;
export const CampaignModeSchema = z.enum(['shared_pool', 'split']);
export const CampaignStatusSchema = z.enum(['draft', 'active', 'paused', 'done']);

/**
 * Who a campaign calls, chosen when it is created: a saved list (dynamic or static), a people
 * filter as the lists module writes it, a quick filter (support levels, tags, communes, polling
 * stations), or given people.
 */
export const CampaignSourceSchema = z.union([
  z.object({ listId: DigitsId }),
  z.object({ peopleFilter: FilterSchema }),
  z.object({
    filter: z.object({
      supportLevels: z.array(z.number().int().min(1).max(5)).max(5).optional(),
      tags: z.array(z.string().trim().min(1).max(100)).max(20).optional(),
      communeCodes: z.array(z.string().trim().min(1).max(10)).max(500).optional(),
      pollingStationCodes: z.array(z.string().trim().min(1).max(50)).max(500).optional(),
    }),
  }),
  z.object({ personIds: z.array(DigitsId).min(1).max(100_000) }),
]);
export type CampaignSource = z.infer<typeof CampaignSourceSchema>;

const WeekdayHoursSchema = z.partialRecord(z.enum(['1', '2', '3', '4', '5', '6', '7']), z.object({ start: ClockTime, end: ClockTime }).nullable());

export const CampaignCreateSchema = z.object({
  name: z.string().trim().min(1).max(200),
  scriptVersionId: DigitsId,
  pathId: DigitsId.nullable().optional(),
  source: CampaignSourceSchema,
  /** Defaults to the organization's time zone. */
  timeZone: z.string().min(1).max(64).optional(),
  hoursStart: ClockTime.default('09:00'),
  hoursEnd: ClockTime.default('21:00'),
  weekdayHours: WeekdayHoursSchema.default({}),
  maxAttempts: z.number().int().min(1).max(20).default(3),
  retryDelayMinutes: z.number().int().min(1).max(43_200).default(240),
  claimTimeoutSeconds: z.number().int().min(30).max(86_400).default(900),
  mode: CampaignModeSchema.default('shared_pool'),
  excludedSupportLevels: z.array(z.number().int().min(1).max(5)).max(5).default([]),
  briefing: z.string().max(20_000).default(''),
});
export type CampaignCreate = z.infer<typeof CampaignCreateSchema>;

export const CampaignSchema = z.object({
  id: z.string(),
  name: z.string(),
  scriptVersionId: z.string(),
  pathId: z.string().nullable(),
  timeZone: z.string(),
  hoursStart: z.string(),
  hoursEnd: z.string(),
  weekdayHours: WeekdayHoursSchema,
  maxAttempts: z.number(),
  retryDelayMinutes: z.number(),
  claimTimeoutSeconds: z.number(),
  mode: CampaignModeSchema,
  excludedSupportLevels: z.array(z.number()),
  briefing: z.string(),
  status: CampaignStatusSchema,
  targetCount: z.number(),
  createdAt: z.string(),
});
export type Campaign = z.infer<typeof CampaignSchema>;

export const CampaignStatusChangeSchema = z.object({ status: z.enum(['active', 'paused', 'done']) });

export const CallerInviteSchema = z.object({
  email: EmailSchema,
  name: z.string().trim().min(1).max(200),
});
export const CallerInvitationSchema = z.object({ url: z.string(), expiresAt: z.string(), userId: z.uuid() });

export const SplitSchema = z.object({
  /** The callers to split among (default: every caller invited to the campaign). */
  userIds: z.array(z.uuid()).min(1).max(10_000).optional(),
});

export const ProgressSchema = z.object({
  toCall: z.number(),
  inProgress: z.number(),
  done: z.number(),
  exhausted: z.number(),
  excluded: z.number(),
  callbacksDue: z.number(),
  callbacksLater: z.number(),
  calls: z.number(),
  outcomes: z.record(z.string(), z.number()),
  perCaller: z.array(
    z.object({ userId: z.uuid(), name: z.string(), assigned: z.number(), remaining: z.number(), calls: z.number(), talked: z.number() }),
  ),
});
export type Progress = z.infer<typeof ProgressSchema>;

/** The person as a caller sees them: only what the script needs, nothing more. */
export const CallPersonSchema = z.object({
  firstName: z.string(),
  lastName: z.string(),
  commune: z.string().nullable(),
  /** E.164, for the tel: link. */
  phone: z.string().nullable(),
});
export type CallPerson = z.infer<typeof CallPersonSchema>;

export const ClaimSchema = z.object({
  targetId: z.string(),
  attempts: z.number(),
  claimExpiresAt: z.string(),
  person: CallPersonSchema,
});
export type Claim = z.infer<typeof ClaimSchema>;

/** Why nobody is handed out right now. */
export const NoClaimReasonSchema = z.enum(['not_active', 'outside_hours', 'nobody_due', 'finished']);
export const ClaimResultSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('claimed'), claim: ClaimSchema }),
  z.object({ status: z.literal('none'), reason: NoClaimReasonSchema, nextDueAt: z.string().nullable() }),
]);
export type ClaimResult = z.infer<typeof ClaimResultSchema>;

export const OutcomeSchema = z.object({
  /** Generated by the caller's screen before the first try: a retried save is stored once. */
  callId: z.uuid(),
  outcome: CallOutcomeSchema,
  answers: ScriptAnswersSchema.default({}),
  notes: z.string().max(5000).optional(),
  /** Required for a callback: when to call again. */
  callbackAt: z.iso.datetime({ offset: true }).optional(),
  startedAt: z.iso.datetime({ offset: true }).optional(),
  /** Hand out the next person in the same request, once the call is saved (the caller screen's "save and next"). */
  next: z.boolean().optional(),
});
export type OutcomeInput = z.infer<typeof OutcomeSchema>;

export const OutcomeResultSchema = z.object({
  callId: z.string(),
  targetStatus: z.string(),
  /** True when this call id had already been saved (a retry). */
  duplicate: z.boolean(),
  myCalls: z.number(),
  /** With `next`: the person handed out after this call (absent if that failed: ask /claim). */
  next: ClaimResultSchema.optional(),
});

export const CallerCampaignSchema = z.object({
  id: z.string(),
  name: z.string(),
  status: CampaignStatusSchema,
  briefing: z.string(),
  mode: CampaignModeSchema,
  timeZone: z.string(),
  hoursStart: z.string(),
  hoursEnd: z.string(),
  weekdayHours: WeekdayHoursSchema,
  script: z.object({ versionId: z.string(), name: z.string(), document: ScriptDocumentSchema }),
  callerName: z.string(),
  myCallsToday: z.number(),
  myCallsTotal: z.number(),
});
export type CallerCampaign = z.infer<typeof CallerCampaignSchema>;

export const CampaignIdParamsSchema = z.object({ campaignId: DigitsId });
export const TargetParamsSchema = z.object({ campaignId: DigitsId, targetId: DigitsId });

/** Call campaigns: organizers build and watch them; callers claim people and record outcomes. */
export const callbankRoutes = {
  listCallCampaigns: route({
    method: 'GET',
    path: '/api/call-campaigns',
    access: 'campaigns.manage',
    summary: "The organization's call campaigns",
    tags: ['callbank'],
    response: z.object({ campaigns: z.array(CampaignSchema) }),
  }),
  createCallCampaign: route({
    method: 'POST',
    path: '/api/call-campaigns',
    access: 'campaigns.manage',
    summary: 'Create a call campaign (draft) from a filter or given people, with a published script version',
    tags: ['callbank'],
    body: CampaignCreateSchema,
    response: CampaignSchema,
    status: 201,
  }),
  getCallCampaign: route({
    method: 'GET',
    path: '/api/call-campaigns/:campaignId',
    access: 'campaigns.manage',
    summary: 'One call campaign and its settings',
    tags: ['callbank'],
    params: CampaignIdParamsSchema,
    response: CampaignSchema,
  }),
  setCallCampaignStatus: route({
    method: 'PUT',
    path: '/api/call-campaigns/:campaignId/status',
    access: 'campaigns.manage',
    summary: 'Activate, pause or close a call campaign',
    tags: ['callbank'],
    params: CampaignIdParamsSchema,
    body: CampaignStatusChangeSchema,
    response: CampaignSchema,
  }),
  inviteCampaignCaller: route({
    method: 'POST',
    path: '/api/call-campaigns/:campaignId/callers',
    access: 'campaigns.manage',
    summary: "Invite a volunteer caller by a sign-in link that opens this campaign's caller screen",
    tags: ['callbank'],
    params: CampaignIdParamsSchema,
    body: CallerInviteSchema,
    response: CallerInvitationSchema,
    status: 201,
  }),
  splitCallCampaign: route({
    method: 'POST',
    path: '/api/call-campaigns/:campaignId/split',
    access: 'campaigns.manage',
    summary: 'Divide the people not yet called among named callers (split lists)',
    tags: ['callbank'],
    params: CampaignIdParamsSchema,
    body: SplitSchema,
    response: z.object({ callers: z.number(), assigned: z.number() }),
  }),
  callCampaignProgress: route({
    method: 'GET',
    path: '/api/call-campaigns/:campaignId/progress',
    access: 'campaigns.manage',
    summary: 'To call, in progress, done, callbacks due, and per caller',
    tags: ['callbank'],
    params: CampaignIdParamsSchema,
    response: ProgressSchema,
  }),
  callerCampaign: route({
    method: 'GET',
    path: '/api/call/:campaignId',
    access: 'calls.make',
    summary: "The caller's view of a campaign: briefing, published script, own call count",
    tags: ['callbank'],
    params: CampaignIdParamsSchema,
    response: CallerCampaignSchema,
  }),
  claimNextPerson: route({
    method: 'POST',
    path: '/api/call/:campaignId/claim',
    access: 'calls.make',
    summary: 'The person this caller holds, else the next person due (never given to two callers)',
    tags: ['callbank'],
    params: CampaignIdParamsSchema,
    response: ClaimResultSchema,
  }),
  callTarget: route({
    method: 'GET',
    path: '/api/call/:campaignId/targets/:targetId',
    access: 'calls.make',
    summary: 'The person of a target this caller holds (404 for anyone else)',
    tags: ['callbank'],
    params: TargetParamsSchema,
    response: ClaimSchema,
  }),
  recordCallOutcome: route({
    method: 'POST',
    path: '/api/call/:campaignId/targets/:targetId/outcome',
    access: 'calls.make',
    summary: "Save a call's outcome and answers (idempotent on the call id)",
    tags: ['callbank'],
    params: TargetParamsSchema,
    body: OutcomeSchema,
    response: OutcomeResultSchema,
  }),
};
