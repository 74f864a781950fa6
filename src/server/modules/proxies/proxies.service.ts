import { sql } from 'kysely';
import { PROXY_FOLLOW_UP, type ProxyMatch } from '../../../shared/contracts/proxies.js';
import type { Locale } from '../../../shared/i18n/locales.js';
import { canHoldAnother } from '../../../shared/proxies/legal-limit.js';
import { matchProxies } from '../../../shared/proxies/matching.js';
import type { AppContext } from '../../platform/context.js';
import { inOrg, type Tx } from '../../platform/db/database.js';
import type { ProxyMatchStatus } from '../../platform/db/schema-proxies.js';
import type { OrgActor } from '../../platform/http/actor.js';
import { AppError, notFound } from '../../platform/http/errors.js';
import { defineJob, enqueueJob } from '../../platform/jobs/jobs.js';
import { queueMail } from '../mail/index.js';
import { communeIndex, matchingGeography } from './proxies.geography.js';
import { presentMatch } from './proxies.mappers.js';
import { fieldMessage } from './proxies.messages.js';
import { giverMessage, holderMessage, reminderMessage, type MessageFacts } from './proxies.messages.js';
import * as repo from './proxies.repository.js';
import { checkRounds, openRounds } from './proxies.rounds.js';

function run<T>(ctx: AppContext, actor: OrgActor, fn: (tx: Tx, orgId: string) => Promise<T>): Promise<T> {
  return inOrg(ctx.database.db, { orgId: actor.org.id, userId: actor.user.id }, (tx) => fn(tx, actor.org.id));
}

/** Above this many open requests, matching runs as a background job with a progress bar. */
export const INLINE_MATCHING_LIMIT = 5000;
export const MATCHING_JOB = 'proxies.match';

/**
 * Loads the organization's open requests and available offers, runs the engine and stores its
 * proposals. Runs again safely: stored proposals count as live matches on the next run.
 */
async function matchOrganization(tx: Tx, orgId: string, now: Date): Promise<number> {
  // One run at a time per organization (a click and a job, two clicks): the second waits for the
  // first to commit and then sees its proposals as used capacity.
  await sql`SELECT pg_advisory_xact_lock(hashtext('relais.proxies.match'), hashtext(${orgId}))`.execute(tx);
  const input = await repo.loadMatchingInput(tx, orgId);
  const proposals = matchProxies({ ...input, geo: matchingGeography(input.coordinates) });
  const abroad = new Map(input.requests.map((r) => [r.id, r.establishedAbroad]));
  return repo.insertProposals(tx, orgId, proposals, now, abroad);
}

defineJob<Record<string, never>, { proposed: number }>(MATCHING_JOB, async (job) => {
  // One chunk: the engine needs every open request and offer at once (about a second for 100k × 100k).
  const proposed = await job.chunk(async (tx) => {
    const n = await matchOrganization(tx, job.orgId, job.ctx.clock());
    return { state: { proposed: n }, done: 1, total: 1, value: n };
  });
  return { proposed };
});

/** Proposes holders for every open request: inline for a few thousand, else as a job. */
export async function runMatching(ctx: AppContext, actor: OrgActor) {
  return run(ctx, actor, async (tx, orgId) => {
    const open = await tx
      .selectFrom('proxy_requests')
      .select(sql<string>`count(*)`.as('n'))
      .where('org_id', '=', orgId)
      .where('status', '=', 'open')
      .executeTakeFirstOrThrow();
    if (Number(open.n) > INLINE_MATCHING_LIMIT) {
      const jobId = await enqueueJob(tx, { orgId, userId: actor.user.id }, MATCHING_JOB, {}, 1);
      return { inline: false, proposed: null, jobId };
    }
    return { inline: true, proposed: await matchOrganization(tx, orgId, ctx.clock()), jobId: null };
  });
}

/** Matches, newest first. */
export async function listMatches(ctx: AppContext, actor: OrgActor, query: { status?: ProxyMatchStatus | undefined; pollingStationCode?: string | undefined; limit: number; before?: string | undefined }) {
  return run(ctx, actor, async (tx, orgId) => {
    let q = repo.selectMatches(tx, orgId);
    if (query.status) q = q.where('m.status', '=', query.status);
    if (query.pollingStationCode) q = q.where('r.polling_station_code', '=', query.pollingStationCode);
    if (query.before) q = q.where('m.id', '<', query.before);
    const rows = await q.orderBy('m.id', 'desc').limit(query.limit).execute();
    return { matches: rows.map(presentMatch) };
  });
}

