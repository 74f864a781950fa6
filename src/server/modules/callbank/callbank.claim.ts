import { sql } from 'kysely';
import { isWithinCallingHours } from '../../../shared/callbank/calling-hours.js';
import type { ClaimResult } from '../../../shared/contracts/callbank.js';
import type { AppContext } from '../../platform/context.js';
import { inOrg, type Tx } from '../../platform/db/database.js';
import type { OrgActor } from '../../platform/http/actor.js';
import { notFound } from '../../platform/http/errors.js';
import { requireCampaignAccess } from './callbank.access.js';
import { callingHoursOf, presentClaim, type ClaimRow } from './callbank.mappers.js';
import * as repo from './callbank.repository.js';
import type { CampaignRow } from './callbank.repository.js';

// A person found do-not-call or excluded at hand-out time is marked so and the claim tries again;
// past this many in a row the caller is told nobody is due (they can ask again at once).
const MAX_SKIPS = 50;
const MAX_EMPTY_TRIES = 3;

/**
 * Hands the caller a person to call: the one they already hold (a reloaded page keeps its person),
 * else the next due person of the campaign, never the same person to two callers. Do-not-call,
 * excluded support levels and calling hours are checked now, not when the list was built.
 *
 * @example
 * const result = await claimNext(ctx, actor, campaignId);
 * if (result.status === 'claimed') dial(result.claim.person.phone);
 */
export async function claimNext(ctx: AppContext, actor: OrgActor, campaignId: string): Promise<ClaimResult> {
  // The claim statement's plan does not depend on the values (an index range on the campaign's
  // due targets) and planning it cost more than running it: plan it once per connection.
  return inOrg(ctx.database.db, { orgId: actor.org.id, userId: actor.user.id, ...CLAIM_SCOPE }, (tx) => claimNextIn(ctx, tx, actor, campaignId));
}

/** What the transaction handing out a person needs besides the organization (see claimNext). */
export const CLAIM_SCOPE = { genericPlans: true } as const;

/** claimNext inside a transaction the caller opened with CLAIM_SCOPE (after saving a call: recordOutcomeAndNext). */
export async function claimNextIn(ctx: AppContext, tx: Tx, actor: OrgActor, campaignId: string): Promise<ClaimResult> {
  const orgId = actor.org.id;
  const userId = actor.user.id;
  await requireCampaignAccess(tx, actor, campaignId);
  const campaign = await campaignForClaim(tx, orgId, campaignId);
  if (!campaign) throw notFound();
  if (campaign.status !== 'active') return { status: 'none', reason: 'not_active', nextDueAt: null };
  const now = ctx.clock();
  if (!isWithinCallingHours(now, callingHoursOf(campaign))) return { status: 'none', reason: 'outside_hours', nextDueAt: null };

  const params = {
    orgId,
    userId,
    campaignId,
    now,
    expiresAt: new Date(now.getTime() + campaign.claim_timeout_seconds * 1000),
    excludedLevels: campaign.excluded_support_levels,
    split: campaign.mode === 'split',
  };
  const assignedTo = campaign.mode === 'split' ? userId : null;
  let emptyTries = 0;
  for (let skips = 0; skips < MAX_SKIPS; skips++) {
    const row = await claimStatement(tx, params);
    if (row?.status === 'claimed') return { status: 'claimed', claim: presentClaim(row) };
    if (row) continue;
    // Nothing picked although someone is due: every due row was being taken by other callers
    // at that instant (SKIP LOCKED skipped them). Look again a few times before saying "nobody".
    const next = await repo.nextDue(tx, orgId, campaignId, assignedTo ? { assignedTo } : { poolFor: userId }, now);
    if (next && next.getTime() <= now.getTime() && emptyTries++ < MAX_EMPTY_TRIES) continue;
    return next
      ? { status: 'none', reason: 'nobody_due', nextDueAt: next.toISOString() }
      : { status: 'none', reason: 'finished', nextDueAt: null };
  }
  return { status: 'none', reason: 'nobody_due', nextDueAt: now.toISOString() };
}

