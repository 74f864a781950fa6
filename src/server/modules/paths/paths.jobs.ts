import { defineJob } from '../../platform/jobs/jobs.js';
import * as repo from './paths.repository.js';

export const ADD_PEOPLE_JOB = 'paths.add_people';
const CHUNK = 1000;

export interface AddPeoplePayload {
  pathId: string;
  stepId: string;
  personIds: string[];
  pointPersonId: string | null;
}

interface AddPeopleState {
  offset: number;
  added: number;
  found: number;
}

/**
 * Puts people on a path a thousand at a time, each chunk one transaction that also records how
 * far it got: a crash resumes after the last committed chunk and never adds anyone twice.
 * Result: how many were added, were already on the path, or were no person of the organization.
 */
defineJob<AddPeoplePayload, AddPeopleState>(ADD_PEOPLE_JOB, async (run) => {
  const { pathId, stepId, personIds, pointPersonId } = run.payload;
  let state: AddPeopleState = 'offset' in run.state ? (run.state as AddPeopleState) : { offset: 0, added: 0, found: 0 };
  let pathGone = false;
  while (state.offset < personIds.length && !pathGone) {
    const slice = personIds.slice(state.offset, state.offset + CHUNK);
    state = await run.chunk(async (tx) => {
      // The path or its step may have been deleted since the job was queued.
      if (!(await repo.selectStep(tx, run.orgId, pathId, stepId))) {
        pathGone = true;
        const next = { ...state, offset: personIds.length };
        return { state: next, done: state.offset, value: next };
      }
      const { found, added } = await repo.addPeopleBatch(tx, run.orgId, { pathId, stepId, personIds: slice, pointPersonId, byUserId: run.userId, now: run.ctx.clock() });
      const next = { offset: state.offset + slice.length, added: state.added + added, found: state.found + found };
      return { state: next, done: next.offset, value: next };
    });
  }
  return {
    added: state.added,
    alreadyOnPath: state.found - state.added,
    unknown: personIds.length - state.found,
    ...(pathGone ? { error: 'path_or_step_deleted' } : {}),
  };
});
