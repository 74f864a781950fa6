import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoOrganization } from '../../src/server/modules/demo/demo.service.js';
import { startJobWorker } from '../../src/server/platform/jobs/jobs.js';
import { createTestContext } from '../setup/test-context.js';
import { signIn, startBrowserSession } from './browser.js';

let session: Awaited<ReturnType<typeof startBrowserSession>>;
let demo: Awaited<ReturnType<typeof createDemoOrganization>>;
let worker: ReturnType<typeof startJobWorker>;

beforeAll(async () => {
  const ctx = await createTestContext();
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
});
