import { sql } from 'kysely';
import type { CollectedAction } from '../../../shared/scripts/script.walker.js';
import type { Tx } from '../../platform/db/database.js';
import * as repo from './proxies.repository.js';
import { localToday } from './proxies.rounds.js';

export type CallProxyResult = 'created' | 'exists' | 'no_commune' | 'no_round';

const COMMUNE = /^(\d{5}|2[AB]\d{3})$/;
const usableStation = (code: string | null) => (code !== null && code.length >= 1 && code.length <= 100 ? code : null);

/**
 * The calling integration: a call whose script recorded "needs a proxy" (`proxy_need`) or "offers
 * to carry one" (`proxy_offer`) creates the person's request or offer, inside the transaction that
 * saves the call, for the organization's open rounds, at the person's commune and polling station,
 * with origin 'call' and the call and campaign it came from (the dashboard counts these).
 * Idempotent: a person who already has an open or matched request (an available offer) gets no
 * second one. Nothing is created for a person without a valid commune or when the organization has
 * no open round; the call's tag stays on them and `POST /api/proxies/from-tag` picks them up later.
 * Answers without a proxy action cost no query (the calling hot path).
 *
 * @example
 * await recordProxyActionsOfCall(tx, orgId, { personId: '12', campaignId: '3', callId: '98', actions: walk.actions, now });
 */
export async function recordProxyActionsOfCall(
  tx: Tx,
  orgId: string,
  call: { personId: string; campaignId: string; callId: string; actions: readonly CollectedAction[]; now: Date },
): Promise<{ request: CallProxyResult | null; offer: CallProxyResult | null }> {
  const need = call.actions.some((a) => a.action.type === 'proxy_need');
  const offer = call.actions.some((a) => a.action.type === 'proxy_offer');
  if (!need && !offer) return { request: null, offer: null };
  const person = await tx.selectFrom('people').select(['commune_code', 'polling_station_code']).where('org_id', '=', orgId).where('id', '=', call.personId).executeTakeFirst();
  const skip = (why: CallProxyResult) => ({ request: need ? why : null, offer: offer ? why : null });
  if (!person?.commune_code || !COMMUNE.test(person.commune_code)) return skip('no_commune');
  const { timeZone, locale } = await repo.orgSettings(tx, orgId);
  const rounds = (await repo.selectRounds(tx, orgId, localToday(call.now, timeZone))).map((r) => r.date);
  if (rounds.length === 0) return skip('no_round');
  const values = {
    orgId,
    personId: call.personId,
    commune: person.commune_code,
    // People's stations are free text (imports); a request keeps one only if it fits its column.
    station: usableStation(person.polling_station_code),
    rounds,
    locale,
    campaignId: call.campaignId,
    callId: call.callId,
    now: call.now,
  };
  return { request: need ? await insertFromCall(tx, 'request', values) : null, offer: offer ? await insertFromCall(tx, 'offer', values) : null };
}

async function insertFromCall(
  tx: Tx,
  kind: 'request' | 'offer',
  v: { orgId: string; personId: string; commune: string; station: string | null; rounds: string[]; locale: string; campaignId: string; callId: string; now: Date },
): Promise<CallProxyResult> {
  // A person is held by one caller at a time (hand-out), so NOT EXISTS does not race another call.
  const result =
    kind === 'request'
      ? await sql`
          INSERT INTO proxy_requests (org_id, person_id, commune_code, polling_station_code, rounds, origin, locale, campaign_id, call_id, created_at, updated_at)
          SELECT ${v.orgId}, ${v.personId}, ${v.commune}, ${v.station}, ${v.rounds}::date[], 'call', ${v.locale}, ${v.campaignId}, ${v.callId}, ${v.now}, ${v.now}
          WHERE NOT EXISTS (SELECT 1 FROM proxy_requests r WHERE r.org_id = ${v.orgId} AND r.person_id = ${v.personId} AND r.status IN ('open', 'matched'))`.execute(tx)
      : await sql`
          INSERT INTO proxy_offers (org_id, person_id, commune_code, polling_station_code, rounds, origin, locale, campaign_id, call_id, created_at, updated_at)
          SELECT ${v.orgId}, ${v.personId}, ${v.commune}, ${v.station}, ${v.rounds}::date[], 'call', ${v.locale}, ${v.campaignId}, ${v.callId}, ${v.now}, ${v.now}
          WHERE NOT EXISTS (SELECT 1 FROM proxy_offers o WHERE o.org_id = ${v.orgId} AND o.person_id = ${v.personId} AND o.status = 'available')`.execute(tx);
  return Number(result.numAffectedRows ?? 0n) > 0 ? 'created' : 'exists';
}
