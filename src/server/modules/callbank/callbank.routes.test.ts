import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, login, makeMember, makeOrg, type Agent } from '../../../../test/setup/factories.js';
import { createTestContext, type TestContext } from '../../../../test/setup/test-context.js';
import { inOrg } from '../../platform/db/database.js';
import { addToCampaigns, makePeople, makeScriptVersion } from './callbank.fixtures.js';

let ctx: TestContext;
let app: FastifyInstance;
let org: { id: string; slug: string };
let organizer: Agent;
let callerA: Agent;
let callerB: Agent;
let uninvited: Agent;
let campaignId: string;

beforeAll(async () => {
  ctx = await createTestContext({ now: new Date('2026-07-01T10:00:00Z') });
  app = await buildTestApp(ctx);
  org = await makeOrg(ctx);
  organizer = await login(app, (await makeMember(ctx, org.id, 'organizer')).email);
  const memberA = await makeMember(ctx, org.id, 'caller');
  const memberB = await makeMember(ctx, org.id, 'caller');
  callerA = await login(app, memberA.email);
  callerB = await login(app, memberB.email);
  uninvited = await login(app, (await makeMember(ctx, org.id, 'caller')).email);
  const people = await makePeople(ctx, org.id, 4);
  const scriptVersionId = await makeScriptVersion(ctx, org.id);
  const created = await organizer.request({
    method: 'POST',
    url: '/api/call-campaigns',
    payload: { name: 'Relance des indécis', scriptVersionId, source: { personIds: people }, briefing: 'Soyez courtois.' },
  });
  expect(created.statusCode).toBe(201);
  expect(created.json()).toMatchObject({ status: 'draft', targetCount: 4, timeZone: 'Europe/Paris', hoursStart: '09:00', hoursEnd: '21:00' });
  campaignId = created.json().id;
  await addToCampaigns(ctx, org.id, memberA.userId, campaignId);
  await addToCampaigns(ctx, org.id, memberB.userId, campaignId);
});

