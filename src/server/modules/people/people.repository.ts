import { sql, type Insertable, type Updateable } from 'kysely';
import type { Tx } from '../../platform/db/database.js';
import type { ContactsTable, PeopleTable } from '../../platform/db/schema.js';

/** Plain queries on people, tags, contact history, suppressions and the audit log. Organization first. */

export function findPerson(tx: Tx, orgId: string, id: string) {
  return tx
    .selectFrom('people as p')
    .leftJoin('people as r', (j) => j.onRef('r.org_id', '=', 'p.org_id').onRef('r.id', '=', 'p.recruiter_id'))
    .selectAll('p')
    .select(['r.first_name as recruiter_first_name', 'r.last_name as recruiter_last_name'])
    .where('p.org_id', '=', orgId)
    .where('p.id', '=', id)
    .executeTakeFirst();
}
export type PersonRow = NonNullable<Awaited<ReturnType<typeof findPerson>>>;

/** Locks the row for the rest of the transaction: an erasure and an edit never interleave. */
export function lockPerson(tx: Tx, orgId: string, id: string) {
  return tx.selectFrom('people').selectAll().where('org_id', '=', orgId).where('id', '=', id).forUpdate().executeTakeFirst();
}

export function personExists(tx: Tx, orgId: string, id: string) {
  return tx.selectFrom('people').select('id').where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
}

export async function insertPerson(tx: Tx, orgId: string, values: Omit<Insertable<PeopleTable>, 'org_id'>) {
  const row = await tx
    .insertInto('people')
    .values({ ...values, org_id: orgId })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export function updatePerson(tx: Tx, orgId: string, id: string, values: Updateable<PeopleTable>) {
  return tx.updateTable('people').set(values).where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
}

/** Merges custom fields into the stored ones; a null value removes the field. */
export function mergeCustomFields(tx: Tx, orgId: string, id: string, fields: Record<string, unknown>) {
  const removed = Object.keys(fields).filter((k) => fields[k] === null);
  const kept = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== null));
  return tx
    .updateTable('people')
    .set({ custom_fields: sql`(custom_fields || ${JSON.stringify(kept)}::jsonb) - ${removed}::text[]` })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .execute();
}

export function deletePerson(tx: Tx, orgId: string, id: string) {
  return tx.deleteFrom('people').where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
}

export function countRecruited(tx: Tx, orgId: string, id: string) {
  return tx
    .selectFrom('people')
    .select(sql<string>`count(*)`.as('n'))
    .where('org_id', '=', orgId)
    .where('recruiter_id', '=', id)
    .executeTakeFirstOrThrow();
}

/** Counts for people who may not see profiles (viewers): no row leaves the database. */
export function summarizePeople(tx: Tx, orgId: string) {
  return tx
    .selectFrom('people')
    .select([
      sql<string>`count(*)`.as('total'),
      sql<string>`count(*) FILTER (WHERE support_level = 1)`.as('s1'),
      sql<string>`count(*) FILTER (WHERE support_level = 2)`.as('s2'),
      sql<string>`count(*) FILTER (WHERE support_level = 3)`.as('s3'),
      sql<string>`count(*) FILTER (WHERE support_level = 4)`.as('s4'),
      sql<string>`count(*) FILTER (WHERE support_level = 5)`.as('s5'),
      sql<string>`count(*) FILTER (WHERE support_level IS NULL)`.as('unknown'),
      sql<string>`count(*) FILTER (WHERE is_volunteer)`.as('volunteers'),
      sql<string>`count(*) FILTER (WHERE do_not_call)`.as('do_not_call'),
    ])
    .where('org_id', '=', orgId)
    .executeTakeFirstOrThrow();
}

// Tags

export function tagsOfPerson(tx: Tx, orgId: string, personId: string) {
  return tx
    .selectFrom('person_tags as pt')
    .innerJoin('tags as t', (j) => j.onRef('t.org_id', '=', 'pt.org_id').onRef('t.id', '=', 'pt.tag_id'))
    .select(['t.id', 't.name'])
    .where('pt.org_id', '=', orgId)
    .where('pt.person_id', '=', personId)
    .orderBy(sql`lower(t.name)`)
    .execute();
}

