import { sql, type RawBuilder, type Selectable } from 'kysely';
import type { Path, PathAddPeople, PathBoard, PathCreate, PathEvent, PathPerson, PathPersonRow, PathSummary, PathUpdate, PersonPath } from '../../../shared/contracts/paths.js';
import { defaultPathTemplate } from '../../../shared/paths/default-path.js';
import type { FieldError } from '../../../shared/errors.js';
import type { AppContext } from '../../platform/context.js';
import { inOrg, type Tx } from '../../platform/db/database.js';
import type { PathEventsTable, PathPeopleTable, PathReasonKind } from '../../platform/db/schema.js';
import type { OrgActor } from '../../platform/http/actor.js';
import { AppError, notFound } from '../../platform/http/errors.js';
import { enqueueJob } from '../../platform/jobs/jobs.js';
import { countPeople, selectionOf, type PeopleSelection } from '../lists/index.js';
import { ADD_PEOPLE_JOB, type AddPeoplePayload } from './paths.jobs.js';
import * as repo from './paths.repository.js';

const isDbId = (id: string) => /^\d{1,18}$/.test(id);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function scope(actor: OrgActor) {
  return { orgId: actor.org.id, userId: actor.user.id };
}

function invalid(path: string, key: string): AppError {
  return new AppError('validation_failed', { fields: [{ path, message: `validation:${key}` }] });
}

/** Where a person stands on a path, as the API shows it. */
export function toPathPerson(row: Selectable<PathPeopleTable>): PathPerson {
  return {
    pathId: row.path_id,
    personId: row.person_id,
    status: row.status,
    stepId: row.step_id,
    reasonId: row.reason_id,
    pointPersonId: row.point_person_id,
    addedAt: row.added_at.toISOString(),
    stepEnteredAt: row.step_entered_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
  };
}

function toEvent(row: Selectable<PathEventsTable>): PathEvent {
  return {
    id: row.id,
    kind: row.kind,
    fromStepId: row.from_step_id,
    toStepId: row.to_step_id,
    reasonId: row.reason_id,
    pointPersonId: row.point_person_id,
    byUserId: row.by_user_id,
    callId: row.call_id,
    at: row.at.toISOString(),
  };
}

async function loadPath(tx: Tx, orgId: string, pathId: string): Promise<Path> {
  const path = await repo.selectPath(tx, orgId, pathId);
  if (!path) throw notFound();
  const [steps, reasons] = await Promise.all([repo.selectSteps(tx, orgId, pathId), repo.selectReasons(tx, orgId, pathId)]);
  return {
    id: path.id,
    name: path.name,
    description: path.description,
    steps: steps.map((s) => ({ id: s.id, name: s.name, position: s.position, key: s.key })),
    reasons: reasons.map((r) => ({ id: r.id, kind: r.kind, label: r.label, key: r.key })),
  };
}

/** The organization's paths, with how many people are on each, finished or not. */
export async function listPaths(ctx: AppContext, actor: OrgActor): Promise<PathSummary[]> {
  const rows = await inOrg(ctx.database.db, scope(actor), (tx) => repo.selectPathsWithCounts(tx, actor.org.id));
  return rows.map((r) => ({ id: r.id, name: r.name, description: r.description, active: Number(r.active), completed: Number(r.completed), abandoned: Number(r.abandoned) }));
}

/**
 * Creates a path. Without steps, it gets the default call path in the organization's language
 * (steps and reasons keyed so call outcomes can move people along it); `template: 'empty'` gives
 * one step named after the path.
 */
export async function createPath(ctx: AppContext, actor: OrgActor, input: PathCreate): Promise<Path> {
  return inOrg(ctx.database.db, scope(actor), async (tx) => {
    const orgId = actor.org.id;
    const { id } = await repo.insertPath(tx, orgId, { name: input.name, description: input.description ?? '', userId: actor.user.id, now: ctx.clock() });
    const locale = await organizationLocale(tx, orgId);
    const template = input.steps || input.template === 'empty' ? null : defaultPathTemplate(locale);
    const steps = input.steps?.map((s) => ({ name: s.name, key: null })) ?? template?.steps ?? [{ name: locale === 'fr' ? 'À contacter' : 'To contact', key: null }];
    const reasons = input.reasons?.map((r) => ({ kind: r.kind, label: r.label, key: null })) ?? template?.reasons ?? [];
    await repo.insertSteps(tx, orgId, id, steps.map((s, position) => ({ ...s, position })));
    await repo.insertReasons(tx, orgId, id, reasons.map((r, position) => ({ ...r, position })));
    return loadPath(tx, orgId, id);
  });
}

