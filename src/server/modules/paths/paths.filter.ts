import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { PathCriterion } from '../../../shared/paths/path-criterion.js';
import type { DB, PeopleTable } from '../../platform/db/schema.js';

/**
 * The WHERE expression, on `people as p`, for "is on this path (at these steps / finished with these
 * reasons)". An EXISTS on path_people answered by its primary key (org_id, path_id, person_id) when
 * people are walked in another order, or by path_people_step (org_id, path_id, step_id, person_id)
 * from the step side; every operator is LEAKPROOF, so row-level security keeps the indexes usable.
 *
 * @example
 * tx.selectFrom('people as p').select('p.id').where('p.org_id', '=', orgId)
 *   .where((eb) => pathFilterExpression(eb, { type: 'path', pathId, status: 'active', stepIds: [stepId] }))
 */
export function pathFilterExpression(eb: ExpressionBuilder<DB & { p: PeopleTable }, 'p'>, criterion: PathCriterion): Expression<SqlBool> {
  let sub = eb
    .selectFrom('path_people as pp')
    .select(eb.lit(1).as('one'))
    .whereRef('pp.org_id', '=', 'p.org_id')
    .where('pp.path_id', '=', criterion.pathId)
    .whereRef('pp.person_id', '=', 'p.id');
  if (criterion.status) sub = sub.where('pp.status', '=', criterion.status);
  if (criterion.stepIds) sub = sub.where('pp.step_id', 'in', criterion.stepIds);
  if (criterion.reasonIds) sub = sub.where('pp.reason_id', 'in', criterion.reasonIds);
  return eb.exists(sub);
}
