import { sql } from 'kysely';
import type { Tx } from '../../platform/db/database.js';
import type { CallTargetStatus } from '../../platform/db/schema.js';
import type { ClaimRow } from './callbank.mappers.js';

/** The open campaigns this user was handed, with how many of the people dealt to them are left. */
export async function handedCampaigns(tx: Tx, orgId: string, userId: string) {
  const result = await sql<{ id: string; name: string; status: 'active' | 'paused'; mode: 'shared_pool' | 'split'; remaining: string }>`
    SELECT c.id, c.name, c.status, c.mode,
           (SELECT count(*) FROM call_targets t
             WHERE t.org_id = c.org_id AND t.campaign_id = c.id AND t.assigned_caller = ${userId}
               AND t.status IN ('queued', 'callback', 'claimed')) AS remaining
      FROM call_campaigns c
     WHERE c.org_id = ${orgId} AND c.status IN ('active', 'paused')
       AND (EXISTS (SELECT 1 FROM call_campaign_callers cc WHERE cc.org_id = c.org_id AND cc.campaign_id = c.id AND cc.user_id = ${userId})
            OR EXISTS (SELECT 1 FROM events e WHERE e.org_id = c.org_id AND e.host_user_id = ${userId} AND e.call_campaign_id = c.id))
     ORDER BY c.created_at DESC, c.id DESC`.execute(tx);
  return result.rows.map((r) => ({ id: r.id, name: r.name, status: r.status, mode: r.mode, handedRemaining: Number(r.remaining) }));
}

export interface SheetRow extends ClaimRow {
  person_id: string;
  next_attempt_at: Date;
  total: string;
}

/**
 * The people of a sheet: targets still to call (queued, callback, claimed), never a person who is
 * do-not-call or of an excluded support level, of one caller's share when `assignedTo` is given.
 * Sorted by commune then name, the order a caller works a paper list in; `total` counts them all.
 */
export async function sheetPeople(tx: Tx, orgId: string, campaignId: string, opts: { assignedTo: string | null; excludedLevels: number[]; limit: number }) {
  const result = await sql<SheetRow>`
    SELECT t.id AS target_id, t.status, t.attempts, t.claim_expires_at, t.next_attempt_at, t.person_id,
           p.first_name, p.last_name, p.city, p.mobile_e164, p.mobile_valid, p.phone_e164, p.phone_valid,
           count(*) OVER () AS total
      FROM call_targets t
      JOIN people p ON p.org_id = t.org_id AND p.id = t.person_id
     WHERE t.org_id = ${orgId} AND t.campaign_id = ${campaignId}
       AND t.status IN ('queued', 'callback', 'claimed')
       ${opts.assignedTo ? sql`AND t.assigned_caller = ${opts.assignedTo}` : sql``}
       AND NOT p.do_not_call
       AND NOT coalesce(p.support_level = ANY(${opts.excludedLevels}::smallint[]), false)
     ORDER BY p.city NULLS LAST, p.last_name, p.first_name, t.id
     LIMIT ${opts.limit}`.execute(tx);
  return result.rows;
}

/** Logs that these people were shown to this user on a printed sheet (one row each, one statement). */
export async function auditSheetReads(tx: Tx, orgId: string, userId: string, campaignId: string, personIds: readonly string[]) {
  if (personIds.length === 0) return;
  await sql`
    INSERT INTO audit_log (org_id, user_id, action, subject_type, subject_id, details)
    SELECT ${orgId}, ${userId}, 'person.read', 'person', pid,
           jsonb_build_object('via', 'call_sheet', 'campaignId', ${campaignId}::text)
      FROM unnest(${personIds}::text[]) AS pid`.execute(tx);
}

/**
 * Reserves up to `count` people of a shared pool for one caller, as a split would deal them: queued
 * targets nobody was dealt, in the order the pool would hand them out (call_targets_due), skipping
 * rows another transaction is claiming (SKIP LOCKED) and people who may not be called.
 */
