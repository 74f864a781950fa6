import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, login, makeMember, makeOrg, type Agent } from '../../../../test/setup/factories.js';
import { createTestContext, type TestContext } from '../../../../test/setup/test-context.js';
import type { AppContext } from '../../platform/context.js';
import { openDatabase } from '../../platform/db/database.js';
import { claimNext, recordOutcome } from '../callbank/index.js';
import { makeActiveCampaign, makeActor, makeCaller, makePeople } from '../callbank/callbank.fixtures.js';
import type { OrgActor } from '../../platform/http/actor.js';
import { ListenHub } from './metrics.live.js';
import { openStream } from './metrics.test-helpers.js';

// Generous: the promise is "within a second"; the test only asserts that the update arrives.
const GENEROUS_MS = 10_000;

let ctx: TestContext;
/** A second Relais process: its own pool on the same database. */
let ctx2: AppContext;
let app: FastifyInstance;
let org: { id: string; slug: string };
let callerActor: OrgActor;
let campaignId: string;
let viewer: Agent;

beforeAll(async () => {
  ctx = await createTestContext();
  const database2 = openDatabase({ kind: ctx.database.kind, ownerUrl: ctx.ownerUrl, appUrl: ctx.database.appUrl, poolSize: 2 });
  ctx2 = { ...ctx, database: database2 };
  app = await buildTestApp(ctx);
  await app.listen({ port: 0, host: '127.0.0.1' });
  org = await makeOrg(ctx);
  const organizer = await makeActor(ctx, org, 'organizer');
  const people = await makePeople(ctx, org.id, 10);
  // These tests run on the real clock (the live figures count the last hour): the campaign's
  // calling hours (09:00–21:00 by default) must hold whenever they run, so its time zone is one
  // where it is about noon now. They used to fail after 21:00 in Paris: "nobody to call".
  campaignId = (await makeActiveCampaign(ctx, organizer, people, { timeZone: zoneWhereItIsNoon(new Date()) })).id;
  callerActor = await makeCaller(ctx, org, campaignId);
  viewer = await login(app, (await makeMember(ctx, org.id, 'viewer')).email);
});

afterAll(async () => {
  await app.close();
  await ctx2.database.close();
});

/** A fixed-offset time zone where it is between 11:00 and 13:00 at `now` (Etc/GMT-2 is two hours ahead of UTC). */
function zoneWhereItIsNoon(now: Date): string {
  const ahead = 12 - now.getUTCHours();
  return ahead === 0 ? 'Etc/UTC' : `Etc/GMT${ahead > 0 ? '-' : '+'}${Math.abs(ahead)}`;
}

/** Records one call the way the caller's screen does, through the callbank, in the given process. */
async function recordCall(context: AppContext) {
  const claim = await claimNext(context, callerActor, campaignId);
  if (claim.status !== 'claimed') throw new Error('nobody to call');
  await recordOutcome(context, callerActor, campaignId, claim.claim.targetId, { callId: randomUUID(), outcome: 'talked', answers: { 'q-talk': 'yes', 'q-vote': 'yes' } });
}

function within<T>(promise: Promise<T>, what: string): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no ${what} within ${GENEROUS_MS} ms`)), GENEROUS_MS))]);
}

describe('live metrics', () => {
  it('tell a hub in another process about a call recorded in this one (LISTEN/NOTIFY)', async () => {
    const hubA = new ListenHub(ctx.database.appUrl);
    const hubB = new ListenHub(ctx2.database.appUrl);
    try {
      const heardA = new Promise<void>((resolve) => void hubA.subscribe(org.id, campaignId, () => resolve()));
      let resolveB!: () => void;
      const heardB = new Promise<void>((resolve) => (resolveB = resolve));
      const orgWide = new Promise<void>((resolve) => void hubB.subscribe(org.id, null, () => resolve()));
      await hubB.subscribe(org.id, campaignId, () => resolveB());
      // Another campaign's calls do not wake this campaign's subscribers.
      let wrong = false;
      await hubB.subscribe(org.id, '999999', () => (wrong = true));
      await new Promise((r) => setTimeout(r, 50));
      await recordCall(ctx);
      await within(Promise.all([heardA, heardB, orgWide]), 'notification');
      expect(wrong).toBe(false);
      expect(hubB.size).toBe(3);
    } finally {
      await hubA.close();
      await hubB.close();
    }
  });

  it('pushes a fresh dashboard to an open stream after a call recorded by a second process', async () => {
    const stream = openStream(app, `/api/metrics/stream?campaignId=${campaignId}`, viewer.cookie);
    const first = await within(stream.next(() => true), 'first event');
    expect(stream.status()).toBe(200);
    expect(stream.contentType()).toBe('text/event-stream; charset=utf-8');
    const before = first.summary.calls;
    await recordCall(ctx2);
    const updated = await within(stream.next((d) => d.summary.calls === before + 1), 'update');
    expect(updated.live.callsLastHour).toBeGreaterThanOrEqual(1);
    // The organization-wide stream hears it too.
    const orgStream = openStream(app, '/api/metrics/stream?campaignId=all', viewer.cookie);
    const orgFirst = await within(orgStream.next(() => true), 'first org event');
    await recordCall(ctx);
    await within(orgStream.next((d) => d.summary.calls === orgFirst.summary.calls + 1), 'org update');
    stream.close();
    orgStream.close();
  });

  it('streams a shared dashboard without an account', async () => {
    const organizer = await login(app, (await makeMember(ctx, org.id, 'organizer')).email);
    const created = await organizer.request({ method: 'POST', url: '/api/metrics/share-links', payload: { campaignId } });
    const stream = openStream(app, `/api/shared/metrics/${created.json().token}/stream`, '');
    const first = await within(stream.next(() => true), 'first shared event');
    await recordCall(ctx2);
    await within(stream.next((d) => d.summary.calls === first.summary.calls + 1), 'shared update');
    stream.close();
  });

  it('ends open streams when the app closes, so a restart is not held up by watching screens', async () => {
    const other = await buildTestApp(ctx);
    await other.listen({ port: 0, host: '127.0.0.1' });
    const agent = await login(other, (await makeMember(ctx, org.id, 'viewer')).email);
    const stream = openStream(other, `/api/metrics/stream?campaignId=${campaignId}`, agent.cookie);
    await within(stream.next(() => true), 'first event');
    await within(other.close(), 'app close');
    await expect.poll(() => stream.ended(), { timeout: GENEROUS_MS }).toBe(true);
  });
});
