import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, login, makeMember, makeOrg, type Agent } from '../../../../test/setup/factories.js';
import { createTestContext, type TestContext } from '../../../../test/setup/test-context.js';
import { addToCampaigns, makePeople, makeScriptVersion } from '../callbank/callbank.fixtures.js';

let ctx: TestContext;
let app: FastifyInstance;

beforeAll(async () => {
  ctx = await createTestContext({ now: new Date('2027-03-01T10:00:00Z') });
  app = await buildTestApp(ctx);
});

async function ownerQuery<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client(ctx.ownerUrl);
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/**
 * An organization with `count` people to call (Lyon, polling station 0042, unless `withoutCommune`
 * lists who has no commune), an active campaign over them with the standard script, and a caller
 * invited to it. `rounds`: whether the organizer defined the election's rounds.
 */
async function callingSetup(count: number, options: { rounds?: boolean; withoutCommune?: number[] } = {}) {
  const org = await makeOrg(ctx);
  const member = await makeMember(ctx, org.id, 'organizer');
  const organizer = await login(app, member.email);
  if (options.rounds ?? true) {
    for (const [label, date] of [['1er tour', '2027-04-11'], ['2nd tour', '2027-04-25']] as const) {
      expect((await organizer.request({ method: 'POST', url: '/api/proxies/rounds', payload: { label, date } })).statusCode).toBe(201);
    }
    // A by-election whose deadline has passed: calls no longer collect proxies for it.
    await ownerQuery(`INSERT INTO proxy_rounds (org_id, label, round_date, deadline) VALUES ($1, 'Partielle', '2027-03-07', '2027-02-28')`, [org.id]);
  }
  const people = await makePeople(ctx, org.id, count);
  await ownerQuery(`UPDATE people SET commune_code = '69123', polling_station_code = '69123_0042' WHERE org_id = $1 AND NOT (id = ANY ($2::bigint[]))`, [
    org.id,
    (options.withoutCommune ?? []).map((i) => people[i]),
  ]);
  const scriptVersionId = await makeScriptVersion(ctx, org.id);
  const created = await organizer.request({ method: 'POST', url: '/api/call-campaigns', payload: { name: 'Relance', scriptVersionId, source: { personIds: people } } });
  expect(created.statusCode).toBe(201);
  const campaignId = created.json().id as string;
  expect((await organizer.request({ method: 'PUT', url: `/api/call-campaigns/${campaignId}/status`, payload: { status: 'active' } })).statusCode).toBe(200);
  const callerMember = await makeMember(ctx, org.id, 'caller');
  await addToCampaigns(ctx, org.id, callerMember.userId, campaignId);
  const caller = await login(app, callerMember.email);
  return { org, organizer, caller, campaignId, people };
}

/** The caller takes the next person and saves the call with these answers, through the real routes. */
async function call(caller: Agent, campaignId: string, answers: Record<string, string>, callId = randomUUID()) {
  const claim = await caller.request({ method: 'POST', url: `/api/call/${campaignId}/claim` });
  expect(claim.json().status).toBe('claimed');
  const { targetId, person } = claim.json().claim;
  const res = await caller.request({ method: 'POST', url: `/api/call/${campaignId}/targets/${targetId}/outcome`, payload: { callId, outcome: 'talked', answers } });
  expect(res.statusCode).toBe(200);
  return { targetId: targetId as string, personId: (person?.id ?? null) as string | null, callId, res };
}

const NEED = { 'q-talk': 'yes', 'q-vote': 'no', 'q-proxy': 'need', 'q-availability': 'samedi matin' };
const OFFER = { 'q-talk': 'yes', 'q-vote': 'no', 'q-proxy': 'offer' };

const proxyRows = (orgId: string) =>
  ownerQuery<{ kind: string; person_id: string; commune_code: string; polling_station_code: string | null; rounds: string; origin: string; campaign_id: string | null; call_id: string | null }>(
    `SELECT 'request' AS kind, person_id, commune_code, polling_station_code, rounds::text, origin, campaign_id, call_id FROM proxy_requests WHERE org_id = $1
     UNION ALL
     SELECT 'offer', person_id, commune_code, polling_station_code, rounds::text, origin, campaign_id, call_id FROM proxy_offers WHERE org_id = $1
     ORDER BY 1, 2`,
    [orgId],
  );

