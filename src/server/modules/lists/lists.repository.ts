import { sql, type Expression, type SqlBool } from 'kysely';
import type { FilterGroup } from '../../../shared/people/filter.js';
import type { Tx } from '../../platform/db/database.js';
import type { ListKind } from '../../platform/db/schema.js';
import { countTagsAndLevels, filterExpression, tagsAndLevelsOnly, type PeopleExpressionBuilder } from './filter.sql.js';

/** Kysely queries of the lists module; every function takes the organization first. */

/** Which people a query is about: a filter, within a static list's members when given. */
export interface PeopleSelection {
  filter: FilterGroup;
  staticListId?: string | undefined;
}

export type PeopleSort = 'name' | 'newest';

/** Where a page starts: after this row in the sort's order. */
export type PageAfter = { sort: 'name'; lastName: string; firstName: string; id: string } | { sort: 'newest'; id: string };

function selectionWhere(eb: PeopleExpressionBuilder, selection: PeopleSelection): Expression<SqlBool> {
  const parts = [filterExpression(eb, selection.filter)];
  if (selection.staticListId !== undefined) {
    parts.push(
      eb.exists(
        eb
          .selectFrom('list_members as lm')
          .select(eb.lit(1).as('one'))
          .whereRef('lm.org_id', '=', 'p.org_id')
          .where('lm.list_id', '=', selection.staticListId)
          .whereRef('lm.person_id', '=', 'p.id'),
      ),
    );
  }
  return eb.and(parts);
}

/** The people of a selection, as `people as p`, limited to the organization. */
export function selectPeople(tx: Tx, orgId: string, selection: PeopleSelection) {
  return tx
    .selectFrom('people as p')
    .where('p.org_id', '=', orgId)
    .where((eb) => selectionWhere(eb, selection));
}

/**
 * How many people a selection holds. The hot count: with the indexes of 0006_lists.sql a
 * support-level-and-flags filter is an index-only scan of people_support_flags, a narrow filter
 * (polling station, tag, search) a bitmap scan of its own index; see filter.sql.ts.
 */
