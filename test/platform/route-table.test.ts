import type { FastifyInstance } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { DOC_ROUTE_PREFIXES } from '../../src/server/app.js';
import { BUILTIN_CAPABILITIES, BUILTIN_PERMISSION_SETS, CAPABILITIES, type BuiltinPermissionSet } from '../../src/shared/auth/capabilities.js';
import type { RouteDef } from '../../src/shared/contracts/route.js';
import { routeGroups, routeTable } from '../../src/shared/routes.js';
import { buildTestApp, login, makeMember, makeOrg, type Agent } from '../setup/factories.js';
import { createTestContext } from '../setup/test-context.js';

const ACCESS = new Set<string>([...CAPABILITIES, 'public', 'authenticated']);
const entries = Object.entries(routeTable) as [string, RouteDef][];

function urlFor(def: RouteDef): string {
  // Any well-formed id: the access check runs before the lookup.
  return def.path.replace(/:(\w+)/g, (_, name: string) => (name.toLowerCase().endsWith('id') && name !== 'id' ? '00000000-0000-4000-8000-000000000000' : '1'));
}

let app: FastifyInstance;
const agents = new Map<BuiltinPermissionSet, Agent>();

beforeAll(async () => {
  const ctx = await createTestContext();
  app = await buildTestApp(ctx);
  const org = await makeOrg(ctx);
  for (const set of BUILTIN_PERMISSION_SETS) {
    const member = await makeMember(ctx, org.id, set);
    agents.set(set, await login(app, member.email));
  }
});

describe('the route table', () => {
  it.each(entries)('declares a known access rule for %s', (_name, def) => {
    expect(ACCESS.has(def.access)).toBe(true);
  });

  it('is the only way a route reaches the API', () => {
    const known = new Set(entries.map(([, d]) => `${d.method} ${d.path}`));
    const strays = app.registeredRoutes.filter(
      (r) => r.url.startsWith('/api') && r.method !== 'HEAD' && !known.has(`${r.method} ${r.url}`) && !DOC_ROUTE_PREFIXES.some((p) => r.url.startsWith(p)),
    );
    expect(strays).toEqual([]);
  });

  it('has no route name claimed by two modules', () => {
    const owners = new Map<string, string[]>();
    for (const [group, routes] of Object.entries(routeGroups)) {
      for (const name of Object.keys(routes)) owners.set(name, [...(owners.get(name) ?? []), group]);
    }
    expect([...owners].filter(([, groups]) => groups.length > 1)).toEqual([]);
    expect(Object.keys(routeTable).length).toBe([...owners.keys()].length);
  });

  it('has no two routes on the same method and path', () => {
    const keys = entries.map(([, d]) => `${d.method} ${d.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('the API documentation', () => {
  it('lists every route of the table in /api/openapi.json and serves browsable docs at /api/docs', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const documented = res.json().paths as Record<string, Record<string, unknown>>;
    const missing = entries
      .map(([, d]) => ({ method: d.method.toLowerCase(), path: d.path.replace(/:(\w+)/g, '{$1}') }))
      .filter(({ method, path }) => !documented[path]?.[method]);
    expect(missing).toEqual([]);
    const docs = await app.inject({ method: 'GET', url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toMatch(/text\/html/);
  });
});

describe('every route against every permission set', () => {
  it.each(entries.filter(([, d]) => d.access !== 'public'))('refuses %s to anonymous visitors with 401', async (_name, def) => {
    const res = await app.inject({ method: def.method, url: urlFor(def), payload: def.method === 'GET' ? undefined : {} });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('unauthenticated');
  });

  const cases = entries
    .filter(([, d]) => d.access !== 'public' && d.access !== 'authenticated')
    .flatMap(([name, def]) => BUILTIN_PERMISSION_SETS.map((set) => [name, set, def] as const));

  it.each(cases)('%s as %s: allowed exactly when the set has the capability', async (_name, set, def) => {
    const agent = agents.get(set)!;
    const res = await agent.request({ method: def.method, url: urlFor(def), payload: def.method === 'GET' ? undefined : {} });
    const allowed = (BUILTIN_CAPABILITIES[set] as readonly string[]).includes(def.access);
    if (allowed) {
      expect([401, 403]).not.toContain(res.statusCode);
      expect(res.statusCode).toBeLessThan(500);
    } else {
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('forbidden');
    }
  });
});
