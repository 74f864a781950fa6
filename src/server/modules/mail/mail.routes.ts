import { mailRoutes as routes } from '../../../shared/contracts/mail.js';
import type { AppContext } from '../../platform/context.js';
import type { RegisterRoute } from '../../platform/http/register.js';
import * as mail from './mail.service.js';

/** The outbox page, template editing and caller invitations. */
export function registerMailRoutes(register: RegisterRoute, ctx: AppContext): void {
  register(routes.listOutbox, ({ actor, query }) => mail.listOutbox(ctx, actor, query));
  register(routes.getOutboxMessage, ({ actor, params }) => mail.getOutboxMessage(ctx, actor, params.messageId));
  register(routes.retryOutbox, ({ actor }) => mail.retryOutbox(ctx, actor));
  register(routes.listMailTemplates, async ({ actor }) => ({ templates: await mail.listTemplates(ctx, actor) }));
  register(routes.updateMailTemplate, ({ actor, params, body }) => mail.updateTemplate(ctx, actor, params.key, params.locale, body));
  register(routes.resetMailTemplate, ({ actor, params }) => mail.resetTemplate(ctx, actor, params.key, params.locale));
  register(routes.inviteCaller, ({ actor, body }) => mail.inviteCaller(ctx, actor, body));
}