/** The ids of tags by name (case-insensitive), creating the missing ones. */
export async function ensureTags(tx: Tx, orgId: string, names: readonly string[]): Promise<string[]> {
  // The first spelling given wins when a name is repeated in another case.
  const byLower = new Map<string, string>();
  for (const name of names) if (!byLower.has(name.toLowerCase())) byLower.set(name.toLowerCase(), name);
  const unique = [...byLower.values()];
  if (unique.length === 0) return [];
  await tx
    .insertInto('tags')
    .values(unique.map((name) => ({ org_id: orgId, name })))
    .onConflict((oc) => oc.expression(sql`org_id, lower(name)`).doNothing())
    .execute();
  const rows = await tx
    .selectFrom('tags')
    .select('id')
    .where('org_id', '=', orgId)
    .where(sql<string>`lower(name)`, 'in', unique.map((n) => n.toLowerCase()))
    .execute();
  return rows.map((r) => r.id);
}

export async function tagPerson(tx: Tx, orgId: string, personId: string, tagIds: readonly string[]) {
  if (tagIds.length === 0) return;
  await tx
    .insertInto('person_tags')
    .values(tagIds.map((tagId) => ({ org_id: orgId, tag_id: tagId, person_id: personId })))
    .onConflict((oc) => oc.columns(['org_id', 'tag_id', 'person_id']).doNothing())
    .execute();
}

export function untagPerson(tx: Tx, orgId: string, personId: string, tagId: string) {
  return tx.deleteFrom('person_tags').where('org_id', '=', orgId).where('person_id', '=', personId).where('tag_id', '=', tagId).executeTakeFirst();
}

export function untagPersonEverywhere(tx: Tx, orgId: string, personId: string) {
  return tx.deleteFrom('person_tags').where('org_id', '=', orgId).where('person_id', '=', personId).executeTakeFirst();
}

/** Deletes those of these tags that no one carries any more. */
export function deleteUnusedTags(tx: Tx, orgId: string, tagIds: readonly string[]) {
  if (tagIds.length === 0) return Promise.resolve();
  return tx
    .deleteFrom('tags as t')
    .where('t.org_id', '=', orgId)
    .where('t.id', 'in', tagIds)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('person_tags as pt').select('pt.tag_id').whereRef('pt.org_id', '=', 't.org_id').whereRef('pt.tag_id', '=', 't.id'))),
    )
    .execute();
}

export function listTags(tx: Tx, orgId: string, prefix?: string) {
  let query = tx
    .selectFrom('tags as t')
    .leftJoin('person_tags as pt', (j) => j.onRef('pt.org_id', '=', 't.org_id').onRef('pt.tag_id', '=', 't.id'))
    .select(['t.id', 't.name', sql<string>`count(pt.person_id)`.as('count')])
    .where('t.org_id', '=', orgId)
    .groupBy(['t.id', 't.name'])
    .orderBy(sql`lower(t.name)`)
    .limit(1000);
  if (prefix) query = query.where(sql<string>`lower(t.name)`, 'like', `${prefix.toLowerCase().replace(/[\\%_]/g, '\\$&')}%`);
  return query.execute();
}

// Contact history

export function insertContact(tx: Tx, orgId: string, values: Omit<Insertable<ContactsTable>, 'org_id'>) {
  return tx
    .insertInto('contacts')
    .values({ ...values, org_id: orgId })
    .returning('id')
    .executeTakeFirstOrThrow();
}

function contactsQuery(tx: Tx, orgId: string) {
  return tx
    .selectFrom('contacts as c')
    .leftJoin('users as u', 'u.id', 'c.made_by')
    .selectAll('c')
    .select('u.name as made_by_name')
    .where('c.org_id', '=', orgId);
}
export type ContactRow = Awaited<ReturnType<ReturnType<typeof contactsQuery>['executeTakeFirstOrThrow']>>;

