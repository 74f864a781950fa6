import { sql, type RawBuilder } from 'kysely';
import type { Tx } from '../../platform/db/database.js';

/**
 * What a metrics query reads: one organization, optionally one campaign, optionally local dates
 * (inclusive) interpreted in `timeZone`.
 */
export interface StatsScope {
  orgId: string;
  campaignId: string | null;
  timeZone: string;
  from: string | null;
  to: string | null;
}

const campaignIs = (s: StatsScope): RawBuilder<unknown> => (s.campaignId ? sql`AND campaign_id = ${s.campaignId}::bigint` : sql``);

// A local date starts at local midnight: `date::timestamp AT TIME ZONE tz` is that instant.
function hourRange(s: StatsScope): RawBuilder<unknown> {
  const from = s.from ? sql`AND hour >= (${s.from}::date::timestamp AT TIME ZONE ${s.timeZone})` : sql``;
  const to = s.to ? sql`AND hour < ((${s.to}::date + 1)::timestamp AT TIME ZONE ${s.timeZone})` : sql``;
  return sql`${from} ${to}`;
}

function dayRange(s: StatsScope): RawBuilder<unknown> {
  const from = s.from ? sql`AND day >= ${s.from}::date` : sql``;
  const to = s.to ? sql`AND day <= ${s.to}::date` : sql``;
  return sql`${from} ${to}`;
}

export interface HourlyRow {
  day: string;
  hour: number;
  weekday: number;
  outcome: string;
  calls: number;
  seconds: number;
  timed: number;
}

/**
 * Calls per local hour bucket and outcome. Each UTC bucket is converted with the offset of its own
 * instant, so summer and winter hours both land on the right local hour.
 */
export async function hourlyOutcomes(tx: Tx, s: StatsScope): Promise<HourlyRow[]> {
  const { rows } = await sql<HourlyRow>`
    SELECT to_char(hour AT TIME ZONE ${s.timeZone}, 'YYYY-MM-DD') AS day,
           extract(hour FROM hour AT TIME ZONE ${s.timeZone})::int AS hour,
           extract(isodow FROM hour AT TIME ZONE ${s.timeZone})::int AS weekday,
           outcome,
           sum(calls)::int AS calls, sum(seconds)::float8 AS seconds, sum(timed_calls)::int AS timed
      FROM call_stats_hourly
     WHERE org_id = ${s.orgId} ${campaignIs(s)} ${hourRange(s)}
     GROUP BY 1, 2, 3, 4`.execute(tx);
  return rows;
}

/**
 * Proxy requests and offers created by calls (proxies.calls.ts records the campaign on them) in
 * the scope's campaign and local dates (or an event's time window); served by the partial
 * (org_id, campaign_id, created_at) indexes.
 */
export async function proxiesRecruited(tx: Tx, s: StatsScope, window: { from: Date; to: Date } | null = null): Promise<{ requests: number; offers: number }> {
  const from = window ? sql`AND created_at >= ${window.from}` : s.from ? sql`AND created_at >= (${s.from}::date::timestamp AT TIME ZONE ${s.timeZone})` : sql``;
  const to = window ? sql`AND created_at <= ${window.to}` : s.to ? sql`AND created_at < ((${s.to}::date + 1)::timestamp AT TIME ZONE ${s.timeZone})` : sql``;
  const where = sql`org_id = ${s.orgId} AND campaign_id IS NOT NULL ${campaignIs(s)} ${from} ${to}`;
  const { rows } = await sql<{ requests: number; offers: number }>`
    SELECT (SELECT count(*)::int FROM proxy_requests WHERE ${where}) AS requests,
           (SELECT count(*)::int FROM proxy_offers WHERE ${where}) AS offers`.execute(tx);
  return rows[0] ?? { requests: 0, offers: 0 };
}

/** Calls and conversations since local midnight of `now`, whatever the date filter. */
export async function todayCounts(tx: Tx, s: StatsScope, now: Date): Promise<{ calls: number; talked: number }> {
  const { rows } = await sql<{ calls: number; talked: number }>`
    SELECT coalesce(sum(calls), 0)::int AS calls, coalesce(sum(calls) FILTER (WHERE outcome = 'talked'), 0)::int AS talked
      FROM call_stats_hourly
     WHERE org_id = ${s.orgId} ${campaignIs(s)}
       AND hour >= (date_trunc('day', ${now}::timestamptz AT TIME ZONE ${s.timeZone}) AT TIME ZONE ${s.timeZone})`.execute(tx);
  return rows[0] ?? { calls: 0, talked: 0 };
}

