import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, login, makeMember, makeOrg, type Agent } from '../../../../test/setup/factories.js';
import { createTestContext, type TestContext } from '../../../../test/setup/test-context.js';
import { METRICS_CHARTS } from '../../../shared/contracts/metrics.js';
import { inOrg } from '../../platform/db/database.js';
import { addToCampaigns, makePeople, makeScriptVersion } from '../callbank/callbank.fixtures.js';

let ctx: TestContext;
let app: FastifyInstance;
let organizer: Agent;
let viewer: Agent;
let caller: Agent;
let outsider: Agent;
let campaignId: string;
let otherCampaignId: string;
let people: { first_name: string; last_name: string; email: string | null; mobile_e164: string | null; mobile_raw: string | null }[];

async function makeCampaign(agent: Agent, orgId: string, count: number): Promise<string> {
  const ids = await makePeople(ctx, orgId, count);
  const scriptVersionId = await makeScriptVersion(ctx, orgId);
  const created = await agent.request({ method: 'POST', url: '/api/call-campaigns', payload: { name: 'Relance', scriptVersionId, source: { personIds: ids } } });
  expect(created.statusCode).toBe(201);
  const id = created.json().id as string;
  expect((await agent.request({ method: 'PUT', url: `/api/call-campaigns/${id}/status`, payload: { status: 'active' } })).statusCode).toBe(200);
  return id;
}

/** A caller claims the next person and saves a call with the given outcome and answers. */
async function recordCall(agent: Agent, outcome: string, answers: Record<string, string> = {}) {
  const claim = await agent.request({ method: 'POST', url: `/api/call/${campaignId}/claim` });
  expect(claim.json().status).toBe('claimed');
  const { targetId } = claim.json().claim;
  const res = await agent.request({ method: 'POST', url: `/api/call/${campaignId}/targets/${targetId}/outcome`, payload: { callId: randomUUID(), outcome, answers } });
  expect(res.statusCode).toBe(200);
}

beforeAll(async () => {
  ctx = await createTestContext({ now: new Date('2026-07-01T10:00:00Z') });
  app = await buildTestApp(ctx);
  const org = await makeOrg(ctx);
  organizer = await login(app, (await makeMember(ctx, org.id, 'organizer', { name: 'Dominique Organisatrice' })).email);
  viewer = await login(app, (await makeMember(ctx, org.id, 'viewer')).email);
  const callerMember = await makeMember(ctx, org.id, 'caller', { name: 'Sacha Lebenevole' });
  caller = await login(app, callerMember.email);
  campaignId = await makeCampaign(organizer, org.id, 6);
  await addToCampaigns(ctx, org.id, callerMember.userId, campaignId);
  const other = await makeOrg(ctx);
  const otherOrganizer = await login(app, (await makeMember(ctx, other.id, 'organizer')).email);
  outsider = otherOrganizer;
  otherCampaignId = await makeCampaign(otherOrganizer, other.id, 1);
  await recordCall(caller, 'talked', { 'q-talk': 'yes', 'q-vote': 'yes', 'q-station': 'knows' });
  await recordCall(caller, 'talked', { 'q-talk': 'yes', 'q-vote': 'no', 'q-proxy': 'need', 'q-availability': 'samedi matin' });
  await recordCall(caller, 'no_answer');
  await recordCall(caller, 'talked', { 'q-talk': 'later', 'q-when': 'demain 18h' });
  people = await inOrg(ctx.database.db, { orgId: org.id }, (tx) =>
    tx.selectFrom('people').select(['first_name', 'last_name', 'email', 'mobile_e164', 'mobile_raw']).where('org_id', '=', org.id).execute(),
  );
});