export function findContact(tx: Tx, orgId: string, id: string) {
  return contactsQuery(tx, orgId).where('c.id', '=', id).executeTakeFirstOrThrow();
}

/** A person's timeline, newest first: one page (`after` is the last row of the previous page) or all of it. */
export function listContacts(tx: Tx, orgId: string, personId: string, page: { limit?: number; after?: { madeAt: Date; id: string } | undefined }) {
  let query = contactsQuery(tx, orgId).where('c.person_id', '=', personId);
  if (page.after) query = query.where(sql<boolean>`(c.made_at, c.id) < (${page.after.madeAt}::timestamptz, ${page.after.id}::bigint)`);
  query = query.orderBy('c.made_at', 'desc').orderBy('c.id', 'desc');
  return (page.limit === undefined ? query : query.limit(page.limit)).execute();
}

/** Keeps the contact rows for counts but cuts them from the person and drops what was written. */
export function anonymiseContacts(tx: Tx, orgId: string, personId: string) {
  return tx.updateTable('contacts').set({ person_id: null, notes: null }).where('org_id', '=', orgId).where('person_id', '=', personId).executeTakeFirst();
}

/** Moves the person's last contact forward (never back: history can be entered late). */
export function touchLastContacted(tx: Tx, orgId: string, personId: string, at: Date) {
  return tx
    .updateTable('people')
    .set({ last_contacted_at: sql`greatest(last_contacted_at, ${at}::timestamptz)` })
    .where('org_id', '=', orgId)
    .where('id', '=', personId)
    .execute();
}

// Suppressions

export async function insertSuppressions(tx: Tx, orgId: string, rows: readonly { kind: 'phone' | 'email'; hash: Buffer; reason: string }[]) {
  if (rows.length === 0) return;
  await tx
    .insertInto('suppressions')
    .values(rows.map((r) => ({ org_id: orgId, kind: r.kind, value_hash: r.hash, reason: r.reason })))
    .onConflict((oc) => oc.columns(['org_id', 'kind', 'value_hash']).doNothing())
    .execute();
}

export function findSuppressions(tx: Tx, orgId: string, kind: 'phone' | 'email', hashes: readonly Buffer[]) {
  if (hashes.length === 0) return Promise.resolve([]);
  return tx
    .selectFrom('suppressions')
    .select('value_hash')
    .where('org_id', '=', orgId)
    .where('kind', '=', kind)
    .where('value_hash', 'in', hashes)
    .execute();
}

// Audit log

export function insertAudit(tx: Tx, orgId: string, entry: { userId: string | null; action: string; personId: string; details?: Record<string, unknown> }) {
  return tx
    .insertInto('audit_log')
    .values({
      org_id: orgId,
      user_id: entry.userId,
      action: entry.action,
      subject_type: 'person',
      subject_id: entry.personId,
      details: JSON.stringify(entry.details ?? {}),
    })
    .execute();
}

export function auditOfPerson(tx: Tx, orgId: string, personId: string) {
  return tx
    .selectFrom('audit_log as a')
    .leftJoin('users as u', 'u.id', 'a.user_id')
    .select(['a.action', 'a.created_at', 'u.name as user_name'])
    .where('a.org_id', '=', orgId)
    .where('a.subject_type', '=', 'person')
    .where('a.subject_id', '=', personId)
    .orderBy('a.created_at')
    .orderBy('a.id')
    .execute();
}

// Other features' rows that point at a person

/**
 * Every (table, column) holding a foreign key to people, found in the catalog so a feature added
 * later (list memberships, calls, sign-ups, proxies) is part of a GDPR export without this module
 * knowing it. People's own recruiter link, tags, contacts and additional e-mails and phones are exported by name elsewhere.
 */
