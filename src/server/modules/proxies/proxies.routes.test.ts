import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, login, makeMember, makeOrg, type Agent } from '../../../../test/setup/factories.js';
import { createTestContext, type TestContext } from '../../../../test/setup/test-context.js';
import { inOrg } from '../../platform/db/database.js';
import { drainJobs } from '../../platform/jobs/jobs.js';
import { INLINE_MATCHING_LIMIT } from './proxies.service.js';

let ctx: TestContext;
let app: FastifyInstance;
let org: { id: string; slug: string };
let admin: Agent;

const ROUNDS = ['2027-04-11', '2027-04-25'];

/** The organization's two rounds, as an organizer defines them in the proxy settings. */
async function defineRounds(agent: Agent) {
  for (const [i, date] of ROUNDS.entries()) {
    const res = await agent.request({ method: 'POST', url: '/api/proxies/rounds', payload: { label: i === 0 ? '1er tour' : '2nd tour', date } });
    expect(res.statusCode).toBe(201);
  }
}

/** A fresh organization with its rounds, and one of its organizers. */
async function proxyOrg() {
  const o = await makeOrg(ctx);
  const agent = await login(app, (await makeMember(ctx, o.id, 'organizer')).email);
  await defineRounds(agent);
  return { o, agent };
}

beforeAll(async () => {
  ctx = await createTestContext({ now: new Date('2027-03-01T10:00:00Z') });
  app = await buildTestApp(ctx);
  org = await makeOrg(ctx);
  admin = await login(app, (await makeMember(ctx, org.id, 'administrator')).email);
  await defineRounds(admin);
});

let counter = 0;
const unique = () => `${Date.now().toString(36)}${counter++}`;

function requestForm(over: Record<string, unknown> = {}) {
  return {
    firstName: 'Lucie',
    lastName: 'Martin',
    email: `lucie-${unique()}@example.test`,
    communeCode: '69123',
    pollingStationCode: '69123_0042',
    rounds: ROUNDS,
    consent: true,
    ...over,
  };
}
function offerForm(over: Record<string, unknown> = {}) {
  return { ...requestForm({ firstName: 'Karim', lastName: 'Benali', email: `karim-${unique()}@example.test` }), proxiesHeld: 0, proxiesHeldInFrance: 0, voterNumber: '123456789', ...over };
}

const submit = (kind: 'requests' | 'offers', body: unknown, slug = org.slug, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url: `/api/public/${slug}/proxies/${kind}`, payload: body as object, headers });

async function ownerQuery<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client(ctx.ownerUrl);
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

