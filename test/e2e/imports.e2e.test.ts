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
  demo = await createDemoOrganization(ctx, { people: 10, seed: 3 });
  session = await startBrowserSession(ctx);
  worker = startJobWorker(ctx, { pollMs: 200 });
});

afterAll(async () => {
  await worker.stop();
});

describe('the import wizard in Chromium', () => {
  it('uploads a small CSV, confirms the mapping and legal basis, and shows the counts and the error report', async () => {
    const page = await session.newPage();
    await signIn(page, session.baseUrl, demo.adminEmail, demo.adminPassword);
    const nav = page.getByRole('navigation', { name: 'Navigation principale' });
    await expect.poll(() => nav.getByRole('link', { name: 'Import et export' }).isVisible(), { timeout: 10_000 }).toBe(true);
    await nav.getByRole('link', { name: 'Import et export' }).click();

    const csv = 'Prénom;Nom;Portable;Niveau de soutien\nAnne;Import;06 12 34 56 78;soutien fort\nBruno;Import;12;indécis\n;;;\n';
    await page.locator('input[type="file"]').setInputFiles({ name: 'benevoles.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await page.getByRole('button', { name: 'Envoyer' }).click();

    await expect.poll(() => page.getByText('Associer les colonnes').isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await page.getByLabel('Portable', { exact: true }).first().inputValue()).toBe('Téléphone portable');
    await page.getByLabel('Base légale pour tout le fichier').first().click();
    await page.getByRole('option', { name: 'Consentement' }).click();
    await page.getByRole('button', { name: 'Lancer l’import' }).click();

    await expect.poll(() => page.getByText('Terminé').first().isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await page.getByText('Personnes créées').first().isVisible()).toBe(true);
    const report = page.getByRole('link', { name: /Télécharger le rapport d’erreurs \(2 lignes\)/ }).first();
    expect(await report.isVisible()).toBe(true);
    const text = await (await page.request.get(`${session.baseUrl}${await report.getAttribute('href')}`)).text();
    expect(text).toContain('Numéro de téléphone non valide');
  }, 60_000);
});