async function requireMatch(tx: Tx, orgId: string, matchId: string) {
  const row = await repo.findMatch(tx, orgId, matchId);
  if (!row) throw notFound();
  return row;
}

const conflict = (path: string, message: string) => new AppError('conflict', { fields: [{ path, message }] });

/**
 * Records that giver and holder both accepted a proposal. Locks the holder's offer row first, then
 * checks the legal limit against their declared and other accepted proxies on each round, so two
 * acceptances at once can never give anyone a void third proxy. Each side's message is stored on
 * the match and queued to the outbox (when they have an e-mail address).
 */
export async function acceptMatch(ctx: AppContext, actor: OrgActor, matchId: string): Promise<ProxyMatch> {
  return run(ctx, actor, async (tx, orgId) => {
    const first = await requireMatch(tx, orgId, matchId);
    const offer = await repo.lockOffer(tx, orgId, first.offer_id);
    // Read again under the lock: another transaction may have changed it while we waited.
    const match = await requireMatch(tx, orgId, matchId);
    if (!offer) throw notFound();
    if (match.status !== 'proposed') throw conflict('status', fieldMessage('not_proposed', actor.locale));
    const others = await repo.committedMatchesOfOffer(tx, orgId, match.offer_id, matchId);
    for (const round of match.rounds) {
      const held = { total: offer.proxies_held, inFrance: offer.proxies_held_in_france };
      for (const m of others) {
        if (!m.rounds.includes(round)) continue;
        held.total++;
        if (!m.established_abroad) held.inFrance++;
      }
      if (!canHoldAnother(held, match.established_abroad)) throw conflict('offerId', fieldMessage('holder_full', actor.locale));
    }
    const now = ctx.clock();
    const messages = await composeMessages(tx, orgId, match);
    await tx
      .updateTable('proxy_matches')
      .set({ status: 'accepted', accepted_at: now, giver_message: messages.giver.text, holder_message: messages.holder.text, messages_at: now, updated_at: now })
      .where('org_id', '=', orgId)
      .where('id', '=', matchId)
      .execute();
    await tx.updateTable('proxy_requests').set({ status: 'matched', updated_at: now }).where('org_id', '=', orgId).where('id', '=', match.request_id).execute();
    if (match.g_email) await queueMail(tx, ctx, orgId, { to: match.g_email, personId: match.g_person_id, kind: 'transactional', subject: messages.giver.subject, text: messages.giver.text });
    if (match.h_email) await queueMail(tx, ctx, orgId, { to: match.h_email, personId: match.h_person_id, kind: 'transactional', subject: messages.holder.subject, text: messages.holder.text });
    return presentMatch(await requireMatch(tx, orgId, matchId));
  });
}

/** What both sides' messages say about a match: names, contacts, rounds, the giver's polling station and its address. */
export async function messageFacts(tx: Tx, orgId: string, m: repo.MatchRow, stations?: Map<string, { name: string; address: string } | undefined>): Promise<MessageFacts> {
  const stationCode = m.r_station;
  let station = stationCode ? stations?.get(stationCode) : undefined;
  if (stationCode && !stations?.has(stationCode)) {
    station = await repo.stationDetails(tx, orgId, stationCode);
    stations?.set(stationCode, station);
  }
  return {
    giver: { firstName: m.g_first_name, lastName: m.g_last_name, email: m.g_email, phone: m.g_mobile ?? m.g_phone, locale: m.r_locale as Locale },
    holder: {
      firstName: m.h_first_name,
      lastName: m.h_last_name,
      email: m.h_email,
      phone: m.h_mobile ?? m.h_phone,
      locale: m.o_locale as Locale,
      birthDate: m.h_birth_date,
      voterNumber: m.o_voter_number,
    },
    rounds: m.rounds,
    station: {
      code: stationCode,
      name: station?.name || stationCode || '',
      address: station?.address ?? '',
      communeName: communeIndex().byCode.get(m.r_commune_code)?.name ?? m.r_commune_code,
    },
  };
}

async function composeMessages(tx: Tx, orgId: string, m: repo.MatchRow) {
  const facts = await messageFacts(tx, orgId, m);
  return { giver: giverMessage(facts), holder: holderMessage(facts) };
}