describe('calling integration', () => {
  it('creates the request or offer when the call is saved, at the person’s station, for the open rounds, with the call it came from', async () => {
    const { org, caller, campaignId } = await callingSetup(2);
    await call(caller, campaignId, NEED);
    await call(caller, campaignId, OFFER);
    const rows = await proxyRows(org.id);
    const calls = await ownerQuery<{ id: string; person_id: string }>('SELECT id, person_id FROM calls WHERE org_id = $1 ORDER BY id', [org.id]);
    expect(rows).toEqual([
      { kind: 'offer', person_id: calls[1]!.person_id, commune_code: '69123', polling_station_code: '69123_0042', rounds: '{2027-04-11,2027-04-25}', origin: 'call', campaign_id: campaignId, call_id: calls[1]!.id },
      { kind: 'request', person_id: calls[0]!.person_id, commune_code: '69123', polling_station_code: '69123_0042', rounds: '{2027-04-11,2027-04-25}', origin: 'call', campaign_id: campaignId, call_id: calls[0]!.id },
    ]);
    // The two are matched like any other request and offer.
    const organizer = await login(app, (await makeMember(ctx, org.id, 'organizer')).email);
    expect((await organizer.request({ method: 'POST', url: '/api/proxies/matching', payload: {} })).json().proposed).toBe(1);

    // The dashboard counts them, for the campaign and the day; not for another day.
    const campaign = await organizer.request({ method: 'GET', url: `/api/metrics/dashboard?campaignId=${campaignId}` });
    expect(campaign.json().summary.proxiesRecruited).toEqual({ requests: 1, offers: 1 });
    const today = await organizer.request({ method: 'GET', url: '/api/metrics/dashboard?from=2027-03-01&to=2027-03-01' });
    expect(today.json().summary.proxiesRecruited).toEqual({ requests: 1, offers: 1 });
    const before = await organizer.request({ method: 'GET', url: '/api/metrics/dashboard?to=2027-02-28' });
    expect(before.json().summary.proxiesRecruited).toEqual({ requests: 0, offers: 0 });
    const csv = await organizer.request({ method: 'GET', url: `/api/metrics/export/summary?campaignId=${campaignId}` });
    expect(csv.body).toContain('proxy_requests_recruited;1');
  });

  it('never creates a second request for a person who has one, nor twice for a call saved again', async () => {
    const { org, caller, campaignId, people } = await callingSetup(2);
    // The first person already asked through the public form.
    await ownerQuery(`INSERT INTO proxy_requests (org_id, person_id, commune_code, rounds, origin, updated_at) VALUES ($1, $2, '69123', '{2027-04-11}', 'public_form', now())`, [org.id, people[0]]);
    const calls = [await call(caller, campaignId, NEED), await call(caller, campaignId, NEED)];
    // The caller's screen retries each save it already made.
    for (const c of calls) {
      const retry = await caller.request({ method: 'POST', url: `/api/call/${campaignId}/targets/${c.targetId}/outcome`, payload: { callId: c.callId, outcome: 'talked', answers: NEED } });
      expect(retry.json().duplicate).toBe(true);
    }
    const rows = await proxyRows(org.id);
    expect(rows.map((r) => [r.person_id, r.origin])).toEqual([
      [people[0], 'public_form'],
      [people[1], 'call'],
    ]);
  });

  it('saves the call and leaves the tag when the person has no commune or no round is open, and from-tag picks them up later', async () => {
    const { org, organizer, caller, campaignId, people } = await callingSetup(1, { withoutCommune: [0] });
    await call(caller, campaignId, NEED);
    expect(await proxyRows(org.id)).toEqual([]);
    const tags = await ownerQuery<{ name: string }>(`SELECT t.name FROM person_tags pt JOIN tags t ON t.org_id = pt.org_id AND t.id = pt.tag_id WHERE pt.org_id = $1 AND pt.person_id = $2`, [org.id, people[0]]);
    expect(tags.map((t) => t.name)).toContain('Besoin de procuration');
    // A caller completed the commune later: the organizer turns the tag into a request.
    await ownerQuery(`UPDATE people SET commune_code = '69266' WHERE org_id = $1`, [org.id]);
    const fromTag = await organizer.request({ method: 'POST', url: '/api/proxies/from-tag', payload: { kind: 'request', tagName: 'Besoin de procuration' } });
    expect(fromTag.json()).toEqual({ created: 1, withoutCommune: 0 });
    expect((await proxyRows(org.id)).map((r) => [r.commune_code, r.rounds, r.origin])).toEqual([['69266', '{2027-04-11,2027-04-25}', 'organizer']]);

    const none = await callingSetup(1, { rounds: false });
    await call(none.caller, none.campaignId, OFFER);
    expect(await proxyRows(none.org.id)).toEqual([]);
    const noRound = await none.organizer.request({ method: 'POST', url: '/api/proxies/from-tag', payload: { kind: 'offer', tagName: 'Offre de procuration' } });
    expect(noRound.statusCode).toBe(400);
    expect(noRound.json().error.fields).toEqual([{ path: 'rounds', message: 'Aucun tour n’est ouvert : ajoutez les tours de l’élection dans les réglages des procurations.' }]);
  });

  it('saves the call when the person’s polling station could not go on a request, leaving the station out', async () => {
    const { org, organizer, caller, campaignId, people } = await callingSetup(2);
    await ownerQuery(`UPDATE people SET polling_station_code = $3 WHERE org_id = $1 AND id = $2`, [org.id, people[0], 'x'.repeat(150)]);
    await ownerQuery(`UPDATE people SET polling_station_code = '' WHERE org_id = $1 AND id = $2`, [org.id, people[1]]);
    await call(caller, campaignId, NEED);
    await call(caller, campaignId, OFFER);
    expect((await proxyRows(org.id)).map((r) => [r.kind, r.polling_station_code])).toEqual([
      ['offer', null],
      ['request', null],
    ]);
    await ownerQuery(
      `WITH t AS (INSERT INTO tags (org_id, name) VALUES ($1, 'Import procuration') RETURNING id)
       INSERT INTO person_tags (org_id, tag_id, person_id) SELECT $1, t.id, p.id FROM t, people p WHERE p.org_id = $1`,
      [org.id],
    );
    await ownerQuery(`UPDATE proxy_offers SET status = 'withdrawn' WHERE org_id = $1`, [org.id]);
    const fromTag = await organizer.request({ method: 'POST', url: '/api/proxies/from-tag', payload: { kind: 'offer', tagName: 'Import procuration' } });
    expect(fromTag.json()).toEqual({ created: 2, withoutCommune: 0 });
  });

  it('refuses from-tag rounds the organization does not collect, naming the field', async () => {
    const { organizer } = await callingSetup(1);
    const res = await organizer.request({ method: 'POST', url: '/api/proxies/from-tag', payload: { kind: 'request', tagName: 'x', rounds: ['2027-04-11', '2027-03-07', '2027-05-01'] } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields.map((f: { path: string }) => f.path)).toEqual(['rounds.1', 'rounds.2']);
  });
});
