import { isValidTimeZone, localClock } from '../../../shared/callbank/calling-hours.js';
import type { CallerCampaign, CampaignCreate, Progress } from '../../../shared/contracts/callbank.js';
import type { AppContext } from '../../platform/context.js';
import { inOrg, type Tx } from '../../platform/db/database.js';
import type { OrgActor } from '../../platform/http/actor.js';
import { AppError, notFound } from '../../platform/http/errors.js';
import { inviteMember } from '../auth/members.service.js';
import { requireCampaignAccess } from './callbank.access.js';
import { forgetCampaign } from './callbank.claim.js';
import { presentCampaign } from './callbank.mappers.js';
import * as repo from './callbank.repository.js';
import { loadPublishedScript } from './callbank.scripts.js';

function run<T>(ctx: AppContext, actor: OrgActor, fn: (tx: Tx, orgId: string) => Promise<T>): Promise<T> {
  return inOrg(ctx.database.db, { orgId: actor.org.id, userId: actor.user.id }, (tx) => fn(tx, actor.org.id));
}

async function requireCampaign(tx: Tx, orgId: string, campaignId: string) {
  const campaign = await repo.findCampaign(tx, orgId, campaignId);
  if (!campaign) throw notFound();
  return campaign;
}

const invalid = (path: string, message: string) => new AppError('validation_failed', { fields: [{ path, message }] });

/** The organization's call campaigns, newest first. */
export async function listCampaigns(ctx: AppContext, actor: OrgActor) {
  return run(ctx, actor, async (tx, orgId) => {
    const rows = await repo.listCampaigns(tx, orgId);
    const counts = await repo.targetCounts(tx, orgId, rows.map((r) => r.id));
    return rows.map((r) => presentCampaign(r, counts.get(r.id) ?? 0));
  });
}

/**
 * Creates a call campaign as a draft with its targets: the people of the source who have a phone
 * and did not ask not to be called, inserted set-based in the same transaction.
 */
export async function createCampaign(ctx: AppContext, actor: OrgActor, input: CampaignCreate) {
  const timeZone = input.timeZone ?? actor.org.timeZone;
  if (!isValidTimeZone(timeZone)) throw invalid('timeZone', 'validation:call_time_zone');
  if (input.hoursStart >= input.hoursEnd) throw invalid('hoursEnd', 'validation:call_hours_order');
  for (const [day, window] of Object.entries(input.weekdayHours)) {
    if (window && window.start >= window.end) throw invalid(`weekdayHours.${day}.end`, 'validation:call_hours_order');
  }
  return run(ctx, actor, async (tx, orgId) => {
    if (!(await loadPublishedScript(tx, orgId, input.scriptVersionId))) throw invalid('scriptVersionId', 'validation:call_script_version_unknown');
    if (input.pathId) {
      const path = await tx.selectFrom('paths').select('id').where('org_id', '=', orgId).where('id', '=', input.pathId).executeTakeFirst();
      if (!path) throw invalid('pathId', 'validation:call_path_unknown');
    }
    const now = ctx.clock();
    const row = await repo.insertCampaign(tx, {
      org_id: orgId,
      name: input.name,
      script_version_id: input.scriptVersionId,
      path_id: input.pathId ?? null,
      source_filter: 'listId' in input.source ? null : JSON.stringify(input.source),
      source_list_id: 'listId' in input.source ? input.source.listId : null,
      time_zone: timeZone,
      hours_start: input.hoursStart,
      hours_end: input.hoursEnd,
      weekday_hours: JSON.stringify(input.weekdayHours),
      max_attempts: input.maxAttempts,
      retry_delay_minutes: input.retryDelayMinutes,
      claim_timeout_seconds: input.claimTimeoutSeconds,
      mode: input.mode,
      excluded_support_levels: input.excludedSupportLevels,
      briefing: input.briefing,
      created_by: actor.user.id,
      created_at: now,
      updated_at: now,
    });
    const count = await repo.insertTargets(tx, orgId, row.id, input.source, now);
    if (count === undefined) throw invalid('source.listId', 'validation:call_list_unknown');
    return presentCampaign(row, count);
  });
}

/** One campaign with its settings. */
export function getCampaign(ctx: AppContext, actor: OrgActor, campaignId: string) {
  return run(ctx, actor, async (tx, orgId) => {
    const row = await requireCampaign(tx, orgId, campaignId);
    const counts = await repo.targetCounts(tx, orgId, [row.id]);
    return presentCampaign(row, counts.get(row.id) ?? 0);
  });
}

/** Opens a campaign to its callers, pauses it, or closes it (a closed campaign stays closed). */
export async function setCampaignStatus(ctx: AppContext, actor: OrgActor, campaignId: string, status: 'active' | 'paused' | 'done') {
  const campaign = await run(ctx, actor, async (tx, orgId) => {
    const current = await requireCampaign(tx, orgId, campaignId);
    if (current.status === 'done' && status !== 'done') throw new AppError('conflict');
    const row = await repo.setCampaignStatus(tx, orgId, campaignId, status, ctx.clock());
    if (!row) throw notFound();
    const counts = await repo.targetCounts(tx, orgId, [row.id]);
    return presentCampaign(row, counts.get(row.id) ?? 0);
  });
  // After the commit: a claim running meanwhile could otherwise keep the old status.
  forgetCampaign(actor.org.id, campaignId);
  return campaign;
}