/** Rejects a proposal: the pair is never proposed again; the request goes back to matching. */
export async function rejectMatch(ctx: AppContext, actor: OrgActor, matchId: string, note: string | undefined): Promise<ProxyMatch> {
  return run(ctx, actor, async (tx, orgId) => {
    const match = await requireMatch(tx, orgId, matchId);
    if (match.status !== 'proposed') throw conflict('status', fieldMessage('not_proposed', actor.locale));
    const now = ctx.clock();
    await tx
      .updateTable('proxy_matches')
      .set({ status: 'rejected', rejected_at: now, updated_at: now, ...(note ? { note } : {}) })
      .where('org_id', '=', orgId)
      .where('id', '=', matchId)
      .execute();
    return presentMatch(await requireMatch(tx, orgId, matchId));
  });
}

const FOLLOW_UP_COLUMN = {
  giver_informed: 'giver_informed_at',
  established: 'established_at',
  confirmed_by_holder: 'confirmed_by_holder_at',
  voted: 'voted_at',
} as const;

/**
 * Moves an accepted match forward (giver informed → established → confirmed by the holder →
 * voted; a step may be skipped, never undone) with the date it happened, or cancels it (the
 * request goes back to matching).
 */
export async function setMatchStatus(
  ctx: AppContext,
  actor: OrgActor,
  matchId: string,
  input: { status: 'giver_informed' | 'established' | 'confirmed_by_holder' | 'voted' | 'cancelled'; at?: string | undefined; note?: string | undefined },
): Promise<ProxyMatch> {
  return run(ctx, actor, async (tx, orgId) => {
    const match = await requireMatch(tx, orgId, matchId);
    const at = input.at ? new Date(input.at) : ctx.clock();
    const now = ctx.clock();
    const order: readonly string[] = ['accepted', ...PROXY_FOLLOW_UP];
    const current = order.indexOf(match.status);
    if (input.status === 'cancelled') {
      if (match.status === 'rejected' || match.status === 'cancelled' || match.status === 'voted') throw conflict('status', fieldMessage('wrong_order', actor.locale));
      await tx
        .updateTable('proxy_matches')
        .set({ status: 'cancelled', cancelled_at: at, updated_at: now, ...(input.note ? { note: input.note } : {}) })
        .where('org_id', '=', orgId)
        .where('id', '=', matchId)
        .execute();
      await tx.updateTable('proxy_requests').set({ status: 'open', updated_at: now }).where('org_id', '=', orgId).where('id', '=', match.request_id).where('status', '=', 'matched').execute();
    } else {
      if (current < 0 || order.indexOf(input.status) <= current) throw conflict('status', fieldMessage('wrong_order', actor.locale));
      await tx
        .updateTable('proxy_matches')
        .set({ status: input.status, [FOLLOW_UP_COLUMN[input.status]]: at, updated_at: now, ...(input.note ? { note: input.note } : {}) })
        .where('org_id', '=', orgId)
        .where('id', '=', matchId)
        .execute();
      if (input.status === 'voted') {
        await tx.updateTable('proxy_requests').set({ status: 'done', updated_at: now }).where('org_id', '=', orgId).where('id', '=', match.request_id).execute();
      }
    }
    return presentMatch(await requireMatch(tx, orgId, matchId));
  });
}

/** The board: counts per status, per giver's polling station and per constituency. */
export async function board(ctx: AppContext, actor: OrgActor) {
  return run(ctx, actor, async (tx, orgId) => ({
    requests: await repo.countsBy(tx, orgId, 'proxy_requests'),
    offers: await repo.countsBy(tx, orgId, 'proxy_offers'),
    matches: await repo.countsBy(tx, orgId, 'proxy_matches'),
    byPollingStation: await repo.countsByPlace(tx, orgId, 'station'),
    byConstituency: await repo.countsByPlace(tx, orgId, 'constituency'),
  }));
}

