import { beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_CAPABILITIES } from '../../src/shared/auth/capabilities.js';
import { createEvent } from '../../src/server/modules/events/events.service.js';
import { inOrg } from '../../src/server/platform/db/database.js';
import type { OrgActor } from '../../src/server/platform/http/actor.js';
import { makeMember, makeOrg, TEST_PASSWORD } from '../setup/factories.js';
import { createTestContext, type TestContext } from '../setup/test-context.js';
import { signIn, startBrowserSession } from './browser.js';

let ctx: TestContext;
let session: Awaited<ReturnType<typeof startBrowserSession>>;
let org: { id: string; slug: string };
let host: { email: string; userId: string };
let organizerEmail: string;
let eventId: string;

beforeAll(async () => {
  ctx = await createTestContext();
  org = await makeOrg(ctx);
  const organizer = await makeMember(ctx, org.id, 'organizer');
  host = await makeMember(ctx, org.id, 'event_host');
  organizerEmail = organizer.email;
  const actor: OrgActor = {
    user: { id: organizer.userId, email: organizer.email, name: 'Orga', hasPassword: true },
    session: null,
    org: { id: org.id, slug: org.slug, name: 'Campagne', timeZone: 'Europe/Paris', permissionSet: 'organizer', capabilities: new Set(BUILTIN_CAPABILITIES.organizer) },
    locale: 'fr',
    ip: '127.0.0.1',
  };
  const event = await createEvent(ctx, actor, {
    kind: 'phone_bank',
    title: 'Phoning chez Amina',
    description: 'Apportez votre téléphone chargé.',
    place: '3 place Bellecour, Lyon',
    onlineUrl: null,
    startsAt: '2030-06-06T09:00:00+02:00',
    endsAt: '2030-06-06T12:00:00+02:00',
    capacity: 20,
    hostUserId: host.userId,
    callCampaignId: null,
    status: 'published',
    isPublic: true,
    shifts: [],
  });
  eventId = event.id;
  session = await startBrowserSession(ctx);
});

