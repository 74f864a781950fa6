import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, login, makeMember, makeOrg, type Agent } from '../../../../test/setup/factories.js';
import { createTestContext, type TestContext } from '../../../../test/setup/test-context.js';
import type { OrgActor } from '../../platform/http/actor.js';
import { makeActiveCampaign, makeActor, makeCaller, makePeople } from '../callbank/callbank.fixtures.js';
import { claimNext, recordOutcome } from '../callbank/index.js';
import { openStream } from './metrics.test-helpers.js';

let ctx: TestContext;
let app: FastifyInstance;
let organizer: Agent;
let caller: OrgActor;
let org: { id: string; slug: string };
let campaignId: string;
let eventId: string;

beforeAll(async () => {
  // 15:00 in Paris, during the event and inside calling hours.
  ctx = await createTestContext({ now: new Date('2026-07-01T13:00:00Z') });
  app = await buildTestApp(ctx);
  await app.listen({ port: 0, host: '127.0.0.1' });
  org = await makeOrg(ctx);
  organizer = await login(app, (await makeMember(ctx, org.id, 'organizer')).email);
  const actor = await makeActor(ctx, org, 'organizer');
  campaignId = (await makeActiveCampaign(ctx, actor, await makePeople(ctx, org.id, 4))).id;
  caller = await makeCaller(ctx, org, campaignId);
  const created = await organizer.request({
    method: 'POST',
    url: '/api/events',
    payload: {
      kind: 'phone_bank',
      title: 'Phoning de l’après-midi',
      place: 'Local de campagne',
      startsAt: '2026-07-01T14:00:00+02:00',
      endsAt: '2026-07-01T18:00:00+02:00',
      capacity: 20,
      callCampaignId: campaignId,
    },
  });
  expect(created.statusCode, created.body).toBe(201);
  eventId = created.json().id;
});
afterAll(async () => {
  await app?.close();
});

describe("an event's live dashboard", () => {
  it('moves when a signed-up caller saves a call and when a volunteer is checked in', { timeout: 30_000 }, async () => {
    // The caller signs up on the public page with their account's e-mail.
    const event = (await organizer.request({ method: 'GET', url: `/api/events/${eventId}` })).json();
    const signup = await app.inject({
      method: 'POST',
      url: `/api/public/${org.slug}/events/${eventId}/signups`,
      payload: { firstName: 'Camille', lastName: 'Appelante', email: caller.user.email, phone: '', consent: true, shiftId: event.shifts[0].id },
    });
    expect(signup.statusCode, signup.body).toBe(201);
    const signups = (await organizer.request({ method: 'GET', url: `/api/events/${eventId}/signups` })).json().signups as { id: string }[];

    const stream = openStream(app, `/api/metrics/stream?campaignId=all&eventId=${eventId}`, organizer.cookie);
    try {
      const first = await stream.next(() => true);
      expect(first.event?.id).toBe(eventId);
      expect(first.summary.calls).toBe(0);
      expect(first.charts.events[0]).toMatchObject({ id: eventId, signedUp: 1, checkedIn: 0 });

      const claim = await claimNext(ctx, caller, campaignId);
      if (claim.status !== 'claimed') throw new Error('nobody to call');
      await recordOutcome(ctx, caller, campaignId, claim.claim.targetId, { callId: randomUUID(), outcome: 'talked', answers: { 'q-talk': 'yes', 'q-vote': 'yes' } });
      const afterCall = await stream.next((d) => d.summary.calls === 1);
      expect(afterCall.summary.conversations).toBe(1);
      expect(afterCall.charts.events[0]).toMatchObject({ calls: 1, conversations: 1 });

      const checkIn = await organizer.request({ method: 'PATCH', url: `/api/events/${eventId}/signups/${signups[0]!.id}`, payload: { status: 'checked_in' } });
      expect(checkIn.statusCode, checkIn.body).toBe(200);
      const afterCheckIn = await stream.next((d) => d.charts.events[0]?.checkedIn === 1);
      expect(afterCheckIn.summary.calls).toBe(1);
    } finally {
      stream.close();
    }
  });

  it('is open to the host of that event only', { timeout: 30_000 }, async () => {
    const host = await makeMember(ctx, org.id, 'event_host');
    const otherHost = await makeMember(ctx, org.id, 'event_host');
    const created = await organizer.request({
      method: 'POST',
      url: '/api/events',
      payload: {
        kind: 'phone_bank',
        title: 'Phoning du soir',
        place: 'Chez Amina',
        startsAt: '2026-07-01T18:00:00+02:00',
        endsAt: '2026-07-01T21:00:00+02:00',
        callCampaignId: campaignId,
        hostUserId: host.userId,
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const hosted = created.json().id as string;
    const hostAgent = await login(app, host.email, undefined, '10.2.0.1');
    const otherAgent = await login(app, otherHost.email, undefined, '10.2.0.2');
    for (const [agent, id] of [
      [otherAgent, hosted],
      [hostAgent, eventId],
      [hostAgent, '999999999'],
    ] as const) {
      expect((await agent.request({ method: 'GET', url: `/api/hosting/events/${id}/metrics/stream` })).statusCode).toBe(404);
    }
    const stream = openStream(app, `/api/hosting/events/${hosted}/metrics/stream`, hostAgent.cookie);
    try {
      const first = await stream.next(() => true);
      expect(first.event).toMatchObject({ id: hosted, title: 'Phoning du soir' });
      expect(first.charts.events.map((e) => e.id)).toEqual([hosted]);
    } finally {
      stream.close();
    }
  });
});