describe('public proxy forms', () => {
  it('creates the person with consent as the legal basis, and finds them again without letting the form rename them', async () => {
    const email = `anne-${unique()}@example.test`;
    const first = await submit('requests', requestForm({ email, phone: '06 12 34 56 78' }));
    expect(first.statusCode).toBe(201);
    expect(first.json()).toEqual({ received: true, personCreated: true });
    const again = await submit('requests', requestForm({ email: email.toUpperCase(), firstName: 'Anne', rounds: ['2027-04-11'] }));
    expect(again.json()).toEqual({ received: true, personCreated: false });
    const people = await ownerQuery<{ first_name: string; legal_basis: string; data_source: string; mobile_e164: string; polling_station_code: string }>(
      'SELECT first_name, legal_basis, data_source, mobile_e164, polling_station_code FROM people WHERE org_id = $1 AND email_normalized = $2',
      [org.id, email],
    );
    expect(people).toEqual([{ first_name: 'Lucie', legal_basis: 'consent', data_source: 'proxy_form', mobile_e164: '+33612345678', polling_station_code: '69123_0042' }]);
    const requests = await ownerQuery<{ rounds: string; origin: string }>(
      `SELECT r.rounds::text AS rounds, r.origin FROM proxy_requests r JOIN people p ON p.org_id = r.org_id AND p.id = r.person_id WHERE p.email_normalized = $1`,
      [email],
    );
    expect(requests).toEqual([{ rounds: '{2027-04-11}', origin: 'public_form' }]);
    // Same phone, another e-mail: a relative sharing the number is a new person.
    const relative = await submit('requests', requestForm({ email: `paul-${unique()}@example.test`, phone: '06 12 34 56 78', firstName: 'Paul' }));
    expect(relative.json()).toEqual({ received: true, personCreated: true });
  });

  it('names the fields at fault, in French by default and in English when asked', async () => {
    const bad = { ...requestForm({ email: '', consent: false, communeCode: '99999', rounds: ['2020-01-01'] }), firstName: '' };
    const fr = await submit('requests', bad);
    expect(fr.statusCode).toBe(400);
    const frFields = fr.json().error.fields as { path: string; message: string }[];
    expect(frFields).toContainEqual({ path: 'firstName', message: 'Ce champ est obligatoire.' });
    const frService = await submit('requests', { ...bad, firstName: 'Lucie' });
    const frServiceFields = frService.json().error.fields as { path: string; message: string }[];
    expect(frServiceFields.map((f) => f.path).sort()).toEqual(['communeCode', 'consent', 'email', 'phone', 'rounds.0']);
    expect(frServiceFields.find((f) => f.path === 'consent')?.message).toMatch(/Cochez la case/);
    const en = await submit('requests', { ...bad, firstName: 'Lucie' }, org.slug, { 'accept-language': 'en-GB,en;q=0.9' });
    const enFields = en.json().error.fields as { path: string; message: string }[];
    expect(enFields.find((f) => f.path === 'email')?.message).toBe('Give at least an e-mail address or a phone number.');
    expect(enFields.find((f) => f.path === 'rounds.0')?.message).toBe('The campaign does not collect proxies for this round: choose one of the rounds offered.');
  });

  it('refuses a holder who already carries the legal maximum, naming the field', async () => {
    const res = await submit('offers', offerForm({ proxiesHeld: 2, proxiesHeldInFrance: 1 }), org.slug, { 'accept-language': 'en' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toEqual([{ path: 'proxiesHeld', message: 'You already hold two proxies, the legal maximum: you cannot take another one.' }]);
  });

  it('answers 404 for an organization that does not exist', async () => {
    const res = await submit('requests', requestForm(), 'no-such-campaign');
    expect(res.statusCode).toBe(404);
  });

  it("offers the commune's polling stations, imported or known from people", async () => {
    const put = await admin.request({
      method: 'PUT',
      url: '/api/proxies/polling-stations',
      payload: { stations: [{ code: '69123_0001', communeCode: '69123', name: 'École Jean Macé', address: '2 rue Jean Macé, 69007 Lyon' }] },
    });
    expect(put.json()).toEqual({ saved: 1 });
    const res = await app.inject({ method: 'GET', url: `/api/public/${org.slug}/proxies/stations?communeCode=69123` });
    expect(res.statusCode).toBe(200);
    expect(res.json().communeName).toBe('Lyon');
    expect(res.json().stations[0]).toEqual({ code: '69123_0001', name: 'École Jean Macé', address: '2 rue Jean Macé, 69007 Lyon' });
    const search = await app.inject({ method: 'GET', url: `/api/public/${org.slug}/proxies/communes?q=villeurb` });
    expect(search.json().communes[0]).toMatchObject({ code: '69266', name: 'Villeurbanne' });
  });
});

describe('matching and follow-up', () => {
  it('proposes the holder of the same polling station, then follows the proxy to the vote with messages in the outbox', async () => {
    const { o, agent } = await proxyOrg();
    const station = '69123_0007';
    await submit('offers', offerForm({ email: 'karim@example.test', pollingStationCode: '69123_0099' }), o.slug);
    await submit('offers', offerForm({ email: 'nadia@example.test', firstName: 'Nadia', pollingStationCode: station, birthDate: '1990-05-04' }), o.slug);
    await submit('requests', requestForm({ email: 'lucie@example.test', pollingStationCode: station }), o.slug);

    const run = await agent.request({ method: 'POST', url: '/api/proxies/matching', payload: {} });
    expect(run.json()).toEqual({ inline: true, proposed: 1, jobId: null });
    const again = await agent.request({ method: 'POST', url: '/api/proxies/matching', payload: {} });
    expect(again.json().proposed).toBe(0);

    const list = await agent.request({ method: 'GET', url: '/api/proxies/matches?status=proposed' });
    const [match] = list.json().matches;
    expect(match).toMatchObject({ level: 'station', fullCoverage: true, rounds: ROUNDS, giver: { firstName: 'Lucie' }, holder: { firstName: 'Nadia' } });

    const accepted = await agent.request({ method: 'POST', url: `/api/proxies/matches/${match.id}/accept`, payload: {} });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json().status).toBe('accepted');
    expect(accepted.json().giverMessage).toContain('Nadia');
    expect(accepted.json().giverMessage).toContain('123456789');
    expect(accepted.json().holderMessage).toContain('Lucie');
    const outbox = await ownerQuery<{ to_address: string; subject: string }>('SELECT to_address, subject FROM outbox WHERE org_id = $1 ORDER BY to_address', [o.id]);
    expect(outbox.map((m) => m.to_address)).toEqual(['lucie@example.test', 'nadia@example.test']);

    const calls = await agent.request({ method: 'GET', url: '/api/proxies/call-list?status=accepted&side=giver' });
    expect(calls.json().personIds).toEqual([match.giver.personId]);

    const skipBack = await agent.request({ method: 'POST', url: `/api/proxies/matches/${match.id}/status`, payload: { status: 'established', at: '2027-03-05T09:00:00+01:00' } });
    expect(skipBack.json()).toMatchObject({ status: 'established', dates: { establishedAt: '2027-03-05T08:00:00.000Z' } });
    const backwards = await agent.request({ method: 'POST', url: `/api/proxies/matches/${match.id}/status`, payload: { status: 'giver_informed' } });
    expect(backwards.statusCode).toBe(409);

    // The clock says 1 March 2027; the first round is on 11 April.
    const early = await agent.request({ method: 'POST', url: '/api/proxies/reminders', payload: { kind: 'round', withinDays: 7 } });
    expect(early.json()).toEqual({ queued: 0, withoutEmail: [] });
    const due = await agent.request({ method: 'POST', url: '/api/proxies/reminders', payload: { kind: 'round', withinDays: 45 } });
    expect(due.json()).toEqual({ queued: 1, withoutEmail: [] });
    const reminder = await ownerQuery<{ subject: string; text_body: string }>(
      `SELECT subject, text_body FROM outbox WHERE org_id = $1 AND to_address = 'nadia@example.test' ORDER BY id DESC LIMIT 1`,
      [o.id],
    );
    expect(reminder[0]?.text_body).toMatch(/^Rappel : vous votez par procuration le dimanche 11 avril 2027\./);

    const boardRes = await agent.request({ method: 'GET', url: '/api/proxies/board' });
    expect(boardRes.json()).toMatchObject({ requests: { matched: 1 }, offers: { available: 2 }, matches: { established: 1 } });
    expect(boardRes.json().byPollingStation).toEqual([{ code: station, counts: { established: 1 } }]);
  });

  it('never proposes again a pair an organizer rejected', async () => {
    const { o, agent } = await proxyOrg();
    await submit('offers', offerForm(), o.slug);
    await submit('requests', requestForm(), o.slug);
    await agent.request({ method: 'POST', url: '/api/proxies/matching', payload: {} });
    const [match] = (await agent.request({ method: 'GET', url: '/api/proxies/matches' })).json().matches;
    const rejected = await agent.request({ method: 'POST', url: `/api/proxies/matches/${match.id}/reject`, payload: { note: 'ne se connaissent pas' } });
    expect(rejected.json().status).toBe('rejected');
    const rerun = await agent.request({ method: 'POST', url: '/api/proxies/matching', payload: {} });
    expect(rerun.json().proposed).toBe(0);
    const stuck = await agent.request({ method: 'GET', url: '/api/proxies/call-list?status=unmatched' });
    expect(stuck.json().personIds.sort()).toEqual([match.giver.personId, match.holder.personId].sort());

    const offers = (await agent.request({ method: 'GET', url: '/api/proxies/offers?status=available' })).json().offers;
    expect(offers).toMatchObject([{ id: match.offerId, firstName: 'Karim', proxiesHeld: 0 }]);
    expect((await agent.request({ method: 'POST', url: `/api/proxies/offers/${match.offerId}/withdraw`, payload: {} })).json()).toEqual({ cancelledMatches: 0 });
    expect((await agent.request({ method: 'POST', url: `/api/proxies/requests/${match.requestId}/cancel`, payload: {} })).json()).toEqual({ cancelledMatches: 0 });
    const requests = (await agent.request({ method: 'GET', url: '/api/proxies/requests' })).json().requests;
    expect(requests).toMatchObject([{ id: match.requestId, status: 'cancelled', origin: 'public_form' }]);
    expect((await agent.request({ method: 'POST', url: '/api/proxies/requests/999999/cancel', payload: {} })).statusCode).toBe(404);
  });

  it("answers 404 for another organization's match and 403 to a caller", async () => {
    const other = await makeOrg(ctx);
    const otherAdmin = await login(app, (await makeMember(ctx, other.id, 'administrator')).email);
    const { o, agent } = await proxyOrg();
    await submit('offers', offerForm(), o.slug);
    await submit('requests', requestForm(), o.slug);
    await agent.request({ method: 'POST', url: '/api/proxies/matching', payload: {} });
    const [match] = (await agent.request({ method: 'GET', url: '/api/proxies/matches' })).json().matches;
    const foreign = await otherAdmin.request({ method: 'POST', url: `/api/proxies/matches/${match.id}/accept`, payload: {} });
    expect(foreign.statusCode).toBe(404);
    expect((await otherAdmin.request({ method: 'GET', url: '/api/proxies/matches' })).json().matches).toEqual([]);
    const caller = await login(app, (await makeMember(ctx, o.id, 'caller')).email);
    expect((await caller.request({ method: 'GET', url: '/api/proxies/board' })).statusCode).toBe(403);
  });
});

describe('calling integration', () => {
  it('turns the people a call script tagged into requests, once, skipping those without a commune', async () => {
    const { o, agent } = await proxyOrg();
    await ownerQuery(
      `WITH t AS (INSERT INTO tags (org_id, name) VALUES ($1, 'Besoin de procuration') RETURNING id),
            p AS (INSERT INTO people (org_id, first_name, commune_code, legal_basis, updated_at)
                  VALUES ($1, 'Avec', '69123', 'consent', now()), ($1, 'Sans', NULL, 'consent', now()) RETURNING id)
       INSERT INTO person_tags (org_id, tag_id, person_id) SELECT $1, t.id, p.id FROM t, p`,
      [o.id],
    );
    const body = { kind: 'request', tagName: 'besoin de procuration', rounds: ['2027-04-11'] };
    const first = await agent.request({ method: 'POST', url: '/api/proxies/from-tag', payload: body });
    expect(first.json()).toEqual({ created: 1, withoutCommune: 1 });
    const again = await agent.request({ method: 'POST', url: '/api/proxies/from-tag', payload: body });
    expect(again.json()).toEqual({ created: 0, withoutCommune: 1 });
    const boardRes = await agent.request({ method: 'GET', url: '/api/proxies/board' });
    expect(boardRes.json().requests).toEqual({ open: 1 });
  });
});

describe('concurrent acceptances', () => {
  it('never give a holder more than the law allows, however many organizers click at once', async () => {
    const { o, agent: first } = await proxyOrg();
    const agents = [first, ...(await Promise.all([0, 1, 2].map(async () => login(app, (await makeMember(ctx, o.id, 'organizer')).email))))];
    await submit('offers', offerForm({ email: 'holder@example.test' }), o.slug);
    for (let i = 0; i < 8; i++) await submit('requests', requestForm({ establishedAbroad: i % 2 === 1 }), o.slug);
    // Proposals made by hand, all on the same holder (the engine itself would never do this).
    const matchIds = await inOrg(ctx.database.db, { orgId: o.id }, async (tx) => {
      const offer = await tx.selectFrom('proxy_offers').select('id').where('org_id', '=', o.id).executeTakeFirstOrThrow();
      const requests = await tx.selectFrom('proxy_requests').select(['id', 'established_abroad']).where('org_id', '=', o.id).execute();
      const rows = await tx
        .insertInto('proxy_matches')
        .values(
          requests.map((r) => ({
            org_id: o.id,
            request_id: r.id,
            offer_id: offer.id,
            rounds: ROUNDS,
            established_abroad: r.established_abroad,
            level: 'manual' as const,
            proposed_at: new Date(),
            updated_at: new Date(),
          })),
        )
        .returning('id')
        .execute();
      return rows.map((r) => r.id);
    });
    const results = await Promise.all(
      matchIds.map((id, i) => (agents[i % agents.length] as Agent).request({ method: 'POST', url: `/api/proxies/matches/${id}/accept`, payload: {} })),
    );
    const statuses = results.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 200)).toHaveLength(2);
    expect(statuses.filter((s) => s !== 200).every((s) => s === 409)).toBe(true);
    const accepted = await ownerQuery<{ established_abroad: boolean }>(`SELECT established_abroad FROM proxy_matches WHERE org_id = $1 AND status = 'accepted'`, [o.id]);
    // Two proxies at most, of which one established in France.
    expect(accepted.filter((m) => !m.established_abroad).length).toBeLessThanOrEqual(1);
    expect(accepted).toHaveLength(2);
  });
});