/** The people to chase by phone for the matches in one status (e.g. accepted but not established). */
export async function callList(ctx: AppContext, actor: OrgActor, query: { status: ProxyMatchStatus | 'unmatched' | 'not_emailed'; side: 'giver' | 'holder' | 'both' }) {
  return run(ctx, actor, async (tx, orgId) => {
    if (query.status === 'unmatched') return { personIds: await repo.unmatchedPeople(tx, orgId, query.side) };
    if (query.status === 'not_emailed') return { personIds: await repo.notEmailedPeople(tx, orgId, query.side) };
    const rows = await tx
      .selectFrom('proxy_matches as m')
      .innerJoin('proxy_requests as r', (j) => j.onRef('r.org_id', '=', 'm.org_id').onRef('r.id', '=', 'm.request_id'))
      .innerJoin('proxy_offers as o', (j) => j.onRef('o.org_id', '=', 'm.org_id').onRef('o.id', '=', 'm.offer_id'))
      .select(['r.person_id as giver', 'o.person_id as holder'])
      .where('m.org_id', '=', orgId)
      .where('m.status', '=', query.status)
      .orderBy('m.id')
      .execute();
    const ids = new Set<string>();
    for (const row of rows) {
      if (query.side !== 'holder') ids.add(row.giver);
      if (query.side !== 'giver') ids.add(row.holder);
    }
    return { personIds: [...ids] };
  });
}

/** Requests, newest first, with the giver's name. */
export async function listRequests(ctx: AppContext, actor: OrgActor, query: { status?: 'open' | 'matched' | 'done' | 'cancelled' | undefined; limit: number; before?: string | undefined }) {
  return run(ctx, actor, async (tx, orgId) => {
    let q = tx
      .selectFrom('proxy_requests as r')
      .innerJoin('people as p', (j) => j.onRef('p.org_id', '=', 'r.org_id').onRef('p.id', '=', 'r.person_id'))
      .select(['r.id', 'r.person_id', 'p.first_name', 'p.last_name', 'r.commune_code', 'r.polling_station_code', sql<string[]>`r.rounds::text[]`.as('rounds'), 'r.status', 'r.origin', 'r.created_at', 'r.established_abroad'])
      .where('r.org_id', '=', orgId);
    if (query.status) q = q.where('r.status', '=', query.status);
    if (query.before) q = q.where('r.id', '<', query.before);
    const rows = await q.orderBy('r.id', 'desc').limit(query.limit).execute();
    return {
      requests: rows.map((r) => ({
        id: r.id,
        personId: r.person_id,
        firstName: r.first_name,
        lastName: r.last_name,
        communeCode: r.commune_code,
        pollingStationCode: r.polling_station_code,
        rounds: r.rounds,
        status: r.status,
        origin: r.origin,
        createdAt: r.created_at.toISOString(),
        establishedAbroad: r.established_abroad,
      })),
    };
  });
}

/** Offers, newest first, with the holder's name. */
export async function listOffers(ctx: AppContext, actor: OrgActor, query: { status?: 'available' | 'withdrawn' | undefined; limit: number; before?: string | undefined }) {
  return run(ctx, actor, async (tx, orgId) => {
    let q = tx
      .selectFrom('proxy_offers as o')
      .innerJoin('people as p', (j) => j.onRef('p.org_id', '=', 'o.org_id').onRef('p.id', '=', 'o.person_id'))
      .select([
        'o.id',
        'o.person_id',
        'p.first_name',
        'p.last_name',
        'o.commune_code',
        'o.polling_station_code',
        sql<string[]>`o.rounds::text[]`.as('rounds'),
        'o.status',
        'o.origin',
        'o.created_at',
        'o.max_travel_km',
        'o.proxies_held',
        'o.proxies_held_in_france',
      ])
      .where('o.org_id', '=', orgId);
    if (query.status) q = q.where('o.status', '=', query.status);
    if (query.before) q = q.where('o.id', '<', query.before);
    const rows = await q.orderBy('o.id', 'desc').limit(query.limit).execute();
    return {
      offers: rows.map((o) => ({
        id: o.id,
        personId: o.person_id,
        firstName: o.first_name,
        lastName: o.last_name,
        communeCode: o.commune_code,
        pollingStationCode: o.polling_station_code,
        rounds: o.rounds,
        status: o.status,
        origin: o.origin,
        createdAt: o.created_at.toISOString(),
        maxTravelKm: o.max_travel_km,
        proxiesHeld: o.proxies_held,
        proxiesHeldInFrance: o.proxies_held_in_france,
      })),
    };
  });
}

async function cancelLiveMatches(tx: Tx, orgId: string, column: 'request_id' | 'offer_id', id: string, now: Date): Promise<number> {
  const result = await tx
    .updateTable('proxy_matches')
    .set({ status: 'cancelled', cancelled_at: now, updated_at: now })
    .where('org_id', '=', orgId)
    .where(column, '=', id)
    .where('status', 'in', ['proposed', 'accepted', 'giver_informed', 'established', 'confirmed_by_holder'])
    .returning('request_id')
    .execute();
  return result.length;
}