/**
 * Calls in the last hour, and callers active in the last ten minutes (a saved call or a person
 * claimed), read from the raw tables through calls_metrics_recent and call_targets_claimed_by:
 * both scans are bounded by the last hour's activity.
 */
export async function recentActivity(tx: Tx, s: StatsScope, now: Date): Promise<{ lastHour: number; activeCallers: number }> {
  const hourAgo = new Date(now.getTime() - 3_600_000);
  const tenMinutesAgo = new Date(now.getTime() - 600_000);
  const { rows } = await sql<{ last_hour: number; active: number }>`
    SELECT (SELECT count(*)::int FROM calls
             WHERE org_id = ${s.orgId} AND ended_at > ${hourAgo} AND ended_at <= ${now} ${campaignIs(s)}) AS last_hour,
           (SELECT count(DISTINCT who)::int FROM (
              SELECT caller_id AS who FROM calls
               WHERE org_id = ${s.orgId} AND ended_at > ${tenMinutesAgo} AND ended_at <= ${now} AND caller_id IS NOT NULL ${campaignIs(s)}
              UNION
              SELECT claimed_by FROM call_targets
               WHERE org_id = ${s.orgId} AND status = 'claimed' AND claimed_at > ${tenMinutesAgo} AND claimed_by IS NOT NULL ${campaignIs(s)}
            ) AS active) AS active`.execute(tx);
  const row = rows[0];
  return { lastHour: row?.last_hour ?? 0, activeCallers: row?.active ?? 0 };
}

export interface LeaderRow {
  caller_id: string;
  name: string;
  calls: number;
  conversations: number;
}

/** The callers with the most calls (then conversations) in the range. */
export async function leaderboard(tx: Tx, s: StatsScope, limit: number): Promise<LeaderRow[]> {
  const { rows } = await sql<LeaderRow>`
    SELECT st.caller_id, u.name, st.calls, st.conversations
      FROM (SELECT caller_id, sum(calls)::int AS calls, sum(conversations)::int AS conversations
              FROM caller_stats_daily
             WHERE org_id = ${s.orgId} ${campaignIs(s)} ${dayRange(s)}
             GROUP BY caller_id) st
      JOIN users u ON u.id = st.caller_id
     ORDER BY st.calls DESC, st.conversations DESC, st.caller_id
     LIMIT ${limit}`.execute(tx);
  return rows;
}

export interface SupportRow {
  talked: boolean;
  level_before: number;
  level_after: number;
  calls: number;
}

export async function supportLevels(tx: Tx, s: StatsScope): Promise<SupportRow[]> {
  const { rows } = await sql<SupportRow>`
    SELECT talked, level_before, level_after, sum(calls)::int AS calls
      FROM support_level_stats
     WHERE org_id = ${s.orgId} ${campaignIs(s)} ${dayRange(s)}
     GROUP BY 1, 2, 3`.execute(tx);
  return rows;
}

export async function sectionReach(tx: Tx, s: StatsScope): Promise<{ script_version_id: string; section_id: string; reached: number; ended_here: number }[]> {
  const { rows } = await sql<{ script_version_id: string; section_id: string; reached: number; ended_here: number }>`
    SELECT script_version_id::text, section_id, sum(reached)::int AS reached, sum(ended_here)::int AS ended_here
      FROM section_reach_stats
     WHERE org_id = ${s.orgId} ${campaignIs(s)} ${dayRange(s)}
     GROUP BY 1, 2`.execute(tx);
  return rows;
}

export async function answerCounts(tx: Tx, s: StatsScope): Promise<{ script_version_id: string; question_id: string; choice_id: string; answers: number }[]> {
  const { rows } = await sql<{ script_version_id: string; question_id: string; choice_id: string; answers: number }>`
    SELECT script_version_id::text, question_id, choice_id, sum(answers)::int AS answers
      FROM script_answer_stats
     WHERE org_id = ${s.orgId} ${campaignIs(s)} ${dayRange(s)}
     GROUP BY 1, 2, 3`.execute(tx);
  return rows;
}

/** The script versions named by the funnel, for their titles, labels and section order. */
export function scriptVersions(tx: Tx, orgId: string, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return tx
    .selectFrom('script_versions')
    .select(['id', 'name', 'version', 'document'])
    .where('org_id', '=', orgId)
    .where('id', 'in', ids)
    .orderBy('id')
    .execute();
}

/** Every campaign of the organization, newest first, for the campaign filter. */
export function listCampaigns(tx: Tx, orgId: string) {
  return tx.selectFrom('call_campaigns').select(['id', 'name', 'status']).where('org_id', '=', orgId).orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
}

