import jsqr from 'jsqr';
import type { Locator } from 'playwright-core';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { inOrg } from '../../src/server/platform/db/database.js';
import { addToCampaigns, makeActiveCampaign, makeActor, makePeople } from '../../src/server/modules/callbank/callbank.fixtures.js';
import { inviteCaller } from '../../src/server/modules/callbank/callbank.service.js';
import { makeMember, makeOrg, TEST_PASSWORD } from '../setup/factories.js';
import { createTestContext, type TestContext } from '../setup/test-context.js';
import { signIn, startBrowserSession } from './browser.js';

// jsqr is CommonJS typed as an ES module: the loader hands either the function or { default }.
type Decode = typeof jsqr.default;
const jsQR: Decode = typeof jsqr === 'function' ? (jsqr as Decode) : jsqr.default;

/** What a phone camera would read: the QR code as Chromium drew it, decoded from a screenshot. */
async function scanQr(qr: Locator): Promise<string | null> {
  const png = PNG.sync.read(await qr.screenshot());
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? null;
}

let ctx: TestContext;
let session: Awaited<ReturnType<typeof startBrowserSession>>;
let orgId: string;
let campaignId: string;
let invitationPath: string;

beforeAll(async () => {
  // 15:00 in Paris: inside calling hours.
  ctx = await createTestContext({ now: new Date('2026-07-01T13:00:00Z') });
  const org = await makeOrg(ctx);
  orgId = org.id;
  const organizer = await makeActor(ctx, org, 'organizer');
  const people = await makePeople(ctx, org.id, 3);
  const campaign = await makeActiveCampaign(ctx, organizer, people, { briefing: 'Restez courtois, merci !' });
  campaignId = campaign.id;
  session = await startBrowserSession(ctx);
  const invitation = await inviteCaller(ctx, organizer, campaign.id, { email: 'sam@example.test', name: 'Sam Bénévole' });
  invitationPath = new URL(invitation.url).pathname;
});