describe('a phone bank in Chromium', () => {
  it('a visitor signs up from the public page, then the host checks them in on a phone', async () => {
    const visitor = await session.newPage();
    await visitor.goto(`${session.baseUrl}/public/${org.slug}/events`);
    await visitor.getByText('Phoning chez Amina').click();
    await visitor.waitForURL(new RegExp(`/public/${org.slug}/events/${eventId}$`));
    await visitor.getByLabel('Prénom').fill('Inès');
    await visitor.getByLabel('Nom', { exact: false }).last().fill('Moreau');
    await visitor.getByLabel('E-mail').fill('ines.moreau@example.test');
    await visitor.getByRole('button', { name: 'Je m’inscris' }).click();
    // Consent is required: the server's message appears under the box.
    await expect.poll(() => visitor.getByText('Cochez la case pour accepter').isVisible(), { timeout: 10_000 }).toBe(true);
    await visitor.getByLabel(/J’accepte que la campagne/).check();
    await visitor.getByRole('button', { name: 'Je m’inscris' }).click();
    await expect.poll(() => visitor.getByText(/Votre place est confirmée/).isVisible(), { timeout: 10_000 }).toBe(true);

    const phone = await session.newPage({ phone: true });
    await signIn(phone, session.baseUrl, host.email, TEST_PASSWORD);
    await phone.waitForURL((url) => !url.pathname.startsWith('/login'));
    await phone.goto(`${session.baseUrl}/events/${eventId}`);
    await expect.poll(() => phone.getByText('Inès Moreau').isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    // The event's live numbers: nobody checked in yet, then one, without reloading.
    const checkedIn = phone.getByRole('group', { name: 'Présents', exact: true });
    await expect.poll(() => checkedIn.textContent(), { timeout: 10_000 }).toBe('Présents0');
    await phone.getByRole('button', { name: 'Arrivé·e' }).click();
    await expect.poll(() => phone.getByRole('button', { name: 'Annuler le pointage' }).isVisible(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => checkedIn.textContent(), { timeout: 10_000 }).toBe('Présents1');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    const rows = await inOrg(ctx.database.db, { orgId: org.id }, (tx) =>
      tx
        .selectFrom('signups as s')
        .innerJoin('people as p', (j) => j.onRef('p.org_id', '=', 's.org_id').onRef('p.id', '=', 's.person_id'))
        .select(['s.status', 'p.email', 'p.is_volunteer'])
        .execute(),
    );
    expect(rows).toEqual([{ status: 'checked_in', email: 'ines.moreau@example.test', is_volunteer: true }]);
  });

  it('lets the organizer create an event from the form and find it in the list', async () => {
    const page = await session.newPage();
    await signIn(page, session.baseUrl, organizerEmail, TEST_PASSWORD);
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    await page.goto(`${session.baseUrl}/events`);
    await page.getByRole('button', { name: 'Créer un événement' }).click();
    await page.getByLabel('Titre').fill('Porte-à-porte à la Croix-Rousse');
    await page.getByLabel('Début').fill('2030-07-04T10:00');
    await page.getByLabel('Fin', { exact: false }).first().fill('2030-07-04T12:00');
    await page.getByRole('button', { name: 'Créer', exact: true }).click();
    await expect.poll(() => page.getByText('Porte-à-porte à la Croix-Rousse').isVisible(), { timeout: 10_000 }).toBe(true);
    const count = await inOrg(ctx.database.db, { orgId: org.id }, (tx) => tx.selectFrom('events').select('title').where('title', '=', 'Porte-à-porte à la Croix-Rousse').execute());
    expect(count).toHaveLength(1);
  });

  it('shows the organizer the confirmation e-mail in the outbox when no SMTP server is set', async () => {
    const page = await session.newPage();
    await signIn(page, session.baseUrl, organizerEmail, TEST_PASSWORD);
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    await page.goto(`${session.baseUrl}/outbox`);
    await expect.poll(() => page.getByText('Aucun serveur SMTP').isVisible(), { timeout: 10_000 }).toBe(true);
    await page.getByRole('row', { name: /ines\.moreau@example\.test/ }).getByRole('button', { name: 'Lire' }).click();
    await expect.poll(() => page.getByRole('dialog').getByText(/Bonjour Inès/).isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await page.getByRole('dialog').getByText(/evenement\.ics/).isVisible()).toBe(true);
  });

  it('lets the organizer choose the path people recruited on calls join', async () => {
    await inOrg(ctx.database.db, { orgId: org.id }, async (tx) => {
      const path = await tx.insertInto('paths').values({ org_id: org.id, name: 'Équipe terrain', updated_at: new Date() }).returning('id').executeTakeFirstOrThrow();
      await tx.insertInto('path_steps').values({ org_id: org.id, path_id: path.id, position: 0, name: 'Premier contact' }).execute();
    });
    const page = await session.newPage();
    await signIn(page, session.baseUrl, organizerEmail, TEST_PASSWORD);
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    await page.goto(`${session.baseUrl}/events`);
    await page.getByRole('tab', { name: 'Recrutement' }).click();
    const select = page.getByLabel('Parcours', { exact: true }).first();
    await expect.poll(() => select.inputValue(), { timeout: 10_000 }).toBe('Recrutement (créé avec la première recrue)');
    await select.click();
    await page.getByRole('option', { name: 'Équipe terrain' }).click();
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    const chosen = () =>
      inOrg(ctx.database.db, { orgId: org.id }, (tx) =>
        tx
          .selectFrom('volunteer_settings as v')
          .innerJoin('paths as p', (j) => j.onRef('p.org_id', '=', 'v.org_id').onRef('p.id', '=', 'v.recruitment_path_id'))
          .select('p.name')
          .execute(),
      );
    await expect.poll(chosen, { timeout: 10_000 }).toEqual([{ name: 'Équipe terrain' }]);
    // Saved: the button waits for another choice.
    await expect.poll(() => page.getByRole('button', { name: 'Enregistrer' }).isDisabled(), { timeout: 10_000 }).toBe(true);
    expect(await select.inputValue()).toBe('Équipe terrain');
  });
});