export function findCampaign(tx: Tx, orgId: string, campaignId: string) {
  return tx.selectFrom('call_campaigns').select(['id', 'name']).where('org_id', '=', orgId).where('id', '=', campaignId).executeTakeFirst();
}

export function orgTimeZone(tx: Tx, orgId: string) {
  return tx.selectFrom('organizations').select('time_zone').where('id', '=', orgId).executeTakeFirst();
}

// Shared links

/** The organization's shared links, newest first, with their campaign's name. */
export function listShareLinks(tx: Tx, orgId: string) {
  return listShareLinksQuery(tx, orgId).orderBy('l.created_at', 'desc').orderBy('l.id', 'desc').execute();
}
export type ShareLinkRow = Awaited<ReturnType<typeof listShareLinks>>[number];

export function insertShareLink(
  tx: Tx,
  values: { orgId: string; tokenHash: Buffer; campaignId: string; label: string; showCallerNames: boolean; createdBy: string },
) {
  return tx
    .insertInto('metrics_share_links')
    .values({
      org_id: values.orgId,
      token_hash: values.tokenHash,
      campaign_id: values.campaignId,
      label: values.label,
      show_caller_names: values.showCallerNames,
      created_by: values.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export function findShareLink(tx: Tx, orgId: string, linkId: string) {
  return listShareLinksQuery(tx, orgId).where('l.id', '=', linkId).executeTakeFirst();
}

function listShareLinksQuery(tx: Tx, orgId: string) {
  return tx
    .selectFrom('metrics_share_links as l')
    .innerJoin('call_campaigns as c', (j) => j.onRef('c.org_id', '=', 'l.org_id').onRef('c.id', '=', 'l.campaign_id'))
    .select(['l.id', 'l.campaign_id', 'c.name as campaign_name', 'l.label', 'l.show_caller_names', 'l.created_at', 'l.revoked_at'])
    .where('l.org_id', '=', orgId);
}

export function revokeShareLink(tx: Tx, orgId: string, linkId: string, now: Date) {
  return tx
    .updateTable('metrics_share_links')
    .set({ revoked_at: now })
    .where('org_id', '=', orgId)
    .where('id', '=', linkId)
    .where('revoked_at', 'is', null)
    .execute();
}

// Networks (a head office and its local organizations)

export interface LocalOrganizationRow {
  id: string;
  parent_id: string;
  name: string;
  slug: string;
  time_zone: string;
  depth: number;
}

/** The organizations that report to the one acted for, at any depth (relais_local_organizations, 0015). */
export async function localOrganizations(tx: Tx): Promise<LocalOrganizationRow[]> {
  const { rows } = await sql<LocalOrganizationRow>`
    SELECT id, parent_id, name, slug, time_zone, depth FROM relais_local_organizations() ORDER BY depth, name, id`.execute(tx);
  return rows;
}

export interface OrgCountsRow {
  calls: number;
  answered: number;
  conversations: number;
  volunteers: number;
  proxy_requests: number;
  proxy_offers: number;
  proxies_established: number;
}

/**
 * One organization's totals for a network roll-up: calls in the range (from the hourly counters,
 * local dates in the organization's time zone), volunteers and proxies as they stand.
 */
export async function orgCounts(tx: Tx, s: Omit<StatsScope, 'campaignId'>, answeredOutcomes: readonly string[]): Promise<OrgCountsRow> {
  const { rows } = await sql<OrgCountsRow>`
    SELECT k.calls, k.answered, k.conversations,
           (SELECT count(*)::int FROM people WHERE org_id = ${s.orgId} AND is_volunteer) AS volunteers,
           (SELECT count(*)::int FROM proxy_requests WHERE org_id = ${s.orgId} AND status <> 'cancelled') AS proxy_requests,
           (SELECT count(*)::int FROM proxy_offers WHERE org_id = ${s.orgId} AND status = 'available') AS proxy_offers,
           (SELECT count(*)::int FROM proxy_matches WHERE org_id = ${s.orgId} AND status IN ('established', 'confirmed_by_holder', 'voted')) AS proxies_established
      FROM (SELECT coalesce(sum(calls), 0)::int AS calls,
                   coalesce(sum(calls) FILTER (WHERE outcome = ANY (${[...answeredOutcomes]}::text[])), 0)::int AS answered,
                   coalesce(sum(calls) FILTER (WHERE outcome = 'talked'), 0)::int AS conversations
              FROM call_stats_hourly
             WHERE org_id = ${s.orgId} ${hourRange({ ...s, campaignId: null })}) k`.execute(tx);
  return rows[0]!;
}
