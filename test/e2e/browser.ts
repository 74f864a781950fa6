import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll } from 'vitest';
import { buildApp, CLIENT_DIR } from '../../src/server/app.js';
import type { AppContext } from '../../src/server/platform/context.js';

/** Debian's Chromium: browser tests never download a browser. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Serves the built web app and the API on a free port, and opens Debian's Chromium headless.
 * Fails loudly when Chromium or the built client is missing rather than skipping.
 */
export async function startBrowserSession(ctx: AppContext): Promise<{ baseUrl: string; browser: Browser; newPage(options?: { phone?: boolean }): Promise<Page> }> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`);
  if (!fs.existsSync(`${CLIENT_DIR}/index.html`)) throw new Error('The web app is not built: run npm run build:client');
  const app = await buildApp(ctx, { serveClient: true });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  (ctx as { publicUrl: string }).publicUrl = baseUrl;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  const contexts: BrowserContext[] = [];
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser.close();
    await app.close();
  });
  return {
    baseUrl,
    browser,
    async newPage(options = {}) {
      const context = await browser.newContext(
        options.phone ? { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, locale: 'fr-FR' } : { viewport: { width: 1280, height: 800 }, locale: 'fr-FR' },
      );
      contexts.push(context);
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      return page;
    },
  };
}

/** Signs in through the French login page, as a volunteer would. */
export async function signIn(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
}
