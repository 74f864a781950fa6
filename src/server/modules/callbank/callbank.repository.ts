import { sql, type Insertable, type RawBuilder, type Selectable } from 'kysely';
import type { CampaignSource } from '../../../shared/contracts/callbank.js';
import type { Tx } from '../../platform/db/database.js';
import { notifyAfterCommit } from '../../platform/db/notify.js';
import type { CallCampaignsTable, CallOutcome, CallTargetStatus, ContactStatus } from '../../platform/db/schema.js';
import { selectionOf, selectPeople, type PeopleSelection } from '../lists/index.js';
import { METRICS_CHANNEL } from '../metrics/metrics.live.js';
import type { ClaimRow } from './callbank.mappers.js';

export type CampaignRow = Selectable<CallCampaignsTable>;

// Campaigns

export function findCampaign(tx: Tx, orgId: string, campaignId: string): Promise<CampaignRow | undefined> {
  return tx.selectFrom('call_campaigns').selectAll().where('org_id', '=', orgId).where('id', '=', campaignId).executeTakeFirst();
}

export function listCampaigns(tx: Tx, orgId: string): Promise<CampaignRow[]> {
  return tx.selectFrom('call_campaigns').selectAll().where('org_id', '=', orgId).orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
}

export function insertCampaign(tx: Tx, values: Insertable<CallCampaignsTable>): Promise<CampaignRow> {
  return tx.insertInto('call_campaigns').values(values).returningAll().executeTakeFirstOrThrow();
}

export function setCampaignStatus(tx: Tx, orgId: string, campaignId: string, status: CampaignRow['status'], now: Date) {
  return tx
    .updateTable('call_campaigns')
    .set({ status, updated_at: now })
    .where('org_id', '=', orgId)
    .where('id', '=', campaignId)
    .returningAll()
    .executeTakeFirst();
}

/** Target counts per campaign, for the campaign list. */
export async function targetCounts(tx: Tx, orgId: string, campaignIds: readonly string[]): Promise<Map<string, number>> {
  if (campaignIds.length === 0) return new Map();
  const rows = await tx
    .selectFrom('call_targets')
    .select(['campaign_id', sql<string>`count(*)`.as('n')])
    .where('org_id', '=', orgId)
    .where('campaign_id', 'in', campaignIds)
    .groupBy('campaign_id')
    .execute();
  return new Map(rows.map((r) => [r.campaign_id, Number(r.n)]));
}

/**
 * Builds a campaign's targets in one set-based INSERT … SELECT: the people of the source who have
 * a phone and have not asked not to be called (checked again at each hand-out). New targets are
 * due from the start (next_attempt_at defaults to -infinity), in person order. A saved list or a
 * people filter goes through the lists module's compiler, so a campaign holds exactly the people
 * the organizer saw counted. Undefined when the list does not exist.
 */