/** A path with its steps in order and its reasons. */
export function getPath(ctx: AppContext, actor: OrgActor, pathId: string): Promise<Path> {
  return inOrg(ctx.database.db, scope(actor), (tx) => loadPath(tx, actor.org.id, pathId));
}

/**
 * Saves a path's name and structure. Steps and reasons with an id are kept (renamed, reordered),
 * others added, missing ones removed, unless people still stand on that step or finished with that
 * reason: moving them first is the organizer's call, not ours.
 */
export async function updatePath(ctx: AppContext, actor: OrgActor, pathId: string, input: PathUpdate): Promise<Path> {
  return inOrg(ctx.database.db, scope(actor), async (tx) => {
    const orgId = actor.org.id;
    const path = await repo.selectPath(tx, orgId, pathId, { lock: true });
    if (!path) throw notFound();
    const now = ctx.clock();
    await repo.updatePathRow(tx, orgId, pathId, { ...(input.name !== undefined ? { name: input.name } : {}), ...(input.description !== undefined ? { description: input.description } : {}), now });

    if (input.steps) {
      const existing = new Set((await repo.selectSteps(tx, orgId, pathId)).map((s) => s.id));
      const errors: FieldError[] = [];
      input.steps.forEach((s, i) => {
        if (s.id !== undefined && !existing.has(s.id)) errors.push({ path: `steps.${i}.id`, message: 'validation:path_unknown_step' });
      });
      if (errors.length > 0) throw new AppError('validation_failed', { fields: errors });
      const kept = new Set(input.steps.flatMap((s) => (s.id ? [s.id] : [])));
      const removed = [...existing].filter((id) => !kept.has(id));
      if ((await repo.countPeopleUsing(tx, orgId, pathId, 'step_id', removed)) > 0) throw invalid('steps', 'path_step_in_use');
      await repo.deleteSteps(tx, orgId, pathId, removed);
      // The position constraint is deferred: positions may cross while rows are renumbered.
      for (const [position, step] of input.steps.entries()) {
        if (step.id) await repo.updateStep(tx, orgId, pathId, step.id, { name: step.name, position });
        else await repo.insertSteps(tx, orgId, pathId, [{ name: step.name, position }]);
      }
    }

    if (input.reasons) {
      const existing = new Map((await repo.selectReasons(tx, orgId, pathId)).map((r) => [r.id, r.kind]));
      const errors: FieldError[] = [];
      const kindChanged: string[] = [];
      input.reasons.forEach((r, i) => {
        if (r.id === undefined) return;
        const kind = existing.get(r.id);
        if (kind === undefined) errors.push({ path: `reasons.${i}.id`, message: 'validation:path_unknown_reason' });
        else if (kind !== r.kind) kindChanged.push(r.id);
      });
      if (errors.length > 0) throw new AppError('validation_failed', { fields: errors });
      const kept = new Set(input.reasons.flatMap((r) => (r.id ? [r.id] : [])));
      const removed = [...existing.keys()].filter((id) => !kept.has(id));
      // A finished person's status must keep matching their reason's kind.
      if ((await repo.countPeopleUsing(tx, orgId, pathId, 'reason_id', [...removed, ...kindChanged])) > 0) throw invalid('reasons', 'path_reason_in_use');
      await repo.deleteReasons(tx, orgId, pathId, removed);
      for (const [position, reason] of input.reasons.entries()) {
        if (reason.id) await repo.updateReason(tx, orgId, pathId, reason.id, { kind: reason.kind, label: reason.label, position });
        else await repo.insertReasons(tx, orgId, pathId, [{ kind: reason.kind, label: reason.label, position }]);
      }
    }
    return loadPath(tx, orgId, pathId);
  });
}

/** Deletes a path, who was on it and their history on it. */
export async function deletePath(ctx: AppContext, actor: OrgActor, pathId: string): Promise<void> {
  const deleted = await inOrg(ctx.database.db, scope(actor), (tx) => repo.deletePathRow(tx, actor.org.id, pathId));
  if (deleted.numDeletedRows === 0n) throw notFound();
}

