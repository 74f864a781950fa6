import type { FastifyInstance } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, login, makeMember, makeOrg, type Agent } from '../../../../test/setup/factories.js';
import { createTestContext, type TestContext } from '../../../../test/setup/test-context.js';
import type { List, PeoplePage } from '../../../shared/contracts/lists.js';
import type { FilterGroup } from '../../../shared/people/filter.js';
import { inOrg } from '../../platform/db/database.js';
import { drainJobs } from '../../platform/jobs/jobs.js';

let ctx: TestContext;
let app: FastifyInstance;
let orgId: string;
let organizer: Agent;
let viewer: Agent;
let caller: Agent;
let outsider: Agent;
const ids: Record<string, string> = {};

// A small French campaign: who should the volunteers call this weekend?
const PEOPLE = [
  { key: 'amelie', first: 'Amélie', last: 'Durand', level: 2, mobile: '+33612345601', valid: true, dnc: false },
  { key: 'bruno', first: 'Bruno', last: 'Lefèvre', level: 3, mobile: '+33612345602', valid: true, dnc: false },
  { key: 'chloe', first: 'Chloé', last: 'Martin', level: 4, mobile: '+33612345603', valid: true, dnc: false },
  { key: 'denis', first: 'Denis', last: 'Petit', level: 3, mobile: '+33612345604', valid: true, dnc: true },
  { key: 'emma', first: 'Emma', last: 'Roux', level: 3, mobile: null, valid: false, dnc: false },
  { key: 'fabrice', first: 'Fabrice', last: 'Simon', level: 1, mobile: '+33612345606', valid: true, dnc: false },
  { key: 'gaelle', first: 'Gaëlle', last: 'Thomas', level: 5, mobile: '+33612345607', valid: true, dnc: false },
  { key: 'hugo', first: 'Hugo', last: 'Vincent', level: null, mobile: '+33612345608', valid: true, dnc: false },
  { key: 'ines', first: 'Inès', last: 'Bonnet', level: 2, mobile: '+33612345609', valid: false, dnc: false },
  { key: 'jules', first: 'Jules', last: 'Arnaud', level: 4, mobile: '+33612345610', valid: true, dnc: false },
] as const;

// « soutien faible, indécis ou opposition faible, avec un mobile valide, sans "ne pas appeler" »
const weekendCalls: FilterGroup = {
  op: 'and',
  children: [
    { type: 'supportLevel', levels: [2, 3, 4] },
    { type: 'hasMobile', value: true },
    { type: 'flag', flag: 'doNotCall', value: false },
  ],
};
const WEEKEND = ['amelie', 'bruno', 'chloe', 'jules'];

