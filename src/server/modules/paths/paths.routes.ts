import { pathRoutes as routes } from '../../../shared/contracts/paths.js';
import type { AppContext } from '../../platform/context.js';
import type { RegisterRoute } from '../../platform/http/register.js';
import * as paths from './paths.service.js';

/** Paths: structure, who is where, moves, point people and the board. */
export function registerPathRoutes(register: RegisterRoute, ctx: AppContext): void {
  register(routes.listPaths, async ({ actor }) => ({ paths: await paths.listPaths(ctx, actor) }));
  register(routes.createPath, ({ actor, body }) => paths.createPath(ctx, actor, body));
  register(routes.getPath, ({ actor, params }) => paths.getPath(ctx, actor, params.pathId));
  register(routes.updatePath, ({ actor, params, body }) => paths.updatePath(ctx, actor, params.pathId, body));
  register(routes.deletePath, async ({ actor, params }) => {
    await paths.deletePath(ctx, actor, params.pathId);
    return { ok: true as const };
  });
  register(routes.pathBoard, ({ actor, params }) => paths.pathBoard(ctx, actor, params.pathId));
  register(routes.listPathPeople, ({ actor, params, query }) => paths.listPathPeople(ctx, actor, params.pathId, query));
  register(routes.addPeopleToPath, ({ actor, params, body }) => paths.addPeopleToPath(ctx, actor, params.pathId, body));
  register(routes.getPathPerson, ({ actor, params }) => paths.getPathPerson(ctx, actor, params.pathId, params.personId));
  register(routes.movePathPerson, ({ actor, params, body }) => paths.movePathPerson(ctx, actor, params.pathId, params.personId, body));
  register(routes.assignPathPointPerson, ({ actor, params, body }) => paths.assignPathPointPerson(ctx, actor, params.pathId, params.personId, body.userId));
  register(routes.personPaths, async ({ actor, params }) => ({ paths: await paths.listPersonPaths(ctx, actor, params.personId) }));
  register(routes.removePathPerson, async ({ actor, params }) => {
    await paths.removePathPerson(ctx, actor, params.pathId, params.personId);
    return { ok: true as const };
  });
}
