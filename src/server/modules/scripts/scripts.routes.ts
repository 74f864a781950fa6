import { scriptRoutes as routes } from '../../../shared/contracts/scripts.js';
import type { AppContext } from '../../platform/context.js';
import type { RegisterRoute } from '../../platform/http/register.js';
import * as scripts from './scripts.service.js';

/** Call scripts: drafts, publishing, versions, and the version a caller walks. */
export function registerScriptRoutes(register: RegisterRoute, ctx: AppContext): void {
  register(routes.listScripts, async ({ actor }) => ({ scripts: await scripts.listScripts(ctx, actor) }));
  register(routes.createScript, ({ actor, body }) => scripts.createScript(ctx, actor, body));
  register(routes.getScript, ({ actor, params }) => scripts.getScript(ctx, actor, params.scriptId));
  register(routes.updateScript, ({ actor, params, body }) => scripts.updateScript(ctx, actor, params.scriptId, body));
  register(routes.publishScript, ({ actor, params }) => scripts.publishScript(ctx, actor, params.scriptId));
  register(routes.listScriptVersions, async ({ actor, params }) => ({ versions: await scripts.listScriptVersions(ctx, actor, params.scriptId) }));
  register(routes.getScriptVersion, ({ actor, params }) => scripts.getScriptVersion(ctx, actor, params.scriptId, params.version));
  register(routes.archiveScript, async ({ actor, params }) => {
    await scripts.archiveScript(ctx, actor, params.scriptId);
    return { ok: true as const };
  });
  register(routes.getPublishedScript, ({ actor, params }) => scripts.getPublishedScript(ctx, actor, params.versionId));
}
