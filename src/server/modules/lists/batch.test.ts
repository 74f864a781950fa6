import fc from 'fast-check';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeMember, makeOrg } from '../../../../test/setup/factories.js';
import { createTestContext, type TestContext } from '../../../../test/setup/test-context.js';
import { matchesFilter, type FilterablePerson, type FilterGroup } from '../../../shared/people/filter.js';
import { inOrg } from '../../platform/db/database.js';
import type { OrgActor } from '../../platform/http/actor.js';
import { drainJobs, getJob } from '../../platform/jobs/jobs.js';
import { suppressionHash } from '../people/index.js';
import { BATCH_AUDIT_ACTION, startBatchUpdate } from './batch.service.js';
import { createList } from './lists.service.js';
import { actorFor, insertPeople, personSeedArb } from './lists.test-helpers.js';

let ctx: TestContext;

async function setup(count = 300, seed = 99) {
  const org = await makeOrg(ctx);
  const { userId } = await makeMember(ctx, org.id, 'organizer');
  const { people, tagIds } = await insertPeople(ctx, org.id, count === 0 ? [] : fc.sample(personSeedArb(count), { numRuns: count, seed }));
  const actor = actorFor(org, userId, ['people.read', 'people.write', 'lists.manage']);
  return { orgId: org.id, people, tagIds, actor };
}

function matching(people: readonly FilterablePerson[], filter: FilterGroup): string[] {
  return people.filter((p) => matchesFilter(p, filter)).map((p) => p.id).sort();
}

function peopleWith(orgId: string, where: (row: { id: string; support_level: number | null; do_not_call: boolean; do_not_call_reason: string | null; is_volunteer: boolean }) => boolean) {
  return inOrg(ctx.database.db, { orgId }, async (tx) => {
    const rows = await tx.selectFrom('people').select(['id', 'support_level', 'do_not_call', 'do_not_call_reason', 'is_volunteer']).where('org_id', '=', orgId).execute();
    return rows.filter(where).map((r) => r.id).sort();
  });
}

function job(orgId: string, jobId: string) {
  return inOrg(ctx.database.db, { orgId }, (tx) => getJob(tx, orgId, jobId));
}

beforeAll(async () => {
  ctx = await createTestContext();
});

/** Runs the queued jobs as they would run `aheadMs` from now (jobs are queued at the real time). */
async function drain(aheadMs = 1000) {
  ctx.setNow(new Date(Date.now() + aheadMs));
  await drainJobs(ctx);
}

const undecidedWithMobile: FilterGroup = {
  op: 'and',
  children: [
    { type: 'supportLevel', levels: [2, 3, 4] },
    { type: 'hasMobile', value: true },
  ],
};

