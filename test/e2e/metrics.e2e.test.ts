import { beforeAll, describe, expect, it } from 'vitest';
import { makeActiveCampaign, makeActor, makePeople } from '../../src/server/modules/callbank/callbank.fixtures.js';
import { inviteCaller } from '../../src/server/modules/callbank/callbank.service.js';
import { makeMember, makeOrg } from '../setup/factories.js';
import { createTestContext, type TestContext } from '../setup/test-context.js';
import { signIn, startBrowserSession } from './browser.js';

let ctx: TestContext;
let session: Awaited<ReturnType<typeof startBrowserSession>>;
let admin: { email: string; password: string };
let campaignId: string;
let invitationPath: string;

beforeAll(async () => {
  // 15:00 in Paris: inside calling hours.
  ctx = await createTestContext({ now: new Date('2026-07-01T13:00:00Z') });
  const org = await makeOrg(ctx);
  admin = await makeMember(ctx, org.id, 'administrator');
  const organizer = await makeActor(ctx, org, 'organizer');
  campaignId = (await makeActiveCampaign(ctx, organizer, await makePeople(ctx, org.id, 3), { briefing: 'Merci d’être là !' })).id;
  session = await startBrowserSession(ctx);
  const invitation = await inviteCaller(ctx, organizer, campaignId, { email: 'alex-appelant@example.test', name: 'Alex Appelant' });
  invitationPath = new URL(invitation.url).pathname;
});

describe('live metrics in Chromium', () => {
  it('moves the dashboard and the room screen counters when a caller saves a call in another tab, without reloading', { timeout: 120_000 }, async () => {
    // Tab 1: the organizer's dashboard, and the room screen beside it.
    const page = await session.newPage();
    await signIn(page, session.baseUrl, admin.email, admin.password);
    await expect.poll(() => page.getByRole('navigation', { name: 'Navigation principale' }).isVisible(), { timeout: 10_000 }).toBe(true);
    await page.goto(`${session.baseUrl}/metrics`);
    const calls = page.getByRole('group', { name: 'Appels', exact: true });
    const conversations = page.getByRole('group', { name: 'Conversations', exact: true });
    await expect.poll(() => page.getByText('En direct').isVisible(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => calls.textContent(), { timeout: 10_000 }).toBe('Appels0');
    await expect.poll(() => conversations.textContent(), { timeout: 10_000 }).toBe('Conversations0');

    // Gone if the page reloads.
    const marker = await page.evaluate(() => ((window as unknown as { relaisMarker: number }).relaisMarker = Math.random()));

    const room = await page.context().newPage();
    await room.goto(`${session.baseUrl}/room/${campaignId}`);
    const today = room.getByRole('group', { name: "Appels aujourd'hui" });
    await expect.poll(() => today.textContent(), { timeout: 10_000 }).toMatch(/^0/);

    // Tab 2: a volunteer joins from their invitation on a phone (their own cookies) and calls.
    const caller = await session.newPage({ phone: true });
    await caller.goto(`${session.baseUrl}${invitationPath}`);
    await caller.waitForURL(new RegExp(`/call/${campaignId}$`), { timeout: 15_000 });
    await caller.getByRole('button', { name: 'Commencer les appels' }).click();
    await expect.poll(() => caller.getByRole('link', { name: /Appeler \+336/ }).isVisible(), { timeout: 10_000 }).toBe(true);
    await caller.getByRole('button', { name: 'Yes', exact: true }).first().click();
    await caller.getByRole('button', { name: 'Yes', exact: true }).nth(1).click();
    await caller.getByRole('button', { name: 'A répondu' }).click();
    await caller.getByRole('button', { name: 'Enregistrer et passer à la suivante' }).click();
    await expect.poll(() => caller.getByText('Mes appels aujourd’hui : 1').isVisible(), { timeout: 10_000 }).toBe(true);

    // Tab 1 moved by itself: the same page, never reloaded.
    await expect.poll(() => calls.textContent(), { timeout: 10_000 }).toBe('Appels1');
    await expect.poll(() => conversations.textContent(), { timeout: 10_000 }).toBe('Conversations1');
    await expect.poll(() => today.textContent(), { timeout: 10_000 }).toMatch(/^1/);
    await expect.poll(() => room.getByRole('group', { name: "Conversations aujourd'hui" }).textContent(), { timeout: 10_000 }).toMatch(/^1/);
    expect(await page.evaluate(() => (window as unknown as { relaisMarker?: number }).relaisMarker)).toBe(marker);

    // A second call, no answer this time: calls move, conversations do not.
    await expect.poll(() => caller.getByRole('button', { name: 'Pas de réponse' }).isVisible(), { timeout: 10_000 }).toBe(true);
    await caller.getByRole('button', { name: 'Pas de réponse' }).click();
    await caller.getByRole('button', { name: 'Enregistrer et passer à la suivante' }).click();
    await expect.poll(() => calls.textContent(), { timeout: 10_000 }).toBe('Appels2');
    expect(await conversations.textContent()).toBe('Conversations1');
    expect(await page.evaluate(() => (window as unknown as { relaisMarker?: number }).relaisMarker)).toBe(marker);
  });
});
