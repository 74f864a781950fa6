import type { FastifyRequest } from 'fastify';
import { isCapability } from '../../../shared/auth/capabilities.js';
import type { SessionInfo } from '../../../shared/contracts/auth.js';
import { localeFromAcceptLanguage, type Locale } from '../../../shared/i18n/locales.js';
import type { AppContext } from '../../platform/context.js';
import { asUser, inOrg } from '../../platform/db/database.js';
import type { Actor } from '../../platform/http/actor.js';
import { AppError } from '../../platform/http/errors.js';
import { csrfTokenFor, decoyPasswordHash, hashPassword, newToken, safeEqual, tokenHash, verifyPassword } from './auth.crypto.js';
import * as repo from './auth.repository.js';
import { forgetSessions, keepSession, keptSession, lookupStarted } from './auth.session-cache.js';

export const SESSION_COOKIE = 'relais_session';
export const SESSION_TTL_MS = 30 * 24 * 3600 * 1000;
const ATTEMPT_WINDOW_MS = 15 * 60 * 1000;
// Per account: a volunteer mistyping is fine, a guesser is not. Per address: a calling site
// behind one NAT has many volunteers signing in at once, so the limit is higher.
const MAX_FAILURES_PER_ACCOUNT = 10;
const MAX_FAILURES_PER_ADDRESS = 50;

function anonymous(request: FastifyRequest): Actor {
  return { user: null, session: null, org: null, locale: localeFromAcceptLanguage(request.headers['accept-language']), ip: request.ip };
}

/** Reads the session cookie and the organization it acts for: who is calling, and what they may do. */
export async function resolveActor(ctx: AppContext, request: FastifyRequest): Promise<Actor> {
  if (request.actor) return request.actor;
  const token = request.cookies[SESSION_COOKIE];
  if (!token) return anonymous(request);
  return actorForToken(ctx, token, request);
}

async function actorForToken(ctx: AppContext, token: string, request: FastifyRequest): Promise<Actor> {
  const hash = tokenHash(token);
  const now = ctx.clock();
  // One round trip (relais_session_actor, migration 0013): session, user and membership together,
  // kept per process until the database announces a change (auth.session-cache.ts).
  let row = keptSession(ctx.database, hash, now);
  if (!row) {
    const generation = lookupStarted(ctx.database.db);
    row = await repo.findSessionActor(ctx.database.db, hash, now);
    if (!row) return anonymous(request);
    keepSession(ctx.database.db, hash, row, now, generation);
  }
  const locale: Locale = row.session_locale ?? row.user_locale ?? localeFromAcceptLanguage(request.headers['accept-language']);
  const org: Actor['org'] =
    row.current_org_id && row.org_slug && row.permission_set && row.capabilities
      ? {
          id: row.current_org_id,
          slug: row.org_slug,
          name: row.org_name ?? '',
          timeZone: row.org_time_zone ?? 'Europe/Paris',
          permissionSet: row.permission_set,
          capabilities: new Set(row.capabilities.filter(isCapability)),
        }
      : null;
  // Keep last_seen_at roughly current without a write on every request.
  if (now.getTime() - row.last_seen_at.getTime() > 5 * 60 * 1000) {
    await ctx.database.db
      .updateTable('sessions')
      .set({ last_seen_at: now, expires_at: new Date(now.getTime() + SESSION_TTL_MS) })
      .where('token_hash', '=', hash)
      .execute();
    row.last_seen_at = now;
  }
  return {
    user: { id: row.user_id, email: row.email, name: row.name, hasPassword: row.has_password },
    session: { tokenHash: hash, currentOrgId: row.current_org_id, locale: row.session_locale },
    org,
    locale,
    ip: request.ip,
  };
}

/** True when a cookie-authenticated write carries this session's CSRF token. */
export function checkCsrf(ctx: AppContext, actor: Actor, request: FastifyRequest): boolean {
  if (!actor.session) return true;
  const header = request.headers['x-csrf-token'];
  return typeof header === 'string' && safeEqual(header, csrfTokenFor(ctx.secret, actor.session.tokenHash));
}

/** What the web app needs to know about the signed-in user (or that nobody is). */
export async function sessionInfo(ctx: AppContext, actor: Actor): Promise<SessionInfo> {
  if (!actor.user || !actor.session) {
    return { user: null, locale: actor.locale, csrfToken: null, organization: null, memberships: [] };
  }
  const userId = actor.user.id;
  const memberships = await asUser(ctx.database.db, userId, (tx) => repo.listUserMemberships(tx, userId));
  return {
    user: actor.user,
    locale: actor.locale,
    csrfToken: csrfTokenFor(ctx.secret, actor.session.tokenHash),
    organization: actor.org
      ? { id: actor.org.id, slug: actor.org.slug, name: actor.org.name, timeZone: actor.org.timeZone, capabilities: [...actor.org.capabilities] }
      : null,
    memberships: memberships.map((m) => ({ orgId: m.id, slug: m.slug, name: m.name, permissionSet: m.permission_set })),
  };
}

/** Starts a session for a user, acting for the given organization or their first one. */
export async function startSession(ctx: AppContext, userId: string, orgId: string | null, locale: Locale | null): Promise<string> {
  const token = newToken();
  let currentOrg = orgId;
  if (!currentOrg) {
    const memberships = await asUser(ctx.database.db, userId, (tx) => repo.listUserMemberships(tx, userId));
    currentOrg = memberships[0]?.id ?? null;
  }
  const now = ctx.clock();
  await repo.insertSession(ctx.database.db, { hash: tokenHash(token), userId, orgId: currentOrg, locale, expiresAt: new Date(now.getTime() + SESSION_TTL_MS) });
  return token;
}

