import type { FastifyInstance } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, login, makeMember, makeOrg, type Agent } from '../../../../test/setup/factories.js';
import { createTestContext, type TestContext } from '../../../../test/setup/test-context.js';
import type { Path } from '../../../shared/contracts/paths.js';
import { inOrg } from '../../platform/db/database.js';
import { drainJobs } from '../../platform/jobs/jobs.js';
import { assignPointPerson, findPathPerson, findPathStepByKey, movePersonOnPath, pathFilterExpression } from './index.js';
import type { PathCriterion } from '../../../shared/paths/path-criterion.js';

let ctx: TestContext;
let app: FastifyInstance;
let orgId: string;
let organizerId: string;
let organizer: Agent;
let caller: Agent;
let otherOrgId: string;
let otherOrganizer: Agent;

async function makePeople(org: string, count: number): Promise<string[]> {
  return inOrg(ctx.database.db, { orgId: org }, async (tx) => {
    const rows = await tx
      .insertInto('people')
      .values(Array.from({ length: count }, (_, i) => ({ org_id: org, first_name: `Prénom${i}`, last_name: `Nom${i}`, city: 'Lyon', legal_basis: 'consent' as const, custom_fields: {}, updated_at: new Date() })))
      .returning('id')
      .execute();
    return rows.map((r) => r.id);
  });
}

