import { randomBytes } from 'node:crypto';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { BuiltinPermissionSet } from '../../src/shared/auth/capabilities.js';
import { buildApp } from '../../src/server/app.js';
import { createUser } from '../../src/server/modules/auth/auth.service.js';
import { addMember, createOrganization } from '../../src/server/modules/network/network.service.js';
import type { AppContext } from '../../src/server/platform/context.js';
import { inOrg } from '../../src/server/platform/db/database.js';

const suffix = () => randomBytes(4).toString('hex');

/** A fresh organization, never shared between tests. */
export async function makeOrg(ctx: AppContext, overrides: { name?: string; slug?: string; parentId?: string } = {}) {
  const slug = overrides.slug ?? `org-${suffix()}`;
  const { id } = await createOrganization(ctx, { name: overrides.name ?? `Campagne ${slug}`, slug, parentId: overrides.parentId ?? null });
  return { id, slug };
}

export const TEST_PASSWORD = 'correct horse battery staple';

/** A user with a password and a built-in permission set in the organization. */
export async function makeMember(ctx: AppContext, orgId: string, set: BuiltinPermissionSet = 'administrator', overrides: { email?: string; name?: string } = {}) {
  const email = overrides.email ?? `${set}-${suffix()}@example.test`;
  const userId = await createUser(ctx, { email, name: overrides.name ?? `Camille ${set}`, password: TEST_PASSWORD });
  await inOrg(ctx.database.db, { orgId, userId }, (tx) => addMember(tx, orgId, userId, set));
  return { userId, email, password: TEST_PASSWORD };
}

export async function buildTestApp(ctx: AppContext): Promise<FastifyInstance> {
  const app = await buildApp(ctx);
  await app.ready();
  return app;
}

/** A signed-in browser: carries the session cookie and the CSRF token on every request. */
export interface Agent {
  cookie: string;
  csrf: string;
  request(options: InjectOptions): Promise<LightMyRequestResponse>;
}

export async function login(app: FastifyInstance, email: string, password: string = TEST_PASSWORD, remoteAddress = '127.0.0.1'): Promise<Agent> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password }, remoteAddress });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'relais_session');
  if (!cookie) throw new Error('no session cookie');
  return agentFor(app, cookie.value, res.json().csrfToken);
}

export function agentFor(app: FastifyInstance, token: string, csrf: string): Agent {
  const cookie = `relais_session=${token}`;
  return {
    cookie,
    csrf,
    request(options) {
      const headers = { ...(options.headers ?? {}), cookie, 'x-csrf-token': csrf };
      return app.inject({ ...options, headers });
    },
  };
}
