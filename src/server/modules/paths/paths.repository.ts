import { sql, type RawBuilder, type Selectable } from 'kysely';
import type { Tx } from '../../platform/db/database.js';
import type { PathEventKind, PathPeopleTable, PathPersonStatus, PathReasonKind } from '../../platform/db/schema.js';

export function selectPathsWithCounts(tx: Tx, orgId: string) {
  return tx
    .selectFrom('paths as p')
    .leftJoin('path_people as pp', (j) => j.onRef('pp.org_id', '=', 'p.org_id').onRef('pp.path_id', '=', 'p.id'))
    .select((eb) => [
      'p.id',
      'p.name',
      'p.description',
      eb.fn.count<string>('pp.person_id').filterWhere('pp.status', '=', 'active').as('active'),
      eb.fn.count<string>('pp.person_id').filterWhere('pp.status', '=', 'completed').as('completed'),
      eb.fn.count<string>('pp.person_id').filterWhere('pp.status', '=', 'abandoned').as('abandoned'),
    ])
    .where('p.org_id', '=', orgId)
    .groupBy(['p.id', 'p.name', 'p.description'])
    .orderBy(sql`lower(p.name)`)
    .orderBy('p.id')
    .execute();
}

export function selectPath(tx: Tx, orgId: string, pathId: string, options: { lock?: boolean } = {}) {
  const query = tx.selectFrom('paths').select(['id', 'name', 'description']).where('org_id', '=', orgId).where('id', '=', pathId);
  return (options.lock ? query.forUpdate() : query).executeTakeFirst();
}

export function selectSteps(tx: Tx, orgId: string, pathId: string) {
  return tx
    .selectFrom('path_steps')
    .select(['id', 'name', 'position', 'key'])
    .where('org_id', '=', orgId)
    .where('path_id', '=', pathId)
    .orderBy('position')
    .execute();
}

export function selectReasons(tx: Tx, orgId: string, pathId: string) {
  return tx
    .selectFrom('path_reasons')
    .select(['id', 'kind', 'label', 'key', 'position'])
    .where('org_id', '=', orgId)
    .where('path_id', '=', pathId)
    .orderBy('kind', 'desc') // 'completion' before 'abandon'
    .orderBy('position')
    .orderBy('id')
    .execute();
}