export async function countPeople(tx: Tx, orgId: string, selection: PeopleSelection): Promise<number> {
  const tagsAndLevels = selection.staticListId === undefined ? tagsAndLevelsOnly(selection.filter) : null;
  if (tagsAndLevels) return countTagsAndLevels(tx, orgId, tagsAndLevels);
  // "Tag X and levels 2–4 and a valid mobile" hashes the tag's people: with the default 4 MB a 300,000-person tag
  // spills to disk in batches; 32 MB holds about 700,000 ids. For this transaction only.
  await sql`SET LOCAL work_mem = '32MB'`.execute(tx);
  const row = await selectPeople(tx, orgId, selection)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

const ROW_COLUMNS = [
  'p.id',
  'p.first_name',
  'p.last_name',
  'p.email',
  'p.mobile_e164',
  'p.mobile_valid',
  'p.phone_e164',
  'p.phone_valid',
  'p.city',
  'p.postal_code',
  'p.commune_code',
  'p.polling_station_code',
  'p.constituency_code',
  'p.support_level',
  'p.is_volunteer',
  'p.do_not_call',
  'p.do_not_email',
  'p.do_not_text',
  'p.created_at',
  'p.last_contacted_at',
] as const;

/**
 * One page of a selection in a stable order, starting after the previous page's last row
 * (keyset pagination: no OFFSET, so page 500 costs what page 1 costs). Asks for `limit + 1` rows
 * so the caller knows whether another page follows.
 *
 * The hot page query, sorted by name: `ORDER BY last_name, first_name, id` with
 * `(last_name, first_name, id) > ($1, $2, $3)` walks people_name_order (org_id, last_name,
 * first_name, id) and stops after limit + 1 matches. For a broad filter that is a few hundred
 * index entries; for a narrow one the planner rather takes the narrow index and sorts the few
 * matches. Sorted by newest: the primary key (org_id, id) backwards.
 */
export function pagePeople(tx: Tx, orgId: string, selection: PeopleSelection, page: { sort: PeopleSort; after: PageAfter | null; limit: number }) {
  let query = selectPeople(tx, orgId, selection).select(ROW_COLUMNS);
  const after = page.after;
  if (page.sort === 'name') {
    if (after?.sort === 'name') {
      query = query.where((eb) => eb(eb.refTuple('p.last_name', 'p.first_name', 'p.id'), '>', eb.tuple(after.lastName, after.firstName, after.id)));
    }
    query = query.orderBy('p.last_name').orderBy('p.first_name').orderBy('p.id');
  } else {
    if (after?.sort === 'newest') query = query.where('p.id', '<', after.id);
    query = query.orderBy('p.id', 'desc');
  }
  return query.limit(page.limit + 1).execute();
}
export type PersonRowRecord = Awaited<ReturnType<typeof pagePeople>>[number];

/** The tags of the people on a page. */
export async function tagsOfPeople(tx: Tx, orgId: string, personIds: readonly string[]) {
  if (personIds.length === 0) return [];
  return tx
    .selectFrom('person_tags as pt')
    .innerJoin('tags as t', (j) => j.onRef('t.org_id', '=', 'pt.org_id').onRef('t.id', '=', 'pt.tag_id'))
    .select(['pt.person_id', 't.id', 't.name'])
    .where('pt.org_id', '=', orgId)
    .where('pt.person_id', 'in', personIds)
    .orderBy('t.name')
    .execute();
}

/** Which of these tag ids exist in the organization. */
export async function existingTagIds(tx: Tx, orgId: string, tagIds: readonly string[]): Promise<Set<string>> {
  if (tagIds.length === 0) return new Set();
  const rows = await tx.selectFrom('tags').select('id').where('org_id', '=', orgId).where('id', 'in', tagIds).execute();
  return new Set(rows.map((r) => r.id));
}

// Lists

const LIST_COLUMNS = ['l.id', 'l.name', 'l.description', 'l.kind', 'l.filter', 'l.created_at', 'l.updated_at'] as const;

function listsQuery(tx: Tx, orgId: string) {
  return tx
    .selectFrom('lists as l')
    .select(LIST_COLUMNS)
    .select((eb) =>
      eb
        .case()
        .when('l.kind', '=', 'static')
        .then(
          eb
            .selectFrom('list_members as lm')
            .select((eb2) => eb2.fn.countAll<string>().as('n'))
            .whereRef('lm.org_id', '=', 'l.org_id')
            .whereRef('lm.list_id', '=', 'l.id'),
        )
        .end()
        .as('member_count'),
    )
    .where('l.org_id', '=', orgId);
}
export type ListRecord = NonNullable<Awaited<ReturnType<ReturnType<typeof listsQuery>['executeTakeFirst']>>>;

export function findList(tx: Tx, orgId: string, listId: string) {
  return listsQuery(tx, orgId).where('l.id', '=', listId).executeTakeFirst();
}

/** Locks a list row for a change of its members or definition. */
export function lockList(tx: Tx, orgId: string, listId: string) {
  return tx.selectFrom('lists').select(['id', 'kind', 'name', 'filter']).where('org_id', '=', orgId).where('id', '=', listId).forUpdate().executeTakeFirst();
}

export function allLists(tx: Tx, orgId: string) {
  return listsQuery(tx, orgId).orderBy('l.updated_at', 'desc').orderBy('l.id', 'desc').limit(1000).execute();
}

export async function insertList(
  tx: Tx,
  orgId: string,
  values: { name: string; description: string; kind: ListKind; filter: FilterGroup | null; createdBy: string | null; now: Date },
): Promise<string> {
  const row = await tx
    .insertInto('lists')
    .values({
      org_id: orgId,
      name: values.name,
      description: values.description,
      kind: values.kind,
      filter: values.filter === null ? null : JSON.stringify(values.filter),
      created_by: values.createdBy,
      created_at: values.now,
      updated_at: values.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export function updateList(tx: Tx, orgId: string, listId: string, values: { name?: string | undefined; description?: string | undefined; filter?: FilterGroup | undefined; now: Date }) {
  return tx
    .updateTable('lists')
    .set({
      ...(values.name !== undefined ? { name: values.name } : {}),
      ...(values.description !== undefined ? { description: values.description } : {}),
      ...(values.filter !== undefined ? { filter: JSON.stringify(values.filter) } : {}),
      updated_at: values.now,
    })
    .where('org_id', '=', orgId)
    .where('id', '=', listId)
    .executeTakeFirst();
}

export function touchList(tx: Tx, orgId: string, listId: string, now: Date) {
  return tx.updateTable('lists').set({ updated_at: now }).where('org_id', '=', orgId).where('id', '=', listId).execute();
}

export function deleteList(tx: Tx, orgId: string, listId: string) {
  return tx.deleteFrom('lists').where('org_id', '=', orgId).where('id', '=', listId).executeTakeFirst();
}

/** Makes the people of a selection members of a static list, in one statement. */
export async function addSelectionToList(tx: Tx, orgId: string, listId: string, selection: PeopleSelection): Promise<number> {
  const result = await tx
    .insertInto('list_members')
    .columns(['org_id', 'list_id', 'person_id'])
    .expression(selectPeople(tx, orgId, selection).select(['p.org_id', sql<string>`${listId}::bigint`.as('list_id'), 'p.id']))
    .onConflict((oc) => oc.columns(['org_id', 'list_id', 'person_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n);
}

/** Adds these people (those that exist in the organization) to a static list. */
export async function addMembers(tx: Tx, orgId: string, listId: string, personIds: readonly string[]): Promise<number> {
  if (personIds.length === 0) return 0;
  const result = await tx
    .insertInto('list_members')
    .columns(['org_id', 'list_id', 'person_id'])
    .expression(
      tx
        .selectFrom('people as p')
        .select(['p.org_id', sql<string>`${listId}::bigint`.as('list_id'), 'p.id'])
        .where('p.org_id', '=', orgId)
        .where(anyId('p.id', personIds)),
    )
    .onConflict((oc) => oc.columns(['org_id', 'list_id', 'person_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n);
}

export async function removeMembers(tx: Tx, orgId: string, listId: string, personIds: readonly string[]): Promise<number> {
  if (personIds.length === 0) return 0;
  const result = await tx.deleteFrom('list_members').where('org_id', '=', orgId).where('list_id', '=', listId).where(anyId('person_id', personIds)).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function countMembers(tx: Tx, orgId: string, listId: string): Promise<number> {
  const row = await tx
    .selectFrom('list_members')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('org_id', '=', orgId)
    .where('list_id', '=', listId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** `column = ANY($1::bigint[])`: one parameter for a chunk of thousands of ids. */
function anyId(column: string, ids: readonly string[]): Expression<SqlBool> {
  return sql<SqlBool>`${sql.ref(column)} = ANY(${ids}::bigint[])`;
}

// Batch updates: one chunk of ids at a time, by keyset on id.

/** The next `limit` people of a selection after `afterId`, in id order. */
export async function nextIds(tx: Tx, orgId: string, selection: PeopleSelection, afterId: string | null, limit: number): Promise<string[]> {
  let query = selectPeople(tx, orgId, selection).select('p.id');
  if (afterId !== null) query = query.where('p.id', '>', afterId);
  const rows = await query.orderBy('p.id').limit(limit).execute();
  return rows.map((r) => r.id);
}

export async function addTagsTo(tx: Tx, orgId: string, personIds: readonly string[], tagIds: readonly string[]): Promise<number> {
  const result = await sql`
    INSERT INTO person_tags (org_id, tag_id, person_id)
    SELECT ${orgId}::uuid, t, p FROM unnest(${tagIds}::bigint[]) AS t, unnest(${personIds}::bigint[]) AS p
    ON CONFLICT DO NOTHING`.execute(tx);
  return Number(result.numAffectedRows ?? 0n);
}

export async function removeTagsFrom(tx: Tx, orgId: string, personIds: readonly string[], tagIds: readonly string[]): Promise<number> {
  const result = await tx.deleteFrom('person_tags').where('org_id', '=', orgId).where('tag_id', 'in', tagIds).where(anyId('person_id', personIds)).executeTakeFirst();
  return Number(result.numDeletedRows);
}

const FLAG_COLUMNS = {
  doNotCall: ['do_not_call', 'do_not_call_at', 'do_not_call_reason'],
  doNotEmail: ['do_not_email', 'do_not_email_at', 'do_not_email_reason'],
  doNotText: ['do_not_text', 'do_not_text_at', 'do_not_text_reason'],
} as const;

/** Only rows that change are written: a flag set long ago keeps its date and reason. */
export async function setFlagOn(tx: Tx, orgId: string, personIds: readonly string[], flag: keyof typeof FLAG_COLUMNS, value: boolean, reason: string | null, now: Date): Promise<number> {
  const [column, atColumn, reasonColumn] = FLAG_COLUMNS[flag];
  const result = await tx
    .updateTable('people')
    .set({ [column]: value, [atColumn]: now, [reasonColumn]: reason, updated_at: now })
    .where('org_id', '=', orgId)
    .where(anyId('id', personIds))
    .where(column, '<>', value)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function setSupportLevelOn(tx: Tx, orgId: string, personIds: readonly string[], level: number | null, now: Date): Promise<number> {
  const result = await tx
    .updateTable('people')
    .set({ support_level: level, updated_at: now })
    .where('org_id', '=', orgId)
    .where(anyId('id', personIds))
    .where(sql<SqlBool>`support_level IS DISTINCT FROM ${level}::smallint`)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function setVolunteerOn(tx: Tx, orgId: string, personIds: readonly string[], value: boolean, now: Date): Promise<number> {
  const result = await tx
    .updateTable('people')
    .set({ is_volunteer: value, updated_at: now })
    .where('org_id', '=', orgId)
    .where(anyId('id', personIds))
    .where('is_volunteer', '<>', value)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** What a deletion needs to know to keep objectors' suppression entries: every e-mail and phone of theirs. */
export function objectorsAmong(tx: Tx, orgId: string, personIds: readonly string[]) {
  return tx
    .selectFrom('people as p')
    .select(['p.id', 'p.email', 'p.mobile_e164', 'p.mobile_raw', 'p.phone_e164', 'p.phone_raw'])
    .select((eb) => [
      sql<string[]>`coalesce((${eb.selectFrom('person_emails as e').select(sql`array_agg(e.email)`.as('a')).whereRef('e.org_id', '=', 'p.org_id').whereRef('e.person_id', '=', 'p.id')}), '{}')`.as('extra_emails'),
      sql<string[]>`coalesce((${eb.selectFrom('person_phones as f').select(sql`array_agg(coalesce(f.e164, f.raw))`.as('a')).whereRef('f.org_id', '=', 'p.org_id').whereRef('f.person_id', '=', 'p.id')}), '{}')`.as('extra_phones'),
    ])
    .where('p.org_id', '=', orgId)
    .where(anyId('p.id', personIds))
    .where((eb) => eb.or([eb('p.do_not_call', '=', true), eb('p.do_not_email', '=', true), eb('p.do_not_text', '=', true)]))
    .execute();
}

export async function insertSuppressions(tx: Tx, orgId: string, rows: readonly { kind: 'phone' | 'email'; hash: Buffer }[]) {
  if (rows.length === 0) return;
  await tx
    .insertInto('suppressions')
    .values(rows.map((r) => ({ org_id: orgId, kind: r.kind, value_hash: r.hash, reason: 'objection' })))
    .onConflict((oc) => oc.columns(['org_id', 'kind', 'value_hash']).doNothing())
    .execute();
}

/**
 * Deletes people: their contact rows stay for the campaign's counts, cut from them and without
 * notes (as the people module does for one person); tags and list memberships go with them.
 */
export async function deletePeople(tx: Tx, orgId: string, personIds: readonly string[]): Promise<number> {
  await tx.updateTable('contacts').set({ person_id: null, notes: null }).where('org_id', '=', orgId).where(anyId('person_id', personIds)).execute();
  const result = await tx.deleteFrom('people').where('org_id', '=', orgId).where(anyId('id', personIds)).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export function insertAudit(tx: Tx, orgId: string, entry: { userId: string | null; action: string; subjectType: string; subjectId: string; details: Record<string, unknown> }) {
  return tx
    .insertInto('audit_log')
    .values({ org_id: orgId, user_id: entry.userId, action: entry.action, subject_type: entry.subjectType, subject_id: entry.subjectId, details: JSON.stringify(entry.details) })
    .execute();
}