async function createPath(agent: Agent, payload: Record<string, unknown> = { name: 'Appels persuasion' }): Promise<Path> {
  const res = await agent.request({ method: 'POST', url: '/api/paths', payload });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function addPeople(agent: Agent, pathId: string, personIds: string[], extra: Record<string, unknown> = {}) {
  const res = await agent.request({ method: 'POST', url: `/api/paths/${pathId}/people`, payload: { personIds, ...extra } });
  expect(res.statusCode, res.body).toBe(202);
  await drainJobs(ctx);
  const job = await agent.request({ method: 'GET', url: `/api/jobs/${res.json().jobId}` });
  return job.json();
}

function step(path: Path, key: string) {
  const found = path.steps.find((s) => s.key === key);
  if (!found) throw new Error(`no step ${key}`);
  return found;
}
function reason(path: Path, key: string) {
  const found = path.reasons.find((r) => r.key === key);
  if (!found) throw new Error(`no reason ${key}`);
  return found;
}

beforeAll(async () => {
  ctx = await createTestContext();
  app = await buildTestApp(ctx);
  orgId = (await makeOrg(ctx)).id;
  const member = await makeMember(ctx, orgId, 'organizer');
  organizerId = member.userId;
  organizer = await login(app, member.email);
  caller = await login(app, (await makeMember(ctx, orgId, 'caller')).email);
  otherOrgId = (await makeOrg(ctx)).id;
  otherOrganizer = await login(app, (await makeMember(ctx, otherOrgId, 'organizer')).email);
});

describe('creating a path', () => {
  it('does give a new path the NationBuilder call path in French by default', async () => {
    const path = await createPath(organizer);
    expect(path.steps.map((s) => s.name)).toEqual([
      'À appeler',
      'Appelé une fois, pas de réponse',
      'Appelé deux fois, pas de réponse',
      'À rappeler',
      'Coordonnées à mettre à jour',
      'À suivre',
    ]);
    expect(path.reasons.filter((r) => r.kind === 'completion').map((r) => r.label)).toEqual(['Sympathisant', 'Opposant', 'Indécis', 'Coordonnées mises à jour']);
    expect(path.reasons.filter((r) => r.kind === 'abandon').map((r) => r.label)).toEqual(['Injoignable', 'Ne souhaite plus être appelé']);
    expect(path.steps.map((s) => s.key)).toEqual(['to_call', 'no_answer_1', 'no_answer_2', 'call_back_later', 'update_contact_info', 'needs_follow_up']);
  });

  it('does use English names in an English-speaking organization', async () => {
    const owner = await import('pg');
    const client = new owner.default.Client(ctx.ownerUrl);
    await client.connect();
    const en = (await makeOrg(ctx)).id;
    await client.query("UPDATE organizations SET locale = 'en' WHERE id = $1", [en]);
    await client.end();
    const agent = await login(app, (await makeMember(ctx, en, 'organizer')).email);
    const path = await createPath(agent);
    expect(path.steps[0]?.name).toBe('To call');
    expect(path.reasons.map((r) => r.label)).toContain('Asked not to be called again');
  });

  it('does take the steps and reasons it is given', async () => {
    const path = await createPath(organizer, { name: 'Bénévoles', steps: [{ name: 'Contacté' }, { name: 'Formé' }], reasons: [{ kind: 'completion', label: 'Actif' }] });
    expect(path.steps.map((s) => [s.name, s.position])).toEqual([
      ['Contacté', 0],
      ['Formé', 1],
    ]);
    expect(path.reasons).toEqual([expect.objectContaining({ kind: 'completion', label: 'Actif', key: null })]);
  });
});

describe('editing a path', () => {
  it('does reorder, rename, add and remove steps and reasons', async () => {
    const path = await createPath(organizer, { name: 'Edition', steps: [{ name: 'A' }, { name: 'B' }, { name: 'C' }], reasons: [{ kind: 'completion', label: 'OK' }] });
    const [a, b, c] = path.steps;
    const res = await organizer.request({
      method: 'PUT',
      url: `/api/paths/${path.id}`,
      payload: { name: 'Édition', steps: [{ id: c!.id, name: 'C' }, { id: a!.id, name: 'A2' }, { name: 'D' }], reasons: [{ kind: 'abandon', label: 'Parti' }] },
    });
    expect(res.statusCode, res.body).toBe(200);
    const saved: Path = res.json();
    expect(saved.name).toBe('Édition');
    expect(saved.steps.map((s) => s.name)).toEqual(['C', 'A2', 'D']);
    expect(saved.steps.map((s) => s.id)).not.toContain(b!.id);
    expect(saved.reasons.map((r) => r.label)).toEqual(['Parti']);
  });

  it('does refuse to remove a step people stand on, and leaves the path as it was', async () => {
    const path = await createPath(organizer);
    const [personId] = await makePeople(orgId, 1);
    await addPeople(organizer, path.id, [personId!]);
    const res = await organizer.request({ method: 'PUT', url: `/api/paths/${path.id}`, payload: { name: 'Renommé', steps: path.steps.slice(1).map((s) => ({ id: s.id, name: s.name })) } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toEqual([{ path: 'steps', message: 'Des personnes sont encore à cette étape : déplacez-les avant de la supprimer.' }]);
    const after: Path = (await organizer.request({ method: 'GET', url: `/api/paths/${path.id}` })).json();
    expect(after.name).toBe(path.name);
    expect(after.steps).toHaveLength(6);
  });

  it("does refuse a step id of another path", async () => {
    const path = await createPath(organizer);
    const other = await createPath(organizer);
    const res = await organizer.request({ method: 'PUT', url: `/api/paths/${path.id}`, payload: { steps: [{ id: other.steps[0]!.id, name: 'Volé' }] } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields[0].path).toBe('steps.0.id');
  });
});

describe('people on a path', () => {
  it('does add people as a job at the first step, skipping those already on it and unknown ids', async () => {
    const path = await createPath(organizer);
    const people = await makePeople(orgId, 5);
    const first = await addPeople(organizer, path.id, people.slice(0, 3));
    expect(first.status).toBe('succeeded');
    expect(first.result).toEqual({ added: 3, alreadyOnPath: 0, unknown: 0 });
    const [foreign] = await makePeople(otherOrgId, 1);
    const second = await addPeople(organizer, path.id, [...people, foreign!, '999999999']);
    expect(second.result).toEqual({ added: 2, alreadyOnPath: 3, unknown: 2 });
    const board = (await organizer.request({ method: 'GET', url: `/api/paths/${path.id}/board` })).json();
    expect(board.steps[0]).toEqual({ stepId: step(path, 'to_call').id, name: 'À appeler', count: 5 });
    expect(board.total).toBe(5);
  });

  it('does add the people of a filter, and of a static list, as they are when the job runs', async () => {
    const path = await createPath(organizer);
    const people = await makePeople(orgId, 6);
    await inOrg(ctx.database.db, { orgId }, (tx) =>
      tx.updateTable('people').set({ support_level: 3 }).where('org_id', '=', orgId).where('id', 'in', people.slice(0, 4)).execute(),
    );
    const byFilter = await organizer.request({
      method: 'POST',
      url: `/api/paths/${path.id}/people`,
      payload: { filter: { op: 'and', children: [{ type: 'supportLevel', levels: [3] }] } },
    });
    expect(byFilter.statusCode, byFilter.body).toBe(202);
    expect(byFilter.json().total).toBeGreaterThanOrEqual(4);
    await drainJobs(ctx);
    const onPath = (await organizer.request({ method: 'GET', url: `/api/paths/${path.id}/people?limit=500` })).json().people.map((p: { personId: string }) => p.personId);
    expect(onPath).toEqual(expect.arrayContaining(people.slice(0, 4)));
    expect(onPath).not.toContain(people[4]);

    const list = await organizer.request({ method: 'POST', url: '/api/lists', payload: { name: `Liste ${path.id}`, kind: 'static', personIds: people.slice(3) } });
    expect(list.statusCode, list.body).toBe(201);
    const byList = await organizer.request({ method: 'POST', url: `/api/paths/${path.id}/people`, payload: { listId: list.json().id, stepId: step(path, 'call_back_later').id } });
    expect(byList.statusCode, byList.body).toBe(202);
    await drainJobs(ctx);
    const job = (await organizer.request({ method: 'GET', url: `/api/jobs/${byList.json().jobId}` })).json();
    expect(job.result).toEqual({ added: 2, alreadyOnPath: 1, unknown: 0 });
    const later = (await organizer.request({ method: 'GET', url: `/api/paths/${path.id}/people?stepId=${step(path, 'call_back_later').id}` })).json();
    expect(later.people.map((p: { personId: string }) => p.personId)).toEqual(people.slice(4));
  });

  it('does refuse to add people without saying whom, or from two sources at once', async () => {
    const path = await createPath(organizer);
    const none = await organizer.request({ method: 'POST', url: `/api/paths/${path.id}/people`, payload: {} });
    expect(none.statusCode).toBe(400);
    expect(none.json().error.fields[0].message).toBe('Choisissez qui ajouter : des personnes, une liste ou un filtre (un seul des trois).');
    const two = await organizer.request({ method: 'POST', url: `/api/paths/${path.id}/people`, payload: { personIds: ['1'], listId: '1' } });
    expect(two.statusCode).toBe(400);
    const unknownList = await organizer.request({ method: 'POST', url: `/api/paths/${path.id}/people`, payload: { listId: '999999' } });
    expect(unknownList.statusCode).toBe(400);
    expect(unknownList.json().error.fields[0].path).toBe('listId');
  });

  it('does record every move in the history: added, moved, completed, reopened, abandoned', async () => {
    const path = await createPath(organizer);
    const [personId] = await makePeople(orgId, 1);
    await addPeople(organizer, path.id, [personId!]);
    const move = (payload: Record<string, unknown>) => organizer.request({ method: 'POST', url: `/api/paths/${path.id}/people/${personId}/move`, payload });
    expect((await move({ stepId: step(path, 'no_answer_1').id })).json().stepId).toBe(step(path, 'no_answer_1').id);
    const completed = (await move({ complete: { reasonId: reason(path, 'supporter').id } })).json();
    expect(completed).toMatchObject({ status: 'completed', stepId: null, reasonId: reason(path, 'supporter').id });
    expect(completed.finishedAt).not.toBeNull();
    await move({ stepId: step(path, 'needs_follow_up').id });
    await move({ abandon: { reasonId: reason(path, 'do_not_call').id } });
    // The same move twice records nothing more.
    await move({ abandon: { reasonId: reason(path, 'do_not_call').id } });
    const detail = (await organizer.request({ method: 'GET', url: `/api/paths/${path.id}/people/${personId}` })).json();
    expect(detail.status).toBe('abandoned');
    expect(detail.history.map((e: { kind: string; fromStepId: string | null; toStepId: string | null; byUserId: string | null }) => [e.kind, e.fromStepId, e.toStepId])).toEqual([
      ['added', null, step(path, 'to_call').id],
      ['moved', step(path, 'to_call').id, step(path, 'no_answer_1').id],
      ['completed', step(path, 'no_answer_1').id, null],
      ['reopened', null, step(path, 'needs_follow_up').id],
      ['abandoned', step(path, 'needs_follow_up').id, null],
    ]);
    expect(detail.history[1].byUserId).toBe(organizerId);
  });

  it('does refuse a move with a reason of the wrong kind or of another path, or with two targets', async () => {
    const path = await createPath(organizer);
    const other = await createPath(organizer);
    const [personId] = await makePeople(orgId, 1);
    await addPeople(organizer, path.id, [personId!]);
    const move = (payload: Record<string, unknown>) => organizer.request({ method: 'POST', url: `/api/paths/${path.id}/people/${personId}/move`, payload });
    const wrongKind = await move({ complete: { reasonId: reason(path, 'do_not_call').id } });
    expect(wrongKind.statusCode).toBe(400);
    expect(wrongKind.json().error.fields[0].path).toBe('complete.reasonId');
    const otherPath = await move({ stepId: other.steps[1]!.id });
    expect(otherPath.statusCode).toBe(400);
    expect(otherPath.json().error.fields[0]).toEqual({ path: 'stepId', message: "Cette étape n'appartient pas à ce parcours." });
    const both = await move({ stepId: path.steps[1]!.id, abandon: { reasonId: reason(path, 'do_not_call').id } });
    expect(both.statusCode).toBe(400);
    const nothing = await move({});
    expect(nothing.statusCode).toBe(400);
    expect(nothing.json().error.fields[0].message).toBe('Choisissez une étape, ou bien terminez, ou bien abandonnez le parcours.');
  });

  it('does count the board exactly: people per step, completed and abandoned per reason', async () => {
    const path = await createPath(organizer);
    const people = await makePeople(orgId, 10);
    await addPeople(organizer, path.id, people);
    const plan: [number, Record<string, unknown>][] = [
      [0, { stepId: step(path, 'no_answer_1').id }],
      [1, { stepId: step(path, 'no_answer_1').id }],
      [2, { stepId: step(path, 'no_answer_2').id }],
      [3, { complete: { reasonId: reason(path, 'supporter').id } }],
      [4, { complete: { reasonId: reason(path, 'supporter').id } }],
      [5, { complete: { reasonId: reason(path, 'undecided').id } }],
      [6, { abandon: { reasonId: reason(path, 'could_not_talk').id } }],
    ];
    for (const [i, payload] of plan) {
      const res = await organizer.request({ method: 'POST', url: `/api/paths/${path.id}/people/${people[i]}/move`, payload });
      expect(res.statusCode, res.body).toBe(200);
    }
    const board = (await organizer.request({ method: 'GET', url: `/api/paths/${path.id}/board` })).json();
    expect(board.steps.map((s: { count: number }) => s.count)).toEqual([3, 2, 1, 0, 0, 0]);
    expect(Object.fromEntries(board.completed.map((r: { label: string; count: number }) => [r.label, r.count]))).toEqual({
      Sympathisant: 2,
      Opposant: 0,
      Indécis: 1,
      'Coordonnées mises à jour': 0,
    });
    expect(Object.fromEntries(board.abandoned.map((r: { label: string; count: number }) => [r.label, r.count]))).toEqual({ Injoignable: 1, 'Ne souhaite plus être appelé': 0 });
    expect(board.total).toBe(10);
    const list = (await organizer.request({ method: 'GET', url: '/api/paths' })).json().paths.find((p: { id: string }) => p.id === path.id);
    expect(list).toMatchObject({ active: 6, completed: 3, abandoned: 1 });
  });

  it("does page through a step's people by person id, with the total", async () => {
    const path = await createPath(organizer);
    const people = await makePeople(orgId, 7);
    await addPeople(organizer, path.id, people);
    const stepId = step(path, 'to_call').id;
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const url: string = `/api/paths/${path.id}/people?stepId=${stepId}&limit=3${after ? `&after=${after}` : ''}`;
      const page = (await organizer.request({ method: 'GET', url })).json();
      expect(page.total).toBe(7);
      seen.push(...page.people.map((p: { personId: string }) => p.personId));
      expect(page.people[0]?.firstName).toMatch(/^Prénom/);
      after = page.nextCursor;
    } while (after);
    expect(seen).toEqual([...people].sort((x, y) => Number(x) - Number(y)));
  });

  it('does assign a point person who is a member, and refuses someone who is not', async () => {
    const path = await createPath(organizer);
    const [personId] = await makePeople(orgId, 1);
    await addPeople(organizer, path.id, [personId!]);
    const url = `/api/paths/${path.id}/people/${personId}/point-person`;
    const ok = await organizer.request({ method: 'PUT', url, payload: { userId: organizerId } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().pointPersonId).toBe(organizerId);
    const outsider = await makeMember(ctx, otherOrgId, 'organizer');
    const refused = await organizer.request({ method: 'PUT', url, payload: { userId: outsider.userId } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.fields[0].path).toBe('userId');
    const page = (await organizer.request({ method: 'GET', url: `/api/paths/${path.id}/people?pointPersonId=${organizerId}` })).json();
    expect(page.people.map((p: { personId: string; pointPersonName: string }) => p.personId)).toEqual([personId]);
    expect(page.people[0].pointPersonName).toMatch(/^Camille/);
  });

  it('does let the callbank move a person after a call, enrolling them when absent', async () => {
    const path = await createPath(organizer);
    const [personId] = await makePeople(orgId, 1);
    const moved = await inOrg(ctx.database.db, { orgId }, (tx) =>
      movePersonOnPath(tx, orgId, { personId: personId!, pathId: path.id, stepId: step(path, 'no_answer_1').id }),
    );
    expect(moved).toMatchObject({ status: 'active', stepId: step(path, 'no_answer_1').id });
    const detail = (await organizer.request({ method: 'GET', url: `/api/paths/${path.id}/people/${personId}` })).json();
    expect(detail.history).toEqual([expect.objectContaining({ kind: 'added', toStepId: step(path, 'no_answer_1').id, callId: null, byUserId: null })]);
  });

  it("does leave the caller's transaction usable when given malformed ids (a script naming a path by key)", async () => {
    const [personId] = await makePeople(orgId, 1);
    const count = await inOrg(ctx.database.db, { orgId }, async (tx) => {
      await expect(movePersonOnPath(tx, orgId, { personId: personId!, pathId: 'gotv-path', stepId: 'to-call' })).rejects.toThrow();
      expect(await findPathPerson(tx, orgId, 'gotv-path', personId!)).toBeNull();
      expect(await findPathStepByKey(tx, orgId, 'gotv-path', 'to_call')).toBeUndefined();
      await expect(assignPointPerson(tx, orgId, { pathId: '1', personId: personId!, userId: 'not-a-uuid' })).rejects.toThrow();
      return (await tx.selectFrom('paths').select('id').where('org_id', '=', orgId).execute()).length;
    });
    expect(count).toBeGreaterThan(0);
  });

  it('does enroll a person once when several moves race to put them on the path', async () => {
    const path = await createPath(organizer);
    const [personId] = await makePeople(orgId, 1);
    const targets = [step(path, 'no_answer_1').id, step(path, 'no_answer_2').id, step(path, 'call_back_later').id];
    const results = await Promise.all(
      Array.from({ length: 9 }, (_, i) =>
        inOrg(ctx.database.db, { orgId }, (tx) => movePersonOnPath(tx, orgId, { personId: personId!, pathId: path.id, stepId: targets[i % 3]! })),
      ),
    );
    expect(results).toHaveLength(9);
    const detail = (await organizer.request({ method: 'GET', url: `/api/paths/${path.id}/people/${personId}` })).json();
    expect(detail.history.filter((e: { kind: string }) => e.kind === 'added')).toHaveLength(1);
    expect(targets).toContain(detail.stepId);
  });

  it('does refuse a hand move of someone not on the path with 404', async () => {
    const path = await createPath(organizer);
    const [personId] = await makePeople(orgId, 1);
    const res = await organizer.request({ method: 'POST', url: `/api/paths/${path.id}/people/${personId}/move`, payload: { stepId: path.steps[1]!.id } });
    expect(res.statusCode).toBe(404);
  });

  it('does take a person off a path', async () => {
    const path = await createPath(organizer);
    const [personId] = await makePeople(orgId, 1);
    await addPeople(organizer, path.id, [personId!]);
    expect((await organizer.request({ method: 'DELETE', url: `/api/paths/${path.id}/people/${personId}` })).statusCode).toBe(200);
    expect((await organizer.request({ method: 'GET', url: `/api/paths/${path.id}/people/${personId}` })).statusCode).toBe(404);
    const board = (await organizer.request({ method: 'GET', url: `/api/paths/${path.id}/board` })).json();
    expect(board.total).toBe(0);
  });
});

describe("a person's paths", () => {
  it('does list every path a person is on with the step or reason names', async () => {
    const first = await createPath(organizer, { name: 'Persuasion' });
    const second = await createPath(organizer, { name: 'Bénévolat' });
    const [personId] = await makePeople(orgId, 1);
    await addPeople(organizer, first.id, [personId!]);
    await addPeople(organizer, second.id, [personId!]);
    await organizer.request({ method: 'POST', url: `/api/paths/${second.id}/people/${personId}/move`, payload: { complete: { reasonId: reason(second, 'supporter').id } } });
    const res = await organizer.request({ method: 'GET', url: `/api/person-paths/${personId}` });
    expect(res.statusCode, res.body).toBe(200);
    const byName = Object.fromEntries(res.json().paths.map((p: { pathName: string }) => [p.pathName, p]));
    expect(byName.Persuasion).toMatchObject({ status: 'active', stepName: 'À appeler', reasonLabel: null });
    expect(byName['Bénévolat']).toMatchObject({ status: 'completed', stepName: null, reasonLabel: 'Sympathisant' });
    expect((await otherOrganizer.request({ method: 'GET', url: `/api/person-paths/${personId}` })).statusCode).toBe(404);
  });
});

describe('filtering people by path', () => {
  it('does select people on a path, at given steps, or finished with given reasons', async () => {
    const path = await createPath(organizer);
    const people = await makePeople(orgId, 5);
    await addPeople(organizer, path.id, people.slice(0, 4));
    const move = (i: number, payload: Record<string, unknown>) => organizer.request({ method: 'POST', url: `/api/paths/${path.id}/people/${people[i]}/move`, payload });
    await move(1, { stepId: step(path, 'no_answer_1').id });
    await move(2, { complete: { reasonId: reason(path, 'supporter').id } });
    await move(3, { abandon: { reasonId: reason(path, 'could_not_talk').id } });
    const select = (criterion: Omit<PathCriterion, 'type' | 'pathId'>) =>
      inOrg(ctx.database.db, { orgId }, async (tx) =>
        (
          await tx
            .selectFrom('people as p')
            .select('p.id')
            .where('p.org_id', '=', orgId)
            .where((eb) => pathFilterExpression(eb, { type: 'path', pathId: path.id, ...criterion }))
            .orderBy('p.id')
            .execute()
        ).map((r) => r.id),
      );
    expect(await select({})).toEqual(people.slice(0, 4));
    expect(await select({ status: 'active' })).toEqual(people.slice(0, 2));
    expect(await select({ stepIds: [step(path, 'no_answer_1').id] })).toEqual([people[1]]);
    expect(await select({ status: 'completed', reasonIds: [reason(path, 'supporter').id] })).toEqual([people[2]]);
    expect(await select({ status: 'abandoned' })).toEqual([people[3]]);
  });
});

describe('access', () => {
  it("answers 404 for another organization's path and people, and changes nothing", async () => {
    const path = await createPath(organizer);
    const [personId] = await makePeople(orgId, 1);
    await addPeople(organizer, path.id, [personId!]);
    const base = `/api/paths/${path.id}`;
    for (const [method, url, payload] of [
      ['GET', base, undefined],
      ['PUT', base, { name: 'Piraté' }],
      ['DELETE', base, undefined],
      ['GET', `${base}/board`, undefined],
      ['GET', `${base}/people`, undefined],
      ['POST', `${base}/people`, { personIds: [personId] }],
      ['GET', `${base}/people/${personId}`, undefined],
      ['POST', `${base}/people/${personId}/move`, { stepId: path.steps[1]!.id }],
      ['PUT', `${base}/people/${personId}/point-person`, { userId: null }],
      ['DELETE', `${base}/people/${personId}`, undefined],
    ] as const) {
      const res = await otherOrganizer.request({ method, url, ...(payload ? { payload } : {}) });
      expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(404);
    }
    const after = (await organizer.request({ method: 'GET', url: `${base}/board` })).json();
    expect(after.total).toBe(1);
    expect(after.steps[0].count).toBe(1);
  });

  it('does refuse paths to a caller', async () => {
    const path = await createPath(organizer);
    expect((await caller.request({ method: 'GET', url: `/api/paths/${path.id}/board` })).statusCode).toBe(403);
    expect((await caller.request({ method: 'GET', url: '/api/paths' })).statusCode).toBe(403);
  });

  it('does delete a path with its people', async () => {
    const path = await createPath(organizer);
    const [personId] = await makePeople(orgId, 1);
    await addPeople(organizer, path.id, [personId!]);
    expect((await organizer.request({ method: 'DELETE', url: `/api/paths/${path.id}` })).statusCode).toBe(200);
    expect((await organizer.request({ method: 'GET', url: `/api/paths/${path.id}` })).statusCode).toBe(404);
  });
});