describe('metrics routes', () => {
  it('shows a viewer the campaign dashboard built from the recorded calls', async () => {
    const res = await viewer.request({ method: 'GET', url: `/api/metrics/dashboard?campaignId=${campaignId}` });
    expect(res.statusCode).toBe(200);
    const d = res.json();
    expect(d.campaign).toEqual({ id: campaignId, name: 'Relance' });
    expect(d.summary).toMatchObject({ calls: 4, conversations: 3, answered: 3 });
    expect(d.summary.outcomes).toMatchObject({ talked: 3, no_answer: 1 });
    expect(d.live).toMatchObject({ callsToday: 4, callsLastHour: 4, activeCallers: 1, conversationsToday: 3 });
    expect(d.charts.byHourOfDay[12]).toMatchObject({ calls: 4, answered: 3 }); // 10:00 UTC is noon in Paris in July
    expect(d.charts.leaderboard).toEqual([{ rank: 1, firstName: 'Sacha', calls: 4, conversations: 3 }]);
    const sections = d.charts.funnel[0].sections as { id: string; reached: number; endedHere: number }[];
    expect(Object.fromEntries(sections.map((s) => [s.id, [s.reached, s.endedHere]]))).toMatchObject({
      intro: [3, 0],
      vote: [2, 0],
      station: [1, 0],
      proxy: [1, 0],
      'proxy-details': [1, 0],
      thanks: [2, 2],
      callback: [1, 1],
    });
    // Support levels set by the script: one supporter (1) and one undecided (3) reached.
    expect(d.summary.reachedBySupportLevel).toEqual(expect.arrayContaining([{ level: 1, conversations: 1 }, { level: 3, conversations: 1 }]));
    expect(d.summary.supportChanges).toEqual([
      { from: 0, to: 1, calls: 1 },
      { from: 0, to: 3, calls: 1 },
    ]);
  });

  it("lists the organization's campaigns for the filter, names only", async () => {
    const res = await viewer.request({ method: 'GET', url: '/api/metrics/campaigns' });
    expect(res.json().campaigns).toEqual([{ id: campaignId, name: 'Relance', status: 'active' }]);
  });

  it("answers 404 for another organization's campaign, and refuses callers", async () => {
    expect((await viewer.request({ method: 'GET', url: `/api/metrics/dashboard?campaignId=${otherCampaignId}` })).statusCode).toBe(404);
    expect((await viewer.request({ method: 'GET', url: `/api/metrics/export/outcomes?campaignId=${otherCampaignId}` })).statusCode).toBe(404);
    expect((await viewer.request({ method: 'GET', url: `/api/metrics/stream?campaignId=${otherCampaignId}` })).statusCode).toBe(404);
    expect((await organizer.request({ method: 'POST', url: '/api/metrics/share-links', payload: { campaignId: otherCampaignId } })).statusCode).toBe(404);
    const outsiderView = await outsider.request({ method: 'GET', url: `/api/metrics/dashboard?campaignId=${campaignId}` });
    expect(outsiderView.statusCode).toBe(404);
    expect((await caller.request({ method: 'GET', url: '/api/metrics/dashboard' })).statusCode).toBe(403);
    expect((await viewer.request({ method: 'POST', url: '/api/metrics/share-links', payload: { campaignId } })).statusCode).toBe(403);
  });

  it('exports the numbers of each chart as CSV a French spreadsheet opens', async () => {
    const res = await viewer.request({ method: 'GET', url: `/api/metrics/export/outcomes?campaignId=${campaignId}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.body).toContain('\uFEFFoutcome;calls\r\nno_answer;1\r\n');
    expect(res.body).toContain('talked;3\r\n');
    const answers = await viewer.request({ method: 'GET', url: `/api/metrics/export/answers?campaignId=${campaignId}` });
    expect(answers.body).toContain('q-vote;Will you vote?;yes;Yes;1');
    // Text answers are counted, never exported.
    expect(answers.body).not.toContain('samedi matin');
    for (const chart of METRICS_CHARTS) {
      const each = await viewer.request({ method: 'GET', url: `/api/metrics/export/${chart}?campaignId=${campaignId}&from=2026-07-01&to=2026-07-01` });
      expect([chart, each.statusCode, each.body.startsWith('\uFEFF')]).toEqual([chart, 200, true]);
    }
    const bad = await viewer.request({ method: 'GET', url: `/api/metrics/export/nothing` });
    expect(bad.statusCode).toBe(400);
  });

  it('refuses a date range that ends before it starts', async () => {
    const res = await viewer.request({ method: 'GET', url: '/api/metrics/dashboard?from=2026-07-02&to=2026-07-01' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields[0].path).toBe('query.to');
  });
});

describe('shared links', () => {
  it('open a dashboard without an account, without any personal data of the people called, until revoked', async () => {
    const created = await organizer.request({ method: 'POST', url: '/api/metrics/share-links', payload: { campaignId, label: 'Salle Jaurès' } });
    expect(created.statusCode).toBe(201);
    const { token, url, id } = created.json();
    expect(url).toBe(`http://relais.test/shared/metrics/${token}`);

    const shared = await app.inject({ method: 'GET', url: `/api/shared/metrics/${token}` });
    expect(shared.statusCode).toBe(200);
    expect(shared.json().summary.calls).toBe(4);
    expect(shared.json().charts.leaderboard).toEqual([{ rank: 1, firstName: null, calls: 4, conversations: 3 }]);
    const body = shared.body.toLowerCase();
    expect(people.length).toBeGreaterThan(0);
    for (const p of people) {
      for (const value of [p.first_name, p.last_name, p.email, p.mobile_e164, p.mobile_raw]) {
        if (value) expect(body).not.toContain(value.toLowerCase());
      }
    }
    // Nor the callers' names, nor the free text typed during calls.
    for (const secret of ['sacha', 'lebenevole', 'dominique', 'samedi matin', 'demain 18h']) expect(body).not.toContain(secret);

    const list = await organizer.request({ method: 'GET', url: '/api/metrics/share-links' });
    expect(list.json().links).toEqual([expect.objectContaining({ id, label: 'Salle Jaurès', campaignName: 'Relance', revokedAt: null })]);
    expect(JSON.stringify(list.json())).not.toContain(token);

    const revoked = await organizer.request({ method: 'DELETE', url: `/api/metrics/share-links/${id}` });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().revokedAt).not.toBeNull();
    expect((await app.inject({ method: 'GET', url: `/api/shared/metrics/${token}` })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: `/api/shared/metrics/${token}/stream` })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: `/api/shared/metrics/${'x'.repeat(43)}` })).statusCode).toBe(404);
  });

  it("show callers' first names only when the organizer allowed it", async () => {
    const created = await organizer.request({ method: 'POST', url: '/api/metrics/share-links', payload: { campaignId, showCallerNames: true } });
    const shared = await app.inject({ method: 'GET', url: `/api/shared/metrics/${created.json().token}` });
    expect(shared.json().charts.leaderboard[0].firstName).toBe('Sacha');
    expect(shared.body.toLowerCase()).not.toContain('lebenevole');
  });

  it("cannot be revoked from another organization", async () => {
    const created = await organizer.request({ method: 'POST', url: '/api/metrics/share-links', payload: { campaignId } });
    expect((await outsider.request({ method: 'DELETE', url: `/api/metrics/share-links/${created.json().id}` })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: `/api/shared/metrics/${created.json().token}` })).statusCode).toBe(200);
  });
});