// The campaign's rules, kept a moment per process: a claim is the most frequent request and the
// rules (status, hours, timeout, mode) change rarely. A pause reaches this process at once
// (forgetCampaign) and other processes within CAMPAIGN_TTL_MS. Keyed by organization too, and
// filled only from a query acting for that organization.
const CAMPAIGN_TTL_MS = 2000;
const campaigns = new Map<string, { row: CampaignRow; until: number }>();

async function campaignForClaim(tx: Tx, orgId: string, campaignId: string): Promise<CampaignRow | undefined> {
  const key = `${orgId}:${campaignId}`;
  const hit = campaigns.get(key);
  const wall = Date.now();
  if (hit && hit.until > wall) return hit.row;
  const row = await repo.findCampaign(tx, orgId, campaignId);
  if (campaigns.size > 10_000) campaigns.clear();
  if (row) campaigns.set(key, { row, until: wall + CAMPAIGN_TTL_MS });
  else campaigns.delete(key);
  return row;
}

/** Drops the kept copy of a campaign's rules after they changed (status, settings). */
export function forgetCampaign(orgId: string, campaignId: string): void {
  campaigns.delete(`${orgId}:${campaignId}`);
}

export interface ClaimParams {
  orgId: string;
  userId: string;
  campaignId: string;
  now: Date;
  expiresAt: Date;
  excludedLevels: number[];
  split: boolean;
}

/**
 * The hot path, one statement (one round trip), in four steps:
 * 1. `dropped`: a claim this caller holds on a person who became do-not-call (or an excluded
 *    support level) since is closed as `excluded`;
 * 2. `mine`: a claim this caller still holds is renewed and handed back (page reload);
 * 3. `pick`: otherwise the first due target in `call_targets_due` order (in a shared pool, never
 *    one a printed sheet reserved for another caller) — callbacks whose time
 *    came first, then queued targets and claims whose expiry passed (next_attempt_at holds the
 *    expiry while claimed), each in the order they became due — locking it with
 *    SKIP LOCKED so concurrent callers each take a different row without waiting on each other.
 *    The person's row is locked too (NO KEY UPDATE, which foreign-key checks do not wait on): a
 *    do-not-call being written right now, or the same person being handed out by another
 *    campaign at this instant, makes us skip them; a change committed since our snapshot is
 *    re-read before we decide (READ COMMITTED re-checks locked rows against their newest
 *    version). A person another campaign's caller holds right now is skipped too (NOT EXISTS on
 *    call_targets_person), so nobody gets two calls at once. That check reads the person's
 *    targets (a handful) through call_targets_person and only then looks at their status: the
 *    inner `OFFSET 0` keeps `status = 'claimed'` out of the index search. Said inside it, it let
 *    the planner answer through the partial index call_targets_claimed_by (WHERE status =
 *    'claimed') on org_id alone, i.e. read every claim of the organization for each candidate:
 *    statistics taken before a campaign starts say nothing is claimed, so that index looks
 *    empty, and it won or lost against call_targets_person with the timing of autovacuum's
 *    analysis (at 4,000 callers, 13,700 buffers and 25–55 ms a claim when it won). Written as a
 *    correlated look-up it also never becomes an anti join over every claim (10–80 ms a claim);
 * 4. `claimed`: the picked row becomes this caller's claim, or `excluded` if the person may no
 *    longer be called (the caller then asks again; the row leaves the due index for good).
 * Every person handed out is logged as read by this caller (`audit`), in the same statement.
 */
async function claimStatement(tx: Tx, p: ClaimParams): Promise<ClaimRow | undefined> {
  const result = await claimQuery(p).execute(tx);
  return result.rows[0];
}