export async function insertTargets(tx: Tx, orgId: string, campaignId: string, source: CampaignSource, now: Date): Promise<number | undefined> {
  let selection: PeopleSelection | null = null;
  if ('listId' in source) {
    const list = await tx.selectFrom('lists').select(['id', 'kind', 'filter']).where('org_id', '=', orgId).where('id', '=', source.listId).executeTakeFirst();
    if (!list) return undefined;
    selection = selectionOf(list);
  } else if ('peopleFilter' in source) {
    selection = { filter: source.peopleFilter };
  }
  if (selection) {
    const people = selectPeople(tx, orgId, selection)
      .where('p.do_not_call', '=', false)
      .where((eb) => eb.or([eb('p.mobile_e164', 'is not', null), eb('p.phone_e164', 'is not', null)]))
      .select((eb) => [eb.val(orgId).as('org_id'), eb.val(campaignId).as('campaign_id'), 'p.id as person_id', eb.val(now).as('updated_at')])
      .orderBy('p.id');
    const result = await tx
      .insertInto('call_targets')
      .columns(['org_id', 'campaign_id', 'person_id', 'updated_at'])
      .expression(people)
      .onConflict((oc) => oc.columns(['org_id', 'campaign_id', 'person_id']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n);
  }
  const conditions = [sql`p.org_id = ${orgId}`, sql`NOT p.do_not_call`, sql`(p.mobile_e164 IS NOT NULL OR p.phone_e164 IS NOT NULL)`];
  if ('personIds' in source) {
    conditions.push(sql`p.id = ANY(${source.personIds}::bigint[])`);
  } else if ('filter' in source) {
    const f = source.filter;
    if (f.supportLevels?.length) conditions.push(sql`p.support_level = ANY(${f.supportLevels}::smallint[])`);
    if (f.communeCodes?.length) conditions.push(sql`p.commune_code = ANY(${f.communeCodes}::text[])`);
    if (f.pollingStationCodes?.length) conditions.push(sql`p.polling_station_code = ANY(${f.pollingStationCodes}::text[])`);
    if (f.tags?.length) {
      conditions.push(sql`EXISTS (SELECT 1 FROM person_tags pt JOIN tags tg ON tg.org_id = pt.org_id AND tg.id = pt.tag_id
        WHERE pt.org_id = p.org_id AND pt.person_id = p.id AND lower(tg.name) IN (SELECT lower(n) FROM unnest(${f.tags}::text[]) n))`);
    }
  }
  const result = await sql`
    INSERT INTO call_targets (org_id, campaign_id, person_id, updated_at)
    SELECT p.org_id, ${campaignId}, p.id, ${now}
      FROM people p
     WHERE ${sql.join(conditions, sql` AND `)}
     ORDER BY p.id
    ON CONFLICT (org_id, campaign_id, person_id) DO NOTHING`.execute(tx);
  return Number(result.numAffectedRows ?? 0n);
}

// Callers

export function addCampaignCaller(tx: Tx, orgId: string, campaignId: string, userId: string) {
  return tx
    .insertInto('call_campaign_callers')
    .values({ org_id: orgId, campaign_id: campaignId, user_id: userId })
    .onConflict((oc) => oc.columns(['org_id', 'campaign_id', 'user_id']).doNothing())
    .execute();
}

export async function campaignCallerIds(tx: Tx, orgId: string, campaignId: string): Promise<string[]> {
  const rows = await tx
    .selectFrom('call_campaign_callers')
    .select('user_id')
    .where('org_id', '=', orgId)
    .where('campaign_id', '=', campaignId)
    .orderBy('created_at')
    .orderBy('user_id')
    .execute();
  return rows.map((r) => r.user_id);
}

/** Which of these users are members of the organization who may make calls. */
export async function membersWhoCall(tx: Tx, orgId: string, userIds: readonly string[]): Promise<string[]> {
  if (userIds.length === 0) return [];
  const rows = await tx
    .selectFrom('memberships as m')
    .innerJoin('permission_sets as ps', (j) => j.onRef('ps.org_id', '=', 'm.org_id').onRef('ps.id', '=', 'm.permission_set_id'))
    .select('m.user_id')
    .where('m.org_id', '=', orgId)
    .where('m.user_id', 'in', userIds)
    .where(sql<boolean>`'calls.make' = ANY(ps.capabilities)`)
    .execute();
  return rows.map((r) => r.user_id);
}

/**
 * Deals the targets nobody has called yet round-robin among the callers, in person order, so each
 * gets an even share (2,000 people among 150 callers: 13 or 14 each). Targets already claimed or
 * finished keep their caller.
 */
export async function splitTargets(tx: Tx, orgId: string, campaignId: string, callerIds: readonly string[], now: Date): Promise<number> {
  const result = await sql`
    WITH callers AS (
      SELECT u.user_id, u.ord - 1 AS slot FROM unnest(${callerIds}::uuid[]) WITH ORDINALITY AS u(user_id, ord)
    ),
    dealt AS (
      SELECT t.id, (row_number() OVER (ORDER BY t.person_id) - 1) % ${callerIds.length} AS slot
        FROM call_targets t
       WHERE t.org_id = ${orgId} AND t.campaign_id = ${campaignId} AND t.status = 'queued' AND t.attempts = 0
    )
    UPDATE call_targets t SET assigned_caller = callers.user_id, updated_at = ${now}
      FROM dealt JOIN callers ON callers.slot = dealt.slot
     WHERE t.org_id = ${orgId} AND t.id = dealt.id`.execute(tx);
  return Number(result.numAffectedRows ?? 0n);
}

// Claiming

/**
 * When the next target of this caller's split, or of the shared pool as this caller sees it,
 * becomes due (now if one is);
 * null when none is left. Two LIMIT 1 reads of call_targets_due instead of min() over the whole
 * campaign: callers ask this whenever nobody is due, and a 200,000-person campaign must not be
 * scanned each time. The first read gives the earliest callback if any (else the earliest other
 * target), the second the earliest non-callback; the earlier of the two is the answer.
 */
export async function nextDue(
  tx: Tx,
  orgId: string,
  campaignId: string,
  who: { assignedTo: string } | { poolFor: string },
  now: Date,
): Promise<Date | null> {
  // A split caller waits for their own share; a shared-pool caller for anyone not reserved by another's sheet.
  const assigned = 'assignedTo' in who ? sql`AND assigned_caller = ${who.assignedTo}` : sql`AND (assigned_caller IS NULL OR assigned_caller = ${who.poolFor})`;
  const first = (extra: ReturnType<typeof sql>) => sql`
    (SELECT next_attempt_at FROM call_targets
      WHERE org_id = ${orgId} AND campaign_id = ${campaignId} AND status IN ('queued', 'callback', 'claimed') ${assigned} ${extra}
      ORDER BY (status <> 'callback'), next_attempt_at LIMIT 1)`;
  // greatest(): new targets are due from -infinity, which is no JavaScript date.
  const result = await sql<{ next: Date | null }>`
    SELECT CASE WHEN n IS NULL THEN NULL ELSE greatest(n, ${now}::timestamptz) END AS next
      FROM (SELECT least(${first(sql``)}, ${first(sql`AND (status <> 'callback') = true`)}) AS n) s`.execute(tx);
  return result.rows[0]?.next ?? null;
}

/** A target this caller holds right now, with the person's visible fields. */
export async function heldTarget(tx: Tx, orgId: string, campaignId: string, targetId: string, userId: string) {
  const result = await sql<ClaimRow & { person_id: string }>`
    SELECT t.id AS target_id, t.status, t.attempts, t.claim_expires_at, t.person_id,
           p.first_name, p.last_name, p.city, p.mobile_e164, p.mobile_valid, p.phone_e164, p.phone_valid
      FROM call_targets t
      JOIN people p ON p.org_id = t.org_id AND p.id = t.person_id
     WHERE t.org_id = ${orgId} AND t.campaign_id = ${campaignId} AND t.id = ${targetId}
       AND t.status = 'claimed' AND t.claimed_by = ${userId} AND NOT p.do_not_call`.execute(tx);
  return result.rows[0];
}

export function auditPersonRead(tx: Tx, orgId: string, userId: string, personId: string, details: Record<string, unknown>) {
  return tx
    .insertInto('audit_log')
    .values({ org_id: orgId, user_id: userId, action: 'person.read', subject_type: 'person', subject_id: personId, details: JSON.stringify(details) })
    .execute();
}

// Outcomes

/**
 * The target an outcome is saved for, locked, with the campaign's rules: one round trip. Missing
 * when the campaign or the target is not this organization's.
 */
export async function lockTargetForOutcome(tx: Tx, orgId: string, campaignId: string, targetId: string) {
  const result = await sql<{
    person_id: string;
    status: CallTargetStatus;
    attempts: number;
    claimed_by: string | null;
    script_version_id: string;
    path_id: string | null;
    max_attempts: number;
    retry_delay_minutes: number;
  }>`
    SELECT t.person_id, t.status, t.attempts, t.claimed_by,
           c.script_version_id, c.path_id, c.max_attempts, c.retry_delay_minutes
      FROM call_targets t
      JOIN call_campaigns c ON c.org_id = t.org_id AND c.id = t.campaign_id
     WHERE t.org_id = ${orgId} AND t.campaign_id = ${campaignId} AND t.id = ${targetId}
       FOR UPDATE OF t`.execute(tx);
  return result.rows[0];
}

export function findCallByClientId(tx: Tx, orgId: string, clientCallId: string) {
  return tx
    .selectFrom('calls')
    .select(['id', 'campaign_id', 'target_id', 'caller_id'])
    .where('org_id', '=', orgId)
    .where('client_call_id', '=', clientCallId)
    .executeTakeFirst();
}

export interface OutcomeWrite {
  orgId: string;
  clientCallId: string;
  campaignId: string;
  targetId: string;
  personId: string;
  callerId: string;
  scriptVersionId: string;
  scriptId: string;
  outcome: CallOutcome;
  answers: Record<string, string>;
  notes: string | null;
  startedAt: Date | null;
  callbackAt: Date | null;
  now: Date;
  target: { status: CallTargetStatus; attempts: number; nextAttemptAt: Date };
  contactStatus: ContactStatus;
  supportLevel: number | null;
  doNotCall: boolean;
  /** Tag names the script's answers add to and remove from the person (a name in both is added). */
  addTags: readonly string[];
  removeTags: readonly string[];
  /** More of the person's columns to set in the same update (a recruit: events' volunteerAssignments). */
  personAssignments: RawBuilder<unknown> | null;
}

/**
 * Writes a call and its direct effects in one statement (one round trip on the hot path): the
 * call row, the target's next state, the person's support level / do-not-call / last contact,
 * the contact-history row and the script's tags (from the existing tags of those names; a name
 * used for the first time is created afterwards, see `missingTags`). The new tags carry the level
 * the person's update returns (their row locked by it, so no other transaction can change it
 * before commit): the tag-level triggers of migration 0022 then have nothing to look up for them
 * nor to rewrite. Nothing but the call is
 * written if this client call id was stored already (callId null then). Also counts the caller's
 * calls in the campaign, this one included.
 */
export async function writeOutcome(tx: Tx, w: OutcomeWrite): Promise<{ callId: string | null; myCalls: number; missingTags: boolean }> {
  // Names are compared as the tags' unique index does, lower() in the database (JavaScript's
  // toLowerCase differs from it on accented capitals under some database locales).
  const adding = [...new Set(w.addTags)];
  const removing = [...new Set(w.removeTags)];
  const result = await sql<{ call_id: string | null; previous: string; missing_tags: boolean }>`
    WITH ins AS (
      INSERT INTO calls (org_id, client_call_id, campaign_id, target_id, person_id, caller_id, script_version_id,
                         outcome, answers, notes, started_at, ended_at, callback_at)
      VALUES (${w.orgId}, ${w.clientCallId}, ${w.campaignId}, ${w.targetId}, ${w.personId}, ${w.callerId}, ${w.scriptVersionId},
              ${w.outcome}, ${JSON.stringify(w.answers)}::jsonb, ${w.notes}, ${w.startedAt}, ${w.now}, ${w.callbackAt})
      ON CONFLICT (org_id, client_call_id) DO NOTHING
      RETURNING id
    ),
    target AS (
      UPDATE call_targets
         SET status = ${w.target.status}, attempts = ${w.target.attempts}, next_attempt_at = ${w.target.nextAttemptAt},
             last_outcome = ${w.outcome}, claimed_by = NULL, claim_expires_at = NULL, updated_at = ${w.now}
       WHERE org_id = ${w.orgId} AND id = ${w.targetId} AND EXISTS (SELECT 1 FROM ins)
    ),
    person AS (
      UPDATE people
         SET ${w.personAssignments ?? sql``} last_contacted_at = ${w.now}, updated_at = ${w.now},
             support_level = coalesce(${w.supportLevel}::smallint, support_level),
             do_not_call_at = CASE WHEN ${w.doNotCall}::boolean AND NOT do_not_call THEN ${w.now} ELSE do_not_call_at END,
             do_not_call_reason = CASE WHEN ${w.doNotCall}::boolean AND NOT do_not_call THEN 'asked_during_call' ELSE do_not_call_reason END,
             do_not_call = do_not_call OR ${w.doNotCall}::boolean
       WHERE org_id = ${w.orgId} AND id = ${w.personId} AND EXISTS (SELECT 1 FROM ins)
      RETURNING coalesce(support_level, 0) AS level
    ),
    contact AS (
      INSERT INTO contacts (org_id, person_id, type, status, notes, made_by, made_at, campaign_id, script_id)
      SELECT ${w.orgId}, ${w.personId}, 'phone_call', ${w.contactStatus}, ${w.notes}, ${w.callerId}, ${w.now}, ${w.campaignId}, ${w.scriptId}
       WHERE EXISTS (SELECT 1 FROM ins)
    ),
    untagged AS (
      DELETE FROM person_tags pt USING tags tg
       WHERE pt.org_id = ${w.orgId} AND pt.person_id = ${w.personId} AND tg.org_id = pt.org_id AND tg.id = pt.tag_id
         AND lower(tg.name) IN (SELECT lower(r) FROM unnest(${removing}::text[]) r EXCEPT SELECT lower(a) FROM unnest(${adding}::text[]) a)
         AND EXISTS (SELECT 1 FROM ins)
    ),
    found AS (SELECT tg.id FROM tags tg WHERE tg.org_id = ${w.orgId} AND lower(tg.name) IN (SELECT lower(a) FROM unnest(${adding}::text[]) a)),
    tagged AS (
      INSERT INTO person_tags (org_id, tag_id, person_id, support_level)
      SELECT ${w.orgId}, found.id, ${w.personId}, person.level FROM found, person
      ON CONFLICT DO NOTHING
    )
    SELECT (SELECT id FROM ins) AS call_id,
           (SELECT count(*) FROM calls WHERE org_id = ${w.orgId} AND campaign_id = ${w.campaignId} AND caller_id = ${w.callerId}) AS previous,
           (SELECT count(*) FROM found) < (SELECT count(DISTINCT lower(a)) FROM unnest(${adding}::text[]) a) AS missing_tags`.execute(tx);
  const row = result.rows[0];
  const callId = row?.call_id ?? null;
  // Live dashboards of every process hear of it once it is committed.
  if (callId) notifyAfterCommit(tx, METRICS_CHANNEL, `${w.orgId}:${w.campaignId}`);
  // The count ran on the statement's snapshot, before this call was inserted.
  return { callId, myCalls: Number(row?.previous ?? 0) + (callId ? 1 : 0), missingTags: row?.missing_tags === true };
}

export async function countCallerCalls(tx: Tx, orgId: string, campaignId: string, userId: string, since?: Date): Promise<number> {
  let query = tx
    .selectFrom('calls')
    .select(sql<string>`count(*)`.as('n'))
    .where('org_id', '=', orgId)
    .where('campaign_id', '=', campaignId)
    .where('caller_id', '=', userId);
  if (since) query = query.where('ended_at', '>=', since);
  const row = await query.executeTakeFirst();
  return Number(row?.n ?? 0);
}

/**
 * Adds tags by name (creating the missing ones) to a person. Tags almost always exist already (a
 * script adds the same few to every person it reaches): the person is tagged from the existing
 * ones in one statement, and only a name not found is created, then tagged.
 */
export async function addTagsByName(tx: Tx, orgId: string, personId: string, names: readonly string[]) {
  if (names.length === 0) return;
  const unique = [...new Map(names.map((n) => [n.toLowerCase(), n])).values()];
  // lower() in the database, as the tags' unique index compares names.
  const tagFromExisting = () =>
    sql<{ missing: boolean }>`
      WITH found AS (SELECT tg.id FROM tags tg WHERE tg.org_id = ${orgId} AND lower(tg.name) IN (SELECT lower(n) FROM unnest(${unique}::text[]) n)),
      tagged AS (
        INSERT INTO person_tags (org_id, tag_id, person_id) SELECT ${orgId}, id, ${personId} FROM found
        ON CONFLICT DO NOTHING
      )
      SELECT (SELECT count(*) FROM found) < (SELECT count(DISTINCT lower(n)) FROM unnest(${unique}::text[]) n) AS missing`.execute(tx);
  const first = await tagFromExisting();
  if (first.rows[0]?.missing !== true) return;
  await tx
    .insertInto('tags')
    .values(unique.map((name) => ({ org_id: orgId, name })))
    .onConflict((oc) => oc.expression(sql`org_id, lower(name)`).doNothing())
    .execute();
  await tagFromExisting();
}

// Progress

export async function progressCounts(tx: Tx, orgId: string, campaignId: string, now: Date) {
  const result = await sql<{ status: string; due: boolean; n: string }>`
    SELECT status, (next_attempt_at <= ${now}) AS due, count(*) AS n
      FROM call_targets WHERE org_id = ${orgId} AND campaign_id = ${campaignId}
     GROUP BY 1, 2`.execute(tx);
  return result.rows.map((r) => ({ status: r.status, due: r.due, n: Number(r.n) }));
}

export async function outcomeCounts(tx: Tx, orgId: string, campaignId: string) {
  const result = await sql<{ outcome: string; n: string }>`
    SELECT outcome, count(*) AS n FROM calls WHERE org_id = ${orgId} AND campaign_id = ${campaignId} GROUP BY 1`.execute(tx);
  return result.rows.map((r) => ({ outcome: r.outcome, n: Number(r.n) }));
}

/** Per caller: invited or assigned or having called, with assigned, remaining, calls and conversations. */
export async function perCaller(tx: Tx, orgId: string, campaignId: string) {
  const result = await sql<{ user_id: string; name: string; assigned: string; remaining: string; calls: string; talked: string }>`
    WITH who AS (
      SELECT user_id FROM call_campaign_callers WHERE org_id = ${orgId} AND campaign_id = ${campaignId}
      UNION SELECT assigned_caller FROM call_targets WHERE org_id = ${orgId} AND campaign_id = ${campaignId} AND assigned_caller IS NOT NULL
      UNION SELECT caller_id FROM calls WHERE org_id = ${orgId} AND campaign_id = ${campaignId} AND caller_id IS NOT NULL
    ),
    targets AS (
      SELECT assigned_caller AS user_id, count(*) AS assigned,
             count(*) FILTER (WHERE status IN ('queued', 'callback', 'claimed')) AS remaining
        FROM call_targets WHERE org_id = ${orgId} AND campaign_id = ${campaignId} AND assigned_caller IS NOT NULL
       GROUP BY 1
    ),
    made AS (
      SELECT caller_id AS user_id, count(*) AS calls, count(*) FILTER (WHERE outcome = 'talked') AS talked
        FROM calls WHERE org_id = ${orgId} AND campaign_id = ${campaignId} GROUP BY 1
    )
    SELECT who.user_id, u.name, coalesce(t.assigned, 0) AS assigned, coalesce(t.remaining, 0) AS remaining,
           coalesce(m.calls, 0) AS calls, coalesce(m.talked, 0) AS talked
      FROM who JOIN users u ON u.id = who.user_id
      LEFT JOIN targets t ON t.user_id = who.user_id
      LEFT JOIN made m ON m.user_id = who.user_id
     ORDER BY u.name, who.user_id`.execute(tx);
  return result.rows.map((r) => ({
    userId: r.user_id,
    name: r.name,
    assigned: Number(r.assigned),
    remaining: Number(r.remaining),
    calls: Number(r.calls),
    talked: Number(r.talked),
  }));
}