describe('call campaign routes', () => {
  it('hides a draft from callers, then opens it with its briefing and script', async () => {
    expect((await callerA.request({ method: 'GET', url: `/api/call/${campaignId}` })).statusCode).toBe(404);
    const activated = await organizer.request({ method: 'PUT', url: `/api/call-campaigns/${campaignId}/status`, payload: { status: 'active' } });
    expect(activated.json().status).toBe('active');
    const view = await callerA.request({ method: 'GET', url: `/api/call/${campaignId}` });
    expect(view.statusCode).toBe(200);
    expect(view.json()).toMatchObject({ briefing: 'Soyez courtois.', myCallsTotal: 0, script: { document: { startSectionId: 'intro' } } });
  });

  it('invites a caller with a link that lands on the caller screen', async () => {
    const res = await organizer.request({ method: 'POST', url: `/api/call-campaigns/${campaignId}/callers`, payload: { email: 'benevole@example.test', name: 'Bénévole' } });
    expect(res.statusCode).toBe(201);
    const link = await inOrg(ctx.database.db, { orgId: org.id }, (tx) =>
      tx.selectFrom('magic_links').select('redirect_path').where('user_id', '=', res.json().userId).executeTakeFirstOrThrow(),
    );
    expect(link.redirect_path).toBe(`/call/${campaignId}`);
    const progress = await organizer.request({ method: 'GET', url: `/api/call-campaigns/${campaignId}/progress` });
    expect(progress.json().perCaller.map((c: { name: string }) => c.name)).toContain('Bénévole');
  });

  it("claims, refuses answers the script does not allow, saves, and hides one caller's person from another", async () => {
    const claim = await callerA.request({ method: 'POST', url: `/api/call/${campaignId}/claim` });
    expect(claim.statusCode).toBe(200);
    const { targetId, person } = claim.json().claim;
    expect(Object.keys(person).sort()).toEqual(['commune', 'firstName', 'lastName', 'phone']);

    expect((await callerA.request({ method: 'GET', url: `/api/call/${campaignId}/targets/${targetId}` })).statusCode).toBe(200);
    expect((await callerB.request({ method: 'GET', url: `/api/call/${campaignId}/targets/${targetId}` })).statusCode).toBe(404);
    const stolen = await callerB.request({ method: 'POST', url: `/api/call/${campaignId}/targets/${targetId}/outcome`, payload: { callId: randomUUID(), outcome: 'talked' } });
    expect(stolen.statusCode).toBe(404);

    const bad = await callerA.request({
      method: 'POST',
      url: `/api/call/${campaignId}/targets/${targetId}/outcome`,
      payload: { callId: randomUUID(), outcome: 'talked', answers: { 'q-talk': 'yes', 'q-vote': 'perhaps' } },
      headers: { 'accept-language': 'fr' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toEqual([{ path: 'answers.q-vote', message: "Cette réponse n'est pas proposée par le script pour cette question." }]);

    const ok = await callerA.request({
      method: 'POST',
      url: `/api/call/${campaignId}/targets/${targetId}/outcome`,
      payload: { callId: randomUUID(), outcome: 'talked', answers: { 'q-talk': 'yes', 'q-vote': 'yes' } },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ targetStatus: 'done', duplicate: false, myCalls: 1 });
    // Without `next`, the answer is the save alone.
    expect(ok.json().next).toBeUndefined();
    // Finished: no longer readable, even by the caller who called.
    expect((await callerA.request({ method: 'GET', url: `/api/call/${campaignId}/targets/${targetId}` })).statusCode).toBe(404);

    const progress = await organizer.request({ method: 'GET', url: `/api/call-campaigns/${campaignId}/progress` });
    expect(progress.json()).toMatchObject({ toCall: 3, done: 1, calls: 1, outcomes: { talked: 1 } });
  });

  it('answers not found to a caller of the organization who was not invited to the campaign, on every caller route', async () => {
    const claim = await callerA.request({ method: 'POST', url: `/api/call/${campaignId}/claim` });
    const { targetId } = claim.json().claim;
    const routes = [
      { method: 'GET' as const, url: `/api/call/${campaignId}` },
      { method: 'POST' as const, url: `/api/call/${campaignId}/claim` },
      { method: 'GET' as const, url: `/api/call/${campaignId}/targets/${targetId}` },
      { method: 'POST' as const, url: `/api/call/${campaignId}/targets/${targetId}/outcome`, payload: { callId: randomUUID(), outcome: 'talked', answers: { 'q-talk': 'yes', 'q-vote': 'yes' } } },
      { method: 'POST' as const, url: `/api/call/${campaignId}/targets/${targetId}/open` },
      { method: 'GET' as const, url: `/api/call/${campaignId}/sheet` },
      { method: 'POST' as const, url: `/api/call/${campaignId}/sheet/reserve`, payload: { count: 2 } },
      { method: 'POST' as const, url: `/api/call/${campaignId}/phone-link` },
      { method: 'POST' as const, url: `/api/call/${campaignId}/sheet/release` },
    ];
    for (const route of routes) {
      const res = await uninvited.request(route);
      expect({ url: route.url, status: res.statusCode }).toEqual({ url: route.url, status: 404 });
      expect(res.json().error.code).toBe('not_found');
    }
    // Nothing was written for them: the person is still held by the invited caller, and not called.
    expect((await callerA.request({ method: 'GET', url: `/api/call/${campaignId}/targets/${targetId}` })).statusCode).toBe(200);
    expect((await uninvited.request({ method: 'GET', url: '/api/my-call-campaigns' })).json()).toEqual({ campaigns: [] });
    const mine = await callerA.request({ method: 'GET', url: '/api/my-call-campaigns' });
    expect(mine.json().campaigns).toEqual([{ id: campaignId, name: 'Relance des indécis', status: 'active', mode: 'shared_pool', handedRemaining: 0 }]);
    // Organizers keep access to every campaign of their organization.
    expect((await organizer.request({ method: 'GET', url: `/api/call/${campaignId}` })).statusCode).toBe(200);
  });

  it('gives the campaign to a caller as soon as they are invited to it, and to the host of its event', async () => {
    const member = await makeMember(ctx, org.id, 'caller');
    const late = await login(app, member.email);
    expect((await late.request({ method: 'GET', url: `/api/call/${campaignId}` })).statusCode).toBe(404);
    const invited = await organizer.request({ method: 'POST', url: `/api/call-campaigns/${campaignId}/callers`, payload: { email: member.email, name: 'Camille caller' } });
    expect(invited.statusCode).toBe(201);
    expect((await late.request({ method: 'GET', url: `/api/call/${campaignId}` })).statusCode).toBe(200);

    const host = await makeMember(ctx, org.id, 'caller');
    const hostAgent = await login(app, host.email);
    expect((await hostAgent.request({ method: 'GET', url: `/api/call/${campaignId}` })).statusCode).toBe(404);
    const event = await organizer.request({
      method: 'POST',
      url: '/api/events',
      payload: { kind: 'phone_bank', title: 'Soirée d’appels', startsAt: '2026-07-02T17:00:00Z', endsAt: '2026-07-02T19:00:00Z', hostUserId: host.userId, callCampaignId: campaignId },
    });
    expect(event.statusCode).toBe(201);
    expect((await hostAgent.request({ method: 'GET', url: `/api/call/${campaignId}` })).statusCode).toBe(200);
  });

  it("answers not found for another organization's campaign and target", async () => {
    const other = await makeOrg(ctx);
    const stranger = await login(app, (await makeMember(ctx, other.id, 'caller')).email);
    const strangerOrganizer = await login(app, (await makeMember(ctx, other.id, 'organizer')).email);
    const claim = await callerA.request({ method: 'POST', url: `/api/call/${campaignId}/claim` });
    const { targetId } = claim.json().claim;
    expect((await stranger.request({ method: 'GET', url: `/api/call/${campaignId}` })).statusCode).toBe(404);
    expect((await stranger.request({ method: 'POST', url: `/api/call/${campaignId}/claim` })).statusCode).toBe(404);
    expect((await stranger.request({ method: 'GET', url: `/api/call/${campaignId}/targets/${targetId}` })).statusCode).toBe(404);
    expect((await strangerOrganizer.request({ method: 'GET', url: `/api/call-campaigns/${campaignId}/progress` })).statusCode).toBe(404);
  });

  it('splits the people left among named callers and refuses non-callers', async () => {
    const members = await organizer.request({ method: 'GET', url: '/api/members' });
    const callers = members.json().members.filter((m: { permissionSetName: string }) => m.permissionSetName === 'Appelant').map((m: { userId: string }) => m.userId);
    const split = await organizer.request({ method: 'POST', url: `/api/call-campaigns/${campaignId}/split`, payload: { userIds: callers } });
    expect(split.statusCode).toBe(200);
    expect(split.json().callers).toBe(callers.length);
    const viewer = await makeMember(ctx, org.id, 'viewer');
    const refused = await organizer.request({ method: 'POST', url: `/api/call-campaigns/${campaignId}/split`, payload: { userIds: [viewer.userId] } });
    expect(refused.statusCode).toBe(400);
  });

  it('validates a new campaign: unknown script version, hours in the wrong order, unknown time zone', async () => {
    const base = { name: 'X', source: { filter: { supportLevels: [2, 3, 4] } } };
    const post = (payload: object) => organizer.request({ method: 'POST', url: '/api/call-campaigns', payload });
    expect((await post({ ...base, scriptVersionId: '999999' })).json().error.fields[0].path).toBe('scriptVersionId');
    const versionId = await makeScriptVersion(ctx, org.id);
    expect((await post({ ...base, scriptVersionId: versionId, hoursStart: '21:00', hoursEnd: '09:00' })).json().error.fields[0].path).toBe('hoursEnd');
    expect((await post({ ...base, scriptVersionId: versionId, timeZone: 'Mars/Olympus' })).json().error.fields[0].path).toBe('timeZone');
    const list = await organizer.request({ method: 'GET', url: '/api/call-campaigns' });
    expect(list.json().campaigns.length).toBeGreaterThanOrEqual(1);
  });
});

describe('save and next', () => {
  it('hands out the next person with the save, the same one again on a retried save, and says when nobody is left', async () => {
    const member = await makeMember(ctx, org.id, 'caller');
    const caller = await login(app, member.email);
    const people = await makePeople(ctx, org.id, 2);
    const created = await organizer.request({
      method: 'POST',
      url: '/api/call-campaigns',
      payload: { name: 'Enchaîner les appels', scriptVersionId: await makeScriptVersion(ctx, org.id), source: { personIds: people } },
    });
    const id = created.json().id;
    await organizer.request({ method: 'PUT', url: `/api/call-campaigns/${id}/status`, payload: { status: 'active' } });
    await addToCampaigns(ctx, org.id, member.userId, id);

    const first = (await caller.request({ method: 'POST', url: `/api/call/${id}/claim` })).json().claim.targetId;
    const payload = { callId: randomUUID(), outcome: 'talked', answers: { 'q-talk': 'yes', 'q-vote': 'yes' }, next: true };
    const saved = await caller.request({ method: 'POST', url: `/api/call/${id}/targets/${first}/outcome`, payload });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ targetStatus: 'done', duplicate: false, myCalls: 1, next: { status: 'claimed' } });
    const second = saved.json().next.claim.targetId;
    expect(second).not.toBe(first);
    // The answer was lost on the way and the screen saves again: stored once, and the same person back.
    const retried = await caller.request({ method: 'POST', url: `/api/call/${id}/targets/${first}/outcome`, payload });
    expect(retried.json()).toMatchObject({ duplicate: true, myCalls: 1, next: { status: 'claimed', claim: { targetId: second } } });

    const last = await caller.request({ method: 'POST', url: `/api/call/${id}/targets/${second}/outcome`, payload: { ...payload, callId: randomUUID() } });
    expect(last.json()).toMatchObject({ myCalls: 2, next: { status: 'none', reason: 'finished' } });
    const progress = await organizer.request({ method: 'GET', url: `/api/call-campaigns/${id}/progress` });
    expect(progress.json()).toMatchObject({ done: 2, calls: 2 });
  });
});
