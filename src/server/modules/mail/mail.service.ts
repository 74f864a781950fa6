import { sql } from 'kysely';
import nodemailer, { type Transporter } from 'nodemailer';
import { MAIL_TEMPLATE_KEYS, type MailTemplate, type MailTemplateKey, type OutboxMessage } from '../../../shared/contracts/mail.js';
import type { Locale } from '../../../shared/i18n/locales.js';
import type { AppContext, MailSettings } from '../../platform/context.js';
import { inOrg, type Tx } from '../../platform/db/database.js';
import type { MailKind, OutboxAttachment, OutboxStatus } from '../../platform/db/schema-events-mail.js';
import type { OrgActor } from '../../platform/http/actor.js';
import { notFound } from '../../platform/http/errors.js';
import { defineJob, defineWorkerStartTask, enqueueJob } from '../../platform/jobs/jobs.js';
import { inviteMember } from '../auth/members.service.js';
import * as repo from './mail.repository.js';
import { DEFAULT_TEMPLATES, MERGE_FIELDS, renderTemplate } from './mail.templates.js';

export const SEND_JOB = 'mail.send';
/** About a day and a half of retries before a message is marked failed. */
export const MAX_SEND_ATTEMPTS = 12;

/** A message for the outbox. `marketing` messages skip people who asked not to be e-mailed. */
export interface OutgoingMail {
  to: string;
  personId?: string | null;
  kind: MailKind;
  templateKey?: MailTemplateKey | null;
  subject: string;
  text: string;
  html?: string | null;
  attachments?: OutboxAttachment[];
}

/**
 * Puts a message in the outbox inside the caller's transaction and, when SMTP is configured,
 * queues the job that sends it: the message exists exactly when the change that caused it commits.
 * Returns the outbox id, or null when a marketing message was held back by "do not e-mail".
 *
 * @example await queueMail(tx, ctx, orgId, { to: 'ana@example.fr', kind: 'transactional', subject: 'Hi', text: 'Hello' });
 */
export async function queueMail(tx: Tx, ctx: AppContext, orgId: string, mail: OutgoingMail): Promise<string | null> {
  // Only transactional messages the person asked for (their booking) reach an opted-out address.
  if (mail.kind === 'marketing' && (await repo.isEmailOptedOut(tx, orgId, mail.personId ?? null, mail.to))) return null;
  const row = await repo.insertOutbox(tx, orgId, {
    person_id: mail.personId ?? null,
    to_address: mail.to,
    subject: mail.subject,
    text_body: mail.text,
    html_body: mail.html ?? null,
    attachments: JSON.stringify(mail.attachments ?? []),
    template_key: mail.templateKey ?? null,
    kind: mail.kind,
  });
  if (ctx.mail?.smtp) await scheduleSend(tx, orgId, row.id, null);
  return row.id;
}

/** Fills an organization's template (its edited text, else the default) in the recipient's language. */
export async function renderMail(tx: Tx, orgId: string, key: MailTemplateKey, locale: Locale, values: Record<string, string>) {
  const custom = await repo.findTemplate(tx, orgId, key, locale);
  return renderTemplate(custom ?? DEFAULT_TEMPLATES[key][locale], values);
}

/** Renders a template and queues it (see queueMail). */
export async function queueTemplateMail(
  tx: Tx,
  ctx: AppContext,
  orgId: string,
  input: { key: MailTemplateKey; locale: Locale; to: string; personId?: string | null; kind: MailKind; values: Record<string, string>; attachments?: OutboxAttachment[] },
): Promise<string | null> {
  const rendered = await renderMail(tx, orgId, input.key, input.locale, input.values);
  return queueMail(tx, ctx, orgId, {
    to: input.to,
    personId: input.personId ?? null,
    kind: input.kind,
    templateKey: input.key,
    subject: rendered.subject,
    text: rendered.text,
    html: rendered.html,
    ...(input.attachments ? { attachments: input.attachments } : {}),
  });
}

async function scheduleSend(tx: Tx, orgId: string, outboxId: string, runAfter: Date | null): Promise<void> {
  const jobId = await enqueueJob(tx, { orgId }, SEND_JOB, { outboxId });
  if (runAfter) await tx.updateTable('job_queue').set({ run_after: runAfter }).where('org_id', '=', orgId).where('job_id', '=', jobId).execute();
}

