import { sql, type RawBuilder } from 'kysely';
import { ANSWERED_OUTCOMES } from '../../../shared/contracts/metrics.js';
import type { Tx } from '../../platform/db/database.js';
import type { HourlyRow, LeaderRow, StatsScope, SupportRow } from './metrics.repository.js';

/**
 * The same readings as `metrics.repository.ts`, for one event, counted from the calls themselves.
 *
 * The calls of an event are the calls on the event's campaign that ended between its start and
 * end and were made by one of its callers: the host, or an account whose e-mail is the e-mail of
 * a person signed up to the event (any sign-up not cancelled). An event has at most a few
 * thousand calls, each caller's read through `calls_campaign_caller` (org, campaign, caller,
 * ended_at), so no counter is needed; the support level before each call is on the row (0015).
 */
export interface EventStatsScope extends StatsScope {
  eventId: string;
}

/** The accounts that call for an event (the host and the signed-up volunteers with an account). */
export function eventCallers(orgId: string, eventId: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`
    SELECT he.host_user_id FROM events he WHERE he.org_id = ${orgId} AND he.id = ${eventId} AND he.host_user_id IS NOT NULL
    UNION
    SELECT u.id FROM signups su
      JOIN people p ON p.org_id = su.org_id AND p.id = su.person_id
      JOIN users u ON u.email_normalized = p.email_normalized
     WHERE su.org_id = ${orgId} AND su.event_id = ${eventId} AND su.status <> 'cancelled'`;
}

// `ec_all`: every call of the event; `ec`: those within the dashboard's local date range.
function eventCalls(s: EventStatsScope): RawBuilder<unknown> {
  const from = s.from ? sql`AND c.ended_at >= (${s.from}::date::timestamp AT TIME ZONE ${s.timeZone})` : sql``;
  const to = s.to ? sql`AND c.ended_at < ((${s.to}::date + 1)::timestamp AT TIME ZONE ${s.timeZone})` : sql``;
  return sql`
    WITH ev AS (
      SELECT org_id, id, call_campaign_id, starts_at, ends_at FROM events WHERE org_id = ${s.orgId} AND id = ${s.eventId}::bigint
    ),
    ec_all AS (
      SELECT c.* FROM ev JOIN calls c
        ON c.org_id = ev.org_id AND c.campaign_id = ev.call_campaign_id
       AND c.ended_at >= ev.starts_at AND c.ended_at <= ev.ends_at
       AND c.caller_id IN (${eventCallers(s.orgId, sql`${s.eventId}::bigint`)})
    ),
    ec AS (SELECT c.* FROM ec_all c WHERE true ${from} ${to})`;
}

export async function hourlyOutcomes(tx: Tx, s: EventStatsScope): Promise<HourlyRow[]> {
  const { rows } = await sql<HourlyRow>`${eventCalls(s)}
    SELECT to_char(ended_at AT TIME ZONE ${s.timeZone}, 'YYYY-MM-DD') AS day,
           extract(hour FROM ended_at AT TIME ZONE ${s.timeZone})::int AS hour,
           extract(isodow FROM ended_at AT TIME ZONE ${s.timeZone})::int AS weekday,
           outcome,
           count(*)::int AS calls,
           coalesce(sum(extract(epoch FROM ended_at - started_at)::bigint) FILTER (WHERE started_at <= ended_at), 0)::float8 AS seconds,
           (count(*) FILTER (WHERE started_at <= ended_at))::int AS timed
      FROM ec
     GROUP BY 1, 2, 3, 4`.execute(tx);
  return rows;
}

export async function todayCounts(tx: Tx, s: EventStatsScope, now: Date): Promise<{ calls: number; talked: number }> {
  const { rows } = await sql<{ calls: number; talked: number }>`${eventCalls(s)}
    SELECT count(*)::int AS calls, (count(*) FILTER (WHERE outcome = 'talked'))::int AS talked
      FROM ec_all
     WHERE ended_at >= (date_trunc('day', ${now}::timestamptz AT TIME ZONE ${s.timeZone}) AT TIME ZONE ${s.timeZone})`.execute(tx);
  return rows[0] ?? { calls: 0, talked: 0 };
}