/** The board: people per step (in order), completed per reason, abandoned per reason. */
export async function pathBoard(ctx: AppContext, actor: OrgActor, pathId: string): Promise<PathBoard> {
  return inOrg(ctx.database.db, scope(actor), async (tx) => {
    const orgId = actor.org.id;
    if (!(await repo.selectPath(tx, orgId, pathId))) throw notFound();
    const [steps, reasons, total] = await Promise.all([repo.countPerStep(tx, orgId, pathId), repo.countPerReason(tx, orgId, pathId), repo.countOnPath(tx, orgId, pathId)]);
    const byKind = (kind: PathReasonKind) => reasons.filter((r) => r.kind === kind).map((r) => ({ reasonId: r.id, label: r.label, count: Number(r.n) }));
    return {
      pathId,
      steps: steps.map((s) => ({ stepId: s.id, name: s.name, count: Number(s.n) })),
      completed: byKind('completion'),
      abandoned: byKind('abandon'),
      total,
    };
  });
}

/** One page of a path's people (a step's, a reason's, a point person's), with the total. */
export async function listPathPeople(
  ctx: AppContext,
  actor: OrgActor,
  pathId: string,
  query: repo.PathPeopleFilter & { limit: number; after?: string | undefined },
): Promise<{ people: PathPersonRow[]; total: number; nextCursor: string | null }> {
  return inOrg(ctx.database.db, scope(actor), async (tx) => {
    const orgId = actor.org.id;
    if (!(await repo.selectPath(tx, orgId, pathId))) throw notFound();
    const filter = { status: query.status, stepId: query.stepId, reasonId: query.reasonId, pointPersonId: query.pointPersonId };
    const [rows, total] = await Promise.all([
      repo.selectPathPeoplePage(tx, orgId, pathId, filter, { limit: query.limit, after: query.after }),
      repo.countPathPeople(tx, orgId, pathId, filter),
    ]);
    const people = rows.map((r) => ({ ...toPathPerson(r), firstName: r.first_name, lastName: r.last_name, city: r.city, pointPersonName: r.point_person_name }));
    const last = rows.at(-1);
    return { people, total, nextCursor: rows.length === query.limit && last ? last.person_id : null };
  });
}

/**
 * Queues the job that puts people on a path (at `stepId`, else the first step), so a list of tens
 * of thousands does not hold a request open. People already on the path stay where they are. A
 * dynamic list's filter is copied now: editing the list later does not change this job.
 */
export async function addPeopleToPath(ctx: AppContext, actor: OrgActor, pathId: string, input: PathAddPeople): Promise<{ jobId: string; total: number }> {
  return inOrg(ctx.database.db, scope(actor), async (tx) => {
    const orgId = actor.org.id;
    if (!(await repo.selectPath(tx, orgId, pathId))) throw notFound();
    const stepId = input.stepId ?? (await repo.selectFirstStep(tx, orgId, pathId))?.id;
    if (!stepId || !(await repo.selectStep(tx, orgId, pathId, stepId))) throw invalid('stepId', 'path_unknown_step');
    if (input.pointPersonId && !(await repo.memberExists(tx, orgId, input.pointPersonId))) throw invalid('pointPersonId', 'unknown_member');
    const base = { pathId, stepId, pointPersonId: input.pointPersonId ?? null };
    let payload: AddPeoplePayload;
    let total: number;
    if (input.personIds) {
      const personIds = [...new Set(input.personIds)];
      payload = { ...base, personIds };
      total = personIds.length;
    } else {
      let selection: PeopleSelection;
      if (input.listId !== undefined) {
        const list = await repo.selectList(tx, orgId, input.listId);
        if (!list) throw invalid('listId', 'path_unknown_list');
        selection = selectionOf(list);
      } else {
        selection = { filter: input.filter ?? { op: 'and', children: [] } };
      }
      payload = { ...base, selection };
      total = await countPeople(tx, orgId, selection);
    }
    const jobId = await enqueueJob(tx, scope(actor), ADD_PEOPLE_JOB, { ...payload }, total);
    return { jobId, total };
  });
}

/** What to do with a person on a path: one of a step, a completion reason or an abandon reason. */
export interface PathMoveInput {
  personId: string;
  pathId: string;
  stepId?: string | undefined;
  complete?: { reasonId: string } | undefined;
  abandon?: { reasonId: string } | undefined;
  /** Who moved them (null for automatic moves). */
  byUserId?: string | null | undefined;
  /** The call whose outcome moved them. */
  callId?: string | null | undefined;
  /** Put the person on the path first if they are not on it (default true: call outcomes enroll). */
  enroll?: boolean | undefined;
  at?: Date | undefined;
}