/** The claim statement itself (see claimStatement); exported for the test that checks its plan. */
export function claimQuery(p: ClaimParams) {
  const excluded = sql`${p.excludedLevels}::smallint[]`;
  const blocked = (alias: string) => sql`(${sql.ref(`${alias}.do_not_call`)} OR coalesce(${sql.ref(`${alias}.support_level`)} = ANY(${excluded}), false))`;
  return sql<ClaimRow>`
    WITH dropped AS (
      UPDATE call_targets t
         SET status = 'excluded', claimed_by = NULL, updated_at = ${p.now}
        FROM people bp
       WHERE t.org_id = ${p.orgId} AND t.campaign_id = ${p.campaignId} AND t.status = 'claimed' AND t.claimed_by = ${p.userId}
         AND bp.org_id = t.org_id AND bp.id = t.person_id AND ${blocked('bp')}
      RETURNING t.id
    ),
    mine AS (
      UPDATE call_targets t
         SET claim_expires_at = ${p.expiresAt}, next_attempt_at = ${p.expiresAt}, updated_at = ${p.now}
        FROM people mp
       WHERE t.org_id = ${p.orgId} AND t.campaign_id = ${p.campaignId} AND t.status = 'claimed' AND t.claimed_by = ${p.userId}
         AND mp.org_id = t.org_id AND mp.id = t.person_id AND NOT ${blocked('mp')}
      RETURNING t.id, t.person_id, t.attempts, t.claim_expires_at, t.status
    ),
    pick AS (
      SELECT t.id, ${blocked('pp')} AS blocked
        FROM call_targets t
        JOIN people pp ON pp.org_id = t.org_id AND pp.id = t.person_id
       WHERE NOT EXISTS (SELECT 1 FROM mine)
         AND t.org_id = ${p.orgId} AND t.campaign_id = ${p.campaignId}
         AND t.status IN ('queued', 'callback', 'claimed')
         AND t.next_attempt_at <= ${p.now}
         ${p.split ? sql`AND t.assigned_caller = ${p.userId}` : sql`AND (t.assigned_caller IS NULL OR t.assigned_caller = ${p.userId})`}
         AND NOT EXISTS (
           SELECT 1
             FROM (SELECT o.status, o.next_attempt_at FROM call_targets o
                    WHERE o.org_id = t.org_id AND o.person_id = t.person_id AND o.id <> t.id
                   OFFSET 0) AS o
            WHERE o.status = 'claimed' AND o.next_attempt_at > ${p.now})
       ORDER BY (t.status <> 'callback'), t.next_attempt_at
       LIMIT 1
       FOR UPDATE OF t SKIP LOCKED
       FOR NO KEY UPDATE OF pp SKIP LOCKED
    ),
    claimed AS (
      UPDATE call_targets t
         SET status = CASE WHEN pick.blocked THEN 'excluded' ELSE 'claimed' END,
             claimed_by = CASE WHEN pick.blocked THEN NULL ELSE ${p.userId}::uuid END,
             claimed_at = ${p.now},
             claim_expires_at = ${p.expiresAt},
             next_attempt_at = ${p.expiresAt},
             updated_at = ${p.now}
        FROM pick
       WHERE t.org_id = ${p.orgId} AND t.id = pick.id
      RETURNING t.id, t.person_id, t.attempts, t.claim_expires_at, t.status
    ),
    handed AS (
      SELECT * FROM mine UNION ALL SELECT * FROM claimed
    ),
    audit AS (
      INSERT INTO audit_log (org_id, user_id, action, subject_type, subject_id, details)
      SELECT ${p.orgId}, ${p.userId}, 'person.read', 'person', h.person_id::text,
             jsonb_build_object('via', 'call_claim', 'campaignId', ${p.campaignId}::text, 'targetId', h.id::text)
        FROM handed h WHERE h.status = 'claimed'
    )
    SELECT h.id AS target_id, h.status, h.attempts, h.claim_expires_at,
           pe.first_name, pe.last_name, pe.city, pe.mobile_e164, pe.mobile_valid, pe.phone_e164, pe.phone_valid
      FROM handed h
      JOIN people pe ON pe.org_id = ${p.orgId} AND pe.id = h.person_id`;
}

/**
 * The person of a target the caller holds right now (their current call, e.g. reopened from a call
 * sheet's QR code); 404 for a target held by anyone else, finished, or of another organization.
 * The read is logged.
 */
export async function getHeldTarget(ctx: AppContext, actor: OrgActor, campaignId: string, targetId: string) {
  const orgId = actor.org.id;
  return inOrg(ctx.database.db, { orgId, userId: actor.user.id }, async (tx) => {
    await requireCampaignAccess(tx, actor, campaignId);
    const row = await repo.heldTarget(tx, orgId, campaignId, targetId, actor.user.id);
    if (!row) throw notFound();
    await repo.auditPersonRead(tx, orgId, actor.user.id, row.person_id, { via: 'call_target', campaignId, targetId });
    return presentClaim(row);
  });
}