/** Wait before the next try: 30 s, 1 min, 2 min… capped at 4 hours. */
export function retryDelayMs(attempt: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempt - 1), 4 * 3600_000);
}

const transports = new WeakMap<MailSettings, Transporter>();
function transportFor(settings: MailSettings, smtp: NonNullable<MailSettings['smtp']>): Transporter {
  let transport = transports.get(settings);
  if (!transport) {
    transport = nodemailer.createTransport({
      host: smtp.host,
      port: smtp.port,
      secure: smtp.secure,
      ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.password ?? '' } } : {}),
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
    transports.set(settings, transport);
  }
  return transport;
}

// One outbox message per job. An SMTP failure does not fail the job: the message records the
// error and a later job is scheduled with a growing delay, so a server down for hours loses nothing.
defineJob<{ outboxId: string }, Record<string, never>>(SEND_JOB, async (run) => {
  const { ctx, orgId } = run;
  const message = await inOrg(ctx.database.db, { orgId }, (tx) => repo.findOutbox(tx, orgId, run.payload.outboxId));
  if (!message || message.status !== 'queued') return { skipped: true };
  const settings = ctx.mail;
  if (!settings?.smtp) return { kept: 'no SMTP server configured' };
  try {
    await transportFor(settings, settings.smtp).sendMail({
      from: settings.from,
      to: message.to_address,
      subject: message.subject,
      text: message.text_body,
      ...(message.html_body ? { html: message.html_body } : {}),
      attachments: message.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: Buffer.from(a.content, 'base64') })),
    });
  } catch (error) {
    const attempt = message.attempts + 1;
    const next = attempt < MAX_SEND_ATTEMPTS ? new Date(ctx.clock().getTime() + retryDelayMs(attempt)) : null;
    await inOrg(ctx.database.db, { orgId }, async (tx) => {
      await repo.markAttemptFailed(tx, orgId, message.id, error instanceof Error ? error.message : String(error), next);
      if (next) await scheduleSend(tx, orgId, message.id, next);
    });
    return { sent: false, retryAt: next?.toISOString() ?? null };
  }
  await inOrg(ctx.database.db, { orgId }, (tx) => repo.markSent(tx, orgId, message.id, ctx.clock()));
  return { sent: true };
});

/**
 * Schedules the sending of every message kept in the outbox while no SMTP server was configured,
 * in every organization: run by each job worker as it starts, so a server restarted with SMTP
 * settings sends what waited without anyone pressing "retry". Messages that ran out of tries stay
 * failed (an organizer decides). A per-organization lock makes two processes starting together
 * schedule each message once. Returns how many were scheduled.
 */
export async function sendKeptMail(ctx: AppContext): Promise<number> {
  if (!ctx.mail?.smtp) return 0;
  const { rows } = await sql<{ org_id: string }>`SELECT relais_orgs_with_queued_mail() AS org_id`.execute(ctx.database.db);
  let scheduled = 0;
  for (const { org_id: orgId } of rows) {
    scheduled += await inOrg(ctx.database.db, { orgId }, async (tx) => {
      await sql`SELECT pg_advisory_xact_lock(hashtext(${`relais-kept-mail:${orgId}`}))`.execute(tx);
      let count = 0;
      for (;;) {
        // Each batch's jobs are seen by the next query (same transaction), so it moves on.
        const ids = (await repo.findStranded(tx, orgId, 1000, { failed: false })).map((r) => r.id);
        if (ids.length === 0) return count;
        for (const id of ids) await scheduleSend(tx, orgId, id, null);
        count += ids.length;
      }
    });
  }
  if (scheduled > 0) ctx.log?.info({ scheduled }, 'e-mail kept in the outbox is being sent');
  return scheduled;
}
defineWorkerStartTask('mail.send-kept', sendKeptMail);

/** Sends again what is stuck: failed messages and those kept while no SMTP server was set. */
export async function retryOutbox(ctx: AppContext, actor: OrgActor) {
  if (!ctx.mail?.smtp) return { queued: 0, smtpConfigured: false };
  const queued = await inOrg(ctx.database.db, scope(actor), async (tx) => {
    const ids = (await repo.findStranded(tx, actor.org.id, 5000)).map((r) => r.id);
    await repo.requeue(tx, actor.org.id, ids);
    for (const id of ids) await scheduleSend(tx, actor.org.id, id, null);
    return ids.length;
  });
  return { queued, smtpConfigured: true };
}

