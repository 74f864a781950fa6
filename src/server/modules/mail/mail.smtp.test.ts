import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, login, makeMember, makeOrg, type Agent } from '../../../../test/setup/factories.js';
import { createTestContext, type TestContext } from '../../../../test/setup/test-context.js';
import { inOrg } from '../../platform/db/database.js';
import { drainJobs } from '../../platform/jobs/jobs.js';
import { TestSmtp } from './mail.test-smtp.js';

let ctx: TestContext;
let app: FastifyInstance;
let org: { id: string; slug: string };
let organizer: Agent;
const smtp = new TestSmtp();

beforeAll(async () => {
  ctx = await createTestContext();
  await smtp.start();
  ctx.mail = { smtp: { host: '127.0.0.1', port: smtp.port, secure: false }, from: 'Campagne <campagne@example.test>' };
  app = await buildTestApp(ctx);
  org = await makeOrg(ctx);
  organizer = await login(app, (await makeMember(ctx, org.id, 'organizer')).email);
});
afterAll(async () => {
  await smtp.stop();
  await app?.close();
});

async function createEvent(title: string) {
  const res = await organizer.request({
    method: 'POST',
    url: '/api/events',
    payload: { kind: 'phone_bank', title, place: '12 rue de la Paix, Lyon', startsAt: '2030-05-16T18:00:00+02:00', endsAt: '2030-05-16T21:00:00+02:00', capacity: 20 },
  });
  expect(res.statusCode).toBe(201);
  return res.json() as { id: string; shifts: { id: string }[] };
}

async function signUp(eventId: string, shiftId: string, email: string, locale: 'fr' | 'en' = 'fr') {
  const res = await app.inject({
    method: 'POST',
    url: `/api/public/${org.slug}/events/${eventId}/signups`,
    payload: { shiftId, firstName: 'Inès', lastName: 'Moreau', email, phone: '', consent: true, locale },
  });
  expect(res.statusCode).toBe(201);
}

describe('e-mail through a real SMTP server', () => {
  it('delivers the sign-up confirmation with a valid calendar file', async () => {
    const event = await createEvent('Phoning de lancement');
    await signUp(event.id, event.shifts[0]!.id, 'ines@example.test');
    await drainJobs(ctx);
    const mail = smtp.received.find((m) => m.subject?.includes('Phoning de lancement'));
    expect(mail).toBeDefined();
    expect(mail!.subject).toBe('Inscription : Phoning de lancement');
    expect(mail!.text).toContain('Bonjour Inès');
    expect(mail!.text).toContain(`http://relais.test/public/${org.slug}/cancel?token=`);
    expect(mail!.html).toContain('<a href="http://relais.test/public/');
    const ics = mail!.attachments.find((a) => a.filename?.endsWith('.ics'));
    expect(ics?.contentType).toBe('text/calendar');
    const text = ics!.content.toString('utf8');
    expect(text.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(text).toContain('\r\nDTSTART:20300516T160000Z\r\n');
    expect(text).toContain('\r\nDTEND:20300516T190000Z\r\n');
    expect(text).toContain('\r\nSUMMARY:Phoning de lancement\r\n');
    expect(text).toContain('\r\nLOCATION:12 rue de la Paix\\, Lyon\r\n');
    expect(text.trimEnd().endsWith('END:VCALENDAR')).toBe(true);

    const outbox = await organizer.request({ method: 'GET', url: '/api/mail/outbox' });
    expect(outbox.json().smtpConfigured).toBe(true);
    expect(outbox.json().messages[0]).toMatchObject({ to: 'ines@example.test', status: 'sent', attempts: 1 });
  });

  it('keeps a message while the SMTP server is down and delivers it once it is back', async () => {
    const event = await createEvent('Phoning du dimanche');
    const port = smtp.port;
    await smtp.stop();
    await signUp(event.id, event.shifts[0]!.id, 'sam@example.test', 'en');
    await drainJobs(ctx);
    const waiting = await inOrg(ctx.database.db, { orgId: org.id }, (tx) =>
      tx.selectFrom('outbox').selectAll().where('to_address', '=', 'sam@example.test').executeTakeFirstOrThrow(),
    );
    expect(waiting).toMatchObject({ status: 'queued', attempts: 1 });
    expect(waiting.last_error).toBeTruthy();
    expect(waiting.next_attempt_at).not.toBeNull();

    await smtp.start(port);
    // Nothing is due before the backoff has passed.
    await drainJobs(ctx);
    expect(smtp.received.some((m) => m.to && JSON.stringify(m.to).includes('sam@example.test'))).toBe(false);
    ctx.setNow(new Date(Date.now() + 10 * 60_000));
    await drainJobs(ctx);
    const mail = smtp.received.find((m) => JSON.stringify(m.to).includes('sam@example.test'));
    expect(mail?.subject).toBe('Sign-up: Phoning du dimanche');
    const sent = await inOrg(ctx.database.db, { orgId: org.id }, (tx) =>
      tx.selectFrom('outbox').select(['status', 'attempts', 'last_error']).where('to_address', '=', 'sam@example.test').executeTakeFirstOrThrow(),
    );
    expect(sent).toEqual({ status: 'sent', attempts: 2, last_error: null });
  });

  it('sends what was kept while no SMTP server was configured once an organizer retries', async () => {
    const event = await createEvent('Phoning sans serveur');
    const settings = ctx.mail!;
    ctx.mail = { from: settings.from };
    await signUp(event.id, event.shifts[0]!.id, 'kept@example.test');
    ctx.mail = settings;
    ctx.setNow(new Date(Date.now() + 60_000));
    await drainJobs(ctx);
    expect(smtp.received.some((m) => JSON.stringify(m.to).includes('kept@example.test'))).toBe(false);
    const retry = await organizer.request({ method: 'POST', url: '/api/mail/outbox/retry' });
    expect(retry.json()).toEqual({ queued: 1, smtpConfigured: true });
    await drainJobs(ctx);
    expect(smtp.received.some((m) => JSON.stringify(m.to).includes('kept@example.test'))).toBe(true);
    // Nothing left to retry.
    expect((await organizer.request({ method: 'POST', url: '/api/mail/outbox/retry' })).json().queued).toBe(0);
  });

  it('e-mails a caller their magic link', async () => {
    const res = await organizer.request({ method: 'POST', url: '/api/mail/caller-invitations', payload: { email: 'caller@example.test', name: 'Léa', locale: 'fr' } });
    expect(res.statusCode).toBe(201);
    // The clock was moved on by the previous test; jobs are due at the real time they were queued.
    ctx.setNow(new Date(Date.now() + 60_000));
    await drainJobs(ctx);
    const mail = smtp.received.find((m) => JSON.stringify(m.to).includes('caller@example.test'));
    expect(mail?.text).toMatch(/http:\/\/relais\.test\/auth\/magic\/[A-Za-z0-9_-]{20,}/);
  });
});