export async function tablesReferencingPeople(tx: Tx) {
  const { rows } = await sql<{ table_name: string; column_name: string }>`
    SELECT c.conrelid::regclass::text AS table_name, a.attname AS column_name
    FROM pg_constraint c
    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
    WHERE c.contype = 'f'
      AND c.confrelid = 'people'::regclass
      AND c.conrelid <> 'people'::regclass
      AND c.conrelid::regclass::text NOT IN ('person_tags', 'contacts', 'person_emails', 'person_phones')
      AND a.attname <> 'org_id'
    ORDER BY 1, 2`.execute(tx);
  return rows;
}

/**
 * Clears the free-text notes of rows other features keep after an erasure for their counts (their
 * foreign key to people is ON DELETE SET NULL, e.g. calls): such a note may name the person.
 */
export async function clearNotesOfKeptRows(tx: Tx, orgId: string, personId: string) {
  const { rows } = await sql<{ table_name: string; column_name: string }>`
    SELECT c.conrelid::regclass::text AS table_name, a.attname AS column_name
    FROM pg_constraint c
    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
    WHERE c.contype = 'f'
      AND c.confrelid = 'people'::regclass
      AND c.confdeltype = 'n'
      AND c.conrelid <> 'people'::regclass
      AND a.attname <> 'org_id'
      AND EXISTS (SELECT 1 FROM pg_attribute n WHERE n.attrelid = c.conrelid AND n.attname = 'notes' AND NOT n.attisdropped)`.execute(tx);
  for (const ref of rows) {
    await sql`UPDATE ${sql.table(ref.table_name)} SET notes = NULL
      WHERE org_id = ${orgId} AND ${sql.ref(ref.column_name)} = ${personId}::bigint AND notes IS NOT NULL`.execute(tx);
  }
}

export async function rowsReferencingPerson(tx: Tx, orgId: string, table: string, column: string, personId: string) {
  const { rows } = await sql<{ row: Record<string, unknown> }>`
    SELECT to_jsonb(t) AS row FROM ${sql.table(table)} t
    WHERE t.org_id = ${orgId} AND ${sql.ref(`t.${column}`)} = ${personId}::bigint`.execute(tx);
  return rows.map((r) => r.row);
}

// Additional e-mails and phones (0019)

/** A person's additional e-mails and phones, oldest first. */
export async function extraContactsOf(tx: Tx, orgId: string, personId: string) {
  const emails = await tx.selectFrom('person_emails').select(['email']).where('org_id', '=', orgId).where('person_id', '=', personId).orderBy('id').execute();
  const phones = await tx
    .selectFrom('person_phones')
    .select(['kind', 'e164', 'raw', 'valid'])
    .where('org_id', '=', orgId)
    .where('person_id', '=', personId)
    .orderBy('id')
    .execute();
  return { emails: emails.map((e) => e.email), phones };
}
export type ExtraContacts = Awaited<ReturnType<typeof extraContactsOf>>;

/** Replaces the person's additional e-mails with these (already deduplicated). */
export async function replaceExtraEmails(tx: Tx, orgId: string, personId: string, emails: readonly string[]) {
  await tx.deleteFrom('person_emails').where('org_id', '=', orgId).where('person_id', '=', personId).execute();
  if (emails.length === 0) return;
  await tx
    .insertInto('person_emails')
    .values(emails.map((email) => ({ org_id: orgId, person_id: personId, email })))
    .execute();
}

/** Replaces the person's additional phones with these (already deduplicated). */
export async function replaceExtraPhones(
  tx: Tx,
  orgId: string,
  personId: string,
  phones: readonly { kind: 'mobile' | 'landline'; e164: string | null; raw: string; valid: boolean }[],
) {
  await tx.deleteFrom('person_phones').where('org_id', '=', orgId).where('person_id', '=', personId).execute();
  if (phones.length === 0) return;
  await tx
    .insertInto('person_phones')
    .values(phones.map((p) => ({ org_id: orgId, person_id: personId, kind: p.kind, e164: p.e164, raw: p.raw, valid: p.valid })))
    .execute();
}
