import type { FastifyInstance, FastifyReply } from 'fastify';
import { authRoutes as routes } from '../../../shared/contracts/auth.js';
import type { AppContext } from '../../platform/context.js';
import type { RegisterRoute } from '../../platform/http/register.js';
import * as auth from './auth.service.js';
import { stopWatchingSessions } from './auth.session-cache.js';
import * as members from './members.service.js';

function setSessionCookie(ctx: AppContext, reply: FastifyReply, token: string): void {
  reply.setCookie(auth.SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: ctx.publicUrl.startsWith('https://'),
    path: '/',
    maxAge: auth.SESSION_TTL_MS / 1000,
  });
}

/** Accounts, sessions, members and permission sets. */
export function registerAuthRoutes(register: RegisterRoute, ctx: AppContext, app?: FastifyInstance): void {
  // The kept sessions' LISTEN connection closes with the app.
  app?.addHook('preClose', () => stopWatchingSessions(ctx.database.db));
  register(routes.health, async () => ({ ok: true as const, database: ctx.database.kind }));

  register(routes.session, ({ actor }) => auth.sessionInfo(ctx, actor));

  register(routes.login, async ({ body, request, reply }) => {
    const { token, actor } = await auth.login(ctx, body, request);
    setSessionCookie(ctx, reply, token);
    return auth.sessionInfo(ctx, actor);
  });

  register(routes.logout, async ({ actor, reply }) => {
    await auth.logout(ctx, actor);
    reply.clearCookie(auth.SESSION_COOKIE, { path: '/' });
    return { ok: true as const };
  });

  register(routes.changePassword, async ({ actor, body }) => {
    await auth.changePassword(ctx, actor, body);
    return { ok: true as const };
  });

  register(routes.consumeMagicLink, async ({ body, request, reply }) => {
    const { token, redirectPath, actor } = await auth.consumeMagicLink(ctx, body.token, request);
    setSessionCookie(ctx, reply, token);
    return { ...(await auth.sessionInfo(ctx, actor)), redirectPath };
  });

  register(routes.setLocale, async ({ actor, body }) => {
    await auth.setLocale(ctx, actor, body.locale);
    return auth.sessionInfo(ctx, { ...actor, locale: body.locale });
  });

  register(routes.switchOrganization, async ({ actor, body, request }) => {
    await auth.switchOrganization(ctx, actor, body.orgId);
    request.actor = undefined;
    return auth.sessionInfo(ctx, await auth.resolveActor(ctx, request));
  });

  register(routes.listMembers, async ({ actor }) => ({ members: await members.listMembers(ctx, actor) }));
  register(routes.updateMember, ({ actor, params, body }) => members.updateMember(ctx, actor, params.userId, body.permissionSetId));
  register(routes.invite, ({ actor, body }) => members.inviteMember(ctx, actor, body));
  register(routes.listPermissionSets, ({ actor }) => members.listPermissionSets(ctx, actor));
  register(routes.createPermissionSet, ({ actor, body }) => members.createPermissionSet(ctx, actor, body));
}
