import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, login, makeMember, makeOrg, type Agent } from '../../../../test/setup/factories.js';
import { createTestContext, type TestContext } from '../../../../test/setup/test-context.js';
import type { CallSheet } from '../../../shared/contracts/callbank-sheets.js';
import { inOrg } from '../../platform/db/database.js';
import { makePeople, makeScriptVersion } from './callbank.fixtures.js';

let ctx: TestContext;
let app: FastifyInstance;

beforeAll(async () => {
  // Noon in Paris: inside calling hours.
  ctx = await createTestContext({ now: new Date('2026-07-01T10:00:00Z') });
  app = await buildTestApp(ctx);
});

interface Caller {
  userId: string;
  agent: Agent;
}

/** An organization with an active campaign over `count` people, its organizer and two invited callers. */
async function setup(count: number, campaign: Record<string, unknown> = {}) {
  const org = await makeOrg(ctx);
  const organizer = await login(app, (await makeMember(ctx, org.id, 'organizer')).email);
  const people = await makePeople(ctx, org.id, count);
  const scriptVersionId = await makeScriptVersion(ctx, org.id);
  const created = await organizer.request({ method: 'POST', url: '/api/call-campaigns', payload: { name: 'Relance', scriptVersionId, source: { personIds: people }, ...campaign } });
  expect(created.statusCode).toBe(201);
  const campaignId: string = created.json().id;
  expect((await organizer.request({ method: 'PUT', url: `/api/call-campaigns/${campaignId}/status`, payload: { status: 'active' } })).statusCode).toBe(200);
  const callers: Caller[] = [];
  for (const name of ['Alix', 'Basile']) {
    const member = await makeMember(ctx, org.id, 'caller', { name });
    const invited = await organizer.request({ method: 'POST', url: `/api/call-campaigns/${campaignId}/callers`, payload: { email: member.email, name } });
    expect(invited.statusCode).toBe(201);
    callers.push({ userId: member.userId, agent: await login(app, member.email) });
  }
  return { org, organizer, people, campaignId, a: callers[0]!, b: callers[1]! };
}

const sheetOf = async (agent: Agent, url: string): Promise<CallSheet> => {
  const res = await agent.request({ method: 'GET', url });
  expect(res.statusCode).toBe(200);
  return res.json();
};
const firstNames = (sheet: CallSheet) => sheet.people.map((p) => p.firstName).sort();
const setPerson = (orgId: string, personId: string, values: { do_not_call?: boolean; support_level?: number }) =>
  inOrg(ctx.database.db, { orgId }, (tx) => tx.updateTable('people').set(values).where('org_id', '=', orgId).where('id', '=', personId).execute());