describe('matching a large organization', () => {
  it('runs as a background job above the inline limit and proposes a holder for everyone', async () => {
    const { o, agent } = await proxyOrg();
    const n = INLINE_MATCHING_LIMIT + 1;
    // Givers and holders two by two in the same polling station of Lyon.
    await ownerQuery(
      `WITH p AS (
         INSERT INTO people (org_id, first_name, commune_code, polling_station_code, legal_basis, updated_at)
         SELECT $1, 'P' || g, '69123', '69123_' || lpad((g / 2 % 500)::text, 4, '0'), 'consent', now() FROM generate_series(1, $2 * 2) g
         RETURNING id, polling_station_code)
       , numbered AS (SELECT id, polling_station_code, row_number() OVER (ORDER BY id) AS k FROM p)
       , r AS (INSERT INTO proxy_requests (org_id, person_id, commune_code, polling_station_code, rounds, origin, updated_at)
               SELECT $1, id, '69123', polling_station_code, '{2027-04-11}', 'organizer', now() FROM numbered WHERE k % 2 = 0)
       INSERT INTO proxy_offers (org_id, person_id, commune_code, polling_station_code, rounds, origin, updated_at)
       SELECT $1, id, '69123', polling_station_code, '{2027-04-11}', 'organizer', now() FROM numbered WHERE k % 2 = 1`,
      [o.id, n],
    );
    const started = await agent.request({ method: 'POST', url: '/api/proxies/matching', payload: {} });
    expect(started.json()).toMatchObject({ inline: false, proposed: null });
    await drainJobs(ctx);
    const job = await agent.request({ method: 'GET', url: `/api/jobs/${started.json().jobId}` });
    expect(job.json()).toMatchObject({ status: 'succeeded', result: { proposed: n } });
    const boardRes = await agent.request({ method: 'GET', url: '/api/proxies/board' });
    expect(boardRes.json().matches).toEqual({ proposed: n });
  });
});
