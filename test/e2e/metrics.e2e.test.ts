import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { claimNext, recordOutcome } from '../../src/server/modules/callbank/index.js';
import { makeActiveCampaign, makeActor, makeCaller, makePeople } from '../../src/server/modules/callbank/callbank.fixtures.js';
import type { OrgActor } from '../../src/server/platform/http/actor.js';
import { makeMember, makeOrg } from '../setup/factories.js';
import { createTestContext, type TestContext } from '../setup/test-context.js';
import { signIn, startBrowserSession } from './browser.js';

let ctx: TestContext;
let session: Awaited<ReturnType<typeof startBrowserSession>>;
let admin: { email: string; password: string };
let caller: OrgActor;
let campaignId: string;

beforeAll(async () => {
  ctx = await createTestContext();
  const org = await makeOrg(ctx);
  admin = await makeMember(ctx, org.id, 'administrator');
  const organizer = await makeActor(ctx, org, 'organizer');
  campaignId = (await makeActiveCampaign(ctx, organizer, await makePeople(ctx, org.id, 3))).id;
  caller = await makeCaller(ctx, org, campaignId);
  session = await startBrowserSession(ctx);
});

/** A caller saves a call, as their own screen in another tab or on another phone would. */
async function recordCall() {
  const claim = await claimNext(ctx, caller, campaignId);
  if (claim.status !== 'claimed') throw new Error('nobody to call');
  await recordOutcome(ctx, caller, campaignId, claim.claim.targetId, { callId: randomUUID(), outcome: 'talked', answers: { 'q-talk': 'yes', 'q-vote': 'yes' } });
}

describe('live metrics in Chromium', () => {
  it('moves the dashboard and the room screen counters when a call is recorded, without reloading', { timeout: 90_000 }, async () => {
    const page = await session.newPage();
    await signIn(page, session.baseUrl, admin.email, admin.password);
    await expect.poll(() => page.getByRole('navigation', { name: 'Navigation principale' }).isVisible(), { timeout: 10_000 }).toBe(true);

    await page.goto(`${session.baseUrl}/metrics`);
    const calls = page.getByRole('group', { name: 'Appels', exact: true });
    await expect.poll(() => calls.textContent(), { timeout: 10_000 }).toContain('0');
    await expect.poll(() => page.getByText('En direct').isVisible(), { timeout: 10_000 }).toBe(true);

    const room = await page.context().newPage();
    await room.goto(`${session.baseUrl}/room/${campaignId}`);
    const today = room.getByRole('group', { name: "Appels aujourd'hui" });
    await expect.poll(() => today.textContent(), { timeout: 10_000 }).toMatch(/^0/);

    await recordCall();
    await expect.poll(() => calls.textContent(), { timeout: 10_000 }).toContain('1');
    await expect.poll(() => today.textContent(), { timeout: 10_000 }).toMatch(/^1/);
    await expect.poll(() => room.getByRole('group', { name: "Conversations aujourd'hui" }).textContent(), { timeout: 10_000 }).toMatch(/^1/);
  });
});