describe('a volunteer caller on a 360-px phone', () => {
  it('joins from the invitation link, reads the briefing and calls three people down three branches', async () => {
    const page = await session.newPage({ phone: true });
    await page.goto(`${session.baseUrl}${invitationPath}`);
    await page.waitForURL(new RegExp(`/call/${campaignId}$`), { timeout: 15_000 });
    await expect.poll(() => page.getByText('Restez courtois, merci !').isVisible(), { timeout: 10_000 }).toBe(true);
    await page.getByRole('button', { name: 'Commencer les appels' }).click();

    const person = page.getByRole('heading', { level: 2 });
    // Saves, then waits for the next person (a different name) before the next clicks.
    const save = async () => {
      const before = await person.textContent();
      await page.getByRole('button', { name: 'Enregistrer et passer à la suivante' }).click();
      await expect.poll(async () => ((await person.count()) > 0 ? await person.textContent() : before), { timeout: 10_000 }).not.toBe(before);
    };
    // 1. Talked: yes → will vote → knows the polling station.
    await expect.poll(() => page.getByRole('link', { name: /Appeler \+336/ }).isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await page.getByRole('link', { name: /Appeler \+336/ }).getAttribute('href')).toMatch(/^tel:\+336/);
    await page.getByRole('button', { name: 'Yes', exact: true }).first().click();
    await page.getByRole('button', { name: 'Yes', exact: true }).nth(1).click();
    await page.getByRole('button', { name: 'No', exact: true }).last().click();
    await page.getByRole('button', { name: 'A répondu' }).click();
    await save();
    await expect.poll(() => page.getByText('Mes appels aujourd’hui : 1').isVisible(), { timeout: 10_000 }).toBe(true);

    // 2. Talked: yes → won't vote → can carry a proxy.
    await page.getByRole('button', { name: 'Yes', exact: true }).first().click();
    await page.getByRole('button', { name: 'No', exact: true }).first().click();
    await page.getByRole('button', { name: 'I can carry one' }).click();
    await page.getByRole('button', { name: 'A répondu' }).click();
    await save();
    await expect.poll(() => page.getByText('Mes appels aujourd’hui : 2').isVisible(), { timeout: 10_000 }).toBe(true);

    // 3. No answer: retried later, so nobody is due for now.
    await page.getByRole('button', { name: 'Pas de réponse' }).click();
    await page.getByRole('button', { name: 'Enregistrer et passer à la suivante' }).click();
    await expect.poll(() => page.getByText('Mes appels aujourd’hui : 3').isVisible(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => page.getByText('Personne à appeler pour l’instant', { exact: false }).isVisible(), { timeout: 10_000 }).toBe(true);

    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(360);

    const calls = await inOrg(ctx.database.db, { orgId }, (tx) => tx.selectFrom('calls').select(['outcome', 'answers']).where('org_id', '=', orgId).orderBy('id').execute());
    expect(calls.map((c) => c.outcome)).toEqual(['talked', 'talked', 'no_answer']);
    expect(calls[0]!.answers).toEqual({ 'q-talk': 'yes', 'q-vote': 'yes', 'q-station': 'unknown' });
    expect(calls[1]!.answers).toEqual({ 'q-talk': 'yes', 'q-vote': 'no', 'q-proxy': 'offer' });
    const contacts = await inOrg(ctx.database.db, { orgId }, (tx) => tx.selectFrom('contacts').select('status').where('org_id', '=', orgId).execute());
    expect(contacts).toHaveLength(3);
  }, 90_000);
});

describe('a volunteer with a desktop and a printed call sheet', () => {
  let orgId2: string;
  let campaignId2: string;
  let secretCampaignName: string;
  let caller: { email: string; userId: string };
  let organizerEmail: string;

  beforeAll(async () => {
    const org = await makeOrg(ctx);
    orgId2 = org.id;
    const organizer = await makeActor(ctx, org, 'organizer');
    organizerEmail = organizer.user.email;
    const campaign = await makeActiveCampaign(ctx, organizer, await makePeople(ctx, org.id, 4), { name: 'Appels du quartier' });
    campaignId2 = campaign.id;
    // Another campaign of the organization, to which this caller was never invited.
    secretCampaignName = (await makeActiveCampaign(ctx, organizer, await makePeople(ctx, org.id, 1), { name: 'Campagne confidentielle' })).name;
    const member = await makeMember(ctx, org.id, 'caller', { name: 'Dominique Appelante' });
    await addToCampaigns(ctx, org.id, member.userId, campaignId2);
    caller = { email: member.email, userId: member.userId };
  });

  it('lists only the invited campaign and shows a scannable QR of the tel: link beside the call button on a desktop, not on a phone', async () => {
    const context = await session.browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 2, locale: 'fr-FR' });
    const page = await context.newPage();
    await signIn(page, session.baseUrl, caller.email, TEST_PASSWORD);
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    await page.goto(`${session.baseUrl}/campaigns`);
    await expect.poll(() => page.getByRole('heading', { name: 'Appels du quartier' }).isVisible()).toBe(true);
    expect(await page.getByText(secretCampaignName).count()).toBe(0);

    await page.getByRole('link', { name: 'Écran d’appel' }).click();
    await page.getByRole('button', { name: 'Commencer les appels' }).click();
    const call = page.getByRole('link', { name: /Appeler \+336/ });
    await expect.poll(() => call.isVisible()).toBe(true);
    const tel = await call.getAttribute('href');
    const qr = page.getByRole('img', { name: 'Scannez pour appeler depuis votre téléphone' });
    await expect.poll(() => qr.isVisible()).toBe(true);
    expect(await qr.getAttribute('data-qr-value')).toBe(tel);
    expect(await scanQr(qr)).toBe(tel);

    // The same call on a phone: the button dials, no QR code.
    const phone = await session.newPage({ phone: true });
    await signIn(phone, session.baseUrl, caller.email, TEST_PASSWORD);
    await phone.waitForURL((url) => !url.pathname.startsWith('/login'));
    await phone.goto(`${session.baseUrl}/call/${campaignId2}`);
    await phone.getByRole('button', { name: 'Commencer les appels' }).click();
    await expect.poll(() => phone.getByRole('link', { name: /Appeler \+336/ }).isVisible()).toBe(true);
    expect(await phone.getByRole('link', { name: /Appeler \+336/ }).getAttribute('href')).toBe(tel);
    expect(await phone.getByRole('img', { name: 'Scannez pour appeler depuis votre téléphone' }).isVisible()).toBe(false);
    await context.close();
  }, 90_000);

  it('prints a sheet with one QR code per person; scanning one on a phone opens that person and records the call', async () => {
    const context = await session.browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 2, locale: 'fr-FR' });
    const page = await context.newPage();
    await signIn(page, session.baseUrl, caller.email, TEST_PASSWORD);
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    await page.goto(`${session.baseUrl}/call/${campaignId2}/sheet`);
    await expect.poll(() => page.getByRole('heading', { name: 'Appels du quartier', level: 1 }).isVisible()).toBe(true);
    // A shared pool: reserve two people for this sheet.
    await page.getByLabel('Combien de personnes').fill('2');
    await page.getByRole('button', { name: 'Réserver pour ma fiche' }).click();
    await expect.poll(() => page.getByText('2 personnes réservées pour vous.').isVisible()).toBe(true);

    const blocks = page.locator('article.call-sheet-person');
    await expect.poll(() => blocks.count()).toBe(2);
    expect(await page.locator('article.call-sheet-person svg[data-qr-value]').count()).toBe(2);
    expect(await blocks.first().getByText('Pas de réponse').isVisible()).toBe(true);
    expect(await blocks.first().locator('.call-sheet-phone').textContent()).toMatch(/^06 1\d( \d\d){3}$/);
    // Printed, the toolbar disappears and each person stays whole on a page.
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('button', { name: 'Imprimer' }).isVisible()).toBe(false);
    expect(await blocks.first().evaluate((el) => getComputedStyle(el).breakInside)).toBe('avoid');
    await page.emulateMedia({ media: 'screen' });

    const first = blocks.first();
    const name = (await first.locator('h3').textContent())!.split(' · ')[0]!;
    const qr = first.getByRole('img');
    const url = await scanQr(qr);
    expect(url).toBe(await qr.getAttribute('data-qr-value'));
    expect(url).toMatch(new RegExp(`/call/${campaignId2}/targets/\\d+$`));
    const targetId = new URL(url!).pathname.split('/').pop()!;

    // The phone has no session (and an invited volunteer no password): it scans the sign-in code shown beside the sheet.
    await page.getByRole('button', { name: 'Saisir depuis mon téléphone' }).click();
    const signInQr = page.getByRole('img', { name: 'Code QR de connexion sur votre téléphone' });
    await expect.poll(() => signInQr.isVisible()).toBe(true);
    const signInUrl = await scanQr(signInQr);
    expect(signInUrl).toMatch(new RegExp(`^${session.baseUrl}/auth/magic/`));
    await page.emulateMedia({ media: 'print' });
    expect(await signInQr.isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });
    const phone = await session.newPage({ phone: true });
    await phone.goto(signInUrl!);
    await phone.waitForURL(/\/campaigns$/);
    await phone.goto(url!);
    await expect.poll(() => phone.getByRole('heading', { level: 2, name }).isVisible()).toBe(true);
    await phone.getByRole('button', { name: 'Yes', exact: true }).first().click();
    await phone.getByRole('button', { name: 'Yes', exact: true }).nth(1).click();
    await phone.getByRole('button', { name: 'A répondu' }).click();
    await phone.getByRole('button', { name: 'Enregistrer l’appel' }).click();
    await expect.poll(() => phone.getByText('Appel enregistré. Scannez le code suivant de votre fiche.').isVisible()).toBe(true);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    // From there, on to calling from the app: a fresh screen (briefing first on this phone), then a person.
    await phone.getByRole('link', { name: 'Appeler la personne suivante' }).click();
    await phone.getByRole('button', { name: 'Commencer les appels' }).click();
    await expect.poll(() => phone.getByRole('link', { name: /Appeler \+336/ }).isVisible()).toBe(true);
    expect(await phone.getByText('Appel enregistré. Scannez le code suivant de votre fiche.').count()).toBe(0);

    const calls = await inOrg(ctx.database.db, { orgId: orgId2 }, (tx) => tx.selectFrom('calls').select(['target_id', 'caller_id', 'outcome']).where('org_id', '=', orgId2).execute());
    expect(calls).toEqual([{ target_id: targetId, caller_id: caller.userId, outcome: 'talked' }]);
    // The sheet reloaded now holds only the person left.
    await page.reload();
    await expect.poll(() => blocks.count()).toBe(1);
    await context.close();
  }, 120_000);

  it("gives the organizer the whole list still to call and each caller's share to print, from the campaigns page", async () => {
    const page = await session.newPage();
    await signIn(page, session.baseUrl, organizerEmail, TEST_PASSWORD);
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    await page.goto(`${session.baseUrl}/campaigns`);
    await page.locator(`a[href="/call-sheets/${campaignId2}"]`).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Appels du quartier', level: 1 }).isVisible()).toBe(true);
    // Four people, one called from the sheet: three still to call (one is held on the desktop screen).
    const blocks = page.locator('article.call-sheet-person');
    await expect.poll(() => blocks.count()).toBe(3);
    expect(await page.locator('article.call-sheet-person svg[data-qr-value]').count()).toBe(3);
    expect(await page.getByText('Fiche d’appels · ', { exact: false }).isVisible()).toBe(true);

    await page.goto(`${session.baseUrl}/campaigns`);
    await page.locator(`a[href="/call-sheets/${campaignId2}?caller=${caller.userId}"]`).click();
    await expect.poll(() => page.getByText('Fiche d’appels de Dominique Appelante', { exact: false }).isVisible()).toBe(true);
    await expect.poll(() => blocks.count()).toBe(1);
    // The volunteer will not come back: their person goes back to the shared pool.
    await page.getByRole('button', { name: 'Rendre à la réserve commune' }).click();
    await expect.poll(() => page.getByText('1 personne rendue à la réserve commune.').isVisible()).toBe(true);
    await expect.poll(() => blocks.count()).toBe(0);
  }, 90_000);
});
