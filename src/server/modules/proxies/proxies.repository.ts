import { sql } from 'kysely';
import type { Db, Tx } from '../../platform/db/database.js';
import type { ProxyMatchStatus, ProxyOrigin } from '../../platform/db/schema-proxies.js';
import type { ExistingMatch, OfferInput, Proposal, RequestInput } from '../../../shared/proxies/matching.js';
import { tierOf } from '../../../shared/proxies/matching.js';

/** Statuses in which a match uses the holder's capacity. */
export const LIVE_STATUSES: readonly ProxyMatchStatus[] = ['proposed', 'accepted', 'giver_informed', 'established', 'confirmed_by_holder', 'voted'];
/** Statuses in which both sides agreed: these count when an acceptance checks the legal limit. */
export const COMMITTED_STATUSES: readonly ProxyMatchStatus[] = ['accepted', 'giver_informed', 'established', 'confirmed_by_holder', 'voted'];

/** The organization a public page names by its slug (a SECURITY DEFINER lookup: organizations are under RLS). */
export async function orgIdBySlug(db: Db, slug: string): Promise<string | null> {
  const { rows } = await sql<{ id: string | null }>`SELECT relais_org_id_by_slug(${slug}) AS id`.execute(db);
  return rows[0]?.id ?? null;
}

export function findPersonByContact(tx: Tx, orgId: string, email: string | null, phoneE164: string | null) {
  return tx
    .selectFrom('people')
    .select(['id', 'first_name', 'last_name', 'email', 'mobile_e164', 'phone_e164', 'birth_date', 'commune_code', 'polling_station_code'])
    .where('org_id', '=', orgId)
    .where((eb) => {
      const ors = [];
      if (email) ors.push(eb('email_normalized', '=', email.toLowerCase()));
      if (phoneE164) ors.push(eb('mobile_e164', '=', phoneE164), eb('phone_e164', '=', phoneE164));
      return eb.or(ors);
    })
    // An e-mail match wins over a phone match (a shared family landline).
    .orderBy(sql`(email_normalized = ${email?.toLowerCase() ?? ''})`, 'desc')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
}

export interface PersonFromForm {
  firstName: string;
  lastName: string;
  email: string | null;
  phone: { raw: string; e164: string; mobile: boolean } | null;
  communeCode: string;
  pollingStationCode: string | null;
  birthDate: string | null;
}

