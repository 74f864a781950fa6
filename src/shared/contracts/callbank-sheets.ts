import { z } from 'zod';
import { ScriptDocumentSchema } from '../scripts/script.schema.js';
import { ClaimSchema } from './callbank.js';
import { route } from './route.js';

const DigitsId = z.string().regex(/^\d{1,18}$/);
const CampaignIdParams = z.object({ campaignId: DigitsId });
const TargetParams = z.object({ campaignId: DigitsId, targetId: DigitsId });

/** A campaign this user was handed (invited, split, sheet, or hosting its event), on their home page. */
export const MyCampaignSchema = z.object({
  id: z.string(),
  name: z.string(),
  status: z.enum(['active', 'paused']),
  mode: z.enum(['shared_pool', 'split']),
  /** People dealt to this caller (split or printed sheet) still to call. */
  handedRemaining: z.number(),
});
export type MyCampaign = z.infer<typeof MyCampaignSchema>;

/** One person on a printed call sheet: only what a caller may see, and the target the QR code opens. */
export const SheetPersonSchema = z.object({
  targetId: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  commune: z.string().nullable(),
  /** E.164; printed in national format. */
  phone: z.string().nullable(),
  attempts: z.number(),
  /** Set when this person asked to be called back at a given time. */
  callbackAt: z.string().nullable(),
});
export type SheetPerson = z.infer<typeof SheetPersonSchema>;

/** A printable call sheet: the campaign, its script to summarize, and the people to call. */
export const CallSheetSchema = z.object({
  campaign: z.object({ id: z.string(), name: z.string(), mode: z.enum(['shared_pool', 'split']), status: z.string(), briefing: z.string() }),
  script: z.object({ name: z.string(), document: ScriptDocumentSchema }),
  /** Whose sheet this is; null for an organizer's sheet of the whole list. */
  caller: z.object({ userId: z.string(), name: z.string() }).nullable(),
  people: z.array(SheetPersonSchema),
  /** How many people the sheet would hold without the limit. */
  total: z.number(),
  generatedAt: z.string(),
});
export type CallSheet = z.infer<typeof CallSheetSchema>;

export const SHEET_MAX_PEOPLE = 2000;
export const SheetQuerySchema = z.object({
  /** One caller's share (split or reserved by a sheet) instead of the whole list. */
  callerId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(SHEET_MAX_PEOPLE).default(500),
});

export const SheetReserveSchema = z.object({ count: z.number().int().min(1).max(200) });
export const SheetReserveForCallerSchema = SheetReserveSchema.extend({ userId: z.uuid() });
export const SheetReserveResultSchema = z.object({ reserved: z.number() });
export const SheetReleaseForCallerSchema = z.object({ userId: z.uuid() });
export const SheetReleaseResultSchema = z.object({ released: z.number() });

/**
 * Opening one given person on the call screen (from a sheet's QR code): their call, or why it
 * cannot be entered any more. A person never handed to this user answers 404.
 */
export const OpenTargetResultSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('claimed'), claim: ClaimSchema, withinHours: z.boolean() }),
  z.object({ status: z.literal('unavailable'), reason: z.enum(['finished', 'held', 'do_not_call', 'not_active']) }),
]);
export type OpenTargetResult = z.infer<typeof OpenTargetResultSchema>;

/** Printable call sheets, the caller's own campaigns, and opening a given person from a sheet. */
export const callSheetRoutes = {
  myCallCampaigns: route({
    method: 'GET',
    path: '/api/my-call-campaigns',
    access: 'calls.make',
    summary: 'The open campaigns this user was handed (invited, split, sheet or hosted event)',
    tags: ['callbank'],
    response: z.object({ campaigns: z.array(MyCampaignSchema) }),
  }),
  campaignCallSheet: route({
    method: 'GET',
    path: '/api/call-campaigns/:campaignId/sheet',
    access: 'campaigns.manage',
    summary: "A printable call sheet of the campaign's people still to call, or of one caller's share",
    tags: ['callbank'],
    params: CampaignIdParams,
    query: SheetQuerySchema,
    response: CallSheetSchema,
  }),
  reserveSheetForCaller: route({
    method: 'POST',
    path: '/api/call-campaigns/:campaignId/sheet/reserve',
    access: 'campaigns.manage',
    summary: 'Reserve people of a shared pool for one caller, to print on their sheet',
    tags: ['callbank'],
    params: CampaignIdParams,
    body: SheetReserveForCallerSchema,
    response: SheetReserveResultSchema,
  }),
  releaseSheetOfCaller: route({
    method: 'POST',
    path: '/api/call-campaigns/:campaignId/sheet/release',
    access: 'campaigns.manage',
    summary: 'Give the people reserved for one caller and not yet finished back to the shared pool',
    tags: ['callbank'],
    params: CampaignIdParams,
    body: SheetReleaseForCallerSchema,
    response: SheetReleaseResultSchema,
  }),
  myCallSheet: route({
    method: 'GET',
    path: '/api/call/:campaignId/sheet',
    access: 'calls.make',
    summary: 'The printable call sheet of the people handed to this caller (split share or reserved)',
    tags: ['callbank'],
    params: CampaignIdParams,
    response: CallSheetSchema,
  }),
  reserveMySheet: route({
    method: 'POST',
    path: '/api/call/:campaignId/sheet/reserve',
    access: 'calls.make',
    summary: 'Reserve people of a shared pool for this caller, to print on their sheet',
    tags: ['callbank'],
    params: CampaignIdParams,
    body: SheetReserveSchema,
    response: SheetReserveResultSchema,
  }),
  releaseMySheet: route({
    method: 'POST',
    path: '/api/call/:campaignId/sheet/release',
    access: 'calls.make',
    summary: 'Give the people reserved for this caller and not yet finished back to the shared pool',
    tags: ['callbank'],
    params: CampaignIdParams,
    response: SheetReleaseResultSchema,
  }),
  phoneSignInLink: route({
    method: 'POST',
    path: '/api/call/:campaignId/phone-link',
    access: 'calls.make',
    summary: 'A single-use sign-in link (15 minutes) to open this campaign on the caller’s own phone',
    tags: ['callbank'],
    params: CampaignIdParams,
    response: z.object({ url: z.string(), expiresAt: z.string() }),
  }),
  openCallTarget: route({
    method: 'POST',
    path: '/api/call/:campaignId/targets/:targetId/open',
    access: 'calls.make',
    summary: 'Take a given person handed to this caller (from a call sheet) as the current call; 404 for anyone else',
    tags: ['callbank'],
    params: TargetParams,
    response: OpenTargetResultSchema,
  }),
};