/**
 * Moves a person on a path inside the caller's transaction and records the move in the history:
 * to a step (reopening the path if they had finished it), or completed / abandoned with a reason of
 * the right kind. A move to where they already are changes nothing and records nothing. Unknown
 * path or person → not_found; a step or reason of another path → validation_failed.
 *
 * @example
 * await movePersonOnPath(tx, orgId, { personId, pathId, complete: { reasonId }, callId });
 */
export async function movePersonOnPath(tx: Tx, orgId: string, input: PathMoveInput): Promise<PathPerson> {
  const targets = [input.stepId, input.complete, input.abandon].filter((t) => t !== undefined);
  if (targets.length !== 1) throw invalid('stepId', 'path_move_one');
  // Ids come from scripts too (a path_move action): refuse a malformed one before any query, since
  // a failed statement would abort the caller's whole transaction (a call being saved).
  const ids = [input.pathId, input.personId, input.stepId, input.complete?.reasonId, input.abandon?.reasonId];
  if (ids.some((id) => id !== undefined && !/^\d{1,18}$/.test(id))) throw notFound();
  const at = input.at ?? new Date();
  // Two round trips whatever the move: what it checks (with the person's row locked), then the
  // move and its history together. Saving a call makes one or two moves.
  const finish = input.complete ? (['complete', input.complete, 'completion'] as const) : input.abandon ? (['abandon', input.abandon, 'abandon'] as const) : null;
  const context = await repo.selectMoveContext(tx, orgId, input.pathId, input.personId, { stepId: input.stepId ?? null, reasonId: finish?.[1].reasonId ?? null });
  if (!context.path_found) throw notFound();

  let target: { status: 'active'; stepId: string } | { status: 'completed' | 'abandoned'; reasonId: string };
  if (input.stepId !== undefined) {
    if (!context.step_found) throw invalid('stepId', 'path_unknown_step');
    target = { status: 'active', stepId: input.stepId };
  } else {
    const [field, ref, kind] = finish!;
    if (!context.reason_kind) throw invalid(`${field}.reasonId`, 'path_unknown_reason');
    if (context.reason_kind !== kind) throw invalid(`${field}.reasonId`, 'path_wrong_reason_kind');
    target = { status: kind === 'completion' ? 'completed' : 'abandoned', reasonId: ref.reasonId };
  }
  const event = { byUserId: input.byUserId ?? null, callId: input.callId ?? null, at };

  let current = context.current;
  if (!current) {
    if (input.enroll === false || !context.person_found) throw notFound();
    const stepId = target.status === 'active' ? target.stepId : null;
    const reasonId = target.status === 'active' ? null : target.reasonId;
    const events: repo.MoveEvent[] = [{ ...event, kind: 'added', fromStepId: null, toStepId: stepId, reasonId: null }];
    if (target.status !== 'active') events.push({ ...event, kind: target.status, fromStepId: null, toStepId: null, reasonId });
    const row = await repo.insertPathPersonWithEvents(tx, orgId, { pathId: input.pathId, personId: input.personId, status: target.status, stepId, reasonId, now: at }, events);
    if (row) return toPathPerson(row);
    // Someone enrolled them meanwhile (their insert committed first): move them from where they are.
    current = (await repo.selectPathPerson(tx, orgId, input.pathId, input.personId, { lock: true })) ?? null;
    if (!current) throw notFound();
  }

  const where = { pathId: input.pathId, personId: input.personId, now: at };
  if (target.status === 'active') {
    if (current.status === 'active' && current.step_id === target.stepId) return toPathPerson(current);
    const row = await repo.updatePathPersonWithEvent(
      tx,
      orgId,
      { ...where, status: 'active', stepId: target.stepId, reasonId: null, stepEnteredAt: at, finishedAt: null },
      {
        ...event,
        kind: current.status === 'active' ? 'moved' : 'reopened',
        fromStepId: current.step_id,
        toStepId: target.stepId,
        reasonId: current.status === 'active' ? null : current.reason_id,
      },
    );
    return toPathPerson(row);
  }

  if (current.status === target.status && current.reason_id === target.reasonId) return toPathPerson(current);
  const row = await repo.updatePathPersonWithEvent(
    tx,
    orgId,
    { ...where, status: target.status, stepId: null, reasonId: target.reasonId, stepEnteredAt: null, finishedAt: at },
    { ...event, kind: target.status, fromStepId: current.step_id, toStepId: null, reasonId: target.reasonId },
  );
  return toPathPerson(row);
}

