import type { z } from 'zod';
import type {
  List,
  ListContentsQuerySchema,
  ListCreateSchema,
  ListFreezeSchema,
  ListMembersChangeSchema,
  ListUpdateSchema,
  PeopleCountSchema,
  PeoplePage,
  PeopleSearchSchema,
} from '../../../shared/contracts/lists.js';
import { EVERYONE, FilterSchema, isGroup, type FilterNode } from '../../../shared/people/filter.js';
import type { AppContext } from '../../platform/context.js';
import { inOrg, type Tx } from '../../platform/db/database.js';
import type { OrgActor } from '../../platform/http/actor.js';
import { AppError, notFound } from '../../platform/http/errors.js';
import { decodeCursor, encodeCursor, presentList, presentPersonRow } from './lists.mappers.js';
import * as repo from './lists.repository.js';

/** Searching people with filters, and saved lists: dynamic (a saved filter) or static (frozen). */

function run<T>(ctx: AppContext, actor: OrgActor, fn: (tx: Tx, orgId: string) => Promise<T>): Promise<T> {
  return inOrg(ctx.database.db, { orgId: actor.org.id, userId: actor.user.id }, (tx) => fn(tx, actor.org.id));
}

type PageQuery = { cursor?: string | null | undefined; limit: number; sort: 'name' | 'newest'; withCount: boolean };

async function pageOf(tx: Tx, orgId: string, selection: repo.PeopleSelection, query: PageQuery): Promise<PeoplePage> {
  const after = decodeCursor(query.cursor, query.sort);
  const rows = await repo.pagePeople(tx, orgId, selection, { sort: query.sort, after, limit: query.limit });
  const page = rows.slice(0, query.limit);
  const tags = await repo.tagsOfPeople(tx, orgId, page.map((r) => r.id));
  const tagsByPerson = new Map<string, { id: string; name: string }[]>();
  for (const t of tags) tagsByPerson.set(t.person_id, [...(tagsByPerson.get(t.person_id) ?? []), t]);
  const last = page.at(-1);
  return {
    rows: page.map((r) => presentPersonRow(r, tagsByPerson.get(r.id) ?? [])),
    // The count of the first page only needs to be asked once; later pages can skip it.
    count: query.withCount ? await repo.countPeople(tx, orgId, selection) : null,
    nextCursor: rows.length > query.limit && last !== undefined ? encodeCursor(query.sort, last) : null,
  };
}

/**
 * The people matching a filter, one page at a time, with how many match in all: the people page
 * and any screen that picks people.
 */
export function searchPeople(ctx: AppContext, actor: OrgActor, input: z.output<typeof PeopleSearchSchema>): Promise<PeoplePage> {
  return run(ctx, actor, (tx, orgId) => pageOf(tx, orgId, { filter: input.filter }, input));
}

function usesSearch(node: FilterNode): boolean {
  return isGroup(node) ? node.children.some(usesSearch) : node.type === 'search';
}

/**
 * How many people match a filter, for those who may see counts but not profiles (viewers).
 * A name or phone search is refused to them: "how many Jean Dupont are strong opponents" would
 * reveal a profile through a count.
 */
export function countPeople(ctx: AppContext, actor: OrgActor, input: z.output<typeof PeopleCountSchema>): Promise<{ count: number }> {
  if (usesSearch(input.filter) && !actor.org.capabilities.has('people.read')) {
    throw new AppError('validation_failed', { fields: [{ path: 'filter', message: 'validation:search_needs_people_read' }] });
  }
  return run(ctx, actor, async (tx, orgId) => ({ count: await repo.countPeople(tx, orgId, { filter: input.filter }) }));
}

/** Which people a list holds: its filter, or its frozen members. */
export function selectionOf(list: { kind: 'dynamic' | 'static'; id: string; filter: unknown }): repo.PeopleSelection {
  if (list.kind === 'dynamic') return { filter: FilterSchema.parse(list.filter) };
  return { filter: EVERYONE, staticListId: list.id };
}

async function loadList(tx: Tx, orgId: string, listId: string): Promise<List> {
  const row = await repo.findList(tx, orgId, listId);
  if (!row) throw notFound();
  return presentList(row);
}

export function listLists(ctx: AppContext, actor: OrgActor): Promise<{ lists: List[] }> {
  return run(ctx, actor, async (tx, orgId) => ({ lists: (await repo.allLists(tx, orgId)).map(presentList) }));
}