function scope(actor: OrgActor) {
  return { orgId: actor.org.id, userId: actor.user.id };
}

function presentOutbox(row: repo.OutboxRow): OutboxMessage {
  return {
    id: row.id,
    to: row.to_address,
    subject: row.subject,
    kind: row.kind,
    templateKey: row.template_key,
    status: row.status,
    attempts: row.attempts,
    lastError: row.last_error,
    nextAttemptAt: row.next_attempt_at?.toISOString() ?? null,
    sentAt: row.sent_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
  };
}

/** The outbox, newest first: what was sent, what waits, what failed and why. */
export async function listOutbox(ctx: AppContext, actor: OrgActor, query: { status?: OutboxStatus | undefined; limit: number; before?: string | undefined }) {
  const rows = await inOrg(ctx.database.db, scope(actor), (tx) => repo.listOutbox(tx, actor.org.id, query));
  return { smtpConfigured: Boolean(ctx.mail?.smtp), messages: rows.map(presentOutbox) };
}

/** One message in full, as the recipient gets (or will get) it. */
export async function getOutboxMessage(ctx: AppContext, actor: OrgActor, id: string) {
  const row = await inOrg(ctx.database.db, scope(actor), (tx) => repo.findOutbox(tx, actor.org.id, id));
  if (!row) throw notFound();
  return {
    ...presentOutbox(row),
    text: row.text_body,
    html: row.html_body,
    attachments: row.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, size: Buffer.from(a.content, 'base64').length })),
  };
}

function presentTemplate(key: MailTemplateKey, locale: Locale, custom: { subject: string; body: string } | undefined): MailTemplate {
  const text = custom ?? DEFAULT_TEMPLATES[key][locale];
  return { key, locale, subject: text.subject, body: text.body, customized: custom !== undefined, mergeFields: MERGE_FIELDS[key].map((f) => `{{${f}}}`) };
}

/** Every template in both languages, edited or default. */
export async function listTemplates(ctx: AppContext, actor: OrgActor): Promise<MailTemplate[]> {
  const rows = await inOrg(ctx.database.db, scope(actor), (tx) => repo.listTemplates(tx, actor.org.id));
  return MAIL_TEMPLATE_KEYS.flatMap((key) =>
    (['fr', 'en'] as const).map((locale) => presentTemplate(key, locale, rows.find((r) => r.key === key && r.locale === locale))),
  );
}

/** Saves an organizer's wording of a template. */
export async function updateTemplate(ctx: AppContext, actor: OrgActor, key: MailTemplateKey, locale: Locale, input: { subject: string; body: string }) {
  await inOrg(ctx.database.db, scope(actor), (tx) =>
    repo.upsertTemplate(tx, actor.org.id, { key, locale, subject: input.subject, body: input.body, userId: actor.user.id, at: ctx.clock() }),
  );
  return presentTemplate(key, locale, input);
}

/** Goes back to the default wording. */
export async function resetTemplate(ctx: AppContext, actor: OrgActor, key: MailTemplateKey, locale: Locale) {
  await inOrg(ctx.database.db, scope(actor), (tx) => repo.deleteTemplate(tx, actor.org.id, key, locale));
  return presentTemplate(key, locale, undefined);
}

function formatDateTime(date: Date, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone }).format(date);
}

/**
 * Invites a caller (a member with the caller permission set) and e-mails them their single-use
 * sign-in link, in their language.
 */
export async function inviteCaller(ctx: AppContext, actor: OrgActor, input: { email: string; name: string; locale: Locale; redirectPath?: string | undefined }) {
  const invitation = await inviteMember(ctx, actor, { email: input.email, name: input.name, permissionSet: 'caller', redirectPath: input.redirectPath });
  const messageId = await inOrg(ctx.database.db, scope(actor), (tx) =>
    queueTemplateMail(tx, ctx, actor.org.id, {
      key: 'caller_invitation',
      locale: input.locale,
      to: input.email,
      kind: 'transactional',
      values: {
        name: input.name,
        organizationName: actor.org.name,
        magicLink: invitation.url,
        expiresAt: formatDateTime(new Date(invitation.expiresAt), input.locale, actor.org.timeZone),
      },
    }),
  );
  return { userId: invitation.userId, messageId: messageId ?? '' };
}

export { formatDateTime };
