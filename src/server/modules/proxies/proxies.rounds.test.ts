import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, login, makeMember, makeOrg, type Agent } from '../../../../test/setup/factories.js';
import { createTestContext, type TestContext } from '../../../../test/setup/test-context.js';

let ctx: TestContext;
let app: FastifyInstance;

const NOW = new Date('2027-03-01T10:00:00Z');

beforeAll(async () => {
  ctx = await createTestContext({ now: NOW });
  app = await buildTestApp(ctx);
});

async function organizer() {
  const org = await makeOrg(ctx);
  const agent = await login(app, (await makeMember(ctx, org.id, 'organizer')).email);
  return { org, agent };
}

const addRound = (agent: Agent, body: Record<string, unknown>, headers: Record<string, string> = {}) => agent.request({ method: 'POST', url: '/api/proxies/rounds', payload: body, headers });

function form(over: Record<string, unknown> = {}) {
  return { firstName: 'Lucie', lastName: 'Martin', email: `lucie-${Math.random().toString(36).slice(2)}@example.test`, communeCode: '69123', rounds: ['2027-04-11'], consent: true, ...over };
}

async function ownerQuery<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client(ctx.ownerUrl);
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

describe('election rounds', () => {
  it('lets organizers define rounds, with a deadline three days before unless they choose one, and the forms offer the open ones', async () => {
    ctx.setNow(NOW);
    const { org, agent } = await organizer();
    const second = await addRound(agent, { label: '2nd tour', date: '2027-04-25', deadline: '2027-04-20' });
    expect(second.statusCode).toBe(201);
    expect(second.json()).toMatchObject({ label: '2nd tour', date: '2027-04-25', deadline: '2027-04-20' });
    const first = await addRound(agent, { label: '1er tour', labelEn: 'First round', date: '2027-04-11' });
    expect(first.json()).toMatchObject({ date: '2027-04-11', deadline: '2027-04-08' });

    const publicList = await app.inject({ method: 'GET', url: `/api/public/${org.slug}/proxies/rounds` });
    expect(publicList.json().rounds.map((r: { label: string; labelEn: string | null }) => [r.label, r.labelEn])).toEqual([
      ['1er tour', 'First round'],
      ['2nd tour', null],
    ]);
    expect((await app.inject({ method: 'GET', url: '/api/public/no-such-campaign/proxies/rounds' })).statusCode).toBe(404);

    // After the first round's deadline, the forms offer only the second round and refuse the first.
    ctx.setNow(new Date('2027-04-09T08:00:00Z'));
    const later = await app.inject({ method: 'GET', url: `/api/public/${org.slug}/proxies/rounds` });
    expect(later.json().rounds.map((r: { date: string }) => r.date)).toEqual(['2027-04-25']);
    const closed = await app.inject({ method: 'POST', url: `/api/public/${org.slug}/proxies/requests`, payload: form({ rounds: ['2027-04-25', '2027-04-11'] }) });
    expect(closed.statusCode).toBe(400);
    expect(closed.json().error.fields).toEqual([{ path: 'rounds.1', message: 'La date limite pour établir une procuration pour ce tour est passée.' }]);
    const accepted = await app.inject({ method: 'POST', url: `/api/public/${org.slug}/proxies/requests`, payload: form({ rounds: ['2027-04-25'] }) });
    expect(accepted.statusCode).toBe(201);
    // Organizers still see every round (signed in again: five weeks later the session has expired).
    const again = await login(app, (await makeMember(ctx, org.id, 'organizer')).email);
    expect((await again.request({ method: 'GET', url: '/api/proxies/rounds' })).json().rounds).toHaveLength(2);
  });

  it('refuses a round unknown to the organization, naming the field, in the visitor’s language, and writes nothing', async () => {
    ctx.setNow(NOW);
    const { org, agent } = await organizer();
    await addRound(agent, { label: '1er tour', date: '2027-04-11' });
    const email = 'nobody-written@example.test';
    const res = await app.inject({
      method: 'POST',
      url: `/api/public/${org.slug}/proxies/offers`,
      payload: { ...form({ email, rounds: ['2027-04-11', '2027-05-02'] }), proxiesHeld: 0 },
      headers: { 'accept-language': 'en' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toEqual([{ path: 'rounds.1', message: 'The campaign does not collect proxies for this round: choose one of the rounds offered.' }]);
    expect(await ownerQuery('SELECT id FROM people WHERE org_id = $1', [org.id])).toEqual([]);
    // Another organization's rounds are not this one's.
    const other = await organizer();
    const foreign = await app.inject({ method: 'POST', url: `/api/public/${other.org.slug}/proxies/requests`, payload: form() });
    expect(foreign.json().error.fields).toEqual([{ path: 'rounds.0', message: 'La campagne ne recueille pas de procurations pour ce tour : choisissez l’un des tours proposés.' }]);
  });

  it('names the field of a round that cannot be saved', async () => {
    ctx.setNow(NOW);
    const { agent } = await organizer();
    await addRound(agent, { label: '1er tour', date: '2027-04-11' });
    const twice = await addRound(agent, { label: 'Encore', date: '2027-04-11' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.fields).toEqual([{ path: 'date', message: 'Un tour existe déjà à cette date.' }]);
    const late = await addRound(agent, { label: 'Tard', date: '2027-05-02', deadline: '2027-05-03' }, { 'accept-language': 'en' });
    expect(late.statusCode).toBe(400);
    expect(late.json().error.fields).toEqual([{ path: 'deadline', message: 'The deadline must fall on or before the day of the round.' }]);
    const past = await addRound(agent, { label: 'Passé', date: '2027-02-01' });
    expect(past.json().error.fields).toEqual([{ path: 'date', message: 'Cette date de tour est déjà passée.' }]);
    const bad = await addRound(agent, { label: '', date: '2027-02-30' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['date', 'label']);
    expect((await agent.request({ method: 'GET', url: '/api/proxies/rounds' })).json().rounds).toHaveLength(1);
  });

  it('moves a round’s date onto every request, offer and match naming it, and deletes only a round nothing names', async () => {
    ctx.setNow(NOW);
    const { org, agent } = await organizer();
    const round = (await addRound(agent, { label: '1er tour', date: '2027-04-11' })).json();
    const spare = (await addRound(agent, { label: 'Partielle', date: '2027-06-06' })).json();
    await app.inject({ method: 'POST', url: `/api/public/${org.slug}/proxies/requests`, payload: form() });
    await app.inject({ method: 'POST', url: `/api/public/${org.slug}/proxies/offers`, payload: { ...form({ firstName: 'Karim' }), proxiesHeld: 0 } });
    await agent.request({ method: 'POST', url: '/api/proxies/matching', payload: {} });

    const moved = await agent.request({ method: 'PUT', url: `/api/proxies/rounds/${round.id}`, payload: { label: '1er tour', labelEn: 'First round', date: '2027-04-18' } });
    expect(moved.json()).toMatchObject({ labelEn: 'First round', date: '2027-04-18', deadline: '2027-04-15' });
    const stored = await ownerQuery<{ rounds: string }>(
      `SELECT rounds::text FROM proxy_requests WHERE org_id = $1 UNION ALL SELECT rounds::text FROM proxy_offers WHERE org_id = $1 UNION ALL SELECT rounds::text FROM proxy_matches WHERE org_id = $1`,
      [org.id],
    );
    expect(stored).toEqual([{ rounds: '{2027-04-18}' }, { rounds: '{2027-04-18}' }, { rounds: '{2027-04-18}' }]);
    const clash = await agent.request({ method: 'PUT', url: `/api/proxies/rounds/${round.id}`, payload: { label: '1er tour', date: '2027-06-06' } });
    expect(clash.statusCode).toBe(409);

    const used = await agent.request({ method: 'DELETE', url: `/api/proxies/rounds/${round.id}` });
    expect(used.statusCode).toBe(409);
    expect(used.json().error.fields[0].path).toBe('roundId');
    expect((await agent.request({ method: 'DELETE', url: `/api/proxies/rounds/${spare.id}` })).json()).toEqual({ ok: true });
    expect((await agent.request({ method: 'DELETE', url: `/api/proxies/rounds/${spare.id}` })).statusCode).toBe(404);
  });

  it('keeps rounds to organizers of their own organization', async () => {
    ctx.setNow(NOW);
    const { org, agent } = await organizer();
    const round = (await addRound(agent, { label: '1er tour', date: '2027-04-11' })).json();
    const caller = await login(app, (await makeMember(ctx, org.id, 'caller')).email);
    expect((await addRound(caller, { label: 'x', date: '2027-04-18' })).statusCode).toBe(403);
    const other = await organizer();
    expect((await other.agent.request({ method: 'PUT', url: `/api/proxies/rounds/${round.id}`, payload: { label: 'x', date: '2027-04-18' } })).statusCode).toBe(404);
    expect((await other.agent.request({ method: 'GET', url: '/api/proxies/rounds' })).json().rounds).toEqual([]);
  });
});
