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

// Next year's rounds, so the test never runs after them.
const YEAR = new Date().getFullYear() + 1;
const FIRST = `${YEAR}-04-11`;
const SECOND = `${YEAR}-04-25`;

beforeAll(async () => {
  ctx = await createTestContext();
  org = await makeOrg(ctx);
  admin = await makeMember(ctx, org.id, 'administrator');
  session = await startBrowserSession(ctx);
});

async function addRound(page: Page, label: string, date: string, deadline?: string) {
  await page.getByRole('textbox', { name: /^Nom du tour/ }).fill(label);
  await page.getByLabel(/^Date du tour/).fill(date);
  if (deadline) await page.getByLabel(/^Date limite pour établir/).fill(deadline);
  await page.getByRole('button', { name: 'Ajouter le tour' }).click();
  await expect.poll(() => page.getByRole('cell', { name: label, exact: true }).count(), { timeout: 10_000 }).toBe(1);
}

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
  it('takes the organizer’s rounds, a request and an offer through the public forms; the organizer confirms the match and both messages reach the outbox', { timeout: 90_000 }, async () => {
    const page = await session.newPage();
    await signIn(page, session.baseUrl, admin.email, admin.password);
    await expect.poll(() => page.getByRole('navigation', { name: 'Navigation principale' }).isVisible(), { timeout: 10_000 }).toBe(true);
    await page.goto(`${session.baseUrl}/proxies`);
    // Without rounds nothing can come in: the screen says so and leads to them.
    await expect.poll(() => page.getByText('Aucun tour de l’élection').isVisible(), { timeout: 10_000 }).toBe(true);
    await page.getByRole('button', { name: 'Tours de l’élection' }).click();
    await expect.poll(() => page.getByText(/Aucun tour pour le moment/).isVisible(), { timeout: 10_000 }).toBe(true);
    await addRound(page, '1er tour', FIRST);
    await addRound(page, '2nd tour', SECOND, `${YEAR}-04-20`);
    await expect.poll(() => page.getByText('Aucun tour de l’élection').count(), { timeout: 10_000 }).toBe(0);
    // The first round's deadline defaults to three days before it.
    await expect.poll(() => page.getByRole('cell', { name: new RegExp(`^\\S+ 8 avril ${YEAR}$`) }).count()).toBe(1);
    // A round cannot end after its own day: the field says why.
    await page.getByRole('textbox', { name: /^Nom du tour/ }).fill('Tour impossible');
    await page.getByLabel(/^Date du tour/).fill(`${YEAR}-06-06`);
    await page.getByLabel(/^Date limite pour établir/).fill(`${YEAR}-06-07`);
    await page.getByRole('button', { name: 'Ajouter le tour' }).click();
    await expect.poll(() => page.getByText('La date limite doit précéder le jour du tour (ou être ce jour-là).').isVisible(), { timeout: 10_000 }).toBe(true);

    // The voter ticks the rounds the campaign opened.
    const visitor = await session.newPage({ phone: true });
    await visitor.goto(`${session.baseUrl}/public/${org.slug}/proxies/request`);
    await visitor.getByRole('checkbox', { name: /^1er tour — \S+ 11 avril/ }).check();
    await visitor.getByRole('checkbox', { name: /^2nd tour — \S+ 25 avril/ }).check();
    await fillForm(visitor, { first: 'Lucie', last: 'Martin', email: 'lucie@example.test' });
    // The campaign's link ticks them in advance for the volunteer.
    const volunteer = await session.newPage();
    await volunteer.goto(`${session.baseUrl}/public/${org.slug}/proxies/offer?rounds=${FIRST},${SECOND}`);
    await expect.poll(() => volunteer.getByRole('checkbox', { name: /^2nd tour/ }).isChecked(), { timeout: 10_000 }).toBe(true);
    expect(await volunteer.getByRole('checkbox', { name: /^1er tour/ }).isChecked()).toBe(true);
    await fillForm(volunteer, { first: 'Nadia', last: 'Benali', email: 'nadia@example.test' });

    await page.goto(`${session.baseUrl}/proxies`);
    await page.getByRole('button', { name: 'Proposer des mandataires' }).click();
    await expect.poll(() => page.getByText('1 proposition ajoutée').isVisible(), { timeout: 10_000 }).toBe(true);
    // The proposal names the rounds as the organizer called them.
    await expect.poll(() => page.getByRole('cell', { name: '1er tour, 2nd tour' }).count(), { timeout: 10_000 }).toBe(1);
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