export async function insertPerson(tx: Tx, orgId: string, p: PersonFromForm, now: Date): Promise<string> {
  const row = await tx
    .insertInto('people')
    .values({
      org_id: orgId,
      first_name: p.firstName,
      last_name: p.lastName,
      email: p.email,
      ...(p.phone ? (p.phone.mobile ? { mobile_e164: p.phone.e164, mobile_raw: p.phone.raw, mobile_valid: true } : { phone_e164: p.phone.e164, phone_raw: p.phone.raw, phone_valid: true }) : {}),
      commune_code: p.communeCode,
      polling_station_code: p.pollingStationCode,
      birth_date: p.birthDate,
      data_source: 'proxy_form',
      legal_basis: 'consent',
      custom_fields: '{}',
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Fills what the person's record lacks from what they just typed. Nothing already known is
 * overwritten: anyone who knows an e-mail address can submit the public form, so it must not be a
 * way to rename someone or move them to another commune (the request or offer keeps what was typed).
 * Their consent becomes the basis we hold their data on.
 */
export async function updatePersonFromForm(
  tx: Tx,
  orgId: string,
  existing: { id: string; first_name: string; last_name: string; email: string | null; mobile_e164: string | null; phone_e164: string | null; birth_date: string | null; commune_code: string | null; polling_station_code: string | null },
  p: PersonFromForm,
  now: Date,
): Promise<void> {
  const phoneKnown = p.phone && (existing.mobile_e164 === p.phone.e164 || existing.phone_e164 === p.phone.e164);
  await tx
    .updateTable('people')
    .set({
      ...(existing.first_name === '' ? { first_name: p.firstName } : {}),
      ...(existing.last_name === '' ? { last_name: p.lastName } : {}),
      ...(existing.email === null && p.email ? { email: p.email } : {}),
      ...(p.phone && !phoneKnown
        ? p.phone.mobile && existing.mobile_e164 === null
          ? { mobile_e164: p.phone.e164, mobile_raw: p.phone.raw, mobile_valid: true }
          : !p.phone.mobile && existing.phone_e164 === null
            ? { phone_e164: p.phone.e164, phone_raw: p.phone.raw, phone_valid: true }
            : {}
        : {}),
      ...(existing.commune_code === null ? { commune_code: p.communeCode } : {}),
      ...(existing.polling_station_code === null && p.pollingStationCode ? { polling_station_code: p.pollingStationCode } : {}),
      ...(existing.birth_date === null && p.birthDate ? { birth_date: p.birthDate } : {}),
      legal_basis: 'consent',
      updated_at: now,
    })
    .where('org_id', '=', orgId)
    .where('id', '=', existing.id)
    .execute();
}

export interface RequestRow {
  person_id: string;
  commune_code: string;
  polling_station_code: string | null;
  rounds: string[];
  established_abroad: boolean;
  origin: ProxyOrigin;
  consent_at: Date | null;
  locale: 'fr' | 'en';
}

/** Creates the person's open request, or updates it if they already have one (a second submission). */
export async function upsertOpenRequest(tx: Tx, orgId: string, r: RequestRow, now: Date): Promise<string> {
  const open = await tx
    .selectFrom('proxy_requests')
    .select('id')
    .where('org_id', '=', orgId)
    .where('person_id', '=', r.person_id)
    .where('status', '=', 'open')
    .executeTakeFirst();
  if (open) {
    await tx.updateTable('proxy_requests').set({ ...r, updated_at: now }).where('org_id', '=', orgId).where('id', '=', open.id).execute();
    return open.id;
  }
  const row = await tx.insertInto('proxy_requests').values({ org_id: orgId, ...r, updated_at: now }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export interface OfferRow extends Omit<RequestRow, 'established_abroad'> {
  max_travel_km: number | null;
  proxies_held: number;
  proxies_held_in_france: number;
  voter_number: string | null;
}

export async function upsertAvailableOffer(tx: Tx, orgId: string, o: OfferRow, now: Date): Promise<string> {
  const open = await tx
    .selectFrom('proxy_offers')
    .select('id')
    .where('org_id', '=', orgId)
    .where('person_id', '=', o.person_id)
    .where('status', '=', 'available')
    .executeTakeFirst();
  if (open) {
    await tx.updateTable('proxy_offers').set({ ...o, updated_at: now }).where('org_id', '=', orgId).where('id', '=', open.id).execute();
    return open.id;
  }
  const row = await tx.insertInto('proxy_offers').values({ org_id: orgId, ...o, updated_at: now }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** The polling stations the public forms offer for a commune: the ones imported, then the ones people vote at. */
export async function stationsOfCommune(tx: Tx, orgId: string, communeCode: string) {
  const imported = await tx
    .selectFrom('proxy_polling_stations')
    .select(['code', 'name', 'address'])
    .where('org_id', '=', orgId)
    .where('commune_code', '=', communeCode)
    .orderBy('code')
    .execute();
  const known = await tx
    .selectFrom('people')
    .select('polling_station_code as code')
    .distinct()
    .where('org_id', '=', orgId)
    .where('commune_code', '=', communeCode)
    .where('polling_station_code', 'is not', null)
    .orderBy('polling_station_code')
    .limit(2000)
    .execute();
  const seen = new Set(imported.map((s) => s.code));
  return [...imported, ...known.filter((k) => k.code !== null && !seen.has(k.code)).map((k) => ({ code: k.code as string, name: '', address: '' }))];
}

/** Everything the engine needs for one organization: open requests, available offers, live matches, rejected pairs. */
export async function loadMatchingInput(tx: Tx, orgId: string) {
  const requests = await tx
    .selectFrom('proxy_requests as r')
    .select(['r.id', 'r.person_id', 'r.commune_code', 'r.polling_station_code', sql<string[]>`r.rounds::text[]`.as('rounds'), 'r.established_abroad'])
    .where('r.org_id', '=', orgId)
    .where('r.status', '=', 'open')
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('proxy_matches as m').select('m.id').whereRef('m.org_id', '=', 'r.org_id').whereRef('m.request_id', '=', 'r.id').where('m.status', 'in', LIVE_STATUSES))),
    )
    .orderBy('r.id')
    .execute();
  const offers = await tx
    .selectFrom('proxy_offers')
    .select(['id', 'person_id', 'commune_code', 'polling_station_code', sql<string[]>`rounds::text[]`.as('rounds'), 'max_travel_km', 'proxies_held', 'proxies_held_in_france'])
    .where('org_id', '=', orgId)
    .where('status', '=', 'available')
    .orderBy('id')
    .execute();
  const live = await tx
    .selectFrom('proxy_matches')
    .select(['request_id', 'offer_id', sql<string[]>`rounds::text[]`.as('rounds'), 'established_abroad', 'status'])
    .where('org_id', '=', orgId)
    .where('status', 'in', [...LIVE_STATUSES, 'rejected'])
    .execute();
  const coordinates = await tx.selectFrom('commune_coordinates').select(['commune_code', 'lat', 'lon']).where('org_id', '=', orgId).execute();
  return {
    requests: requests.map(
      (r): RequestInput => ({
        id: r.id,
        orgId,
        personId: r.person_id,
        communeCode: r.commune_code,
        pollingStationCode: r.polling_station_code,
        rounds: r.rounds,
        establishedAbroad: r.established_abroad,
      }),
    ),
    offers: offers.map(
      (o): OfferInput => ({
        id: o.id,
        orgId,
        personId: o.person_id,
        communeCode: o.commune_code,
        pollingStationCode: o.polling_station_code,
        rounds: o.rounds,
        maxTravelKm: o.max_travel_km,
        declaredHeld: o.proxies_held,
        declaredHeldInFrance: o.proxies_held_in_france,
      }),
    ),
    existing: live
      .filter((m) => m.status !== 'rejected')
      .map((m): ExistingMatch => ({ requestId: m.request_id, offerId: m.offer_id, rounds: m.rounds, establishedAbroad: m.established_abroad })),
    excludedPairs: new Set(live.filter((m) => m.status === 'rejected').map((m) => `${m.request_id}|${m.offer_id}`)),
    coordinates: new Map(coordinates.map((c) => [`${orgId}|${c.commune_code}`, { lat: c.lat, lon: c.lon }])),
  };
}

/** Stores proposals, a thousand rows per statement. */
export async function insertProposals(tx: Tx, orgId: string, proposals: readonly Proposal[], now: Date, establishedAbroad: ReadonlyMap<string, boolean>): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < proposals.length; i += 1000) {
    const slice = proposals.slice(i, i + 1000);
    const result = await tx
      .insertInto('proxy_matches')
      .values(
        slice.map((p) => ({
          org_id: orgId,
          request_id: p.requestId,
          offer_id: p.offerId,
          rounds: p.rounds,
          established_abroad: establishedAbroad.get(p.requestId) ?? false,
          level: p.level,
          full_coverage: p.fullCoverage,
          distance_km: p.distanceKm,
          score: tierOf(p.level, p.fullCoverage),
          proposed_at: now,
          updated_at: now,
        })),
      )
      // A request matched meanwhile (another run) keeps its match.
      .onConflict((oc) => oc.columns(['org_id', 'request_id']).where(sql<boolean>`status NOT IN ('rejected', 'cancelled')`).doNothing())
      .executeTakeFirst();
    inserted += Number(result.numInsertedOrUpdatedRows ?? 0n);
  }
  return inserted;
}

/** Matches with both sides, for the review screen and the messages. */
export function selectMatches(tx: Tx, orgId: string) {
  return tx
    .selectFrom('proxy_matches as m')
    .innerJoin('proxy_requests as r', (j) => j.onRef('r.org_id', '=', 'm.org_id').onRef('r.id', '=', 'm.request_id'))
    .innerJoin('proxy_offers as o', (j) => j.onRef('o.org_id', '=', 'm.org_id').onRef('o.id', '=', 'm.offer_id'))
    .innerJoin('people as g', (j) => j.onRef('g.org_id', '=', 'r.org_id').onRef('g.id', '=', 'r.person_id'))
    .innerJoin('people as h', (j) => j.onRef('h.org_id', '=', 'o.org_id').onRef('h.id', '=', 'o.person_id'))
    .select([
      'm.id',
      'm.request_id',
      'm.offer_id',
      'm.status',
      'm.level',
      'm.full_coverage',
      'm.distance_km',
      sql<string[]>`m.rounds::text[]`.as('rounds'),
      'm.established_abroad',
      'm.proposed_at',
      'm.accepted_at',
      'm.giver_informed_at',
      'm.established_at',
      'm.confirmed_by_holder_at',
      'm.voted_at',
      'm.rejected_at',
      'm.cancelled_at',
      'm.giver_message',
      'm.holder_message',
      'r.commune_code as r_commune_code',
      'r.polling_station_code as r_station',
      'r.locale as r_locale',
      'r.origin as r_origin',
      'o.commune_code as o_commune_code',
      'o.polling_station_code as o_station',
      'o.locale as o_locale',
      'o.origin as o_origin',
      'o.voter_number as o_voter_number',
      'g.id as g_person_id',
      'g.first_name as g_first_name',
      'g.last_name as g_last_name',
      'g.email as g_email',
      'g.mobile_e164 as g_mobile',
      'g.phone_e164 as g_phone',
      'h.id as h_person_id',
      'h.first_name as h_first_name',
      'h.last_name as h_last_name',
      'h.email as h_email',
      'h.mobile_e164 as h_mobile',
      'h.phone_e164 as h_phone',
      'h.birth_date as h_birth_date',
    ])
    .where('m.org_id', '=', orgId);
}
export type MatchRow = Awaited<ReturnType<ReturnType<typeof selectMatches>['executeTakeFirstOrThrow']>>;

export function findMatch(tx: Tx, orgId: string, matchId: string) {
  return selectMatches(tx, orgId).where('m.id', '=', matchId).executeTakeFirst();
}

/**
 * Locks the holder's offer row until the transaction ends: two organizers accepting matches of the
 * same holder at once are served one after the other, so the second sees the first's acceptance.
 */
export function lockOffer(tx: Tx, orgId: string, offerId: string) {
  return tx
    .selectFrom('proxy_offers')
    .select(['id', 'proxies_held', 'proxies_held_in_france', 'status'])
    .where('org_id', '=', orgId)
    .where('id', '=', offerId)
    .forUpdate()
    .executeTakeFirst();
}

/** The holder's other committed matches (rounds and where established), for the legal limit. */
export function committedMatchesOfOffer(tx: Tx, orgId: string, offerId: string, exceptMatchId: string) {
  return tx
    .selectFrom('proxy_matches')
    .select([sql<string[]>`rounds::text[]`.as('rounds'), 'established_abroad'])
    .where('org_id', '=', orgId)
    .where('offer_id', '=', offerId)
    .where('id', '!=', exceptMatchId)
    .where('status', 'in', COMMITTED_STATUSES)
    .execute();
}

export function stationDetails(tx: Tx, orgId: string, code: string) {
  return tx.selectFrom('proxy_polling_stations').select(['name', 'address']).where('org_id', '=', orgId).where('code', '=', code).executeTakeFirst();
}

export async function countsBy(tx: Tx, orgId: string, table: 'proxy_requests' | 'proxy_offers' | 'proxy_matches') {
  const rows = await tx.selectFrom(table).select(['status', sql<string>`count(*)`.as('n')]).where('org_id', '=', orgId).groupBy('status').execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

/** Per giver's polling station or constituency: open requests without a live match, and matches per status. */
export async function countsByPlace(tx: Tx, orgId: string, place: 'station' | 'constituency') {
  const key = place === 'station' ? sql<string>`coalesce(r.polling_station_code, '')` : sql<string>`coalesce(g.constituency_code, '')`;
  const { rows } = await sql<{ code: string; status: string; n: string }>`
    SELECT ${key} AS code, coalesce(m.status, 'unmatched') AS status, count(*) AS n
    FROM proxy_requests r
    JOIN people g ON g.org_id = r.org_id AND g.id = r.person_id
    LEFT JOIN proxy_matches m ON m.org_id = r.org_id AND m.request_id = r.id AND m.status NOT IN ('rejected', 'cancelled')
    WHERE r.org_id = ${orgId} AND r.status <> 'cancelled'
    GROUP BY 1, 2
    ORDER BY 1`.execute(tx);
  const byCode = new Map<string, Record<string, number>>();
  for (const row of rows) {
    const counts = byCode.get(row.code) ?? {};
    counts[row.status] = Number(row.n);
    byCode.set(row.code, counts);
  }
  return [...byCode].map(([code, counts]) => ({ code, counts }));
}

/** Givers with an open request and holders with an available offer that have no live match: the ones to chase. */
export async function unmatchedPeople(tx: Tx, orgId: string, side: 'giver' | 'holder' | 'both'): Promise<string[]> {
  const ids = new Set<string>();
  if (side !== 'holder') {
    const { rows } = await sql<{ person_id: string }>`
      SELECT DISTINCT r.person_id FROM proxy_requests r
      WHERE r.org_id = ${orgId} AND r.status = 'open'
        AND NOT EXISTS (SELECT 1 FROM proxy_matches m WHERE m.org_id = r.org_id AND m.request_id = r.id AND m.status NOT IN ('rejected', 'cancelled'))
      ORDER BY 1`.execute(tx);
    for (const r of rows) ids.add(r.person_id);
  }
  if (side !== 'giver') {
    const { rows } = await sql<{ person_id: string }>`
      SELECT DISTINCT o.person_id FROM proxy_offers o
      WHERE o.org_id = ${orgId} AND o.status = 'available'
        AND NOT EXISTS (SELECT 1 FROM proxy_matches m WHERE m.org_id = o.org_id AND m.offer_id = o.id AND m.status NOT IN ('rejected', 'cancelled'))
      ORDER BY 1`.execute(tx);
    for (const r of rows) ids.add(r.person_id);
  }
  return [...ids];
}

const ROUND_COLUMNS = ['id', 'label', 'label_en', sql<string>`round_date::text`.as('date'), sql<string>`deadline::text`.as('deadline')] as const;

/** The organization's rounds, soonest first; only those whose deadline is not before `openOn` when given. */
export function selectRounds(tx: Tx, orgId: string, openOn?: string) {
  let q = tx.selectFrom('proxy_rounds').select(ROUND_COLUMNS).where('org_id', '=', orgId);
  if (openOn) q = q.where('deadline', '>=', openOn);
  return q.orderBy('round_date').execute();
}
export type RoundRow = Awaited<ReturnType<typeof selectRounds>>[number];

export function findRound(tx: Tx, orgId: string, roundId: string, lock = false) {
  const q = tx.selectFrom('proxy_rounds').select(ROUND_COLUMNS).where('org_id', '=', orgId).where('id', '=', roundId);
  return (lock ? q.forUpdate() : q).executeTakeFirst();
}

/** Inserts a round; undefined when the organization already has one on that date. */
export function insertRound(tx: Tx, orgId: string, r: { label: string; labelEn: string | null; date: string; deadline: string }, now: Date) {
  return tx
    .insertInto('proxy_rounds')
    .values({ org_id: orgId, label: r.label, label_en: r.labelEn, round_date: r.date, deadline: r.deadline, updated_at: now })
    .onConflict((oc) => oc.columns(['org_id', 'round_date']).doNothing())
    .returning(ROUND_COLUMNS)
    .executeTakeFirst();
}

export function roundDateTaken(tx: Tx, orgId: string, date: string, exceptId: string) {
  return tx.selectFrom('proxy_rounds').select('id').where('org_id', '=', orgId).where('round_date', '=', date).where('id', '!=', exceptId).executeTakeFirst();
}

export function updateRound(tx: Tx, orgId: string, roundId: string, r: { label: string; labelEn: string | null; date: string; deadline: string }, now: Date) {
  return tx
    .updateTable('proxy_rounds')
    .set({ label: r.label, label_en: r.labelEn, round_date: r.date, deadline: r.deadline, updated_at: now })
    .where('org_id', '=', orgId)
    .where('id', '=', roundId)
    .returning(ROUND_COLUMNS)
    .executeTakeFirstOrThrow();
}

/**
 * Moves a round's date on every request, offer and match that names it (kept sorted and without
 * duplicates, as the forms store them). `= ANY(rounds)` cannot use an index; an organization has a
 * few hundred thousand rows at most and a round moves a handful of times a campaign.
 */
export async function moveRoundDate(tx: Tx, orgId: string, from: string, to: string, now: Date): Promise<void> {
  for (const table of ['proxy_requests', 'proxy_offers', 'proxy_matches'] as const) {
    await sql`
      UPDATE ${sql.table(table)}
         SET rounds = ARRAY(SELECT DISTINCT d FROM unnest(array_replace(rounds, ${from}::date, ${to}::date)) d ORDER BY d),
             updated_at = ${now}
       WHERE org_id = ${orgId} AND ${from}::date = ANY (rounds)`.execute(tx);
  }
}

/** How many requests, offers and live matches still name a round's date. */
export async function roundUses(tx: Tx, orgId: string, date: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    SELECT (SELECT count(*) FROM proxy_requests WHERE org_id = ${orgId} AND status IN ('open', 'matched') AND ${date}::date = ANY (rounds))
         + (SELECT count(*) FROM proxy_offers WHERE org_id = ${orgId} AND status = 'available' AND ${date}::date = ANY (rounds))
         + (SELECT count(*) FROM proxy_matches WHERE org_id = ${orgId} AND status NOT IN ('rejected', 'cancelled', 'voted') AND ${date}::date = ANY (rounds)) AS n`.execute(tx);
  return Number(rows[0]?.n ?? 0);
}

export function deleteRound(tx: Tx, orgId: string, roundId: string) {
  return tx.deleteFrom('proxy_rounds').where('org_id', '=', orgId).where('id', '=', roundId).execute();
}

/** The organization's time zone and language (reminders are timed and, for call-made requests, worded in them). */
export async function orgSettings(tx: Tx, orgId: string): Promise<{ timeZone: string; locale: 'fr' | 'en' }> {
  const row = await tx.selectFrom('organizations').select(['time_zone', 'locale']).where('id', '=', orgId).executeTakeFirst();
  return { timeZone: row?.time_zone ?? 'Europe/Paris', locale: row?.locale === 'en' ? 'en' : 'fr' };
}

/** `day` (YYYY-MM-DD) minus `days`, at `time` local wall-clock time in `timeZone`, as an instant. */
export async function localInstant(tx: Tx, day: string, days: number, time: string, timeZone: string): Promise<Date> {
  const { rows } = await sql<{ at: Date }>`SELECT ((${day}::date - ${days}::int) + ${time}::time) AT TIME ZONE ${timeZone} AS at`.execute(tx);
  const at = rows[0]?.at;
  if (!at) throw new Error('localInstant: no row');
  return at;
}

/**
 * People of live matches (accepted up to confirmed by the holder) an automatic reminder could not
 * e-mail: no address, or "do not e-mail" held it back. Organizers remind them by phone.
 */
export async function notEmailedPeople(tx: Tx, orgId: string, side: 'giver' | 'holder' | 'both'): Promise<string[]> {
  const sides = side === 'both' ? ['giver', 'holder'] : [side];
  const { rows } = await sql<{ person_id: string }>`
    SELECT DISTINCT CASE WHEN pr.side = 'giver' THEN r.person_id ELSE o.person_id END AS person_id
      FROM proxy_reminders pr
      JOIN proxy_matches m ON m.org_id = pr.org_id AND m.id = pr.match_id
      JOIN proxy_requests r ON r.org_id = m.org_id AND r.id = m.request_id
      JOIN proxy_offers o ON o.org_id = m.org_id AND o.id = m.offer_id
     WHERE pr.org_id = ${orgId} AND pr.outbox_id IS NULL AND pr.side = ANY (${sides}::text[])
       AND m.status IN ('accepted', 'giver_informed', 'established', 'confirmed_by_holder')
     ORDER BY 1`.execute(tx);
  return rows.map((r) => r.person_id);
}
