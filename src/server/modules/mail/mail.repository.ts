import { sql, type Insertable } from 'kysely';
import type { Tx } from '../../platform/db/database.js';
import type { MailTemplateKey, OutboxStatus, OutboxTable } from '../../platform/db/schema-events-mail.js';

export function insertOutbox(tx: Tx, orgId: string, values: Omit<Insertable<OutboxTable>, 'org_id'>) {
  return tx
    .insertInto('outbox')
    .values({ ...values, org_id: orgId })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export function findOutbox(tx: Tx, orgId: string, id: string) {
  return tx.selectFrom('outbox').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
}
export type OutboxRow = NonNullable<Awaited<ReturnType<typeof findOutbox>>>;

export function lockOutbox(tx: Tx, orgId: string, id: string) {
  return tx.selectFrom('outbox').selectAll().where('org_id', '=', orgId).where('id', '=', id).forUpdate().executeTakeFirst();
}

export function listOutbox(tx: Tx, orgId: string, opts: { status?: OutboxStatus | undefined; limit: number; before?: string | undefined }) {
  let q = tx.selectFrom('outbox').selectAll().where('org_id', '=', orgId);
  if (opts.status) q = q.where('status', '=', opts.status);
  if (opts.before) q = q.where('id', '<', opts.before);
  return q.orderBy('id', 'desc').limit(opts.limit).execute();
}

export function markSent(tx: Tx, orgId: string, id: string, at: Date) {
  return tx
    .updateTable('outbox')
    .set((eb) => ({ status: 'sent', sent_at: at, attempts: eb('attempts', '+', 1), last_error: null, next_attempt_at: null }))
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .execute();
}

export function markAttemptFailed(tx: Tx, orgId: string, id: string, error: string, next: Date | null) {
  return tx
    .updateTable('outbox')
    .set((eb) => ({ status: next ? 'queued' : 'failed', attempts: eb('attempts', '+', 1), last_error: error.slice(0, 2000), next_attempt_at: next }))
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .execute();
}

/** Whether anyone with this address asked not to be e-mailed (by person id, or by address). */
export async function isEmailOptedOut(tx: Tx, orgId: string, personId: string | null, address: string): Promise<boolean> {
  let q = tx.selectFrom('people').select('id').where('org_id', '=', orgId).where('do_not_email', '=', true);
  q = personId ? q.where((eb) => eb.or([eb('id', '=', personId), eb('email_normalized', '=', address.toLowerCase())])) : q.where('email_normalized', '=', address.toLowerCase());
  return (await q.limit(1).executeTakeFirst()) !== undefined;
}

export function listTemplates(tx: Tx, orgId: string) {
  return tx.selectFrom('mail_templates').selectAll().where('org_id', '=', orgId).execute();
}

export function findTemplate(tx: Tx, orgId: string, key: MailTemplateKey, locale: 'fr' | 'en') {
  return tx.selectFrom('mail_templates').selectAll().where('org_id', '=', orgId).where('key', '=', key).where('locale', '=', locale).executeTakeFirst();
}

export function upsertTemplate(tx: Tx, orgId: string, row: { key: MailTemplateKey; locale: 'fr' | 'en'; subject: string; body: string; userId: string; at: Date }) {
  return tx
    .insertInto('mail_templates')
    .values({ org_id: orgId, key: row.key, locale: row.locale, subject: row.subject, body: row.body, updated_by: row.userId, updated_at: row.at })
    .onConflict((oc) => oc.columns(['org_id', 'key', 'locale']).doUpdateSet({ subject: row.subject, body: row.body, updated_by: row.userId, updated_at: row.at }))
    .execute();
}

export function deleteTemplate(tx: Tx, orgId: string, key: MailTemplateKey, locale: 'fr' | 'en') {
  return tx.deleteFrom('mail_templates').where('org_id', '=', orgId).where('key', '=', key).where('locale', '=', locale).execute();
}

/**
 * Messages waiting with no send job behind them (kept while no SMTP server was configured) and
 * failed ones, oldest first.
 */
/**
 * Messages no send job will take: queued ones without a live job (kept while no SMTP server was
 * set), and with `failed`, those that ran out of tries.
 */
export function findStranded(tx: Tx, orgId: string, limit: number, options: { failed: boolean } = { failed: true }) {
  return tx
    .selectFrom('outbox as o')
    .select('o.id')
    .where('o.org_id', '=', orgId)
    .where((eb) =>
      eb.or([
        ...(options.failed ? [eb('o.status', '=', 'failed')] : []),
        eb.and([
          eb('o.status', '=', 'queued'),
          eb.not(
            eb.exists(
              eb
                .selectFrom('jobs as j')
                .select('j.id')
                .whereRef('j.org_id', '=', 'o.org_id')
                .where('j.kind', '=', 'mail.send')
                .where('j.status', 'in', ['queued', 'running'])
                .where(sql<string>`j.payload->>'outboxId'`, '=', sql<string>`o.id::text`),
            ),
          ),
        ]),
      ]),
    )
    .orderBy('o.id')
    .limit(limit)
    .execute();
}

export function requeue(tx: Tx, orgId: string, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve();
  return tx.updateTable('outbox').set({ status: 'queued', attempts: 0, next_attempt_at: null }).where('org_id', '=', orgId).where('id', 'in', ids).execute();
}