/** The voter no longer needs a proxy: the request and its live match are cancelled. */
export async function cancelRequest(ctx: AppContext, actor: OrgActor, requestId: string) {
  return run(ctx, actor, async (tx, orgId) => {
    const now = ctx.clock();
    const updated = await tx.updateTable('proxy_requests').set({ status: 'cancelled', updated_at: now }).where('org_id', '=', orgId).where('id', '=', requestId).returning('id').executeTakeFirst();
    if (!updated) throw notFound();
    return { cancelledMatches: await cancelLiveMatches(tx, orgId, 'request_id', requestId, now) };
  });
}

/** The volunteer can no longer carry proxies: the offer is withdrawn, its live matches cancelled and their requests reopened. */
export async function withdrawOffer(ctx: AppContext, actor: OrgActor, offerId: string) {
  return run(ctx, actor, async (tx, orgId) => {
    const now = ctx.clock();
    const updated = await tx.updateTable('proxy_offers').set({ status: 'withdrawn', updated_at: now }).where('org_id', '=', orgId).where('id', '=', offerId).returning('id').executeTakeFirst();
    if (!updated) throw notFound();
    await tx
      .updateTable('proxy_requests')
      .set({ status: 'open', updated_at: now })
      .where('org_id', '=', orgId)
      .where('status', '=', 'matched')
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('proxy_matches')
          .select('request_id')
          .where('org_id', '=', orgId)
          .where('offer_id', '=', offerId)
          .where('status', 'in', ['accepted', 'giver_informed', 'established', 'confirmed_by_holder']),
      )
      .execute();
    return { cancelledMatches: await cancelLiveMatches(tx, orgId, 'offer_id', offerId, now) };
  });
}

/**
 * Queues reminders by e-mail and returns who has no e-mail address, to remind by phone:
 * - 'establish': givers of accepted matches (informed or not) not yet established, whose first
 *   round is within `withinDays`;
 * - 'round': holders of established (or confirmed) proxies with a round within `withinDays`.
 */
export async function sendReminders(ctx: AppContext, actor: OrgActor, input: { kind: 'establish' | 'round'; withinDays: number }) {
  return run(ctx, actor, async (tx, orgId) => {
    const today = ctx.clock().toISOString().slice(0, 10);
    const until = new Date(ctx.clock().getTime() + input.withinDays * 86_400_000).toISOString().slice(0, 10);
    const statuses: ProxyMatchStatus[] = input.kind === 'establish' ? ['accepted', 'giver_informed'] : ['established', 'confirmed_by_holder'];
    const rows = await repo.selectMatches(tx, orgId).where('m.status', 'in', statuses).orderBy('m.id').execute();
    let queued = 0;
    const withoutEmail = new Set<string>();
    for (const m of rows) {
      const round = m.rounds.find((r) => r >= today && r <= until);
      if (!round) continue;
      const messages = await composeMessages(tx, orgId, m);
      const [to, personId, base, locale] =
        input.kind === 'establish' ? [m.g_email, m.g_person_id, messages.giver, m.r_locale] : [m.h_email, m.h_person_id, messages.holder, m.o_locale];
      if (!to) {
        withoutEmail.add(personId);
        continue;
      }
      const mail = reminderMessage(input.kind, base, round, locale as Locale);
      await queueMail(tx, ctx, orgId, { to, personId, kind: 'transactional', subject: mail.subject, text: mail.text });
      queued++;
    }
    return { queued, withoutEmail: [...withoutEmail] };
  });
}

/**
 * People carrying a tag ("Besoin de procuration" from an import, or from calls saved before calls
 * created requests themselves) become requests or offers: every tagged person who has a commune and
 * no open request (or available offer), for the given rounds (they must be the organization's open
 * rounds) or else all its open rounds, with origin 'organizer'. Returns how many were created and
 * how many tagged people lack a commune (to complete by phone first).
 */