/** Calls of the event in the last hour; its callers who saved a call or hold a person in the last ten minutes. */
export async function recentActivity(tx: Tx, s: EventStatsScope, now: Date): Promise<{ lastHour: number; activeCallers: number }> {
  const hourAgo = new Date(now.getTime() - 3_600_000);
  const tenMinutesAgo = new Date(now.getTime() - 600_000);
  const { rows } = await sql<{ last_hour: number; active: number }>`${eventCalls(s)}
    SELECT (SELECT count(*)::int FROM ec_all WHERE ended_at > ${hourAgo} AND ended_at <= ${now}) AS last_hour,
           (SELECT count(DISTINCT who)::int FROM (
              SELECT caller_id AS who FROM ec_all WHERE ended_at > ${tenMinutesAgo} AND ended_at <= ${now}
              UNION
              SELECT t.claimed_by FROM ev JOIN call_targets t
                ON t.org_id = ev.org_id AND t.campaign_id = ev.call_campaign_id AND t.status = 'claimed'
               AND t.claimed_at > ${tenMinutesAgo} AND t.claimed_at >= ev.starts_at AND t.claimed_at <= ev.ends_at
               AND t.claimed_by IN (${eventCallers(s.orgId, sql`${s.eventId}::bigint`)})
            ) AS active) AS active`.execute(tx);
  const row = rows[0];
  return { lastHour: row?.last_hour ?? 0, activeCallers: row?.active ?? 0 };
}

export async function leaderboard(tx: Tx, s: EventStatsScope, limit: number): Promise<LeaderRow[]> {
  const { rows } = await sql<LeaderRow>`${eventCalls(s)}
    SELECT st.caller_id, u.name, st.calls, st.conversations
      FROM (SELECT caller_id, count(*)::int AS calls, (count(*) FILTER (WHERE outcome = 'talked'))::int AS conversations
              FROM ec GROUP BY caller_id) st
      JOIN users u ON u.id = st.caller_id
     ORDER BY st.calls DESC, st.conversations DESC, st.caller_id
     LIMIT ${limit}`.execute(tx);
  return rows;
}

export interface EventScriptStats {
  support: SupportRow[];
  reach: { script_version_id: string; section_id: string; reached: number; ended_here: number }[];
  answers: { script_version_id: string; question_id: string; choice_id: string; answers: number }[];
}

/**
 * Support levels, the script funnel and the answers of an event's calls, replaying each call's
 * answers through its script version as the trigger of 0012 does (talked calls, and calls with
 * answers). Calls share answers (choices repeat), so each distinct set of answers is walked once
 * and counted as many times as calls gave it, in one statement: 5,000 talked calls of one script
 * are a handful of walks, not 5,000.
 */
export async function scriptStats(tx: Tx, s: EventStatsScope): Promise<EventScriptStats> {
  const { rows } = await sql<{ kind: 'support' | 'reach' | 'answer'; version: string | null; a: string | null; b: string | null; x: number; y: number; n: number }>`
    ${eventCalls(s)},
    grouped AS (
      SELECT script_version_id, answers, outcome = 'talked' AS talked, coalesce(support_level_before, 0)::int AS level_before, count(*)::int AS n
        FROM ec GROUP BY 1, 2, 3, 4
    ),
    walks AS (
      SELECT d.script_version_id, d.answers, v.document, w.path, w.support_level
        FROM (SELECT DISTINCT script_version_id, answers FROM grouped WHERE talked OR answers <> '{}'::jsonb) d
        JOIN script_versions v ON v.org_id = ${s.orgId} AND v.id = d.script_version_id
        CROSS JOIN LATERAL metrics_walk_script(v.document, d.answers) w
    ),
    walked AS (
      SELECT g.*, w.document, w.path, w.support_level
        FROM grouped g
        LEFT JOIN walks w ON w.script_version_id = g.script_version_id AND w.answers = g.answers AND (g.talked OR g.answers <> '{}'::jsonb)
    )
    SELECT 'support' AS kind, NULL AS version, NULL AS a, NULL AS b,
           level_before AS x, coalesce(support_level, level_before)::int AS y, sum(n)::int AS n, talked::int AS t
      FROM walked GROUP BY level_before, coalesce(support_level, level_before), talked
    UNION ALL
    SELECT 'reach', w.script_version_id::text, p.section_id, NULL,
           sum(w.n)::int, (sum(w.n) FILTER (WHERE p.n = cardinality(w.path)))::int, 0, 0
      FROM walked w, unnest(w.path) WITH ORDINALITY AS p (section_id, n)
     WHERE w.document IS NOT NULL
     GROUP BY w.script_version_id, p.section_id
    UNION ALL
    SELECT 'answer', w.script_version_id::text, q ->> 'id',
           CASE WHEN q ->> 'kind' = 'choice' THEN w.answers ->> (q ->> 'id') ELSE '' END,
           sum(w.n)::int, 0, 0, 0
      FROM walked w,
           jsonb_array_elements(coalesce(w.document -> 'sections', '[]')) sec,
           jsonb_array_elements(coalesce(sec -> 'questions', '[]')) q
     WHERE w.document IS NOT NULL
       AND jsonb_typeof(w.answers -> (q ->> 'id')) = 'string'
       AND CASE WHEN q ->> 'kind' = 'choice'
                THEN EXISTS (SELECT 1 FROM jsonb_array_elements(coalesce(q -> 'choices', '[]')) ch WHERE ch ->> 'id' = w.answers ->> (q ->> 'id'))
                ELSE (w.answers ->> (q ->> 'id')) ~ '\\S' END
     GROUP BY 2, 3, 4`.execute(tx);
  const out: EventScriptStats = { support: [], reach: [], answers: [] };
  for (const r of rows as unknown as { kind: string; version: string | null; a: string | null; b: string | null; x: number; y: number; n: number; t: number }[]) {
    if (r.kind === 'support') out.support.push({ talked: r.t === 1, level_before: r.x, level_after: r.y, calls: r.n });
    else if (r.kind === 'reach') out.reach.push({ script_version_id: r.version!, section_id: r.a!, reached: r.x, ended_here: r.y ?? 0 });
    else out.answers.push({ script_version_id: r.version!, question_id: r.a!, choice_id: r.b ?? '', answers: r.x });
  }
  return out;
}