/**
 * Signs in with e-mail and password. An unknown e-mail and a wrong password get the same answer
 * in the same time; failures are limited per account and per address.
 */
export async function login(ctx: AppContext, input: { email: string; password: string }, request: FastifyRequest): Promise<{ token: string; actor: Actor }> {
  const now = ctx.clock();
  const keys = [`email:${input.email.toLowerCase()}`, `ip:${request.ip}`];
  const counts = await repo.countRecentAttempts(ctx.database.db, keys, new Date(now.getTime() - ATTEMPT_WINDOW_MS));
  const failures = new Map(counts.map((c) => [c.key, Number(c.n)]));
  if ((failures.get(keys[0]!) ?? 0) >= MAX_FAILURES_PER_ACCOUNT || (failures.get(keys[1]!) ?? 0) >= MAX_FAILURES_PER_ADDRESS) {
    throw new AppError('rate_limited');
  }
  const user = await repo.findUserByEmail(ctx.database.db, input.email);
  const ok = await verifyPassword(user?.password_hash ?? (await decoyPasswordHash()), input.password);
  if (!user || !user.password_hash || !ok) {
    await repo.recordFailedAttempt(ctx.database.db, keys, now);
    throw new AppError('invalid_credentials');
  }
  const token = await startSession(ctx, user.id, null, null);
  return { token, actor: await actorForToken(ctx, token, request) };
}

/** Ends this session. */
export async function logout(ctx: AppContext, actor: Actor): Promise<void> {
  if (!actor.session) return;
  await ctx.database.db.deleteFrom('sessions').where('token_hash', '=', actor.session.tokenHash).execute();
  forgetSessions(ctx.database.db);
}

/** Changes the password after checking the current one; signs out every other session. */
export async function changePassword(ctx: AppContext, actor: Actor, input: { currentPassword: string; newPassword: string }): Promise<void> {
  if (!actor.user || !actor.session) throw new AppError('unauthenticated');
  const user = await ctx.database.db.selectFrom('users').select('password_hash').where('id', '=', actor.user.id).executeTakeFirstOrThrow();
  // A volunteer who joined by magic link has no password yet and may set one.
  if (user.password_hash && !(await verifyPassword(user.password_hash, input.currentPassword))) {
    throw new AppError('validation_failed', { fields: [{ path: 'currentPassword', message: 'validation:wrong_password' }] });
  }
  const passwordHash = await hashPassword(input.newPassword);
  await ctx.database.db.transaction().execute(async (tx) => {
    await tx.updateTable('users').set({ password_hash: passwordHash, updated_at: ctx.clock() }).where('id', '=', actor.user!.id).execute();
    await tx.deleteFrom('sessions').where('user_id', '=', actor.user!.id).where('token_hash', '!=', actor.session!.tokenHash).execute();
  });
  forgetSessions(ctx.database.db);
}

/** Signs in with a single-use invitation link; the link is spent even if two tabs race for it. */
export async function consumeMagicLink(ctx: AppContext, token: string, request: FastifyRequest): Promise<{ token: string; redirectPath: string; actor: Actor }> {
  const now = ctx.clock();
  const link = await ctx.database.db
    .updateTable('magic_links')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash(token))
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning(['user_id', 'org_id', 'redirect_path'])
    .executeTakeFirst();
  if (!link) throw new AppError('link_invalid');
  const sessionToken = await startSession(ctx, link.user_id, link.org_id, null);
  return { token: sessionToken, redirectPath: link.redirect_path, actor: await actorForToken(ctx, sessionToken, request) };
}

/** Remembers the language chosen for this session (and as the user's preference). */
export async function setLocale(ctx: AppContext, actor: Actor, locale: Locale): Promise<void> {
  if (!actor.user || !actor.session) throw new AppError('unauthenticated');
  await ctx.database.db.updateTable('sessions').set({ locale }).where('token_hash', '=', actor.session.tokenHash).execute();
  await ctx.database.db.updateTable('users').set({ locale }).where('id', '=', actor.user.id).execute();
  forgetSessions(ctx.database.db);
}

/** Acts for another organization the user belongs to; an organization they don't belong to is "not found". */
export async function switchOrganization(ctx: AppContext, actor: Actor, orgId: string): Promise<void> {
  if (!actor.user || !actor.session) throw new AppError('unauthenticated');
  const userId = actor.user.id;
  const membership = await inOrg(ctx.database.db, { orgId, userId }, (tx) => repo.findMembership(tx, orgId, userId));
  if (!membership) throw new AppError('not_found');
  await ctx.database.db.updateTable('sessions').set({ current_org_id: orgId }).where('token_hash', '=', actor.session.tokenHash).execute();
  forgetSessions(ctx.database.db);
}

/** Creates an account (used by invitations, the demo and tests); e-mail must be unused. */
export async function createUser(ctx: AppContext, input: { email: string; name: string; password?: string; locale?: Locale }): Promise<string> {
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  try {
    const row = await ctx.database.db
      .insertInto('users')
      .values({ email: input.email, name: input.name, password_hash: passwordHash, locale: input.locale ?? null, updated_at: ctx.clock() })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  } catch (error) {
    if ((error as { code?: string }).code === '23505') throw new AppError('email_taken', { fields: [{ path: 'email', message: 'validation:taken' }] });
    throw error;
  }
}
