import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoOrganization } from '../../src/server/modules/demo/demo.service.js';
import { inOrg } from '../../src/server/platform/db/database.js';
import { startJobWorker } from '../../src/server/platform/jobs/jobs.js';
import { createTestContext, type TestContext } from '../setup/test-context.js';
import { signIn, startBrowserSession } from './browser.js';

let session: Awaited<ReturnType<typeof startBrowserSession>>;
let demo: Awaited<ReturnType<typeof createDemoOrganization>>;
let worker: ReturnType<typeof startJobWorker>;
let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext();
  demo = await createDemoOrganization(ctx, { people: 120, seed: 11 });
  session = await startBrowserSession(ctx);
  worker = startJobWorker(ctx, { pollMs: 200 });
});

afterAll(async () => {
  await worker.stop();
});

describe('people search and lists in Chromium', () => {
  it("builds the weekend call filter, saves it as a list, opens the list and marks its people as volunteers", async () => {
    const page = await session.newPage();
    await signIn(page, session.baseUrl, demo.adminEmail, demo.adminPassword);
    const nav = page.getByRole('navigation', { name: 'Navigation principale' });
    await expect.poll(() => nav.getByRole('link', { name: 'Personnes' }).isVisible(), { timeout: 10_000 }).toBe(true);
    await nav.getByRole('link', { name: 'Personnes' }).click();

    const status = page.getByRole('status').filter({ hasText: /correspond/ });
    await expect.poll(() => status.textContent(), { timeout: 10_000 }).toMatch(/^120 personnes correspondent$/);
    await page.getByRole('button', { name: 'Filtres prêts à l’emploi' }).click();
    await page.getByRole('menuitem', { name: /^À appeler/ }).click();
    await expect.poll(async () => Number((await status.textContent())?.replace(/\D/g, '')), { timeout: 10_000 }).toBeLessThan(120);
    const matching = Number((await status.textContent())!.replace(/\D/g, ''));
    expect(matching).toBeGreaterThan(0);
    expect(await page.getByRole('table').getByRole('row').count()).toBe(Math.min(matching, 50) + 1);

    await page.getByRole('button', { name: 'Enregistrer comme liste' }).click();
    await page.getByLabel('Nom de la liste').fill('Appels du week-end');
    await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await expect.poll(() => page.getByText('Liste « Appels du week-end » enregistrée.').isVisible(), { timeout: 10_000 }).toBe(true);

    await nav.getByRole('link', { name: 'Listes' }).click();
    await page.getByRole('link', { name: 'Appels du week-end' }).click();
    const listStatus = page.getByRole('status').filter({ hasText: /correspond/ });
    await expect.poll(() => listStatus.textContent(), { timeout: 10_000 }).toMatch(new RegExp(`^${matching} personnes? correspond`));

    await page.getByRole('button', { name: 'Modifier en masse' }).click();
    await page.getByRole('menuitem', { name: 'Marquer comme bénévoles' }).click();
    await page.getByRole('button', { name: 'Lancer' }).click();
    await expect.poll(() => page.getByText(/^Terminé : \d+ personnes traitées/).isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await page.getByRole('progressbar').count()).toBe(1);
  });

  it('finds the people at one step of a path, then those who completed it, with the path criterion', async () => {
    // A path with 7 people waiting to be called back, 3 who completed it and 2 who gave up.
    await inOrg(ctx.database.db, { orgId: demo.orgId }, async (tx) => {
      const people = await tx.selectFrom('people').select('id').where('org_id', '=', demo.orgId).orderBy('id').limit(12).execute();
      const path = await tx.insertInto('paths').values({ org_id: demo.orgId, name: 'Relance bénévoles' }).returning('id').executeTakeFirstOrThrow();
      const steps = await tx
        .insertInto('path_steps')
        .values(['À appeler', 'Rappeler'].map((name, position) => ({ org_id: demo.orgId, path_id: path.id, position, name })))
        .returning('id')
        .execute();
      const reasons = await tx
        .insertInto('path_reasons')
        .values([
          { org_id: demo.orgId, path_id: path.id, kind: 'completion', label: 'Devenu bénévole' },
          { org_id: demo.orgId, path_id: path.id, kind: 'abandon', label: 'Pas intéressé' },
        ])
        .returning('id')
        .execute();
      await tx
        .insertInto('path_people')
        .values(
          people.map((p, i) => {
            const status = i < 7 ? 'active' : i < 10 ? 'completed' : 'abandoned';
            return {
              org_id: demo.orgId,
              path_id: path.id,
              person_id: p.id,
              status,
              step_id: status === 'active' ? steps[1]!.id : null,
              reason_id: status === 'completed' ? reasons[0]!.id : status === 'abandoned' ? reasons[1]!.id : null,
              finished_at: status === 'active' ? null : new Date(),
            } as const;
          }),
        )
        .execute();
    });

    const page = await session.newPage();
    await signIn(page, session.baseUrl, demo.adminEmail, demo.adminPassword);
    const nav = page.getByRole('navigation', { name: 'Navigation principale' });
    await expect.poll(() => nav.getByRole('link', { name: 'Personnes' }).isVisible(), { timeout: 10_000 }).toBe(true);
    await nav.getByRole('link', { name: 'Personnes' }).click();
    const status = page.getByRole('status').filter({ hasText: /correspond/ });
    await expect.poll(() => status.textContent(), { timeout: 10_000 }).toMatch(/^120 personnes correspondent$/);

    await page.getByRole('button', { name: 'Ajouter un critère' }).first().click();
    // The first kind offered, then turned into a path criterion with the row's own picker.
    await page.getByRole('menuitem', { name: 'Nom, e-mail ou téléphone' }).click();
    await page.getByLabel('Critère', { exact: true }).last().selectOption({ label: 'Parcours' });
    await page.getByLabel('Parcours', { exact: true }).selectOption({ label: 'Relance bénévoles' });
    await expect.poll(() => status.textContent(), { timeout: 10_000 }).toMatch(/^12 personnes correspondent$/);
    await page.getByLabel('Où en est la personne').selectOption({ label: 'À l’étape' });
    await expect.poll(() => status.textContent(), { timeout: 10_000 }).toMatch(/^7 personnes correspondent$/);
    await page.getByRole('combobox', { name: 'Étapes' }).click();
    await page.getByRole('option', { name: 'À appeler' }).click();
    await expect.poll(() => status.textContent(), { timeout: 10_000 }).toMatch(/^0 personne correspond/);
    await page.getByRole('option', { name: 'Rappeler' }).click();
    await expect.poll(() => status.textContent(), { timeout: 10_000 }).toMatch(/^7 personnes correspondent$/);
    await page.keyboard.press('Escape');

    await page.getByLabel('Où en est la personne').selectOption({ label: 'Terminé' });
    await expect.poll(() => status.textContent(), { timeout: 10_000 }).toMatch(/^3 personnes correspondent$/);
    await page.getByRole('combobox', { name: 'Raisons' }).click();
    // Only the completion reasons are offered for "completed".
    expect(await page.getByRole('listbox', { name: 'Raisons' }).getByRole('option').allTextContents()).toEqual(['Devenu bénévole']);
    await page.getByRole('option', { name: 'Devenu bénévole' }).click();
    await page.keyboard.press('Escape');
    await page.getByLabel('Où en est la personne').selectOption({ label: 'Abandonné' });
    await expect.poll(() => status.textContent(), { timeout: 10_000 }).toMatch(/^2 personnes correspondent$/);
  });
});
