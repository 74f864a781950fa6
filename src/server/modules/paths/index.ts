/**
 * The paths module as other modules see it. Callbank moves people after a call with
 * movePersonOnPath (inside its own transaction) and finds the default template's steps and reasons
 * by key (to_call, no_answer_1, no_answer_2, call_back_later, update_contact_info, needs_follow_up; supporter,
 * opponent, undecided, contact_info_updated, could_not_talk, do_not_call). The lists module can
 * filter people by path with pathFilterExpression (criterion: src/shared/paths/path-criterion.ts).
 */
import './paths.jobs.js';

export { ADD_PEOPLE_JOB } from './paths.jobs.js';
export { pathFilterExpression } from './paths.filter.js';
export { registerPathRoutes } from './paths.routes.js';
export {
  assignPointPerson,
  createKeyedPath,
  enterPathUnlessActive,
  enteringFirstStepUnlessActive,
  findFirstPathStep,
  findPathPerson,
  findPathReasonByKey,
  findPathStepByKey,
  movePersonOnPath,
  toPathPerson,
  type PathMoveInput,
} from './paths.service.js';