beforeAll(async () => {
  ctx = await createTestContext();
  app = await buildTestApp(ctx);
  orgId = (await makeOrg(ctx)).id;
  organizer = await login(app, (await makeMember(ctx, orgId, 'organizer')).email);
  viewer = await login(app, (await makeMember(ctx, orgId, 'viewer')).email);
  caller = await login(app, (await makeMember(ctx, orgId, 'caller')).email);
  const otherOrg = (await makeOrg(ctx)).id;
  outsider = await login(app, (await makeMember(ctx, otherOrg, 'administrator')).email);
  await inOrg(ctx.database.db, { orgId }, async (tx) => {
    for (const p of PEOPLE) {
      const row = await tx
        .insertInto('people')
        .values({
          org_id: orgId,
          first_name: p.first,
          last_name: p.last,
          support_level: p.level,
          mobile_e164: p.mobile,
          mobile_valid: p.valid,
          do_not_call: p.dnc,
          email: `${p.key}@exemple.fr`,
          legal_basis: 'consent',
          custom_fields: {},
          updated_at: new Date(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids[p.key] = row.id;
    }
  });
  await inOrg(ctx.database.db, { orgId: otherOrg }, (tx) =>
    tx.insertInto('people').values({ org_id: otherOrg, first_name: 'Amélie', last_name: 'Autre', support_level: 3, mobile_valid: true, legal_basis: 'consent', custom_fields: {}, updated_at: new Date() }).execute(),
  );
});

const keysOf = (page: PeoplePage) => page.rows.map((r) => Object.entries(ids).find(([, id]) => id === r.id)?.[0]).sort();

describe('people search through the API', () => {
  it("finds a French organizer's weekend call list: weak support, undecided or weak opposition, valid mobile, no 'do not call'", async () => {
    const res = await organizer.request({ method: 'POST', url: '/api/people/search', payload: { filter: weekendCalls } });
    expect(res.statusCode).toBe(200);
    const page = res.json<PeoplePage>();
    expect(page.count).toBe(4);
    expect(keysOf(page)).toEqual(WEEKEND);
    // Sorted by last name: Arnaud, Durand, Lefèvre, Martin.
    expect(page.rows.map((r) => r.lastName)).toEqual(['Arnaud', 'Durand', 'Lefèvre', 'Martin']);
    expect(page.rows[0]).toMatchObject({ firstName: 'Jules', supportLevel: 4, mobile: '+33612345610', mobileValid: true, doNotCall: false, tags: [] });
    expect(page.nextCursor).toBeNull();
  });

  it('pages with a cursor and returns everyone once', async () => {
    const first = (await organizer.request({ method: 'POST', url: '/api/people/search', payload: { limit: 4 } })).json<PeoplePage>();
    expect(first.count).toBe(10);
    expect(first.nextCursor).not.toBeNull();
    const second = (await organizer.request({ method: 'POST', url: '/api/people/search', payload: { limit: 4, cursor: first.nextCursor, withCount: false } })).json<PeoplePage>();
    const third = (await organizer.request({ method: 'POST', url: '/api/people/search', payload: { limit: 4, cursor: second.nextCursor, withCount: false } })).json<PeoplePage>();
    expect(second.count).toBeNull();
    expect(third.nextCursor).toBeNull();
    const all = [...first.rows, ...second.rows, ...third.rows].map((r) => r.id);
    expect(new Set(all).size).toBe(10);
  });

  it('finds people by name without accents and by phone as typed', async () => {
    const byName = (await organizer.request({ method: 'POST', url: '/api/people/search', payload: { filter: { op: 'and', children: [{ type: 'search', text: 'gaelle' }] } } })).json<PeoplePage>();
    expect(keysOf(byName)).toEqual(['gaelle']);
    const byPhone = (await organizer.request({ method: 'POST', url: '/api/people/search', payload: { filter: { op: 'and', children: [{ type: 'search', text: '06 12 34 56 02' }] } } })).json<PeoplePage>();
    expect(keysOf(byPhone)).toEqual(['bruno']);
  });

  it('answers a bad filter or cursor with 400 and the field at fault, in French', async () => {
    const bad = await organizer.request({ method: 'POST', url: '/api/people/search', payload: { filter: { op: 'and', children: [{ type: 'supportLevel', levels: [7] }] } } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].path).toMatch(/^filter\.children\.0\.levels\.0/);
    const cursor = await organizer.request({ method: 'POST', url: '/api/people/search', payload: { cursor: 'not-a-cursor' } });
    expect(cursor.statusCode).toBe(400);
    expect(cursor.json().error.fields).toEqual([{ path: 'cursor', message: 'Curseur de pagination invalide : recommencez depuis la première page.' }]);
  });

  it('lets a viewer count but not see profiles, nor count a name search', async () => {
    const count = await viewer.request({ method: 'POST', url: '/api/people/count', payload: { filter: weekendCalls } });
    expect(count.statusCode).toBe(200);
    expect(count.json()).toEqual({ count: 4 });
    expect((await viewer.request({ method: 'POST', url: '/api/people/search', payload: { filter: weekendCalls } })).statusCode).toBe(403);
    const search = await viewer.request({ method: 'POST', url: '/api/people/count', payload: { filter: { op: 'and', children: [{ type: 'search', text: 'Durand' }] } } });
    expect(search.statusCode).toBe(400);
    expect((await caller.request({ method: 'POST', url: '/api/people/count', payload: {} })).statusCode).toBe(403);
  });

  it("never shows another organization's people", async () => {
    const page = (await outsider.request({ method: 'POST', url: '/api/people/search', payload: { filter: weekendCalls } })).json<PeoplePage>();
    expect(page.rows.map((r) => r.lastName)).toEqual(['Autre']);
  });
});

describe('saved lists through the API', () => {
  let dynamicList: List;

  it('saves the filter as a dynamic list that follows the people', async () => {
    const res = await organizer.request({ method: 'POST', url: '/api/lists', payload: { name: 'Appels du week-end', kind: 'dynamic', filter: weekendCalls } });
    expect(res.statusCode).toBe(201);
    dynamicList = res.json<List>();
    expect(dynamicList).toMatchObject({ name: 'Appels du week-end', kind: 'dynamic', filter: weekendCalls, memberCount: null });
    const contents = (await organizer.request({ method: 'GET', url: `/api/lists/${dynamicList.id}/people` })).json<PeoplePage>();
    expect(keysOf(contents)).toEqual(WEEKEND);
    expect((await organizer.request({ method: 'GET', url: '/api/lists' })).json().lists.map((l: List) => l.id)).toContain(dynamicList.id);
  });

  it('freezes it into a static list that keeps its people when the dynamic one changes', async () => {
    const res = await organizer.request({ method: 'POST', url: `/api/lists/${dynamicList.id}/freeze`, payload: {} });
    expect(res.statusCode).toBe(201);
    const frozen = res.json<List>();
    expect(frozen).toMatchObject({ kind: 'static', memberCount: 4, filter: weekendCalls });
    expect(frozen.name).toMatch(/^Appels du week-end \(\d{4}-\d{2}-\d{2}\)$/);

    // Bruno asks not to be called: he leaves the dynamic list, stays in the frozen one.
    await inOrg(ctx.database.db, { orgId }, (tx) => tx.updateTable('people').set({ do_not_call: true }).where('org_id', '=', orgId).where('id', '=', ids.bruno!).execute());
    const dynamicNow = (await organizer.request({ method: 'GET', url: `/api/lists/${dynamicList.id}/people` })).json<PeoplePage>();
    expect(keysOf(dynamicNow)).toEqual(['amelie', 'chloe', 'jules']);
    const frozenNow = (await organizer.request({ method: 'GET', url: `/api/lists/${frozen.id}/people?limit=2` })).json<PeoplePage>();
    expect(frozenNow.count).toBe(4);
    expect(frozenNow.rows).toHaveLength(2);

    const changed = await organizer.request({ method: 'POST', url: `/api/lists/${frozen.id}/members`, payload: { add: [ids.emma, ids.hugo], remove: [ids.amelie] } });
    expect(changed.json()).toEqual({ added: 2, removed: 1, memberCount: 5 });
    const refused = await organizer.request({ method: 'POST', url: `/api/lists/${dynamicList.id}/members`, payload: { add: [ids.emma] } });
    expect(refused.statusCode).toBe(400);
  });

  it('renames a list, changes a dynamic filter, and deletes a list', async () => {
    const renamed = await organizer.request({ method: 'PATCH', url: `/api/lists/${dynamicList.id}`, payload: { name: 'Indécis', filter: { op: 'and', children: [{ type: 'supportLevel', levels: [3] }] } } });
    expect(renamed.json()).toMatchObject({ name: 'Indécis', filter: { op: 'and', children: [{ type: 'supportLevel', levels: [3] }] } });
    const created = (await organizer.request({ method: 'POST', url: '/api/lists', payload: { name: 'À jeter', kind: 'static', personIds: [ids.emma] } })).json<List>();
    expect(created.memberCount).toBe(1);
    expect((await organizer.request({ method: 'DELETE', url: `/api/lists/${created.id}` })).json()).toEqual({ ok: true });
    expect((await organizer.request({ method: 'GET', url: `/api/lists/${created.id}` })).statusCode).toBe(404);
  });

  it("answers 404 for another organization's list, whatever the route", async () => {
    const id = dynamicList.id;
    const attempts = [
      outsider.request({ method: 'GET', url: `/api/lists/${id}` }),
      outsider.request({ method: 'PATCH', url: `/api/lists/${id}`, payload: { name: 'Volée' } }),
      outsider.request({ method: 'DELETE', url: `/api/lists/${id}` }),
      outsider.request({ method: 'POST', url: `/api/lists/${id}/freeze`, payload: {} }),
      outsider.request({ method: 'POST', url: `/api/lists/${id}/members`, payload: { add: ['1'] } }),
      outsider.request({ method: 'GET', url: `/api/lists/${id}/people` }),
      outsider.request({ method: 'POST', url: '/api/people/batch', payload: { target: { listId: id }, action: { type: 'setVolunteer', value: true } } }),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('not_found');
    }
    expect((await organizer.request({ method: 'GET', url: `/api/lists/${id}` })).json().name).toBe('Indécis');
  });
});

describe('batch updates through the API', () => {
  it('starts a job over a filter and reports its progress to the poller', async () => {
    const tag = await inOrg(ctx.database.db, { orgId }, (tx) => tx.insertInto('tags').values({ org_id: orgId, name: 'Week-end 1' }).returning('id').executeTakeFirstOrThrow());
    const res = await organizer.request({ method: 'POST', url: '/api/people/batch', payload: { target: { filter: weekendCalls }, action: { type: 'addTags', tagIds: [tag.id] } } });
    expect(res.statusCode).toBe(202);
    const { jobId, total } = res.json();
    expect(total).toBe(3);
    await drainJobs(ctx);
    const job = (await organizer.request({ method: 'GET', url: `/api/jobs/${jobId}` })).json();
    expect(job).toMatchObject({ status: 'succeeded', done: 3, total: 3, result: { processed: 3, changed: 3 } });
    const tagged = (await organizer.request({ method: 'POST', url: '/api/people/search', payload: { filter: { op: 'and', children: [{ type: 'tags', match: 'all', tagIds: [tag.id] }] } } })).json<PeoplePage>();
    expect(keysOf(tagged)).toEqual(['amelie', 'chloe', 'jules']);
    expect(tagged.rows[0]?.tags).toEqual([{ id: tag.id, name: 'Week-end 1' }]);
  });

  it('refuses to delete without the count the organizer saw', async () => {
    const res = await organizer.request({ method: 'POST', url: '/api/people/batch', payload: { target: { filter: weekendCalls }, action: { type: 'delete' } } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields[0].path).toBe('expectedCount');
    const stale = await organizer.request({ method: 'POST', url: '/api/people/batch', payload: { target: { filter: weekendCalls }, action: { type: 'delete' }, expectedCount: 4 } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.fields[0].message).toContain('3');
  });

  it('is refused to a viewer', async () => {
    const res = await viewer.request({ method: 'POST', url: '/api/people/batch', payload: { target: { filter: weekendCalls }, action: { type: 'setVolunteer', value: true } } });
    expect(res.statusCode).toBe(403);
  });
});

describe('the API documentation', () => {
  it('describes the recursive filter', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    expect(Object.keys(res.json().paths)).toEqual(expect.arrayContaining(['/api/people/search', '/api/lists/{listId}/people']));
  });
});