describe('call sheets', () => {
  it("gives organizers the list still to call, with the script, and never a do-not-call person or an excluded level", async () => {
    const { org, organizer, people, campaignId } = await setup(5, { excludedSupportLevels: [5] });
    await setPerson(org.id, people[1]!, { do_not_call: true });
    await setPerson(org.id, people[2]!, { support_level: 5 });
    const sheet = await sheetOf(organizer, `/api/call-campaigns/${campaignId}/sheet`);
    expect(sheet.campaign).toMatchObject({ id: campaignId, name: 'Relance', mode: 'shared_pool' });
    expect(sheet.script.document.startSectionId).toBe('intro');
    expect(sheet.caller).toBeNull();
    expect(firstNames(sheet)).toEqual(['Prénom0', 'Prénom3', 'Prénom4']);
    expect(sheet.total).toBe(3);
    // Only what a caller may see: no e-mail, no support level, no address.
    expect(Object.keys(sheet.people[0]!).sort()).toEqual(['attempts', 'callbackAt', 'commune', 'firstName', 'lastName', 'phone', 'targetId']);
    expect(sheet.people[0]).toMatchObject({ commune: 'Lyon', phone: expect.stringMatching(/^\+3361/) });

    const limited = await sheetOf(organizer, `/api/call-campaigns/${campaignId}/sheet?limit=2`);
    expect(limited.people).toHaveLength(2);
    expect(limited.total).toBe(3);
    const tooMany = await organizer.request({ method: 'GET', url: `/api/call-campaigns/${campaignId}/sheet?limit=5000`, headers: { 'accept-language': 'fr' } });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().error.fields[0].path).toBe('query.limit');

    // Printing is logged as reading those people.
    const audit = await inOrg(ctx.database.db, { orgId: org.id }, (tx) =>
      tx.selectFrom('audit_log').select('subject_id').where('org_id', '=', org.id).where('action', '=', 'person.read').where(({ eb, ref }) => eb(ref('details', '->>').key('via'), '=', 'call_sheet')).execute(),
    );
    expect(new Set(audit.map((r) => r.subject_id))).toEqual(new Set([people[0], people[3], people[4]]));
  });

  it("gives each split caller their own share only; an organizer prints any caller's share; others get not found", async () => {
    const { organizer, campaignId, a, b } = await setup(6, { mode: 'split' });
    const split = await organizer.request({ method: 'POST', url: `/api/call-campaigns/${campaignId}/split`, payload: {} });
    expect(split.json()).toEqual({ callers: 2, assigned: 6 });
    const sheetA = await sheetOf(a.agent, `/api/call/${campaignId}/sheet`);
    const sheetB = await sheetOf(b.agent, `/api/call/${campaignId}/sheet`);
    expect(sheetA.people).toHaveLength(3);
    expect(sheetB.people).toHaveLength(3);
    expect(sheetA.caller).toEqual({ userId: a.userId, name: 'Alix' });
    expect(firstNames(sheetA).some((n) => firstNames(sheetB).includes(n))).toBe(false);
    expect(await sheetOf(organizer, `/api/call-campaigns/${campaignId}/sheet?callerId=${a.userId}`)).toEqual(sheetA);

    // A caller may not print the organizer's sheet, nor open someone of another caller's share.
    expect((await a.agent.request({ method: 'GET', url: `/api/call-campaigns/${campaignId}/sheet` })).statusCode).toBe(403);
    const theirs = sheetB.people[0]!.targetId;
    expect((await a.agent.request({ method: 'POST', url: `/api/call/${campaignId}/targets/${theirs}/open` })).statusCode).toBe(404);
    expect((await a.agent.request({ method: 'GET', url: `/api/call/${campaignId}/targets/${theirs}` })).statusCode).toBe(404);

    // Reserving more makes no sense in a split: every person is dealt already.
    const reserve = await a.agent.request({ method: 'POST', url: `/api/call/${campaignId}/sheet/reserve`, payload: { count: 2 }, headers: { 'accept-language': 'fr' } });
    expect(reserve.statusCode).toBe(400);
    expect(reserve.json().error.fields).toEqual([{ path: 'count', message: expect.stringContaining('imprimez la part attribuée') }]);
  });

  it('opens a person of the sheet on the call screen, records the call, and drops them from the sheet', async () => {
    const { organizer, campaignId, a } = await setup(4, { mode: 'split' });
    await organizer.request({ method: 'POST', url: `/api/call-campaigns/${campaignId}/split`, payload: { userIds: [a.userId] } });
    const sheet = await sheetOf(a.agent, `/api/call/${campaignId}/sheet`);
    const [first, second] = sheet.people;
    // Working on the first person from the app, then scanning the second one's QR code.
    const claim = await a.agent.request({ method: 'POST', url: `/api/call/${campaignId}/claim` });
    expect(claim.json().status).toBe('claimed');
    const held = claim.json().claim.targetId;
    const target = held === second!.targetId ? first! : second!;
    const opened = await a.agent.request({ method: 'POST', url: `/api/call/${campaignId}/targets/${target.targetId}/open` });
    expect(opened.statusCode).toBe(200);
    expect(opened.json()).toMatchObject({ status: 'claimed', withinHours: true, claim: { targetId: target.targetId, person: { firstName: target.firstName, phone: target.phone } } });
    // One person at a time: the one left goes back to be called.
    expect((await a.agent.request({ method: 'GET', url: `/api/call/${campaignId}/targets/${held}` })).statusCode).toBe(404);
    const saved = await a.agent.request({
      method: 'POST',
      url: `/api/call/${campaignId}/targets/${target.targetId}/outcome`,
      payload: { callId: randomUUID(), outcome: 'talked', answers: { 'q-talk': 'yes', 'q-vote': 'yes' } },
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().targetStatus).toBe('done');
    const after = await sheetOf(a.agent, `/api/call/${campaignId}/sheet`);
    expect(after.people.map((p) => p.targetId)).not.toContain(target.targetId);
    expect(after.people).toHaveLength(3);
    // Scanning it again says it was recorded, rather than opening a second call.
    expect((await a.agent.request({ method: 'POST', url: `/api/call/${campaignId}/targets/${target.targetId}/open` })).json()).toEqual({ status: 'unavailable', reason: 'finished' });
  });

  it('reserves people of a shared pool for the caller who prints, so no other caller is handed them', async () => {
    const { org, organizer, campaignId, a, b } = await setup(3);
    const reserved = await a.agent.request({ method: 'POST', url: `/api/call/${campaignId}/sheet/reserve`, payload: { count: 2 } });
    expect(reserved.json()).toEqual({ reserved: 2 });
    const sheetA = await sheetOf(a.agent, `/api/call/${campaignId}/sheet`);
    expect(sheetA.people).toHaveLength(2);
    const mine = sheetA.people.map((p) => p.targetId);
    expect((await a.agent.request({ method: 'GET', url: '/api/my-call-campaigns' })).json().campaigns[0]).toMatchObject({ id: campaignId, handedRemaining: 2 });

    // Basile, calling from the pool, gets the third person and then nobody: the two are Alix's.
    const claim = await b.agent.request({ method: 'POST', url: `/api/call/${campaignId}/claim` });
    expect(mine).not.toContain(claim.json().claim.targetId);
    await b.agent.request({ method: 'POST', url: `/api/call/${campaignId}/targets/${claim.json().claim.targetId}/outcome`, payload: { callId: randomUUID(), outcome: 'refused' } });
    expect((await b.agent.request({ method: 'POST', url: `/api/call/${campaignId}/claim` })).json()).toEqual({ status: 'none', reason: 'finished', nextDueAt: null });
    expect((await b.agent.request({ method: 'POST', url: `/api/call/${campaignId}/targets/${mine[0]}/open` })).statusCode).toBe(404);
    expect((await sheetOf(b.agent, `/api/call/${campaignId}/sheet`)).people).toEqual([]);
    // Nobody is left to reserve.
    expect((await b.agent.request({ method: 'POST', url: `/api/call/${campaignId}/sheet/reserve`, payload: { count: 5 } })).json()).toEqual({ reserved: 0 });

    // A person who asks not to be called after printing leaves the sheet; scanning them says so.
    const dnc = sheetA.people[0]!;
    const personId = await inOrg(ctx.database.db, { orgId: org.id }, async (tx) => (await tx.selectFrom('call_targets').select('person_id').where('org_id', '=', org.id).where('id', '=', dnc.targetId).executeTakeFirstOrThrow()).person_id);
    await setPerson(org.id, personId, { do_not_call: true });
    expect((await sheetOf(a.agent, `/api/call/${campaignId}/sheet`)).people.map((p) => p.targetId)).toEqual([mine[1]]);
    expect((await a.agent.request({ method: 'POST', url: `/api/call/${campaignId}/targets/${dnc.targetId}/open` })).json()).toEqual({ status: 'unavailable', reason: 'do_not_call' });

    // The organizer sees Alix's reserved share; a person held by Alix is not opened a second time.
    const forA = await sheetOf(organizer, `/api/call-campaigns/${campaignId}/sheet?callerId=${a.userId}`);
    expect(forA.people.map((p) => p.targetId)).toEqual([mine[1]]);
    expect((await a.agent.request({ method: 'POST', url: `/api/call/${campaignId}/targets/${mine[1]}/open` })).json().status).toBe('claimed');
    expect((await organizer.request({ method: 'POST', url: `/api/call/${campaignId}/targets/${mine[1]}/open` })).json()).toEqual({ status: 'unavailable', reason: 'held' });
  });

  it('lets an organizer reserve for a named caller, and refuses anyone who is not a caller, naming the field', async () => {
    const { org, organizer, campaignId, b } = await setup(4);
    const res = await organizer.request({ method: 'POST', url: `/api/call-campaigns/${campaignId}/sheet/reserve`, payload: { userId: b.userId, count: 3 } });
    expect(res.json()).toEqual({ reserved: 3 });
    expect((await sheetOf(b.agent, `/api/call/${campaignId}/sheet`)).people).toHaveLength(3);
    const viewer = await makeMember(ctx, org.id, 'viewer');
    const refused = await organizer.request({ method: 'POST', url: `/api/call-campaigns/${campaignId}/sheet/reserve`, payload: { userId: viewer.userId, count: 1 }, headers: { 'accept-language': 'en' } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.fields).toEqual([{ path: 'userId', message: 'One of these people is not a caller of the organization.' }]);
    const sheet = await organizer.request({ method: 'GET', url: `/api/call-campaigns/${campaignId}/sheet?callerId=${viewer.userId}` });
    expect(sheet.statusCode).toBe(400);
    expect(sheet.json().error.fields[0].path).toBe('query.callerId');
    // Nothing was half-written: the remaining person is still free for the pool.
    expect((await sheetOf(organizer, `/api/call-campaigns/${campaignId}/sheet`)).total).toBe(4);
    expect((await b.agent.request({ method: 'POST', url: `/api/call/${campaignId}/claim` })).json().status).toBe('claimed');
  });

  it('gives reserved people back to the pool, by the caller or by an organizer, but never a split share', async () => {
    const { organizer, campaignId, a, b } = await setup(4);
    expect((await a.agent.request({ method: 'POST', url: `/api/call/${campaignId}/sheet/reserve`, payload: { count: 2 } })).json()).toEqual({ reserved: 2 });
    expect((await b.agent.request({ method: 'POST', url: `/api/call/${campaignId}/sheet/reserve`, payload: { count: 2 } })).json()).toEqual({ reserved: 2 });
    // Alix is calling one of hers right now: it stays hers until saved; the other goes back.
    const held = (await a.agent.request({ method: 'POST', url: `/api/call/${campaignId}/claim` })).json().claim.targetId;
    expect((await a.agent.request({ method: 'POST', url: `/api/call/${campaignId}/sheet/release` })).json()).toEqual({ released: 2 });
    expect((await sheetOf(a.agent, `/api/call/${campaignId}/sheet`)).people).toEqual([]);
    expect((await a.agent.request({ method: 'GET', url: `/api/call/${campaignId}/targets/${held}` })).statusCode).toBe(200);
    // The organizer releases Basile's (a volunteer who did not come): anyone of the pool may call them.
    expect((await organizer.request({ method: 'POST', url: `/api/call-campaigns/${campaignId}/sheet/release`, payload: { userId: b.userId } })).json()).toEqual({ released: 2 });
    expect((await sheetOf(organizer, `/api/call-campaigns/${campaignId}/sheet?callerId=${b.userId}`)).people).toEqual([]);
    expect((await a.agent.request({ method: 'POST', url: `/api/call/${campaignId}/sheet/reserve`, payload: { count: 10 } })).json()).toEqual({ reserved: 3 });

    const split = await setup(2, { mode: 'split' });
    const refused = await split.a.agent.request({ method: 'POST', url: `/api/call/${split.campaignId}/sheet/release`, headers: { 'accept-language': 'fr' } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.fields).toEqual([{ path: 'mode', message: expect.stringContaining('répartissez à nouveau') }]);
  });

  it('gives a caller a single-use sign-in link for their phone, landing on their campaigns', async () => {
    const { campaignId, a } = await setup(1);
    const res = await a.agent.request({ method: 'POST', url: `/api/call/${campaignId}/phone-link` });
    expect(res.statusCode).toBe(200);
    const { url, expiresAt } = res.json();
    expect(new Date(expiresAt).getTime() - ctx.clock().getTime()).toBe(15 * 60_000);
    const token = new URL(url).pathname.split('/').pop();
    const used = await app.inject({ method: 'POST', url: '/api/auth/magic-link', payload: { token } });
    expect(used.statusCode).toBe(200);
    expect(used.json()).toMatchObject({ redirectPath: '/campaigns', user: { name: 'Alix' } });
    // The phone's new session is the same caller: it reaches the same campaign.
    const cookie = used.cookies.find((c) => c.name === 'relais_session')!;
    const mine = await app.inject({ method: 'GET', url: '/api/my-call-campaigns', headers: { cookie: `relais_session=${cookie.value}` } });
    expect(mine.json().campaigns.map((c: { id: string }) => c.id)).toEqual([campaignId]);
    expect((await app.inject({ method: 'POST', url: '/api/auth/magic-link', payload: { token } })).statusCode).toBe(410);
  });

  it("answers not found for another organization's campaign sheet and person", async () => {
    const { campaignId, a } = await setup(2, { mode: 'split' });
    const other = await makeOrg(ctx);
    const strangerOrganizer = await login(app, (await makeMember(ctx, other.id, 'organizer')).email);
    const sheet = await sheetOf(a.agent, `/api/call/${campaignId}/sheet`);
    expect((await strangerOrganizer.request({ method: 'GET', url: `/api/call-campaigns/${campaignId}/sheet` })).statusCode).toBe(404);
    expect((await strangerOrganizer.request({ method: 'GET', url: `/api/call/${campaignId}/sheet` })).statusCode).toBe(404);
    for (const person of sheet.people) {
      expect((await strangerOrganizer.request({ method: 'POST', url: `/api/call/${campaignId}/targets/${person.targetId}/open` })).statusCode).toBe(404);
    }
  });
});
