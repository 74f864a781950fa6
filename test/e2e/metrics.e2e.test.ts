import { beforeAll, describe, expect, it } from 'vitest';
import { makeActiveCampaign, makeActor, makePeople } from '../../src/server/modules/callbank/callbank.fixtures.js';
import { inviteCaller } from '../../src/server/modules/callbank/callbank.service.js';
import { inOrg } from '../../src/server/platform/db/database.js';
import { makeMember, makeOrg } from '../setup/factories.js';
import { createTestContext, type TestContext } from '../setup/test-context.js';
import { signIn, startBrowserSession } from './browser.js';

let ctx: TestContext;
let session: Awaited<ReturnType<typeof startBrowserSession>>;
let admin: { email: string; password: string };
let campaignId: string;
let invitationPath: string;
let eventId: string;

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
  // The caller signed up to this afternoon's phone bank on the campaign (by their e-mail), and a
  // local organization reports to this one.
  eventId = await inOrg(ctx.database.db, { orgId: org.id }, async (tx) => {
    const event = await tx
      .insertInto('events')
      .values({ org_id: org.id, kind: 'phone_bank', title: 'Phoning du mercredi', starts_at: new Date('2026-07-01T12:00:00Z'), ends_at: new Date('2026-07-01T16:00:00Z'), call_campaign_id: campaignId })
      .returning('id')
      .executeTakeFirstOrThrow();
    const shift = await tx
      .insertInto('shifts')
      .values({ org_id: org.id, event_id: event.id, starts_at: new Date('2026-07-01T12:00:00Z'), ends_at: new Date('2026-07-01T16:00:00Z'), capacity: 20 })
      .returning('id')
      .executeTakeFirstOrThrow();
    const person = await tx
      .insertInto('people')
      .values({ org_id: org.id, first_name: 'Alex', last_name: 'Appelant', email: 'alex-appelant@example.test', is_volunteer: true, legal_basis: 'consent', custom_fields: '{}', updated_at: new Date() })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('signups')
      .values({ org_id: org.id, event_id: event.id, shift_id: shift.id, person_id: person.id, status: 'checked_in', cancel_token_hash: Buffer.from('e2e-metrics-token') })
      .execute();
    return event.id;
  });
  await makeOrg(ctx, { name: 'Section de Villeurbanne', parentId: org.id });
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

  it("opens an event's own dashboard from the per-event table, and shows the locals' totals", { timeout: 60_000 }, async () => {
    const page = await session.newPage();
    await signIn(page, session.baseUrl, admin.email, admin.password);
    await expect.poll(() => page.getByRole('navigation', { name: 'Navigation principale' }).isVisible(), { timeout: 10_000 }).toBe(true);
    await page.goto(`${session.baseUrl}/metrics`);
    const locals = page.getByRole('table', { name: 'Organisations locales' });
    await expect.poll(() => locals.textContent(), { timeout: 10_000 }).toContain('Section de Villeurbanne');
    const perEvent = page.getByRole('table', { name: 'Par événement' });
    await expect.poll(() => perEvent.textContent(), { timeout: 10_000 }).toContain('Phoning du mercredi');

    await perEvent.getByRole('link', { name: 'Phoning du mercredi' }).click();
    await page.waitForURL(new RegExp(`/metrics\\?eventId=${eventId}$`));
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: 10_000 }).toContain('Phoning du mercredi');
    // The two calls the caller saved in the first test, during the event.
    await expect.poll(() => page.getByRole('group', { name: 'Appels', exact: true }).textContent(), { timeout: 10_000 }).toBe('Appels2');
    const row = page.getByRole('table', { name: 'Par événement' }).getByRole('row', { name: /Phoning du mercredi/ });
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toMatch(/Phoning du mercredi.*2.*1.*50 %.*1.*1/);
    expect(await page.getByRole('table', { name: 'Organisations locales' }).count()).toBe(0);
  });
});
