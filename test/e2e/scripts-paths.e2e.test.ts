import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inOrg } from '../../src/server/platform/db/database.js';
import { startJobWorker } from '../../src/server/platform/jobs/jobs.js';
import { makeMember, makeOrg } from '../setup/factories.js';
import { createTestContext, type TestContext } from '../setup/test-context.js';
import { signIn, startBrowserSession } from './browser.js';

let ctx: TestContext;
let session: Awaited<ReturnType<typeof startBrowserSession>>;
let organizer: { email: string; password: string };

beforeAll(async () => {
  ctx = await createTestContext();
  const org = await makeOrg(ctx);
  organizer = await makeMember(ctx, org.id, 'organizer');
  // Three people on a static list, to put on a path from the board.
  await inOrg(ctx.database.db, { orgId: org.id }, async (tx) => {
    const people = await tx
      .insertInto('people')
      .values(['Alix', 'Basile', 'Chloé'].map((first_name) => ({ org_id: org.id, first_name, last_name: 'Test', legal_basis: 'consent' as const, custom_fields: {}, updated_at: new Date() })))
      .returning('id')
      .execute();
    const list = await sql<{ id: string }>`INSERT INTO lists (org_id, name, kind) VALUES (${org.id}, 'Indécis du 3e', 'static') RETURNING id`.execute(tx);
    for (const person of people) {
      await sql`INSERT INTO list_members (org_id, list_id, person_id) VALUES (${org.id}, ${list.rows[0]!.id}, ${person.id})`.execute(tx);
    }
  });
  session = await startBrowserSession(ctx);
  // Adding people to a path is a job: run them as the server process does.
  const worker = startJobWorker(ctx, { pollMs: 100 });
  afterAll(() => worker.stop());
});

async function openAsOrganizer() {
  const page = await session.newPage();
  await signIn(page, session.baseUrl, organizer.email, organizer.password);
  await expect.poll(() => page.getByRole('navigation', { name: 'Navigation principale' }).isVisible(), { timeout: 10_000 }).toBe(true);
  return page;
}

describe('an organizer in Chromium', () => {
  it('starts a script from the persuasion example, walks it in the preview and publishes it', async () => {
    const page = await openAsOrganizer();
    await page.goto(`${session.baseUrl}/scripts`);
    await page.getByRole('button', { name: 'Partir d’un exemple' }).click();
    await page.getByRole('menuitem', { name: 'Persuasion : convaincu, hésitant, autre choix' }).click();
    await page.waitForURL(/\/scripts\/\d+$/);
    await expect.poll(() => page.getByRole('tab', { name: 'Aperçu' }).isVisible(), { timeout: 10_000 }).toBe(true);

    await page.getByRole('tab', { name: 'Aperçu' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Présentation' }).isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await page.getByRole('heading', { name: 'Intention de vote' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Oui', exact: true }).first().click();
    await expect.poll(() => page.getByRole('heading', { name: 'Intention de vote' }).isVisible(), { timeout: 10_000 }).toBe(true);

    await page.getByRole('tab', { name: 'Plan' }).click();
    await expect.poll(() => page.getByText('Départ').first().isVisible(), { timeout: 10_000 }).toBe(true);

    await page.getByRole('button', { name: 'Publier' }).click();
    await expect.poll(() => page.getByText('Version 1 publiée', { exact: false }).isVisible(), { timeout: 10_000 }).toBe(true);
    await page.getByRole('tab', { name: 'Versions' }).click();
    await page.getByRole('button', { name: 'Voir' }).click();
    await expect.poll(() => page.getByText('affichée').isVisible(), { timeout: 10_000 }).toBe(true);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(1280);
  });

  it('creates a path, puts a list on it and opens a step of its board', async () => {
    const page = await openAsOrganizer();
    await page.goto(`${session.baseUrl}/paths`);
    await page.getByLabel('Nom du nouveau parcours').fill('Appels de persuasion');
    await page.getByRole('button', { name: 'Créer le parcours' }).click();
    await page.waitForURL(/\/paths\/\d+$/);
    await expect.poll(() => page.getByRole('button', { name: /À appeler/ }).isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await page.getByRole('button', { name: /Ne souhaite plus être appelé/ }).isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Ajouter', exact: true }).click();
    await expect.poll(() => page.getByText('3 ajoutée(s), 0 déjà sur le parcours.').isVisible(), { timeout: 15_000 }).toBe(true);
    await expect.poll(() => page.getByText('3 personnes sur ce parcours').isVisible(), { timeout: 10_000 }).toBe(true);
    await page.getByRole('button', { name: /À appeler/ }).click();
    await expect.poll(() => page.getByText('3 sur 3').isVisible(), { timeout: 10_000 }).toBe(true);
    await page.getByRole('row', { name: /Basile/ }).getByLabel('Déplacer').selectOption({ label: '✓ Sympathisant' });
    await expect.poll(() => page.getByText('2 sur 2').isVisible(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => page.getByRole('button', { name: /Sympathisant\s*1/ }).isVisible(), { timeout: 10_000 }).toBe(true);
    await page.getByRole('row', { name: /Alix/ }).getByLabel('Référent·e').selectOption({ label: 'Camille organizer' });
    await expect.poll(() => page.getByRole('row', { name: /Alix/ }).getByLabel('Référent·e').inputValue(), { timeout: 10_000 }).not.toBe('');

    await page.getByRole('button', { name: 'Modifier les étapes' }).click();
    await page.getByRole('button', { name: 'Ajouter une étape' }).click();
    await page.getByLabel('Nom de l’étape').last().fill('Invité à la réunion publique');
    await page.getByRole('button', { name: 'Enregistrer le parcours' }).click();
    await expect.poll(() => page.getByRole('button', { name: /Invité à la réunion publique/ }).isVisible(), { timeout: 10_000 }).toBe(true);
  });
});