/**
 * Puts a person at a step of a path unless they are active on it already (then they stay where
 * they are), recording it, in one round trip: for moves made while saving a call (a recruit joins
 * the recruitment path). A finished person is reopened at that step.
 *
 * @example
 * await enterPathUnlessActive(tx, orgId, { pathId, stepId: firstStepId, personId, callId, byUserId, at: now });
 */
export async function enterPathUnlessActive(
  tx: Tx,
  orgId: string,
  input: { pathId: string; stepId: string; personId: string; byUserId?: string | null; callId?: string | null; at: Date },
): Promise<boolean> {
  if (![input.pathId, input.stepId, input.personId].every(isDbId)) throw notFound();
  return repo.enterUnlessActive(tx, orgId, { ...input, byUserId: input.byUserId ?? null, callId: input.callId ?? null });
}

/**
 * The same as `enterPathUnlessActive` at the first step of the path `pathId` names (a scalar SQL
 * expression, read in the statement: the recruitment path the organization chose), as common table
 * expressions for a statement writing more beside them (see `enteringUnlessActive` in the
 * repository for what they define). No path (null) or a path without steps places nobody, and
 * `SELECT path_id FROM place` then tells which.
 *
 * @example
 * sql`WITH ${enteringFirstStepUnlessActive(orgId, sql`(SELECT recruitment_path_id FROM volunteer_settings WHERE org_id = ${orgId})`, v)} SELECT path_id FROM place`
 */
export function enteringFirstStepUnlessActive(orgId: string, pathId: RawBuilder<unknown>, input: repo.Entering): RawBuilder<unknown> {
  if (!isDbId(input.personId)) throw notFound();
  const place = sql`
    SELECT c.path_id, (SELECT s.id FROM path_steps s WHERE s.org_id = ${orgId} AND s.path_id = c.path_id ORDER BY s.position LIMIT 1) AS step_id
      FROM (SELECT ${pathId}::bigint AS path_id) c`;
  return repo.enteringUnlessActive(orgId, place, input);
}

/** Moves a person by hand from the board (they must already be on the path). */
export function movePathPerson(
  ctx: AppContext,
  actor: OrgActor,
  pathId: string,
  personId: string,
  move: { stepId?: string | undefined; complete?: { reasonId: string } | undefined; abandon?: { reasonId: string } | undefined },
): Promise<PathPerson> {
  return inOrg(ctx.database.db, scope(actor), (tx) =>
    movePersonOnPath(tx, actor.org.id, { ...move, pathId, personId, byUserId: actor.user.id, enroll: false, at: ctx.clock() }),
  );
}

/**
 * Gives a person on a path a point person (a member of the organization who follows up with
 * them), or removes them with null; the change is kept in the history.
 */
export async function assignPointPerson(
  tx: Tx,
  orgId: string,
  input: { pathId: string; personId: string; userId: string | null; byUserId?: string | null; at?: Date },
): Promise<PathPerson> {
  // Malformed ids would fail their cast and abort the caller's transaction: answer not found instead.
  if (!isDbId(input.pathId) || !isDbId(input.personId)) throw notFound();
  if (input.userId !== null && !UUID.test(input.userId)) throw invalid('userId', 'unknown_member');
  const current = await repo.selectPathPerson(tx, orgId, input.pathId, input.personId, { lock: true });
  if (!current) throw notFound();
  if (input.userId !== null && !(await repo.memberExists(tx, orgId, input.userId))) throw invalid('userId', 'unknown_member');
  if (current.point_person_id === input.userId) return toPathPerson(current);
  const at = input.at ?? new Date();
  const row = await repo.updatePathPerson(tx, orgId, input.pathId, input.personId, { pointPersonId: input.userId, now: at });
  await repo.insertEvent(tx, orgId, { pathId: input.pathId, personId: input.personId, kind: 'assigned', pointPersonId: input.userId, byUserId: input.byUserId ?? null, at });
  return toPathPerson(row);
}

