import { listRoutes as routes } from '../../../shared/contracts/lists.js';
import type { AppContext } from '../../platform/context.js';
import type { RegisterRoute } from '../../platform/http/register.js';
import { startBatchUpdate } from './batch.service.js';
import * as lists from './lists.service.js';

/** People search and counts, saved lists, batch updates. */
export function registerListRoutes(register: RegisterRoute, ctx: AppContext): void {
  register(routes.searchPeople, ({ actor, body }) => lists.searchPeople(ctx, actor, body));
  register(routes.countPeople, ({ actor, body }) => lists.countPeople(ctx, actor, body));
  register(routes.batchUpdatePeople, ({ actor, body }) => startBatchUpdate(ctx, actor, body));
  register(routes.listLists, ({ actor }) => lists.listLists(ctx, actor));
  register(routes.createList, ({ actor, body }) => lists.createList(ctx, actor, body));
  register(routes.getList, ({ actor, params }) => lists.getList(ctx, actor, params.listId));
  register(routes.updateList, ({ actor, params, body }) => lists.updateList(ctx, actor, params.listId, body));
  register(routes.deleteList, ({ actor, params }) => lists.deleteList(ctx, actor, params.listId));
  register(routes.freezeList, ({ actor, params, body }) => lists.freezeList(ctx, actor, params.listId, body));
  register(routes.changeListMembers, ({ actor, params, body }) => lists.changeListMembers(ctx, actor, params.listId, body));
  register(routes.listContents, ({ actor, params, query }) => lists.listContents(ctx, actor, params.listId, query));
}