export function getList(ctx: AppContext, actor: OrgActor, listId: string): Promise<List> {
  return run(ctx, actor, (tx, orgId) => loadList(tx, orgId, listId));
}

/**
 * Saves a list. A dynamic list keeps the filter and is evaluated whenever it is read; a static
 * list takes the people matching the filter now (and any people named) and keeps exactly them.
 */
export function createList(ctx: AppContext, actor: OrgActor, input: z.output<typeof ListCreateSchema>): Promise<List> {
  return run(ctx, actor, async (tx, orgId) => {
    const listId = await repo.insertList(tx, orgId, {
      name: input.name,
      description: input.description,
      kind: input.kind,
      filter: input.filter ?? null,
      createdBy: actor.user.id,
      now: ctx.clock(),
    });
    if (input.kind === 'static') {
      if (input.filter !== undefined) await repo.addSelectionToList(tx, orgId, listId, { filter: input.filter });
      await repo.addMembers(tx, orgId, listId, input.personIds ?? []);
    }
    return loadList(tx, orgId, listId);
  });
}

export function updateList(ctx: AppContext, actor: OrgActor, listId: string, input: z.output<typeof ListUpdateSchema>): Promise<List> {
  return run(ctx, actor, async (tx, orgId) => {
    const list = await repo.lockList(tx, orgId, listId);
    if (!list) throw notFound();
    if (input.filter !== undefined && list.kind !== 'dynamic') {
      throw new AppError('validation_failed', { fields: [{ path: 'filter', message: 'validation:list_not_dynamic' }] });
    }
    await repo.updateList(tx, orgId, listId, { ...input, now: ctx.clock() });
    return loadList(tx, orgId, listId);
  });
}

export function deleteList(ctx: AppContext, actor: OrgActor, listId: string): Promise<{ ok: true }> {
  return run(ctx, actor, async (tx, orgId) => {
    const deleted = await repo.deleteList(tx, orgId, listId);
    if (deleted.numDeletedRows === 0n) throw notFound();
    return { ok: true as const };
  });
}

/**
 * Freezes a list's current people into a new static list (the list itself is left as it is): the
 * campaign keeps "who we called on the first weekend" while the dynamic list moves on.
 */
export function freezeList(ctx: AppContext, actor: OrgActor, listId: string, input: z.output<typeof ListFreezeSchema>): Promise<List> {
  return run(ctx, actor, async (tx, orgId) => {
    const source = await repo.lockList(tx, orgId, listId);
    if (!source) throw notFound();
    const now = ctx.clock();
    const filter = source.filter === null ? null : FilterSchema.parse(source.filter);
    const frozenId = await repo.insertList(tx, orgId, {
      name: input.name ?? `${source.name} (${now.toISOString().slice(0, 10)})`.slice(0, 200),
      description: '',
      kind: 'static',
      filter,
      createdBy: actor.user.id,
      now,
    });
    await repo.addSelectionToList(tx, orgId, frozenId, selectionOf(source));
    return loadList(tx, orgId, frozenId);
  });
}

/** Adds people to and removes people from a static list; people of other organizations are ignored. */
export function changeListMembers(ctx: AppContext, actor: OrgActor, listId: string, input: z.output<typeof ListMembersChangeSchema>) {
  return run(ctx, actor, async (tx, orgId) => {
    const list = await repo.lockList(tx, orgId, listId);
    if (!list) throw notFound();
    if (list.kind !== 'static') throw new AppError('validation_failed', { fields: [{ path: 'add', message: 'validation:list_not_static' }] });
    const removed = await repo.removeMembers(tx, orgId, listId, input.remove);
    const added = await repo.addMembers(tx, orgId, listId, input.add);
    await repo.touchList(tx, orgId, listId, ctx.clock());
    return { added, removed, memberCount: await repo.countMembers(tx, orgId, listId) };
  });
}

/** A list's people, a page at a time, with the total. */
export function listContents(ctx: AppContext, actor: OrgActor, listId: string, query: z.output<typeof ListContentsQuerySchema>): Promise<PeoplePage> {
  return run(ctx, actor, async (tx, orgId) => {
    const list = await repo.findList(tx, orgId, listId);
    if (!list) throw notFound();
    return pageOf(tx, orgId, selectionOf(list), query);
  });
}
