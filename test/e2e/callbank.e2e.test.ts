import { beforeAll, describe, expect, it } from 'vitest';
import { inOrg } from '../../src/server/platform/db/database.js';
import { makeActiveCampaign, makeActor, makePeople } from '../../src/server/modules/callbank/callbank.fixtures.js';
import { inviteCaller } from '../../src/server/modules/callbank/callbank.service.js';
import { makeOrg } from '../setup/factories.js';
import { createTestContext, type TestContext } from '../setup/test-context.js';
import { startBrowserSession } from './browser.js';

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
