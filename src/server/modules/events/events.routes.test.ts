import type { FastifyInstance } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, login, makeMember, makeOrg, type Agent } from '../../../../test/setup/factories.js';
import { createTestContext, type TestContext } from '../../../../test/setup/test-context.js';
import { inOrg } from '../../platform/db/database.js';

let ctx: TestContext;
let app: FastifyInstance;
let org: { id: string; slug: string };
let organizer: Agent;
let hostA: { agent: Agent; userId: string };
let hostB: { agent: Agent; userId: string };
let caller: Agent;

beforeAll(async () => {
  ctx = await createTestContext();
  app = await buildTestApp(ctx);
  org = await makeOrg(ctx);
  organizer = await login(app, (await makeMember(ctx, org.id, 'organizer')).email);
  const a = await makeMember(ctx, org.id, 'event_host');
  const b = await makeMember(ctx, org.id, 'event_host');
  hostA = { agent: await login(app, a.email), userId: a.userId };
  hostB = { agent: await login(app, b.email), userId: b.userId };
  caller = await login(app, (await makeMember(ctx, org.id, 'caller')).email);
});

async function createEvent(overrides: Record<string, unknown> = {}) {
  const res = await organizer.request({
    method: 'POST',
    url: '/api/events',
    payload: {
      kind: 'phone_bank',
      title: 'Phoning chez Amina',
      description: 'Apportez votre téléphone chargé.',
      place: '3 place Bellecour, Lyon',
      startsAt: '2030-06-06T09:00:00+02:00',
      endsAt: '2030-06-06T13:00:00+02:00',
      shifts: [
        { startsAt: '2030-06-06T09:00:00+02:00', endsAt: '2030-06-06T11:00:00+02:00', capacity: 2 },
        { startsAt: '2030-06-06T11:00:00+02:00', endsAt: '2030-06-06T13:00:00+02:00', capacity: 10 },
      ],
      ...overrides,
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; shifts: { id: string; remaining: number | null }[] };
}

function signUp(eventId: string, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return app.inject({ method: 'POST', url: `/api/public/${org.slug}/events/${eventId}/signups`, payload: body, headers });
}

let phones = 0;
// A distinct mobile each: the form matches an existing person by e-mail, then by phone.
const person = (email: string) => ({ firstName: 'Jules', lastName: 'Bernard', email, phone: `06123${String(100000 + phones++).slice(1)}`, consent: true });

describe('organizer event management', () => {
  it('creates an event with its shifts and lists it among upcoming events', async () => {
    const event = await createEvent({ hostUserId: hostA.userId });
    expect(event.shifts.map((s) => s.remaining)).toEqual([2, 10]);
    const list = await organizer.request({ method: 'GET', url: '/api/events' });
    expect(list.json().events.map((e: { id: string }) => e.id)).toContain(event.id);
    const updated = await organizer.request({ method: 'PATCH', url: `/api/events/${event.id}`, payload: { title: 'Phoning du matin' } });
    expect(updated.json()).toMatchObject({ title: 'Phoning du matin', hostUserId: hostA.userId });
  });

  it('refuses a shift outside the event and an end before the start, naming the field', async () => {
    const early = await organizer.request({
      method: 'POST',
      url: '/api/events',
      payload: { kind: 'canvass', title: 'Porte-à-porte', startsAt: '2030-06-06T09:00:00Z', endsAt: '2030-06-06T08:00:00Z' },
    });
    expect(early.statusCode).toBe(400);
    expect(early.json().error.fields).toEqual([{ path: 'endsAt', message: 'La fin doit suivre le début.' }]);
    const outside = await organizer.request({
      method: 'POST',
      url: '/api/events',
      payload: {
        kind: 'canvass',
        title: 'Porte-à-porte',
        startsAt: '2030-06-06T09:00:00Z',
        endsAt: '2030-06-06T12:00:00Z',
        shifts: [{ startsAt: '2030-06-06T11:00:00Z', endsAt: '2030-06-06T13:00:00Z', capacity: 3 }],
      },
    });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().error.fields[0].path).toBe('shifts.0.startsAt');
  });

  it('refuses event management to hosts and callers', async () => {
    expect((await hostA.agent.request({ method: 'GET', url: '/api/events' })).statusCode).toBe(403);
    expect((await caller.request({ method: 'POST', url: '/api/events', payload: {} })).statusCode).toBe(403);
    expect((await caller.request({ method: 'GET', url: '/api/hosting/events' })).statusCode).toBe(403);
    expect((await hostA.agent.request({ method: 'GET', url: '/api/mail/outbox' })).statusCode).toBe(403);
  });
});

describe('public sign-up', () => {
  it('lists upcoming public events and hides drafts and private ones', async () => {
    const open = await createEvent();
    const draft = await createEvent({ status: 'draft' });
    const hidden = await createEvent({ isPublic: false });
    const res = await app.inject({ method: 'GET', url: `/api/public/${org.slug}/events` });
    expect(res.statusCode).toBe(200);
    const ids = res.json().events.map((e: { id: string }) => e.id);
    expect(ids).toContain(open.id);
    expect(ids).not.toContain(draft.id);
    expect(ids).not.toContain(hidden.id);
    expect((await app.inject({ method: 'GET', url: `/api/public/${org.slug}/events/${hidden.id}` })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/api/public/no-such-org/events' })).statusCode).toBe(404);
  });

  it('creates the volunteer with consent, and waitlists once the shift is full', async () => {
    const event = await createEvent();
    const shiftId = event.shifts[0]!.id;
    const statuses = [];
    for (const email of ['a@example.test', 'b@example.test', 'c@example.test']) {
      const res = await signUp(event.id, { ...person(email), shiftId });
      expect(res.statusCode, res.body).toBe(201);
      statuses.push(res.json().status);
    }
    expect(statuses).toEqual(['confirmed', 'confirmed', 'waitlisted']);
    const detail = await app.inject({ method: 'GET', url: `/api/public/${org.slug}/events/${event.id}` });
    expect(detail.json().event.shifts[0].remaining).toBe(0);
    const people = await inOrg(ctx.database.db, { orgId: org.id }, (tx) =>
      tx.selectFrom('people').select(['is_volunteer', 'legal_basis', 'data_source', 'mobile_e164']).where('email_normalized', '=', 'a@example.test').execute(),
    );
    expect(people).toEqual([{ is_volunteer: true, legal_basis: 'consent', data_source: `event_signup:${event.id}`, mobile_e164: expect.stringMatching(/^\+336123\d{5}$/) }]);
  });

  it("never replaces a known person's e-mail from the public form", async () => {
    const event = await createEvent();
    const shiftId = event.shifts[1]!.id;
    await signUp(event.id, { ...person('owner@example.test'), phone: '0698765432', shiftId });
    await signUp(event.id, { ...person('intruder@example.test'), phone: '06 98 76 54 32', shiftId });
    const rows = await inOrg(ctx.database.db, { orgId: org.id }, (tx) =>
      tx.selectFrom('people').select('email').where('mobile_e164', '=', '+33698765432').execute(),
    );
    expect(rows).toEqual([{ email: 'owner@example.test' }]);
  });

  it('names the faulty fields in French, or in English when the visitor reads English', async () => {
    const event = await createEvent();
    const bad = { shiftId: event.shifts[0]!.id, firstName: '', lastName: 'X', email: 'pas-un-email', phone: '12', consent: false };
    const fr = await signUp(event.id, bad);
    expect(fr.statusCode).toBe(400);
    const frFields = Object.fromEntries(fr.json().error.fields.map((f: { path: string; message: string }) => [f.path, f.message]));
    expect(frFields).toMatchObject({
      firstName: 'Ce champ est obligatoire.',
      email: 'Adresse e-mail invalide.',
      consent: 'Cochez la case pour accepter que la campagne garde vos coordonnées.',
    });
    expect(frFields.phone).toMatch(/^Numéro de téléphone invalide/);
    const en = await signUp(event.id, bad, { 'accept-language': 'en-GB,en;q=0.9' });
    const enFields = Object.fromEntries(en.json().error.fields.map((f: { path: string; message: string }) => [f.path, f.message]));
    expect(enFields.consent).toBe('Tick the box to agree that the campaign keeps your contact details.');
    expect(enFields.email).toBe('Invalid e-mail address.');
    const wrongShift = await signUp(event.id, { ...person('w@example.test'), shiftId: '999999' });
    expect(wrongShift.statusCode).toBe(400);
    expect(wrongShift.json().error.fields[0].path).toBe('shiftId');
  });
});

describe('hosts', () => {
  it('see and check in the sign-ups of their own event only', async () => {
    const mine = await createEvent({ hostUserId: hostA.userId });
    const theirs = await createEvent({ hostUserId: hostB.userId });
    await signUp(mine.id, { ...person('host-a-1@example.test'), shiftId: mine.shifts[1]!.id });
    await signUp(theirs.id, { ...person('host-b-1@example.test'), shiftId: theirs.shifts[1]!.id });

    const hosted = await hostA.agent.request({ method: 'GET', url: '/api/hosting/events' });
    const hostedIds = hosted.json().events.map((e: { id: string }) => e.id);
    expect(hostedIds).toContain(mine.id);
    expect(hostedIds).not.toContain(theirs.id);
    const list = await hostA.agent.request({ method: 'GET', url: `/api/hosting/events/${mine.id}/signups` });
    expect(list.statusCode).toBe(200);
    const signup = list.json().signups[0];
    expect(signup).toMatchObject({ firstName: 'Jules', status: 'confirmed', email: 'host-a-1@example.test' });

    const other = await hostA.agent.request({ method: 'GET', url: `/api/hosting/events/${theirs.id}/signups` });
    expect(other.statusCode).toBe(404);
    const theirSignups = await hostB.agent.request({ method: 'GET', url: `/api/hosting/events/${theirs.id}/signups` });
    const theirSignup = theirSignups.json().signups[0];
    const meddle = await hostA.agent.request({ method: 'PATCH', url: `/api/hosting/events/${theirs.id}/signups/${theirSignup.id}`, payload: { status: 'no_show' } });
    expect(meddle.statusCode).toBe(404);
    // Nor through their own event's URL.
    const sideways = await hostA.agent.request({ method: 'PATCH', url: `/api/hosting/events/${mine.id}/signups/${theirSignup.id}`, payload: { status: 'no_show' } });
    expect(sideways.statusCode).toBe(404);

    const checkIn = await hostA.agent.request({ method: 'PATCH', url: `/api/hosting/events/${mine.id}/signups/${signup.id}`, payload: { status: 'checked_in' } });
    expect(checkIn.statusCode).toBe(200);
    expect(checkIn.json().status).toBe('checked_in');
    expect(checkIn.json().checkedInAt).not.toBeNull();
  });

  it('cannot confirm a waitlisted volunteer into a full shift', async () => {
    const event = await createEvent({ hostUserId: hostA.userId });
    const shiftId = event.shifts[0]!.id;
    for (const email of ['f1@example.test', 'f2@example.test', 'f3@example.test']) await signUp(event.id, { ...person(email), shiftId });
    const list = await hostA.agent.request({ method: 'GET', url: `/api/hosting/events/${event.id}/signups` });
    const waiting = list.json().signups.find((s: { status: string }) => s.status === 'waitlisted');
    const res = await hostA.agent.request({ method: 'PATCH', url: `/api/hosting/events/${event.id}/signups/${waiting.id}`, payload: { status: 'checked_in' } });
    expect(res.statusCode).toBe(409);
  });
});

describe('e-mail without SMTP', () => {
  it('keeps messages in the outbox, readable by organizers', async () => {
    const event = await createEvent();
    await signUp(event.id, { ...person('outbox@example.test'), shiftId: event.shifts[1]!.id });
    const res = await organizer.request({ method: 'GET', url: '/api/mail/outbox' });
    expect(res.json().smtpConfigured).toBe(false);
    const message = res.json().messages.find((m: { to: string }) => m.to === 'outbox@example.test');
    expect(message).toMatchObject({ status: 'queued', kind: 'transactional', templateKey: 'signup_confirmation' });
    const detail = await organizer.request({ method: 'GET', url: `/api/mail/outbox/${message.id}` });
    expect(detail.json().text).toContain('Bonjour Jules');
    expect(detail.json().attachments).toEqual([expect.objectContaining({ filename: 'evenement.ics', contentType: expect.stringContaining('text/calendar') })]);
  });

  it('sends the thank-you only to volunteers who did not opt out of e-mail, but still their booking e-mails', async () => {
    const event = await createEvent();
    const shiftId = event.shifts[1]!.id;
    await signUp(event.id, { ...person('keen@example.test'), shiftId });
    await signUp(event.id, { ...person('quiet@example.test'), shiftId });
    await inOrg(ctx.database.db, { orgId: org.id }, (tx) =>
      tx.updateTable('people').set({ do_not_email: true, do_not_email_at: new Date() }).where('email_normalized', '=', 'quiet@example.test').execute(),
    );
    const signups = (await organizer.request({ method: 'GET', url: `/api/events/${event.id}/signups` })).json().signups;
    for (const s of signups) {
      const res = await organizer.request({ method: 'PATCH', url: `/api/events/${event.id}/signups/${s.id}`, payload: { status: 'checked_in' } });
      expect(res.statusCode).toBe(200);
    }
    const reminder = await organizer.request({ method: 'POST', url: `/api/events/${event.id}/mail`, payload: { template: 'reminder_day_before' } });
    expect(reminder.json()).toEqual({ queued: 2 });
    const thanks = await organizer.request({ method: 'POST', url: `/api/events/${event.id}/mail`, payload: { template: 'thank_you_after_event' } });
    expect(thanks.json()).toEqual({ queued: 1 });
    const outbox = await inOrg(ctx.database.db, { orgId: org.id }, (tx) =>
      tx.selectFrom('outbox').select(['to_address', 'template_key', 'kind']).where('template_key', '=', 'thank_you_after_event').execute(),
    );
    expect(outbox).toEqual([{ to_address: 'keen@example.test', template_key: 'thank_you_after_event', kind: 'marketing' }]);
  });

  it('lets organizers reword a template and go back to the default', async () => {
    const put = await organizer.request({
      method: 'PUT',
      url: '/api/mail/templates/thank_you_after_event/fr',
      payload: { subject: 'Merci {{firstName}} !', body: 'Bravo {{firstName}} pour {{eventTitle}}.' },
    });
    expect(put.json()).toMatchObject({ customized: true, subject: 'Merci {{firstName}} !' });
    const list = await organizer.request({ method: 'GET', url: '/api/mail/templates' });
    expect(list.json().templates).toHaveLength(8);
    const reset = await organizer.request({ method: 'DELETE', url: '/api/mail/templates/thank_you_after_event/fr' });
    expect(reset.json().customized).toBe(false);
  });
});

describe('recruitment', () => {
  it('records who recruited whom through personal links and shows the tree', async () => {
    const first = await app.inject({ method: 'POST', url: `/api/public/${org.slug}/volunteers`, payload: { ...person('root@example.test'), firstName: 'Nadia' } });
    expect(first.statusCode, first.body).toBe(201);
    const ref = new URL(first.json().recruiterUrl).searchParams.get('ref')!;
    const second = await app.inject({ method: 'POST', url: `/api/public/${org.slug}/volunteers`, payload: { ...person('child@example.test'), firstName: 'Omar', phone: '', ref } });
    const ref2 = new URL(second.json().recruiterUrl).searchParams.get('ref')!;
    const event = await createEvent();
    await signUp(event.id, { ...person('grandchild@example.test'), firstName: 'Paul', phone: '', shiftId: event.shifts[1]!.id, ref: ref2 });

    const tree = await organizer.request({ method: 'GET', url: '/api/recruiters/tree' });
    const nadia = tree.json().roots.find((r: { name: string }) => r.name === 'Nadia Bernard');
    expect(nadia).toMatchObject({ recruits: [{ name: 'Omar Bernard', recruits: [{ name: 'Paul Bernard', recruits: [] }] }] });

    const link = await organizer.request({ method: 'POST', url: '/api/recruiter-links', payload: { personId: nadia.personId } });
    expect(link.json().token).toBe(ref);
  });
});