export function insertPath(tx: Tx, orgId: string, values: { name: string; description: string; userId: string | null; now: Date }) {
  return tx
    .insertInto('paths')
    .values({ org_id: orgId, name: values.name, description: values.description, created_by: values.userId, created_at: values.now, updated_at: values.now })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export function updatePathRow(tx: Tx, orgId: string, pathId: string, values: { name?: string; description?: string; now: Date }) {
  return tx
    .updateTable('paths')
    .set({ ...(values.name !== undefined ? { name: values.name } : {}), ...(values.description !== undefined ? { description: values.description } : {}), updated_at: values.now })
    .where('org_id', '=', orgId)
    .where('id', '=', pathId)
    .execute();
}

export function deletePathRow(tx: Tx, orgId: string, pathId: string) {
  return tx.deleteFrom('paths').where('org_id', '=', orgId).where('id', '=', pathId).executeTakeFirst();
}

export function insertSteps(tx: Tx, orgId: string, pathId: string, steps: { name: string; position: number; key?: string | null }[]) {
  if (steps.length === 0) return Promise.resolve([]);
  return tx
    .insertInto('path_steps')
    .values(steps.map((s) => ({ org_id: orgId, path_id: pathId, name: s.name, position: s.position, key: s.key ?? null })))
    .returning('id')
    .execute();
}

export function updateStep(tx: Tx, orgId: string, pathId: string, stepId: string, values: { name: string; position: number }) {
  return tx.updateTable('path_steps').set(values).where('org_id', '=', orgId).where('path_id', '=', pathId).where('id', '=', stepId).execute();
}

export function deleteSteps(tx: Tx, orgId: string, pathId: string, stepIds: string[]) {
  if (stepIds.length === 0) return Promise.resolve();
  return tx.deleteFrom('path_steps').where('org_id', '=', orgId).where('path_id', '=', pathId).where('id', 'in', stepIds).execute();
}

export function insertReasons(tx: Tx, orgId: string, pathId: string, reasons: { kind: PathReasonKind; label: string; position: number; key?: string | null }[]) {
  if (reasons.length === 0) return Promise.resolve([]);
  return tx
    .insertInto('path_reasons')
    .values(reasons.map((r) => ({ org_id: orgId, path_id: pathId, kind: r.kind, label: r.label, position: r.position, key: r.key ?? null })))
    .returning('id')
    .execute();
}

export function updateReason(tx: Tx, orgId: string, pathId: string, reasonId: string, values: { kind: PathReasonKind; label: string; position: number }) {
  return tx.updateTable('path_reasons').set(values).where('org_id', '=', orgId).where('path_id', '=', pathId).where('id', '=', reasonId).execute();
}

export function deleteReasons(tx: Tx, orgId: string, pathId: string, reasonIds: string[]) {
  if (reasonIds.length === 0) return Promise.resolve();
  return tx.deleteFrom('path_reasons').where('org_id', '=', orgId).where('path_id', '=', pathId).where('id', 'in', reasonIds).execute();
}

/** How many people stand on these steps or finished with these reasons (what blocks removing them). */
export async function countPeopleUsing(tx: Tx, orgId: string, pathId: string, column: 'step_id' | 'reason_id', ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const row = await tx
    .selectFrom('path_people')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('org_id', '=', orgId)
    .where('path_id', '=', pathId)
    .where(column, 'in', ids)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function selectStep(tx: Tx, orgId: string, pathId: string, stepId: string) {
  return tx.selectFrom('path_steps').select(['id', 'name', 'key']).where('org_id', '=', orgId).where('path_id', '=', pathId).where('id', '=', stepId).executeTakeFirst();
}

export function selectFirstStep(tx: Tx, orgId: string, pathId: string) {
  return tx.selectFrom('path_steps').select(['id']).where('org_id', '=', orgId).where('path_id', '=', pathId).orderBy('position').limit(1).executeTakeFirst();
}

export function selectStepByKey(tx: Tx, orgId: string, pathId: string, key: string) {
  return tx.selectFrom('path_steps').select(['id', 'name', 'key']).where('org_id', '=', orgId).where('path_id', '=', pathId).where('key', '=', key).executeTakeFirst();
}

export function selectReasonByKey(tx: Tx, orgId: string, pathId: string, key: string) {
  return tx
    .selectFrom('path_reasons')
    .select(['id', 'kind', 'label', 'key'])
    .where('org_id', '=', orgId)
    .where('path_id', '=', pathId)
    .where('key', '=', key)
    .executeTakeFirst();
}

export function selectPathPerson(tx: Tx, orgId: string, pathId: string, personId: string, options: { lock?: boolean } = {}) {
  const query = tx.selectFrom('path_people').selectAll().where('org_id', '=', orgId).where('path_id', '=', pathId).where('person_id', '=', personId);
  return (options.lock ? query.forUpdate() : query).executeTakeFirst();
}

/** A saved list's kind and filter, to turn it into a selection of people (lists module). */
export async function selectList(tx: Tx, orgId: string, listId: string) {
  const result = await sql<{ id: string; kind: 'dynamic' | 'static'; filter: unknown }>`
    SELECT id, kind, filter FROM lists WHERE org_id = ${orgId} AND id = ${listId}`.execute(tx);
  return result.rows[0];
}

/**
 * Everything a move checks, in one round trip: whether the path and the person exist, whether the
 * step (or reason, with its kind) belongs to the path, and where the person stands on it now, that
 * row locked so two moves of the same person take turns.
 */
export async function selectMoveContext(tx: Tx, orgId: string, pathId: string, personId: string, target: { stepId: string | null; reasonId: string | null }) {
  // The person's row comes as its own columns (null when they are not on the path); the lock is
  // taken inside the lateral subquery, which keeps the outer join legal.
  const result = await sql<
    { path_found: boolean; person_found: boolean; step_found: boolean; reason_kind: PathReasonKind | null } & Nullable<Selectable<PathPeopleTable>>
  >`
    SELECT EXISTS (SELECT 1 FROM paths p WHERE p.org_id = ${orgId} AND p.id = ${pathId}::bigint) AS path_found,
           EXISTS (SELECT 1 FROM people pe WHERE pe.org_id = ${orgId} AND pe.id = ${personId}::bigint) AS person_found,
           EXISTS (SELECT 1 FROM path_steps s WHERE s.org_id = ${orgId} AND s.path_id = ${pathId}::bigint AND s.id = ${target.stepId}::bigint) AS step_found,
           (SELECT r.kind FROM path_reasons r WHERE r.org_id = ${orgId} AND r.path_id = ${pathId}::bigint AND r.id = ${target.reasonId}::bigint) AS reason_kind,
           cur.*
      FROM (SELECT 1) AS one
      LEFT JOIN LATERAL (
        SELECT * FROM path_people pp
         WHERE pp.org_id = ${orgId} AND pp.path_id = ${pathId}::bigint AND pp.person_id = ${personId}::bigint
           FOR UPDATE
      ) AS cur ON true`.execute(tx);
  const { path_found, person_found, step_found, reason_kind, ...current } = result.rows[0]!;
  return { path_found, person_found, step_found, reason_kind, current: current.org_id === null ? null : (current as Selectable<PathPeopleTable>) };
}

type Nullable<T> = { [K in keyof T]: T[K] | null };

/** A history row of a move, for the statements that write the move and its history together. */
export interface MoveEvent {
  kind: PathEventKind;
  fromStepId: string | null;
  toStepId: string | null;
  reasonId: string | null;
  byUserId: string | null;
  callId: string | null;
  at: Date;
}

function eventRows(orgId: string, pathId: string, personId: string, events: readonly MoveEvent[]) {
  return sql.join(
    events.map(
      (e) =>
        sql`(${orgId}::uuid, ${pathId}::bigint, ${personId}::bigint, ${e.kind}, ${e.fromStepId}::bigint, ${e.toStepId}::bigint, ${e.reasonId}::bigint, ${e.byUserId}::uuid, ${e.callId}::bigint, ${e.at}::timestamptz)`,
    ),
  );
}

/**
 * Puts a person on a path and records it (the "added" event, and a second one when they enter it
 * already finished), in one statement. Nothing happens, and undefined comes back, when someone put
 * them on it meanwhile.
 */
export async function insertPathPersonWithEvents(
  tx: Tx,
  orgId: string,
  values: { pathId: string; personId: string; status: PathPersonStatus; stepId: string | null; reasonId: string | null; now: Date },
  events: readonly MoveEvent[],
) {
  const result = await sql<Selectable<PathPeopleTable>>`
    WITH placed AS (
      INSERT INTO path_people (org_id, path_id, person_id, status, step_id, reason_id, point_person_id, added_at, step_entered_at, finished_at, updated_at)
      VALUES (${orgId}, ${values.pathId}::bigint, ${values.personId}::bigint, ${values.status}, ${values.stepId}::bigint, ${values.reasonId}::bigint, NULL,
              ${values.now}, ${values.now}, ${values.status === 'active' ? null : values.now}, ${values.now})
      ON CONFLICT (org_id, path_id, person_id) DO NOTHING
      RETURNING *
    ),
    history AS (
      INSERT INTO path_events (org_id, path_id, person_id, kind, from_step_id, to_step_id, reason_id, by_user_id, call_id, at)
      SELECT e.* FROM (VALUES ${eventRows(orgId, values.pathId, values.personId, events)}) AS e
       WHERE EXISTS (SELECT 1 FROM placed)
    )
    SELECT * FROM placed`.execute(tx);
  return result.rows[0];
}

/** Moves a person already on the path (their row locked) and records the move, in one statement. */
export async function updatePathPersonWithEvent(
  tx: Tx,
  orgId: string,
  values: { pathId: string; personId: string; status: PathPersonStatus; stepId: string | null; reasonId: string | null; stepEnteredAt: Date | null; finishedAt: Date | null; now: Date },
  event: MoveEvent,
) {
  const result = await sql<Selectable<PathPeopleTable>>`
    WITH moved AS (
      UPDATE path_people
         SET status = ${values.status}, step_id = ${values.stepId}::bigint, reason_id = ${values.reasonId}::bigint,
             step_entered_at = coalesce(${values.stepEnteredAt}::timestamptz, step_entered_at),
             finished_at = ${values.finishedAt}::timestamptz, updated_at = ${values.now}
       WHERE org_id = ${orgId} AND path_id = ${values.pathId}::bigint AND person_id = ${values.personId}::bigint
      RETURNING *
    ),
    history AS (
      INSERT INTO path_events (org_id, path_id, person_id, kind, from_step_id, to_step_id, reason_id, by_user_id, call_id, at)
      SELECT e.* FROM (VALUES ${eventRows(orgId, values.pathId, values.personId, [event])}) AS e
       WHERE EXISTS (SELECT 1 FROM moved)
    )
    SELECT * FROM moved`.execute(tx);
  const row = result.rows[0];
  if (!row) throw new Error('path person vanished while locked');
  return row;
}

/** Who enters a path and why, for `enteringUnlessActive`. */
export interface Entering {
  personId: string;
  byUserId: string | null;
  callId: string | null;
  at: Date;
}

/**
 * The common table expressions that put a person at a step of a path unless they are active on it
 * already (wherever they stand), with its history row ("added", or "reopened" with the reason they
 * had finished with), for a statement that may write more with them (a recruit's link: one round
 * trip). `place` selects at most one row `(path_id, step_id)`; a null step places nobody. Defines
 * `place`, `before`, `placed` (a row when they were placed) and `history`.
 *
 * @example
 * sql`WITH ${enteringUnlessActive(orgId, sql`SELECT ${pathId}::bigint AS path_id, ${stepId}::bigint AS step_id`, v)} SELECT EXISTS (SELECT 1 FROM placed)`
 */
export function enteringUnlessActive(orgId: string, place: RawBuilder<unknown>, v: Entering) {
  return sql`
    place AS (${place}),
    before AS (
      SELECT pp.reason_id FROM path_people pp JOIN place ON pp.path_id = place.path_id
       WHERE pp.org_id = ${orgId} AND pp.person_id = ${v.personId}::bigint
    ),
    placed AS (
      INSERT INTO path_people AS pp (org_id, path_id, person_id, status, step_id, reason_id, point_person_id, added_at, step_entered_at, finished_at, updated_at)
      SELECT ${orgId}, place.path_id, ${v.personId}::bigint, 'active', place.step_id, NULL, NULL, ${v.at}, ${v.at}, NULL, ${v.at}
        FROM place WHERE place.step_id IS NOT NULL
      ON CONFLICT (org_id, path_id, person_id) DO UPDATE
         SET status = 'active', step_id = excluded.step_id, reason_id = NULL, finished_at = NULL,
             step_entered_at = excluded.step_entered_at, updated_at = excluded.updated_at
       WHERE pp.status <> 'active'
      RETURNING (pp.xmax = 0) AS added, pp.path_id, pp.step_id
    ),
    history AS (
      INSERT INTO path_events (org_id, path_id, person_id, kind, from_step_id, to_step_id, reason_id, by_user_id, call_id, at)
      SELECT ${orgId}, placed.path_id, ${v.personId}::bigint, CASE WHEN placed.added THEN 'added' ELSE 'reopened' END,
             NULL, placed.step_id, CASE WHEN placed.added THEN NULL ELSE (SELECT reason_id FROM before) END,
             ${v.byUserId}::uuid, ${v.callId}::bigint, ${v.at}
        FROM placed
    )`;
}

/**
 * Puts a person at a step of a path unless they are active on it already (see
 * `enteringUnlessActive`), in one statement. The step must be the path's. Says whether they were
 * placed.
 */
export async function enterUnlessActive(tx: Tx, orgId: string, v: Entering & { pathId: string; stepId: string }) {
  const place = sql`SELECT s.path_id, s.id AS step_id FROM path_steps s WHERE s.org_id = ${orgId} AND s.path_id = ${v.pathId}::bigint AND s.id = ${v.stepId}::bigint`;
  const result = await sql<{ placed: boolean }>`
    WITH ${enteringUnlessActive(orgId, place, v)}
    SELECT EXISTS (SELECT 1 FROM placed) AS placed`.execute(tx);
  return result.rows[0]?.placed === true;
}

export function personExists(tx: Tx, orgId: string, personId: string) {
  return tx.selectFrom('people').select('id').where('org_id', '=', orgId).where('id', '=', personId).executeTakeFirst();
}

export function memberExists(tx: Tx, orgId: string, userId: string) {
  return tx.selectFrom('memberships').select('user_id').where('org_id', '=', orgId).where('user_id', '=', userId).executeTakeFirst();
}

export function updatePathPerson(
  tx: Tx,
  orgId: string,
  pathId: string,
  personId: string,
  values: { status?: PathPersonStatus; stepId?: string | null; reasonId?: string | null; pointPersonId?: string | null; stepEnteredAt?: Date; finishedAt?: Date | null; now: Date },
) {
  return tx
    .updateTable('path_people')
    .set({
      ...(values.status !== undefined ? { status: values.status } : {}),
      ...(values.stepId !== undefined ? { step_id: values.stepId } : {}),
      ...(values.reasonId !== undefined ? { reason_id: values.reasonId } : {}),
      ...(values.pointPersonId !== undefined ? { point_person_id: values.pointPersonId } : {}),
      ...(values.stepEnteredAt !== undefined ? { step_entered_at: values.stepEnteredAt } : {}),
      ...(values.finishedAt !== undefined ? { finished_at: values.finishedAt } : {}),
      updated_at: values.now,
    })
    .where('org_id', '=', orgId)
    .where('path_id', '=', pathId)
    .where('person_id', '=', personId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function deletePathPerson(tx: Tx, orgId: string, pathId: string, personId: string) {
  return tx.deleteFrom('path_people').where('org_id', '=', orgId).where('path_id', '=', pathId).where('person_id', '=', personId).executeTakeFirst();
}

export function deletePathEventsOf(tx: Tx, orgId: string, pathId: string, personId: string) {
  return tx.deleteFrom('path_events').where('org_id', '=', orgId).where('path_id', '=', pathId).where('person_id', '=', personId).execute();
}

export function insertEvent(
  tx: Tx,
  orgId: string,
  values: {
    pathId: string;
    personId: string;
    kind: PathEventKind;
    fromStepId?: string | null;
    toStepId?: string | null;
    reasonId?: string | null;
    pointPersonId?: string | null;
    byUserId?: string | null;
    callId?: string | null;
    at: Date;
  },
) {
  return tx
    .insertInto('path_events')
    .values({
      org_id: orgId,
      path_id: values.pathId,
      person_id: values.personId,
      kind: values.kind,
      from_step_id: values.fromStepId ?? null,
      to_step_id: values.toStepId ?? null,
      reason_id: values.reasonId ?? null,
      point_person_id: values.pointPersonId ?? null,
      by_user_id: values.byUserId ?? null,
      call_id: values.callId ?? null,
      at: values.at,
    })
    .execute();
}

export function selectEvents(tx: Tx, orgId: string, pathId: string, personId: string) {
  return tx
    .selectFrom('path_events')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('path_id', '=', pathId)
    .where('person_id', '=', personId)
    .orderBy('at')
    .orderBy('id')
    .execute();
}

/** People per step (active only), for the board; steps in order, empty steps with 0. */
export function countPerStep(tx: Tx, orgId: string, pathId: string) {
  return tx
    .selectFrom('path_steps as s')
    .leftJoin('path_people as pp', (j) =>
      j.onRef('pp.org_id', '=', 's.org_id').onRef('pp.path_id', '=', 's.path_id').onRef('pp.step_id', '=', 's.id').on('pp.status', '=', 'active'),
    )
    .select((eb) => ['s.id', 's.name', eb.fn.count<string>('pp.person_id').as('n')])
    .where('s.org_id', '=', orgId)
    .where('s.path_id', '=', pathId)
    .groupBy(['s.id', 's.name', 's.position'])
    .orderBy('s.position')
    .execute();
}

/** People who finished per reason (completed or abandoned), for the board. */
export function countPerReason(tx: Tx, orgId: string, pathId: string) {
  return tx
    .selectFrom('path_reasons as r')
    .leftJoin('path_people as pp', (j) =>
      j.onRef('pp.org_id', '=', 'r.org_id').onRef('pp.path_id', '=', 'r.path_id').onRef('pp.reason_id', '=', 'r.id').on('pp.status', '<>', 'active'),
    )
    .select((eb) => ['r.id', 'r.kind', 'r.label', eb.fn.count<string>('pp.person_id').as('n')])
    .where('r.org_id', '=', orgId)
    .where('r.path_id', '=', pathId)
    .groupBy(['r.id', 'r.kind', 'r.label', 'r.position'])
    .orderBy('r.position')
    .orderBy('r.id')
    .execute();
}

export async function countOnPath(tx: Tx, orgId: string, pathId: string): Promise<number> {
  const row = await tx
    .selectFrom('path_people')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('org_id', '=', orgId)
    .where('path_id', '=', pathId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface PathPeopleFilter {
  status?: PathPersonStatus | undefined;
  stepId?: string | undefined;
  reasonId?: string | undefined;
  pointPersonId?: string | undefined;
}

function filtered(tx: Tx, orgId: string, pathId: string, filter: PathPeopleFilter) {
  let query = tx
    .selectFrom('path_people as pp')
    .innerJoin('people as p', (j) => j.onRef('p.org_id', '=', 'pp.org_id').onRef('p.id', '=', 'pp.person_id'))
    .where('pp.org_id', '=', orgId)
    .where('pp.path_id', '=', pathId);
  if (filter.status) query = query.where('pp.status', '=', filter.status);
  if (filter.stepId) query = query.where('pp.step_id', '=', filter.stepId);
  if (filter.reasonId) query = query.where('pp.reason_id', '=', filter.reasonId);
  if (filter.pointPersonId) query = query.where('pp.point_person_id', '=', filter.pointPersonId);
  return query;
}

/** One page of a path's people, by person id (keyset: stable while people move). */
export function selectPathPeoplePage(tx: Tx, orgId: string, pathId: string, filter: PathPeopleFilter, page: { limit: number; after?: string | undefined }) {
  let query = filtered(tx, orgId, pathId, filter)
    .leftJoin('users as u', 'u.id', 'pp.point_person_id')
    .selectAll('pp')
    .select(['p.first_name', 'p.last_name', 'p.city', 'u.name as point_person_name']);
  if (page.after) query = query.where('pp.person_id', '>', page.after);
  return query.orderBy('pp.person_id').limit(page.limit).execute();
}

export async function countPathPeople(tx: Tx, orgId: string, pathId: string, filter: PathPeopleFilter): Promise<number> {
  const row = await filtered(tx, orgId, pathId, filter)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Puts a batch of people on a path at one step, skipping those already on it and ids that are no
 * person of the organization, and records an `added` event for each one actually added.
 * Returns how many ids were people of the organization and how many were added.
 */
export async function addPeopleBatch(
  tx: Tx,
  orgId: string,
  values: { pathId: string; stepId: string; personIds: string[]; pointPersonId: string | null; byUserId: string | null; now: Date },
): Promise<{ found: number; added: number }> {
  const result = await sql<{ found: string; added: string }>`
    WITH found AS (
      SELECT id FROM people WHERE org_id = ${orgId} AND id = ANY(${values.personIds}::bigint[])
    ), ins AS (
      INSERT INTO path_people (org_id, path_id, person_id, status, step_id, point_person_id, added_at, step_entered_at, updated_at)
      SELECT ${orgId}, ${values.pathId}, id, 'active', ${values.stepId}, ${values.pointPersonId}, ${values.now}, ${values.now}, ${values.now}
      FROM found
      ON CONFLICT DO NOTHING
      RETURNING person_id
    ), ev AS (
      INSERT INTO path_events (org_id, path_id, person_id, kind, to_step_id, point_person_id, by_user_id, at)
      SELECT ${orgId}, ${values.pathId}, person_id, 'added', ${values.stepId}, ${values.pointPersonId}, ${values.byUserId}, ${values.now}
      FROM ins
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM found) AS found, (SELECT count(*) FROM ev) AS added`.execute(tx);
  const row = result.rows[0];
  return { found: Number(row?.found ?? 0), added: Number(row?.added ?? 0) };
}

/** Every path a person is on, with the names the profile shows. */
export function selectPathsOfPerson(tx: Tx, orgId: string, personId: string) {
  return tx
    .selectFrom('path_people as pp')
    .innerJoin('paths as pa', (j) => j.onRef('pa.org_id', '=', 'pp.org_id').onRef('pa.id', '=', 'pp.path_id'))
    .leftJoin('path_steps as s', (j) => j.onRef('s.org_id', '=', 'pp.org_id').onRef('s.id', '=', 'pp.step_id'))
    .leftJoin('path_reasons as r', (j) => j.onRef('r.org_id', '=', 'pp.org_id').onRef('r.id', '=', 'pp.reason_id'))
    .leftJoin('users as u', 'u.id', 'pp.point_person_id')
    .selectAll('pp')
    .select(['pa.name as path_name', 's.name as step_name', 'r.label as reason_label', 'u.name as point_person_name'])
    .where('pp.org_id', '=', orgId)
    .where('pp.person_id', '=', personId)
    .orderBy('pp.updated_at', 'desc')
    .execute();
}
