import { isWithinCallingHours } from '../../../shared/callbank/calling-hours.js';
import { SHEET_MAX_PEOPLE, type CallSheet, type MyCampaign, type OpenTargetResult } from '../../../shared/contracts/callbank-sheets.js';
import type { AppContext } from '../../platform/context.js';
import { inOrg, type Tx } from '../../platform/db/database.js';
import type { OrgActor } from '../../platform/http/actor.js';
import { AppError, notFound } from '../../platform/http/errors.js';
import { issueOwnSignInLink } from '../auth/sign-in-links.js';
import { managesCampaigns, requireCampaignAccess } from './callbank.access.js';
import { callingHoursOf, presentClaim } from './callbank.mappers.js';
import * as repo from './callbank.repository.js';
import type { CampaignRow } from './callbank.repository.js';
import * as sheets from './callbank.sheets.repository.js';
import { loadPublishedScript } from './callbank.scripts.js';

function run<T>(ctx: AppContext, actor: OrgActor, fn: (tx: Tx, orgId: string) => Promise<T>): Promise<T> {
  return inOrg(ctx.database.db, { orgId: actor.org.id, userId: actor.user.id }, (tx) => fn(tx, actor.org.id));
}

const invalid = (path: string, message: string) => new AppError('validation_failed', { fields: [{ path, message }] });

/** The campaign as a caller may open it: handed to them and not a draft (organizers see drafts). */
async function openCampaign(tx: Tx, actor: OrgActor, campaignId: string): Promise<CampaignRow> {
  await requireCampaignAccess(tx, actor, campaignId);
  const campaign = await repo.findCampaign(tx, actor.org.id, campaignId);
  if (!campaign || (campaign.status === 'draft' && !managesCampaigns(actor))) throw notFound();
  return campaign;
}

/** The open campaigns this user was invited to, dealt a share of, or hosts the event of. */
export function listMyCampaigns(ctx: AppContext, actor: OrgActor): Promise<MyCampaign[]> {
  return run(ctx, actor, (tx, orgId) => sheets.handedCampaigns(tx, orgId, actor.user.id));
}

async function buildSheet(tx: Tx, actor: OrgActor, campaign: CampaignRow, caller: { userId: string; name: string } | null, limit: number, now: Date): Promise<CallSheet> {
  const orgId = actor.org.id;
  const script = await loadPublishedScript(tx, orgId, campaign.script_version_id);
  if (!script) throw new AppError('conflict', { detail: 'campaign script version missing' });
  const rows = await sheets.sheetPeople(tx, orgId, campaign.id, { assignedTo: caller?.userId ?? null, excludedLevels: campaign.excluded_support_levels, limit });
  // Printing shows these people to whoever prints: logged like a hand-out.
  await sheets.auditSheetReads(tx, orgId, actor.user.id, campaign.id, rows.map((r) => r.person_id));
  return {
    campaign: { id: campaign.id, name: campaign.name, mode: campaign.mode, status: campaign.status, briefing: campaign.briefing },
    script: { name: script.name, document: script.document },
    caller,
    people: rows.map((row) => {
      const { targetId, attempts, person } = presentClaim(row);
      return {
        targetId,
        attempts,
        ...person,
        callbackAt: row.status === 'callback' ? row.next_attempt_at.toISOString() : null,
      };
    }),
    total: Number(rows[0]?.total ?? 0),
    generatedAt: now.toISOString(),
  };
}

/**
 * An organizer's printable sheet: the people of the campaign still to call, or one caller's share
 * (their split, or what sheets reserved for them). Never a do-not-call person.
 */
export function campaignSheet(ctx: AppContext, actor: OrgActor, campaignId: string, query: { callerId?: string | undefined; limit: number }): Promise<CallSheet> {
  return run(ctx, actor, async (tx, orgId) => {
    const campaign = await repo.findCampaign(tx, orgId, campaignId);
    if (!campaign) throw notFound();
    let caller: { userId: string; name: string } | null = null;
    if (query.callerId) {
      const name = await callerName(tx, orgId, query.callerId);
      if (!name) throw invalid('query.callerId', 'validation:call_not_a_caller');
      caller = { userId: query.callerId, name };
    }
    return buildSheet(tx, actor, campaign, caller, query.limit, ctx.clock());
  });
}

/** A caller's own printable sheet: the people dealt to them, by a split or by reserving for a sheet. */
export function mySheet(ctx: AppContext, actor: OrgActor, campaignId: string): Promise<CallSheet> {
  return run(ctx, actor, async (tx) => {
    const campaign = await openCampaign(tx, actor, campaignId);
    return buildSheet(tx, actor, campaign, { userId: actor.user.id, name: actor.user.name }, SHEET_MAX_PEOPLE, ctx.clock());
  });
}

async function callerName(tx: Tx, orgId: string, userId: string): Promise<string | null> {
  const [member] = await repo.membersWhoCall(tx, orgId, [userId]);
  if (!member) return null;
  const user = await tx.selectFrom('users').select('name').where('id', '=', userId).executeTakeFirst();
  return user?.name ?? null;
}

async function reserve(ctx: AppContext, tx: Tx, orgId: string, campaign: CampaignRow, userId: string, count: number) {
  // A split already deals every person; reserving would take people from another caller's share.
  if (campaign.mode === 'split') throw invalid('count', 'validation:call_sheet_split_mode');
  if (campaign.status === 'done') throw invalid('count', 'validation:call_sheet_closed');
  await repo.addCampaignCaller(tx, orgId, campaign.id, userId);
  const reserved = await sheets.reserveTargets(tx, orgId, campaign.id, userId, count, campaign.excluded_support_levels, ctx.clock());
  return { reserved };
}