/**
 * Invites a volunteer to call for this campaign: a caller account if they have none, and a
 * single-use sign-in link that lands on the campaign's caller screen.
 */
export async function inviteCaller(ctx: AppContext, actor: OrgActor, campaignId: string, input: { email: string; name: string }) {
  await run(ctx, actor, (tx, orgId) => requireCampaign(tx, orgId, campaignId));
  const invitation = await inviteMember(ctx, actor, { ...input, permissionSet: 'caller', redirectPath: `/call/${campaignId}` });
  await run(ctx, actor, (tx, orgId) => repo.addCampaignCaller(tx, orgId, campaignId, invitation.userId));
  return invitation;
}

/** Hands the campaign to members who already call for the organization (no invitation e-mail). */
export function addCampaignCallers(ctx: AppContext, actor: OrgActor, campaignId: string, userIds: readonly string[]) {
  return run(ctx, actor, async (tx, orgId) => {
    await requireCampaign(tx, orgId, campaignId);
    const wanted = [...new Set(userIds)];
    const callers = await repo.membersWhoCall(tx, orgId, wanted);
    if (wanted.some((id) => !callers.includes(id))) throw invalid('userIds', 'validation:call_not_a_caller');
    for (const userId of wanted) await repo.addCampaignCaller(tx, orgId, campaignId, userId);
    return { callers: wanted.length };
  });
}

/** Splits the people nobody has called yet evenly among named callers (every invited caller by default). */
export function splitCampaign(ctx: AppContext, actor: OrgActor, campaignId: string, input: { userIds?: string[] | undefined }) {
  return run(ctx, actor, async (tx, orgId) => {
    await requireCampaign(tx, orgId, campaignId);
    const wanted = [...new Set(input.userIds ?? (await repo.campaignCallerIds(tx, orgId, campaignId)))];
    const callers = await repo.membersWhoCall(tx, orgId, wanted);
    const missing = wanted.filter((id) => !callers.includes(id));
    if (missing.length > 0) throw invalid('userIds', 'validation:call_not_a_caller');
    if (wanted.length === 0) throw invalid('userIds', 'validation:call_no_callers');
    for (const userId of wanted) await repo.addCampaignCaller(tx, orgId, campaignId, userId);
    const assigned = await repo.splitTargets(tx, orgId, campaignId, wanted, ctx.clock());
    return { callers: wanted.length, assigned };
  });
}

/** Where a campaign stands: to call, in progress, done, callbacks due, and per caller. */
export function campaignProgress(ctx: AppContext, actor: OrgActor, campaignId: string): Promise<Progress> {
  return run(ctx, actor, async (tx, orgId) => {
    await requireCampaign(tx, orgId, campaignId);
    const now = ctx.clock();
    const progress: Progress = { toCall: 0, inProgress: 0, done: 0, exhausted: 0, excluded: 0, callbacksDue: 0, callbacksLater: 0, calls: 0, outcomes: {}, perCaller: [] };
    for (const { status, due, n } of await repo.progressCounts(tx, orgId, campaignId, now)) {
      if (status === 'queued') progress.toCall += n;
      // A claim past its expiry is back in the pool.
      else if (status === 'claimed') due ? (progress.toCall += n) : (progress.inProgress += n);
      else if (status === 'done') progress.done += n;
      else if (status === 'exhausted') progress.exhausted += n;
      else if (status === 'excluded') progress.excluded += n;
      else if (status === 'callback') due ? (progress.callbacksDue += n) : (progress.callbacksLater += n);
    }
    for (const { outcome, n } of await repo.outcomeCounts(tx, orgId, campaignId)) {
      progress.outcomes[outcome] = n;
      progress.calls += n;
    }
    progress.perCaller = await repo.perCaller(tx, orgId, campaignId);
    return progress;
  });
}

/** What a caller needs before the first call: the briefing, the published script, their own count. */
export function callerCampaign(ctx: AppContext, actor: OrgActor, campaignId: string): Promise<CallerCampaign> {
  return run(ctx, actor, async (tx, orgId) => {
    await requireCampaignAccess(tx, actor, campaignId);
    const campaign = await requireCampaign(tx, orgId, campaignId);
    // A draft is not shown to callers: it may still change.
    if (campaign.status === 'draft') throw notFound();
    const script = await loadPublishedScript(tx, orgId, campaign.script_version_id);
    if (!script) throw notFound();
    const now = ctx.clock();
    const local = localClock(now, campaign.time_zone);
    const startOfDay = new Date(now.getTime() - local.seconds * 1000);
    const presented = presentCampaign(campaign, 0);
    return {
      id: campaign.id,
      name: campaign.name,
      status: campaign.status,
      briefing: campaign.briefing,
      mode: campaign.mode,
      timeZone: campaign.time_zone,
      hoursStart: presented.hoursStart,
      hoursEnd: presented.hoursEnd,
      weekdayHours: presented.weekdayHours,
      script: { versionId: script.versionId, name: script.name, document: script.document },
      callerName: actor.user.name,
      myCallsToday: await repo.countCallerCalls(tx, orgId, campaignId, actor.user.id, startOfDay),
      myCallsTotal: await repo.countCallerCalls(tx, orgId, campaignId, actor.user.id),
    };
  });
}
