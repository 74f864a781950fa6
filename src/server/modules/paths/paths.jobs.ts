import { defineJob } from '../../platform/jobs/jobs.js';
import { selectPeople, type PeopleSelection } from '../lists/index.js';
import * as repo from './paths.repository.js';

export const ADD_PEOPLE_JOB = 'paths.add_people';
const CHUNK = 1000;

/** Who to put on the path: explicit ids, or the people of a list or filter when each chunk runs. */
export interface AddPeoplePayload {
  pathId: string;
  stepId: string;
  pointPersonId: string | null;
  personIds?: string[];
  selection?: PeopleSelection;
}

interface AddPeopleState {
  /** Ids: how many were handled. Selection: the last person id handled (keyset). */
  offset: number;
  lastId: string | null;
  added: number;
  found: number;
}

/**
 * Puts people on a path a thousand at a time, each chunk one transaction that also records how
 * far it got: a crash resumes after the last committed chunk and never adds anyone twice.
 * Result: how many were added, were already on the path, or (for explicit ids) were no person of
 * the organization.
 */
defineJob<AddPeoplePayload, AddPeopleState>(ADD_PEOPLE_JOB, async (run) => {
  const { pathId, stepId, pointPersonId, personIds, selection } = run.payload;
  let state: AddPeopleState = 'offset' in run.state ? (run.state as AddPeopleState) : { offset: 0, lastId: null, added: 0, found: 0 };
  let finished = false;
  let pathGone = false;
  while (!finished) {
    state = await run.chunk(async (tx) => {
      // The path or its step may have been deleted since the job was queued.
      if (!(await repo.selectStep(tx, run.orgId, pathId, stepId))) {
        pathGone = true;
        finished = true;
        return { state, done: state.offset, value: state };
      }
      let slice: string[];
      if (personIds) {
        slice = personIds.slice(state.offset, state.offset + CHUNK);
      } else {
        // Keyset on id: people matching the selection when their chunk runs, each taken once.
        let query = selectPeople(tx, run.orgId, selection ?? { filter: { op: 'and', children: [] } }).select('p.id');
        if (state.lastId !== null) query = query.where('p.id', '>', state.lastId);
        slice = (await query.orderBy('p.id').limit(CHUNK).execute()).map((r) => r.id);
      }
      if (slice.length === 0) {
        finished = true;
        return { state, done: state.offset, value: state };
      }
      const { found, added } = await repo.addPeopleBatch(tx, run.orgId, { pathId, stepId, personIds: slice, pointPersonId, byUserId: run.userId, now: run.ctx.clock() });
      const next = { offset: state.offset + slice.length, lastId: slice.at(-1) ?? state.lastId, added: state.added + added, found: state.found + found };
      if (personIds && next.offset >= personIds.length) finished = true;
      return { state: next, done: next.offset, value: next };
    });
  }
  return {
    added: state.added,
    alreadyOnPath: state.found - state.added,
    unknown: personIds ? personIds.length - state.found : 0,
    ...(pathGone ? { error: 'path_or_step_deleted' } : {}),
  };
});
