import { beforeAll, describe, expect, it } from 'vitest';
import { createDemoOrganization } from '../../src/server/modules/demo/demo.service.js';
import { createTestContext } from '../setup/test-context.js';
import { signIn, startBrowserSession } from './browser.js';

let session: Awaited<ReturnType<typeof startBrowserSession>>;
let demo: Awaited<ReturnType<typeof createDemoOrganization>>;

beforeAll(async () => {
  const ctx = await createTestContext();
  demo = await createDemoOrganization(ctx, { people: 50, seed: 7 });
  session = await startBrowserSession(ctx);
});

describe('the demo administrator in Chromium', () => {
  it('logs in, switches to English, sees the translated navigation and logs out', async () => {
    const page = await session.newPage();
    await page.goto(`${session.baseUrl}/`);
    await page.waitForURL(/\/login/);
    await page.getByLabel('E-mail').fill(demo.adminEmail);
    await page.getByLabel('Mot de passe').fill(demo.adminPassword);
    await page.getByRole('button', { name: 'Se connecter' }).click();

    const nav = page.getByRole('navigation', { name: 'Navigation principale' });
    await expect.poll(() => nav.getByRole('link', { name: 'Personnes' }).isVisible(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => nav.getByRole('link', { name: 'Membres' }).isVisible(), { timeout: 10_000 }).toBe(true);

    await page.getByLabel('Langue').selectOption({ label: 'English' });
    const navEn = page.getByRole('navigation', { name: 'Main navigation' });
    await expect.poll(() => navEn.getByRole('link', { name: 'People' }).isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await navEn.getByRole('link', { name: 'Call campaigns' }).isVisible()).toBe(true);
    expect(await navEn.getByRole('link', { name: 'Personnes' }).count()).toBe(0);

    await page.getByRole('button', { name: 'My account' }).click();
    await page.getByRole('menuitem', { name: 'Log out' }).click();
    await page.waitForURL(/\/login/);
    await expect.poll(() => page.getByRole('button', { name: 'Sign in' }).isVisible(), { timeout: 10_000 }).toBe(true);
    const api = await page.request.get(`${session.baseUrl}/api/session`);
    expect((await api.json()).user).toBeNull();
  });

  it('lays the app out on a 360-px-wide phone with the menu behind a burger', async () => {
    const page = await session.newPage({ phone: true });
    await signIn(page, session.baseUrl, demo.adminEmail, demo.adminPassword);
    // The first test left this administrator's preferred language on English.
    const burger = page.getByRole('button', { name: /Afficher ou masquer le menu|Show or hide the menu/ });
    await expect.poll(() => burger.isVisible(), { timeout: 10_000 }).toBe(true);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(360);
    await burger.click();
    await expect.poll(() => page.getByRole('navigation', { name: /Navigation principale|Main navigation/ }).getByRole('link', { name: /Personnes|People/ }).isVisible(), { timeout: 10_000 }).toBe(true);
  });
});
