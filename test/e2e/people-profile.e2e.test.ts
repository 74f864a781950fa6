import { beforeAll, describe, expect, it } from 'vitest';
import type { Person } from '../../src/shared/contracts/people.js';
import { buildTestApp, login, makeMember, makeOrg, TEST_PASSWORD } from '../setup/factories.js';
import { createTestContext } from '../setup/test-context.js';
import { signIn, startBrowserSession } from './browser.js';

let session: Awaited<ReturnType<typeof startBrowserSession>>;
let organizerEmail: string;
let person: Person;
let other: Person;

beforeAll(async () => {
  const ctx = await createTestContext();
  const org = await makeOrg(ctx);
  organizerEmail = (await makeMember(ctx, org.id, 'organizer', { name: 'Camille Orga' })).email;
  const api = await login(await buildTestApp(ctx), organizerEmail);
  const created = await api.request({
    method: 'POST',
    url: '/api/people',
    payload: { legalBasis: 'consent', firstName: 'Léa', lastName: 'Martin', mobile: '+33612345678', tags: ['Tractage'], supportLevel: 3 },
  });
  person = created.json();
  await api.request({ method: 'POST', url: `/api/people/${person.id}/contacts`, payload: { type: 'door_knock', status: 'answered', notes: 'Intéressée par le programme.' } });
  other = (await api.request({ method: 'POST', url: '/api/people', payload: { legalBasis: 'consent', firstName: 'Paul', lastName: 'Efface', email: 'paul@exemple.test' } })).json();
  session = await startBrowserSession(ctx);
});

async function signInAsOrganizer(page: Awaited<ReturnType<typeof session.newPage>>) {
  await signIn(page, session.baseUrl, organizerEmail, TEST_PASSWORD);
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

describe('a person’s profile in Chromium', () => {
  it('shows the person with their history, records a do-not-contact and saves an edit when an organizer uses it', async () => {
    const page = await session.newPage();
    await signInAsOrganizer(page);
    await page.goto(`${session.baseUrl}/people/${person.id}`);
    await expect.poll(() => page.getByRole('heading', { name: 'Léa Martin' }).isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await page.getByText('06 12 34 56 78').isVisible()).toBe(true);
    expect(await page.getByText('Intéressée par le programme.').isVisible()).toBe(true);
    expect(await page.getByText('Indécis').first().isVisible()).toBe(true);

    await page.getByLabel('Résultat').selectOption({ label: 'Ne plus contacter' });
    await page.getByLabel('Notes').fill('Ne veut plus être appelée.');
    await page.getByRole('button', { name: 'Ajouter à l’historique' }).click();
    await expect.poll(() => page.getByText('Ne veut plus être appelée.').isVisible(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => page.getByText('a demandé à ne plus être contacté(e)').first().isVisible(), { timeout: 10_000 }).toBe(true);

    await page.getByRole('button', { name: 'Modifier' }).click();
    await page.getByLabel('Nom', { exact: true }).fill('Martin-Durand');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Léa Martin-Durand' }).isVisible(), { timeout: 10_000 }).toBe(true);
  });

  it('adds a second e-mail and phone on the profile, names a faulty one, and removes one', async () => {
    const page = await session.newPage();
    await signInAsOrganizer(page);
    await page.goto(`${session.baseUrl}/people/${person.id}`);
    await expect.poll(() => page.getByRole('button', { name: 'Modifier' }).isVisible(), { timeout: 10_000 }).toBe(true);
    await page.getByRole('button', { name: 'Modifier' }).click();
    await page.getByRole('button', { name: 'Ajouter un e-mail' }).click();
    await page.getByLabel('Autre e-mail 1', { exact: true }).fill('lea.pro@bureau.test');
    await page.getByRole('button', { name: 'Ajouter un téléphone' }).click();
    await page.getByLabel('Autre téléphone 1', { exact: true }).fill('04 78 12 34 56');
    await page.getByRole('button', { name: 'Ajouter un téléphone' }).click();
    await page.getByLabel('Autre téléphone 2', { exact: true }).fill('12');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    // The faulty number is named under its own input; nothing is saved.
    await expect.poll(() => page.getByText(/numéro/i).first().isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await page.getByLabel('Autre téléphone 2', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await page.getByRole('button', { name: 'Retirer Autre téléphone 2' }).click();
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await expect.poll(() => page.getByText('04 78 12 34 56').isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await page.getByText('lea.pro@bureau.test').isVisible()).toBe(true);
    expect(await page.getByText('Fixe (autre)').isVisible()).toBe(true);

    // Léa had no e-mail: the one added became her primary e-mail, the form shows it there.
    await page.getByRole('button', { name: 'Modifier' }).click();
    expect(await page.getByLabel('E-mail', { exact: true }).inputValue()).toBe('lea.pro@bureau.test');
    await page.getByRole('button', { name: 'Retirer Autre téléphone 1' }).click();
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    // Saved: the form closes on the profile, which keeps the e-mail and no longer has the phone.
    await expect.poll(() => page.getByText('lea.pro@bureau.test').isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await page.getByText('04 78 12 34 56').count()).toBe(0);
  });

  it('erases a person after confirmation and says so', async () => {
    const page = await session.newPage();
    await signInAsOrganizer(page);
    await page.goto(`${session.baseUrl}/people/${other.id}`);
    await page.getByRole('button', { name: 'Effacer la personne' }).click();
    await page.getByLabel(/Elle s’oppose à être recontactée/).check();
    await page.getByRole('button', { name: 'Effacer définitivement' }).click();
    await expect.poll(() => page.getByText('La personne a été effacée.').isVisible(), { timeout: 10_000 }).toBe(true);
    await page.goto(`${session.baseUrl}/people/${other.id}`);
    await expect.poll(() => page.getByRole('heading', { name: 'Page introuvable' }).isVisible(), { timeout: 10_000 }).toBe(true);
  });

  it('fits the profile on a 360-px-wide phone', async () => {
    const page = await session.newPage({ phone: true });
    await signInAsOrganizer(page);
    await page.goto(`${session.baseUrl}/people/${person.id}`);
    await expect.poll(() => page.getByRole('heading', { name: /Léa Martin/ }).isVisible(), { timeout: 10_000 }).toBe(true);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(360);
  });
});
