import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, login, makeMember, makeOrg } from '../../../../test/setup/factories.js';
import { createTestContext, type TestContext } from '../../../../test/setup/test-context.js';
import type { AppContext } from '../../platform/context.js';
import { inOrg } from '../../platform/db/database.js';
import { startJobWorker } from '../../platform/jobs/jobs.js';
import { queueMail, sendKeptMail } from './mail.service.js';
import { TestSmtp } from './mail.test-smtp.js';

let ctx: TestContext;
let app: FastifyInstance;
const smtp = new TestSmtp();

beforeAll(async () => {
  // The embedded default: no SMTP server configured.
  ctx = await createTestContext();
  app = await buildTestApp(ctx);
  await smtp.start();
});
afterAll(async () => {
  await smtp.stop();
  await app?.close();
});

/** The same database, as a process restarted with SMTP settings sees it. */
function withSmtp(): AppContext {
  return { ...ctx, mail: { smtp: { host: '127.0.0.1', port: smtp.port, secure: false }, from: 'Campagne <campagne@example.test>' } };
}

async function keep(orgId: string, subjects: string[]) {
  await inOrg(ctx.database.db, { orgId }, async (tx) => {
    for (const subject of subjects) await queueMail(tx, ctx, orgId, { to: `${subject.replace(/\W/g, '').toLowerCase()}@example.test`, kind: 'transactional', subject, text: `Corps de « ${subject} »` });
  });
}

function outbox(orgId: string) {
  return inOrg(ctx.database.db, { orgId }, (tx) => tx.selectFrom('outbox').select(['subject', 'status', 'attempts']).where('org_id', '=', orgId).orderBy('id').execute());
}

describe('e-mail kept while no SMTP server is configured', () => {
  it('is readable on the outbox page, then sent by the job as soon as a worker starts with SMTP settings, once each, without a retry', async () => {
    const a = await makeOrg(ctx);
    const b = await makeOrg(ctx);
    await keep(a.id, ['Confirmation A1', 'Rappel A2']);
    await keep(b.id, ['Invitation B1']);
    // One message that ran out of tries stays failed: an organizer decides whether to retry it.
    await inOrg(ctx.database.db, { orgId: b.id }, async (tx) => {
      const id = await queueMail(tx, ctx, b.id, { to: 'echec@example.test', kind: 'transactional', subject: 'Échoué B2', text: '…' });
      await tx.updateTable('outbox').set({ status: 'failed', attempts: 12, last_error: 'connect ECONNREFUSED' }).where('org_id', '=', b.id).where('id', '=', id!).execute();
    });

    // Kept, and readable by the organizer.
    const organizer = await login(app, (await makeMember(ctx, a.id, 'organizer')).email);
    const page = (await organizer.request({ method: 'GET', url: '/api/mail/outbox' })).json();
    expect(page.smtpConfigured).toBe(false);
    expect(page.messages.map((m: { subject: string; status: string }) => [m.subject, m.status])).toEqual([
      ['Rappel A2', 'queued'],
      ['Confirmation A1', 'queued'],
    ]);
    expect(await sendKeptMail(ctx)).toBe(0);

    // Two processes restart with SMTP settings at the same moment: each message goes out once.
    const workers = [startJobWorker(withSmtp(), { pollMs: 20 }), startJobWorker(withSmtp(), { pollMs: 20 })];
    try {
      await expect.poll(() => smtp.received.length, { timeout: 15_000 }).toBe(3);
      await expect.poll(async () => (await outbox(a.id)).map((m) => m.status), { timeout: 15_000 }).toEqual(['sent', 'sent']);
      await expect.poll(async () => (await outbox(b.id)).map((m) => [m.subject, m.status]), { timeout: 15_000 }).toEqual([
        ['Invitation B1', 'sent'],
        ['Échoué B2', 'failed'],
      ]);
    } finally {
      for (const w of workers) await w.stop();
    }
    expect(smtp.received.map((m) => m.subject).sort()).toEqual(['Confirmation A1', 'Invitation B1', 'Rappel A2']);
    expect(smtp.received.find((m) => m.subject === 'Rappel A2')?.text?.trim()).toBe('Corps de « Rappel A2 »');
    expect(smtp.received.find((m) => m.subject === 'Invitation B1')?.from?.value[0]?.address).toBe('campagne@example.test');
    // Nothing is left to schedule, and nothing goes out twice.
    expect(await sendKeptMail(withSmtp())).toBe(0);
    expect(smtp.received).toHaveLength(3);
  });
});
