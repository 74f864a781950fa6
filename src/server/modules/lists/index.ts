/**
 * What other modules may use of the lists module.
 *
 * - Phone banking builds a campaign's people from a filter or a list with `selectPeople` (a
 *   Kysely query on `people as p`, limited to the organization) and `selectionOf(list)`; it must
 *   still check "do not call" when it hands a person to a caller, not only when the list is built.
 * - Exports stream a filter or a list the same way.
 * - `filterExpression` compiles a filter to a WHERE expression on `people as p`.
 */
export { registerListRoutes } from './lists.routes.js';
export { filterExpression } from './filter.sql.js';
export { selectPeople, countPeople, type PeopleSelection } from './lists.repository.js';
export { selectionOf } from './lists.service.js';
export { BATCH_UPDATE_JOB, startBatchUpdate } from './batch.service.js';