export interface EventTotalsRow {
  id: string;
  title: string;
  kind: string;
  starts_at: Date;
  ends_at: Date;
  campaign_id: string | null;
  calls: number;
  answered: number;
  conversations: number;
  signed_up: number;
  checked_in: number;
}

/**
 * Calls, conversations and check-ins per event that has started, newest first: the events of the
 * organization (or of one campaign, or one event) whose local start date is in the range.
 */
export async function eventTotals(
  tx: Tx,
  s: StatsScope & { eventId: string | null; now: Date; publicOnly: boolean },
  limit: number,
): Promise<EventTotalsRow[]> {
  const campaign = s.campaignId ? sql`AND e.call_campaign_id = ${s.campaignId}::bigint` : sql``;
  const event = s.eventId ? sql`AND e.id = ${s.eventId}::bigint` : sql`AND e.status <> 'cancelled' AND e.starts_at <= ${s.now}`;
  const from = s.from ? sql`AND e.starts_at >= (${s.from}::date::timestamp AT TIME ZONE ${s.timeZone})` : sql``;
  const to = s.to ? sql`AND e.starts_at < ((${s.to}::date + 1)::timestamp AT TIME ZONE ${s.timeZone})` : sql``;
  const publicOnly = s.publicOnly ? sql`AND e.is_public` : sql``;
  const { rows } = await sql<EventTotalsRow>`
    SELECT e.id::text, e.title, e.kind, e.starts_at, e.ends_at, e.call_campaign_id::text AS campaign_id,
           coalesce(k.calls, 0)::int AS calls, coalesce(k.answered, 0)::int AS answered, coalesce(k.conversations, 0)::int AS conversations,
           coalesce(su.signed_up, 0)::int AS signed_up, coalesce(su.checked_in, 0)::int AS checked_in
      FROM events e
      LEFT JOIN LATERAL (
        SELECT count(*) AS calls,
               count(*) FILTER (WHERE c.outcome = ANY (${[...ANSWERED_OUTCOMES]}::text[])) AS answered,
               count(*) FILTER (WHERE c.outcome = 'talked') AS conversations
          FROM calls c
         WHERE c.org_id = e.org_id AND c.campaign_id = e.call_campaign_id
           AND c.ended_at >= e.starts_at AND c.ended_at <= e.ends_at
           AND c.caller_id IN (${eventCallers(s.orgId, sql`e.id`)})
      ) k ON e.call_campaign_id IS NOT NULL
      LEFT JOIN LATERAL (
        SELECT count(*) FILTER (WHERE x.status IN ('confirmed', 'checked_in', 'no_show')) AS signed_up,
               count(*) FILTER (WHERE x.status = 'checked_in') AS checked_in
          FROM signups x WHERE x.org_id = e.org_id AND x.event_id = e.id
      ) su ON true
     WHERE e.org_id = ${s.orgId} ${campaign} ${event} ${from} ${to} ${publicOnly}
     ORDER BY e.starts_at DESC, e.id DESC
     LIMIT ${limit}`.execute(tx);
  return rows;
}

/** The event a dashboard is for, if it is the organization's. */
export async function findEvent(tx: Tx, orgId: string, eventId: string) {
  const { rows } = await sql<{ id: string; title: string; kind: string; starts_at: Date; ends_at: Date; call_campaign_id: string | null }>`
    SELECT id::text, title, kind, starts_at, ends_at, call_campaign_id::text FROM events WHERE org_id = ${orgId} AND id = ${eventId}::bigint`.execute(tx);
  return rows[0] ?? null;
}

/** Whether the member hosts the event. */
export async function isEventHost(tx: Tx, orgId: string, eventId: string, userId: string): Promise<boolean> {
  const { rows } = await sql<{ one: number }>`
    SELECT 1 AS one FROM events WHERE org_id = ${orgId} AND id = ${eventId}::bigint AND host_user_id = ${userId}::uuid`.execute(tx);
  return rows.length > 0;
}