describe('batch updates', () => {
  it('tags exactly the filtered people, in chunks, and records the progress', async () => {
    const { orgId, people, tagIds, actor } = await setup();
    const tagId = tagIds[0]!;
    const before = new Set(people.filter((p) => p.tagIds.includes(tagId)).map((p) => p.id));
    const expected = matching(people, undecidedWithMobile);
    const { jobId, total } = await startBatchUpdate(ctx, actor, { target: { filter: undecidedWithMobile }, action: { type: 'addTags', tagIds: [tagId] } }, { chunkSize: 7 });
    expect(total).toBe(expected.length);
    expect(await job(orgId, jobId)).toMatchObject({ status: 'queued', progress_total: String(expected.length) });
    await drain();
    const tagged = await inOrg(ctx.database.db, { orgId }, (tx) => tx.selectFrom('person_tags').select('person_id').where('org_id', '=', orgId).where('tag_id', '=', tagId).execute());
    expect(tagged.map((r) => r.person_id).sort()).toEqual([...new Set([...before, ...expected])].sort());
    const changed = expected.filter((id) => !before.has(id)).length;
    expect(await job(orgId, jobId)).toMatchObject({
      status: 'succeeded',
      progress_done: String(expected.length),
      progress_total: String(expected.length),
      result: { processed: expected.length, changed },
    });
  });

  it('sets a support level on a static list only, and a do-not-call flag with its reason and date', async () => {
    const { orgId, people, actor } = await setup(120, 5);
    const members = people.slice(10, 40).map((p) => p.id);
    const list = await createList(ctx, actor, { name: 'Premier week-end', description: '', kind: 'static', personIds: members });
    const { jobId } = await startBatchUpdate(ctx, actor, { target: { listId: list.id }, action: { type: 'setSupportLevel', level: 1 } }, { chunkSize: 8 });
    await drain();
    expect(await job(orgId, jobId)).toMatchObject({ status: 'succeeded', progress_done: '30' });
    const strong = await peopleWith(orgId, (r) => r.support_level === 1);
    const alreadyStrong = people.filter((p) => p.supportLevel === 1 && !members.includes(p.id)).map((p) => p.id);
    expect(strong).toEqual([...members, ...alreadyStrong].sort());

    // Ahead of the real clock: jobs are queued at the real time and run when the injected clock passes it.
    const now = new Date(Math.ceil(Date.now() / 1000) * 1000 + 3_600_000);
    const opponents: FilterGroup = { op: 'and', children: [{ type: 'supportLevel', levels: [5] }] };
    await startBatchUpdate(ctx, actor, { target: { filter: opponents }, action: { type: 'setFlag', flag: 'doNotCall', value: true, reason: 'Opposant déclaré' } });
    ctx.setNow(now);
    await drainJobs(ctx);
    const flagged = await inOrg(ctx.database.db, { orgId }, (tx) =>
      tx.selectFrom('people').select(['id', 'do_not_call_at', 'do_not_call_reason']).where('org_id', '=', orgId).where('support_level', '=', 5).where('do_not_call', '=', true).execute(),
    );
    const newlyFlagged = people.filter((p) => p.supportLevel === 5 && !p.doNotCall && !members.includes(p.id));
    expect(newlyFlagged.length).toBeGreaterThan(0);
    for (const p of newlyFlagged) {
      expect(flagged.find((f) => f.id === p.id)).toMatchObject({ do_not_call_at: now, do_not_call_reason: 'Opposant déclaré' });
    }
  });

  it('marks volunteers and removes tags over a dynamic list, copying its filter when the job starts', async () => {
    const { orgId, people, tagIds, actor } = await setup(100, 11);
    const filter: FilterGroup = { op: 'and', children: [{ type: 'tags', match: 'any', tagIds: [tagIds[1]!] }] };
    const list = await createList(ctx, actor, { name: 'Tag 1', description: '', kind: 'dynamic', filter });
    const expected = matching(people, filter);
    await startBatchUpdate(ctx, actor, { target: { listId: list.id }, action: { type: 'setVolunteer', value: true } });
    await drain();
    expect(await peopleWith(orgId, (r) => r.is_volunteer)).toEqual([...new Set([...expected, ...people.filter((p) => p.isVolunteer).map((p) => p.id)])].sort());
    await startBatchUpdate(ctx, actor, { target: { listId: list.id }, action: { type: 'removeTags', tagIds: [tagIds[1]!] } });
    await drain();
    const left = await inOrg(ctx.database.db, { orgId }, (tx) => tx.selectFrom('person_tags').select('person_id').where('org_id', '=', orgId).where('tag_id', '=', tagIds[1]!).execute());
    expect(left).toEqual([]);
  });

  it('deletes the filtered people, keeping only hashed suppression entries for objectors', async () => {
    const { orgId, people, actor } = await setup(80, 3);
    const filter: FilterGroup = { op: 'and', children: [{ type: 'commune', codes: ['69123'] }] };
    const doomed = matching(people, filter);
    const objector = people.find((p) => doomed.includes(p.id) && (p.doNotCall || p.doNotEmail || p.doNotText) && p.mobileE164 !== null);
    expect(objector).toBeDefined();
    // An additional e-mail and number of theirs must be remembered as well.
    await inOrg(ctx.database.db, { orgId }, async (tx) => {
      await tx.insertInto('person_emails').values({ org_id: orgId, person_id: objector!.id, email: 'Objecteur.Pro@Bureau.test' }).execute();
      await tx.insertInto('person_phones').values({ org_id: orgId, person_id: objector!.id, kind: 'landline', e164: '+33478999999', raw: '04 78 99 99 99', valid: true }).execute();
    });
    await expect(startBatchUpdate(ctx, actor, { target: { filter }, action: { type: 'delete' }, expectedCount: doomed.length + 1 })).rejects.toMatchObject({ code: 'conflict' });
    const { jobId } = await startBatchUpdate(ctx, actor, { target: { filter }, action: { type: 'delete' }, expectedCount: doomed.length }, { chunkSize: 5 });
    await drain();
    expect(await job(orgId, jobId)).toMatchObject({ status: 'succeeded', result: { processed: doomed.length, changed: doomed.length } });
    const remaining = await peopleWith(orgId, () => true);
    expect(remaining).toEqual(people.filter((p) => !doomed.includes(p.id)).map((p) => p.id).sort());
    const hash = suppressionHash(ctx.secret, 'phone', objector!.mobileE164!)!;
    const suppressed = await inOrg(ctx.database.db, { orgId }, (tx) => tx.selectFrom('suppressions').select('value_hash').where('org_id', '=', orgId).where('kind', '=', 'phone').execute());
    expect(suppressed.some((s) => s.value_hash.equals(hash))).toBe(true);
    expect(suppressed.some((s) => s.value_hash.equals(suppressionHash(ctx.secret, 'phone', '0478999999')!))).toBe(true);
    const emails = await inOrg(ctx.database.db, { orgId }, (tx) => tx.selectFrom('suppressions').select('value_hash').where('org_id', '=', orgId).where('kind', '=', 'email').execute());
    expect(emails.some((s) => s.value_hash.equals(suppressionHash(ctx.secret, 'email', 'objecteur.pro@bureau.test')!))).toBe(true);
    const audit = await inOrg(ctx.database.db, { orgId }, (tx) => tx.selectFrom('audit_log').select(['action', 'subject_id', 'details']).where('org_id', '=', orgId).where('action', '=', BATCH_AUDIT_ACTION).execute());
    expect(audit).toContainEqual(expect.objectContaining({ subject_id: jobId, details: expect.objectContaining({ action: { type: 'delete' }, total: doomed.length }) }));
  });

  it('refuses tags of another organization', async () => {
    const a = await setup(5, 1);
    const b = await setup(5, 2);
    await expect(startBatchUpdate(ctx, a.actor, { target: { filter: { op: 'and', children: [] } }, action: { type: 'addTags', tagIds: [b.tagIds[0]!] } })).rejects.toMatchObject({
      code: 'validation_failed',
      fields: [{ path: 'action.tagIds.0', message: 'validation:unknown_tag' }],
    });
  });

  it('resumes after a crash in the middle of a chunk, from the last committed chunk, and finishes exactly once', async () => {
    const { orgId, actor } = await setup(0);
    // 50 undecided people with a mobile; the 23rd makes its chunk fail (chunks of 10).
    const ids = await inOrg(ctx.database.db, { orgId }, async (tx) => {
      const rows = await tx
        .insertInto('people')
        .values(
          Array.from({ length: 50 }, (_, i) => ({
            org_id: orgId,
            first_name: i === 22 ? 'Crash' : `Personne ${i}`,
            last_name: 'Test',
            support_level: 3,
            mobile_e164: '+33612345678',
            mobile_valid: true,
            legal_basis: 'consent' as const,
            custom_fields: {},
            updated_at: new Date(),
          })),
        )
        .returning('id')
        .execute();
      return rows.map((r) => r.id);
    });
    const owner = new pg.Client({ connectionString: ctx.ownerUrl });
    await owner.connect();
    await owner.query(`CREATE FUNCTION crash_on_marker() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.first_name = 'Crash' THEN RAISE EXCEPTION 'simulated crash'; END IF; RETURN NEW; END $$`);
    await owner.query('CREATE TRIGGER crash BEFORE UPDATE ON people FOR EACH ROW EXECUTE FUNCTION crash_on_marker()');
    try {
      const { jobId } = await startBatchUpdate(ctx, actor, { target: { filter: undecidedWithMobile }, action: { type: 'setSupportLevel', level: 2 } }, { chunkSize: 10 });
      await drain();
      const crashed = await job(orgId, jobId);
      expect(crashed).toMatchObject({ status: 'queued', progress_done: '20', progress_total: '50', error: expect.stringContaining('simulated crash') });
      // The two committed chunks are written, the failed chunk left nothing behind.
      expect(await peopleWith(orgId, (r) => r.support_level === 2)).toEqual(ids.slice(0, 20).sort());

      await owner.query('DROP TRIGGER crash ON people');
      await drain(60_000);
      expect(await job(orgId, jobId)).toMatchObject({ status: 'succeeded', progress_done: '50', progress_total: '50', result: { processed: 50, changed: 50 } });
      expect(await peopleWith(orgId, (r) => r.support_level === 2)).toEqual([...ids].sort());
    } finally {
      await owner.end();
    }
  });
});

describe('batch updates and other organizations', () => {
  it("leave other organizations' people alone, even with the everyone filter", async () => {
    const a = await setup(30, 21);
    const b = await setup(30, 22);
    await startBatchUpdate(ctx, a.actor as OrgActor, { target: { filter: { op: 'and', children: [] } }, action: { type: 'setVolunteer', value: true } });
    await drain();
    expect(await peopleWith(a.orgId, (r) => r.is_volunteer)).toHaveLength(30);
    expect(await peopleWith(b.orgId, (r) => r.is_volunteer)).toEqual(b.people.filter((p) => p.isVolunteer).map((p) => p.id).sort());
  });
});