export function assignPathPointPerson(ctx: AppContext, actor: OrgActor, pathId: string, personId: string, userId: string | null): Promise<PathPerson> {
  return inOrg(ctx.database.db, scope(actor), (tx) => assignPointPerson(tx, actor.org.id, { pathId, personId, userId, byUserId: actor.user.id, at: ctx.clock() }));
}

/** Where a person stands on a path, with every move they made on it. */
export async function getPathPerson(ctx: AppContext, actor: OrgActor, pathId: string, personId: string) {
  return inOrg(ctx.database.db, scope(actor), async (tx) => {
    const row = await repo.selectPathPerson(tx, actor.org.id, pathId, personId);
    if (!row) throw notFound();
    const events = await repo.selectEvents(tx, actor.org.id, pathId, personId);
    return { ...toPathPerson(row), history: events.map(toEvent) };
  });
}

/** The paths a person is on (for their profile); an unknown person is not found. */
export async function listPersonPaths(ctx: AppContext, actor: OrgActor, personId: string): Promise<PersonPath[]> {
  return inOrg(ctx.database.db, scope(actor), async (tx) => {
    if (!(await repo.personExists(tx, actor.org.id, personId))) throw notFound();
    const rows = await repo.selectPathsOfPerson(tx, actor.org.id, personId);
    return rows.map((r) => ({ ...toPathPerson(r), pathName: r.path_name, stepName: r.step_name, reasonLabel: r.reason_label, pointPersonName: r.point_person_name }));
  });
}

/** Takes a person off a path; their history on it goes too. */
export async function removePathPerson(ctx: AppContext, actor: OrgActor, pathId: string, personId: string): Promise<void> {
  await inOrg(ctx.database.db, scope(actor), async (tx) => {
    const deleted = await repo.deletePathPerson(tx, actor.org.id, pathId, personId);
    if (deleted.numDeletedRows === 0n) throw notFound();
    await repo.deletePathEventsOf(tx, actor.org.id, pathId, personId);
  });
}

/** A step of a path by its template key (e.g. 'no_answer_1'), for automatic moves after a call. */
export async function findPathStepByKey(tx: Tx, orgId: string, pathId: string, key: string) {
  if (!isDbId(pathId)) return undefined;
  return repo.selectStepByKey(tx, orgId, pathId, key);
}

/** A reason of a path by its template key (e.g. 'supporter', 'do_not_call'). */
export async function findPathReasonByKey(tx: Tx, orgId: string, pathId: string, key: string) {
  if (!isDbId(pathId)) return undefined;
  return repo.selectReasonByKey(tx, orgId, pathId, key);
}

/** The first step of a path (where people join it), or undefined for an unknown path. */
export async function findFirstPathStep(tx: Tx, orgId: string, pathId: string) {
  if (!isDbId(pathId)) return undefined;
  return repo.selectFirstStep(tx, orgId, pathId);
}

/**
 * Creates a path inside the caller's transaction, with keyed steps (in order) and reasons: for a
 * module that needs a path of its own, such as the volunteers' recruitment path.
 */
export async function createKeyedPath(
  tx: Tx,
  orgId: string,
  input: {
    name: string;
    description: string;
    steps: { name: string; key: string }[];
    reasons: { kind: 'completion' | 'abandon'; label: string; key: string }[];
    userId: string | null;
    now: Date;
  },
): Promise<{ id: string }> {
  const { id } = await repo.insertPath(tx, orgId, { name: input.name, description: input.description, userId: input.userId, now: input.now });
  await repo.insertSteps(tx, orgId, id, input.steps.map((s, position) => ({ ...s, position })));
  await repo.insertReasons(tx, orgId, id, input.reasons.map((r, position) => ({ ...r, position })));
  return { id };
}

/** Where a person stands on a path inside the caller's transaction, or null. */
export async function findPathPerson(tx: Tx, orgId: string, pathId: string, personId: string): Promise<PathPerson | null> {
  if (!isDbId(pathId) || !isDbId(personId)) return null;
  const row = await repo.selectPathPerson(tx, orgId, pathId, personId);
  return row ? toPathPerson(row) : null;
}

async function organizationLocale(tx: Tx, orgId: string): Promise<'fr' | 'en'> {
  const row = await tx.selectFrom('organizations').select('locale').where('id', '=', orgId).executeTakeFirst();
  return row?.locale ?? 'fr';
}