export async function reserveTargets(tx: Tx, orgId: string, campaignId: string, userId: string, count: number, excludedLevels: number[], now: Date): Promise<number> {
  const result = await sql`
    WITH picked AS (
      SELECT t.id
        FROM call_targets t
        JOIN people p ON p.org_id = t.org_id AND p.id = t.person_id
       WHERE t.org_id = ${orgId} AND t.campaign_id = ${campaignId}
         AND t.status = 'queued' AND t.assigned_caller IS NULL
         AND NOT p.do_not_call
         AND NOT coalesce(p.support_level = ANY(${excludedLevels}::smallint[]), false)
       ORDER BY (t.status <> 'callback'), t.next_attempt_at
       LIMIT ${count}
       FOR UPDATE OF t SKIP LOCKED
    )
    UPDATE call_targets t SET assigned_caller = ${userId}, updated_at = ${now}
      FROM picked
     WHERE t.org_id = ${orgId} AND t.id = picked.id`.execute(tx);
  return Number(result.numAffectedRows ?? 0n);
}

/**
 * Gives back to the shared pool the people reserved for a caller that are not finished yet (a call
 * they hold right now stays theirs until saved or expired).
 */
export async function releaseReserved(tx: Tx, orgId: string, campaignId: string, userId: string, now: Date): Promise<number> {
  const result = await tx
    .updateTable('call_targets')
    .set({ assigned_caller: null, updated_at: now })
    .where('org_id', '=', orgId)
    .where('campaign_id', '=', campaignId)
    .where('assigned_caller', '=', userId)
    .where('status', 'in', ['queued', 'callback', 'claimed'])
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export interface OpenRow extends ClaimRow {
  person_id: string;
  assigned_caller: string | null;
  claimed_by: string | null;
  do_not_call: boolean;
  support_level: number | null;
  held_elsewhere: boolean;
}

/**
 * One target of the campaign with its person, locked (a claim running meanwhile skips it), and
 * whether another campaign's caller holds the same person right now.
 */
export async function lockTargetToOpen(tx: Tx, orgId: string, campaignId: string, targetId: string, now: Date): Promise<OpenRow | undefined> {
  const result = await sql<OpenRow>`
    SELECT t.id AS target_id, t.status, t.attempts, t.claim_expires_at, t.person_id, t.assigned_caller, t.claimed_by,
           p.first_name, p.last_name, p.city, p.mobile_e164, p.mobile_valid, p.phone_e164, p.phone_valid,
           p.do_not_call, p.support_level,
           EXISTS (SELECT 1 FROM call_targets o
                    WHERE o.org_id = t.org_id AND o.person_id = t.person_id AND o.id <> t.id
                      AND o.status = 'claimed' AND o.next_attempt_at > ${now}) AS held_elsewhere
      FROM call_targets t
      JOIN people p ON p.org_id = t.org_id AND p.id = t.person_id
     WHERE t.org_id = ${orgId} AND t.campaign_id = ${campaignId} AND t.id = ${targetId}
       FOR UPDATE OF t
       FOR NO KEY UPDATE OF p`.execute(tx);
  return result.rows[0];
}

/**
 * Gives back to the pool any other claim this caller holds in the campaign: a caller works one
 * person at a time, and the person they left is due again at once.
 */
export function releaseOtherClaims(tx: Tx, orgId: string, campaignId: string, userId: string, keepTargetId: string, now: Date) {
  return tx
    .updateTable('call_targets')
    .set({ status: 'queued', claimed_by: null, claim_expires_at: null, next_attempt_at: now, updated_at: now })
    .where('org_id', '=', orgId)
    .where('campaign_id', '=', campaignId)
    .where('status', '=', 'claimed')
    .where('claimed_by', '=', userId)
    .where('id', '<>', keepTargetId)
    .execute();
}

export function setTargetStatus(tx: Tx, orgId: string, targetId: string, status: CallTargetStatus, now: Date) {
  return tx.updateTable('call_targets').set({ status, claimed_by: null, updated_at: now }).where('org_id', '=', orgId).where('id', '=', targetId).execute();
}

/** Makes the target this caller's current call, until the campaign's claim timeout. */
export function claimTarget(tx: Tx, orgId: string, targetId: string, userId: string, now: Date, expiresAt: Date) {
  return tx
    .updateTable('call_targets')
    .set({ status: 'claimed', claimed_by: userId, claimed_at: now, claim_expires_at: expiresAt, next_attempt_at: expiresAt, updated_at: now })
    .where('org_id', '=', orgId)
    .where('id', '=', targetId)
    .execute();
}