export async function createFromTag(ctx: AppContext, actor: OrgActor, input: { kind: 'request' | 'offer'; tagName: string; rounds?: string[] | undefined }) {
  return run(ctx, actor, async (tx, orgId) => {
    let rounds: string[];
    if (input.rounds) {
      const fields = await checkRounds(tx, orgId, input.rounds, ctx.clock(), actor.locale);
      if (fields.length > 0) throw new AppError('validation_failed', { fields });
      rounds = [...new Set(input.rounds)].sort();
    } else {
      rounds = (await openRounds(tx, orgId, ctx.clock())).map((r) => r.date);
      if (rounds.length === 0) throw new AppError('validation_failed', { fields: [{ path: 'rounds', message: fieldMessage('no_open_round', actor.locale) }] });
    }
    const now = ctx.clock();
    // People's stations are free text (imports); a request keeps one only if it fits its column.
    const usableStation = sql`CASE WHEN length(x.polling_station_code) BETWEEN 1 AND 100 THEN x.polling_station_code END`;
    const tagged = sql`
      SELECT p.id, p.commune_code, p.polling_station_code FROM people p
      JOIN person_tags pt ON pt.org_id = p.org_id AND pt.person_id = p.id
      JOIN tags t ON t.org_id = pt.org_id AND t.id = pt.tag_id AND lower(t.name) = lower(${input.tagName})
      WHERE p.org_id = ${orgId}`;
    const missing = await sql<{ n: string }>`SELECT count(*) AS n FROM (${tagged}) x WHERE x.commune_code IS NULL OR x.commune_code !~ '^([0-9]{5}|2[AB][0-9]{3})$'`.execute(tx);
    const result =
      input.kind === 'request'
        ? await sql`
            INSERT INTO proxy_requests (org_id, person_id, commune_code, polling_station_code, rounds, origin, updated_at)
            SELECT ${orgId}, x.id, x.commune_code, ${usableStation}, ${rounds}::date[], 'organizer', ${now} FROM (${tagged}) x
            WHERE x.commune_code ~ '^([0-9]{5}|2[AB][0-9]{3})$'
              AND NOT EXISTS (SELECT 1 FROM proxy_requests r WHERE r.org_id = ${orgId} AND r.person_id = x.id AND r.status IN ('open', 'matched'))`.execute(tx)
        : await sql`
            INSERT INTO proxy_offers (org_id, person_id, commune_code, polling_station_code, rounds, origin, updated_at)
            SELECT ${orgId}, x.id, x.commune_code, ${usableStation}, ${rounds}::date[], 'organizer', ${now} FROM (${tagged}) x
            WHERE x.commune_code ~ '^([0-9]{5}|2[AB][0-9]{3})$'
              AND NOT EXISTS (SELECT 1 FROM proxy_offers o WHERE o.org_id = ${orgId} AND o.person_id = x.id AND o.status = 'available')`.execute(tx);
    return { created: Number(result.numAffectedRows ?? 0n), withoutCommune: Number(missing.rows[0]?.n ?? 0) };
  });
}

/** Saves commune coordinates (replacing earlier ones for the same communes). */
export async function importCoordinates(ctx: AppContext, actor: OrgActor, coordinates: { communeCode: string; lat: number; lon: number }[]) {
  return run(ctx, actor, async (tx, orgId) => {
    const unique = [...new Map(coordinates.map((c) => [c.communeCode, c])).values()];
    for (let i = 0; i < unique.length; i += 1000) {
      await tx
        .insertInto('commune_coordinates')
        .values(unique.slice(i, i + 1000).map((c) => ({ org_id: orgId, commune_code: c.communeCode, lat: c.lat, lon: c.lon })))
        .onConflict((oc) => oc.columns(['org_id', 'commune_code']).doUpdateSet({ lat: sql`excluded.lat`, lon: sql`excluded.lon` }))
        .execute();
    }
    return { saved: unique.length };
  });
}

/** Saves polling stations (name and address), replacing earlier ones with the same code. */
export async function importStations(ctx: AppContext, actor: OrgActor, stations: { code: string; communeCode: string; name: string; address: string }[]) {
  return run(ctx, actor, async (tx, orgId) => {
    const unique = [...new Map(stations.map((s) => [s.code, s])).values()];
    for (let i = 0; i < unique.length; i += 1000) {
      await tx
        .insertInto('proxy_polling_stations')
        .values(unique.slice(i, i + 1000).map((s) => ({ org_id: orgId, code: s.code, commune_code: s.communeCode, name: s.name, address: s.address })))
        .onConflict((oc) =>
          oc.columns(['org_id', 'code']).doUpdateSet({ commune_code: sql`excluded.commune_code`, name: sql`excluded.name`, address: sql`excluded.address` }),
        )
        .execute();
    }
    return { saved: unique.length };
  });
}
