import type { Page } from 'playwright-core';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeMember, makeOrg } from '../setup/factories.js';
import { createTestContext, type TestContext } from '../setup/test-context.js';
import { signIn, startBrowserSession } from './browser.js';

let ctx: TestContext;
let session: Awaited<ReturnType<typeof startBrowserSession>>;
let org: { id: string; slug: string };
let admin: { email: string; password: string };

beforeAll(async () => {
  ctx = await createTestContext();
  org = await makeOrg(ctx);
  admin = await makeMember(ctx, org.id, 'administrator');
  session = await startBrowserSession(ctx);
});

async function fillForm(page: Page, who: { first: string; last: string; email: string }) {
  await page.getByLabel(/^Prénom/).fill(who.first);
  await page.getByLabel(/^Nom/).fill(who.last);
  await page.getByRole('textbox', { name: /^E-mail/ }).fill(who.email);
  await page.getByRole('combobox', { name: /^Commune/ }).fill('69123');
  await page.getByRole('combobox', { name: /^Bureau de vote/ }).fill('69123_0042');
  await page.getByLabel(/^J’accepte/).check();
  await page.getByRole('button', { name: 'Envoyer' }).click();
  await expect.poll(() => page.getByText('Merci !').isVisible(), { timeout: 10_000 }).toBe(true);
}

describe('vote proxies in Chromium', () => {
  it('takes a request and an offer through the public forms; the organizer confirms the match and both messages reach the outbox', { timeout: 90_000 }, async () => {
    const visitor = await session.newPage({ phone: true });
    await visitor.goto(`${session.baseUrl}/public/${org.slug}/proxies/request?rounds=2027-04-11,2027-04-25`);
    await fillForm(visitor, { first: 'Lucie', last: 'Martin', email: 'lucie@example.test' });
    const volunteer = await session.newPage();
    await volunteer.goto(`${session.baseUrl}/public/${org.slug}/proxies/offer?rounds=2027-04-11,2027-04-25`);
    await fillForm(volunteer, { first: 'Nadia', last: 'Benali', email: 'nadia@example.test' });

    const page = await session.newPage();
    await signIn(page, session.baseUrl, admin.email, admin.password);
    await expect.poll(() => page.getByRole('navigation', { name: 'Navigation principale' }).isVisible(), { timeout: 10_000 }).toBe(true);
    await page.goto(`${session.baseUrl}/proxies`);
    await page.getByRole('button', { name: 'Proposer des mandataires' }).click();
    await expect.poll(() => page.getByText('1 proposition ajoutée').isVisible(), { timeout: 10_000 }).toBe(true);
    await page.getByRole('button', { name: 'Les deux acceptent' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Les deux acceptent' }).count(), { timeout: 10_000 }).toBe(0);

    const client = new pg.Client(ctx.ownerUrl);
    await client.connect();
    const { rows } = await client.query<{ to_address: string; text_body: string }>('SELECT to_address, text_body FROM outbox WHERE org_id = $1 ORDER BY to_address', [org.id]);
    await client.end();
    expect(rows.map((r) => r.to_address)).toEqual(['lucie@example.test', 'nadia@example.test']);
    expect(rows[0]?.text_body).toContain('Nadia');
    expect(rows[1]?.text_body).toContain('Lucie');
  });
});