/**
 * Reserves people of a shared pool for the caller printing a sheet: from now on they are theirs,
 * as in a split (no other caller is handed them), until called.
 */
export function reserveMySheet(ctx: AppContext, actor: OrgActor, campaignId: string, count: number) {
  return run(ctx, actor, async (tx, orgId) => reserve(ctx, tx, orgId, await openCampaign(tx, actor, campaignId), actor.user.id, count));
}

/** An organizer reserves people of a shared pool for one caller's printed sheet (and so invites them). */
export function reserveSheetForCaller(ctx: AppContext, actor: OrgActor, campaignId: string, input: { userId: string; count: number }) {
  return run(ctx, actor, async (tx, orgId) => {
    const campaign = await repo.findCampaign(tx, orgId, campaignId);
    if (!campaign) throw notFound();
    if ((await repo.membersWhoCall(tx, orgId, [input.userId])).length === 0) throw invalid('userId', 'validation:call_not_a_caller');
    return reserve(ctx, tx, orgId, campaign, input.userId, input.count);
  });
}

async function release(ctx: AppContext, tx: Tx, orgId: string, campaign: CampaignRow, userId: string) {
  // A split caller's share is theirs by the split: giving it back would leave it to nobody.
  if (campaign.mode === 'split') throw invalid('mode', 'validation:call_sheet_release_split');
  return { released: await sheets.releaseReserved(tx, orgId, campaign.id, userId, ctx.clock()) };
}

/** A caller gives the people of their sheet they will not call back to the shared pool. */
export function releaseMySheet(ctx: AppContext, actor: OrgActor, campaignId: string) {
  return run(ctx, actor, async (tx, orgId) => release(ctx, tx, orgId, await openCampaign(tx, actor, campaignId), actor.user.id));
}

/** An organizer gives a caller's unfinished reserved people back to the pool (a volunteer who did not come). */
export function releaseSheetOfCaller(ctx: AppContext, actor: OrgActor, campaignId: string, input: { userId: string }) {
  return run(ctx, actor, async (tx, orgId) => {
    const campaign = await repo.findCampaign(tx, orgId, campaignId);
    if (!campaign) throw notFound();
    return release(ctx, tx, orgId, campaign, input.userId);
  });
}

/**
 * Takes a given person as the caller's current call, e.g. opened from a call sheet's QR code to
 * enter what was said on a paper call. Only a person handed to this caller (their split or sheet
 * share, or the call they hold; any person of the campaign for an organizer) — 404 otherwise,
 * exactly as for a person that does not exist. The caller's other claim in the campaign goes back
 * to the pool. Calling hours do not stop the entry of a call made earlier; the screen is told.
 */
export function openTarget(ctx: AppContext, actor: OrgActor, campaignId: string, targetId: string): Promise<OpenTargetResult> {
  const userId = actor.user.id;
  return run(ctx, actor, async (tx, orgId) => {
    const campaign = await openCampaign(tx, actor, campaignId);
    const now = ctx.clock();
    const row = await sheets.lockTargetToOpen(tx, orgId, campaignId, targetId, now);
    if (!row) throw notFound();
    const holdsIt = row.status === 'claimed' && row.claimed_by === userId;
    if (!managesCampaigns(actor) && row.assigned_caller !== userId && !holdsIt) throw notFound();
    if (campaign.status !== 'active' && campaign.status !== 'paused') return { status: 'unavailable', reason: 'not_active' };
    if (row.status === 'done' || row.status === 'exhausted' || row.status === 'excluded') return { status: 'unavailable', reason: 'finished' };
    const heldByOther = row.status === 'claimed' && row.claimed_by !== null && row.claimed_by !== userId && (row.claim_expires_at?.getTime() ?? 0) > now.getTime();
    if (heldByOther || row.held_elsewhere) return { status: 'unavailable', reason: 'held' };
    if (row.do_not_call || (row.support_level !== null && campaign.excluded_support_levels.map(Number).includes(Number(row.support_level)))) {
      await sheets.setTargetStatus(tx, orgId, targetId, 'excluded', now);
      return { status: 'unavailable', reason: 'do_not_call' };
    }
    await sheets.releaseOtherClaims(tx, orgId, campaignId, userId, targetId, now);
    const expiresAt = new Date(now.getTime() + campaign.claim_timeout_seconds * 1000);
    await sheets.claimTarget(tx, orgId, targetId, userId, now, expiresAt);
    await repo.auditPersonRead(tx, orgId, userId, row.person_id, { via: 'call_sheet_open', campaignId, targetId });
    return {
      status: 'claimed',
      claim: presentClaim({ ...row, status: 'claimed', claim_expires_at: expiresAt }),
      withinHours: isWithinCallingHours(now, callingHoursOf(campaign)),
    };
  });
}

const PHONE_LINK_TTL_MS = 15 * 60_000;

/**
 * A short-lived single-use link that signs the caller in on their own phone, shown as a QR code
 * beside their sheet, so the sheet's QR codes open on a phone even without a password. It lands on
 * their campaigns page (opening the call screen would hand them a person they did not ask for).
 */
export async function phoneSignInLink(ctx: AppContext, actor: OrgActor, campaignId: string) {
  await run(ctx, actor, (tx) => openCampaign(tx, actor, campaignId));
  return issueOwnSignInLink(ctx, actor, '/campaigns', PHONE_LINK_TTL_MS);
}
