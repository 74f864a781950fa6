import type { z } from 'zod';
import type { BatchAction, BatchUpdateSchema } from '../../../shared/contracts/lists.js';
import type { FilterGroup } from '../../../shared/people/filter.js';
import type { AppContext } from '../../platform/context.js';
import { inOrg, type Tx } from '../../platform/db/database.js';
import type { OrgActor } from '../../platform/http/actor.js';
import { AppError, notFound } from '../../platform/http/errors.js';
import { defineJob, enqueueJob, type JobRun } from '../../platform/jobs/jobs.js';
import { suppressionHash, type SuppressionKind } from '../people/index.js';
import * as repo from './lists.repository.js';
import { selectionOf } from './lists.service.js';

/**
 * Batch updates over a filter or a list (tag, set a support level or a flag, mark volunteers,
 * delete), run as a job: people are taken by keyset on id, a chunk at a time, each chunk one
 * transaction that also records how far the job got, so a crash resumes after the last chunk
 * that committed and the progress bar says where it is.
 *
 * Who is updated: the people matching the target when their chunk runs. An action only touches
 * its own chunk, so people not reached yet keep matching; people added meanwhile with a higher
 * id are included.
 */

export const BATCH_UPDATE_JOB = 'people.batch_update';
export const BATCH_AUDIT_ACTION = 'people.batch_update';
const DEFAULT_CHUNK = 2000;

interface BatchPayload {
  selection: { filter: FilterGroup; staticListId?: string | undefined };
  action: BatchAction;
  chunkSize: number;
  total: number;
}

interface BatchState {
  lastId: string | null;
  done: number;
  changed: number;
}

/**
 * Starts a batch update and returns its job id (the UI polls GET /api/jobs/:jobId). Refuses
 * unknown tags, and a target whose size changed since the organizer saw it (`expectedCount`).
 */
export function startBatchUpdate(
  ctx: AppContext,
  actor: OrgActor,
  input: z.output<typeof BatchUpdateSchema>,
  options: { chunkSize?: number } = {},
): Promise<{ jobId: string; total: number }> {
  const scope = { orgId: actor.org.id, userId: actor.user.id };
  return inOrg(ctx.database.db, scope, async (tx) => {
    const orgId = scope.orgId;
    let selection: repo.PeopleSelection;
    if ('listId' in input.target) {
      const list = await repo.findList(tx, orgId, input.target.listId);
      if (!list) throw notFound();
      // A dynamic list's filter is copied now: editing the list later does not change this job.
      selection = selectionOf(list);
    } else {
      selection = { filter: input.target.filter };
    }
    const action = input.action;
    if (action.type === 'addTags' || action.type === 'removeTags') {
      const known = await repo.existingTagIds(tx, orgId, action.tagIds);
      const unknown = action.tagIds.findIndex((id) => !known.has(id));
      if (unknown >= 0) throw new AppError('validation_failed', { fields: [{ path: `action.tagIds.${unknown}`, message: 'validation:unknown_tag' }] });
    }
    const total = await repo.countPeople(tx, orgId, selection);
    if (input.expectedCount !== undefined && input.expectedCount !== total) {
      throw new AppError('conflict', { fields: [{ path: 'expectedCount', message: 'validation:count_changed' }], params: { count: total } });
    }
    const payload: BatchPayload = { selection, action, chunkSize: options.chunkSize ?? DEFAULT_CHUNK, total };
    const jobId = await enqueueJob(tx, scope, BATCH_UPDATE_JOB, payload as unknown as Record<string, unknown>, total);
    await repo.insertAudit(tx, orgId, {
      userId: actor.user.id,
      action: BATCH_AUDIT_ACTION,
      subjectType: 'job',
      subjectId: jobId,
      details: { action, target: 'listId' in input.target ? { listId: input.target.listId } : { filter: input.target.filter }, total },
    });
    return { jobId, total };
  });
}

defineJob<BatchPayload, BatchState>(BATCH_UPDATE_JOB, async (run) => {
  // After a crash, resume from the state the last committed chunk saved.
  let state: BatchState = 'lastId' in run.state ? (run.state as BatchState) : { lastId: null, done: 0, changed: 0 };
  const { selection, chunkSize } = run.payload;
  for (;;) {
    const step = await run.chunk(async (tx) => {
      const ids = await repo.nextIds(tx, run.orgId, selection, state.lastId, chunkSize);
      const changed = ids.length === 0 ? 0 : await applyAction(tx, run, ids);
      const next: BatchState = { lastId: ids.at(-1) ?? state.lastId, done: state.done + ids.length, changed: state.changed + changed };
      const finished = ids.length < chunkSize;
      // The total was counted when the job started; people may have joined or left since.
      const total = finished ? next.done : Math.max(run.payload.total, next.done);
      return { state: next, done: next.done, total, value: { next, finished } };
    });
    state = step.next;
    if (step.finished) break;
  }
  return { processed: state.done, changed: state.changed };
});

async function applyAction(tx: Tx, run: JobRun<BatchPayload, BatchState>, ids: string[]): Promise<number> {
  const { orgId } = run;
  const now = run.ctx.clock();
  const action = run.payload.action;
  switch (action.type) {
    case 'addTags':
      return repo.addTagsTo(tx, orgId, ids, action.tagIds);
    case 'removeTags':
      return repo.removeTagsFrom(tx, orgId, ids, action.tagIds);
    case 'setSupportLevel':
      return repo.setSupportLevelOn(tx, orgId, ids, action.level, now);
    case 'setFlag':
      return repo.setFlagOn(tx, orgId, ids, action.flag, action.value, action.reason ?? null, now);
    case 'setVolunteer':
      return repo.setVolunteerOn(tx, orgId, ids, action.value, now);
    case 'delete':
      await keepObjections(tx, run, ids);
      return repo.deletePeople(tx, orgId, ids);
  }
}

/**
 * A deleted person who had asked not to be contacted leaves hashed suppression entries (as an
 * erasure does), so that re-importing the same file never brings them back into a call list.
 */
async function keepObjections(tx: Tx, run: JobRun<BatchPayload, BatchState>, ids: string[]): Promise<void> {
  const objectors = await repo.objectorsAmong(tx, run.orgId, ids);
  const entries = new Map<string, { kind: SuppressionKind; hash: Buffer }>();
  for (const person of objectors) {
    const values: [SuppressionKind, string | null][] = [
      ['email', person.email],
      ['phone', person.mobile_e164 ?? person.mobile_raw],
      ['phone', person.phone_e164 ?? person.phone_raw],
      ...person.extra_emails.map((email): [SuppressionKind, string] => ['email', email]),
      ...person.extra_phones.map((phone): [SuppressionKind, string] => ['phone', phone]),
    ];
    for (const [kind, value] of values) {
      const hash = value === null ? null : suppressionHash(run.ctx.secret, kind, value);
      if (hash !== null) entries.set(`${kind}:${hash.toString('hex')}`, { kind, hash });
    }
  }
  await repo.insertSuppressions(tx, run.orgId, [...entries.values()]);
}
