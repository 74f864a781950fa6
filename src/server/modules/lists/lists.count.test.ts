import fc from 'fast-check';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeMember, makeOrg } from '../../../../test/setup/factories.js';
import { createTestContext, type TestContext } from '../../../../test/setup/test-context.js';
import { FilterSchema, matchesFilter, type Criterion, type FilterablePerson, type FilterGroup, type SupportLevelChoice } from '../../../shared/people/filter.js';
import { inOrg, type Tx } from '../../platform/db/database.js';
import type { OrgActor } from '../../platform/http/actor.js';
import { tagsAndLevelsOnly } from './filter.sql.js';
import { countPeople, searchPeople } from './lists.service.js';
import { actorFor, insertPeople, personSeedArb } from './lists.test-helpers.js';

/**
 * "Tags and support levels" is counted from person_tags' copy of each person's level
 * (0022_person_tags_level.sql): the count must stay the in-memory reference's after levels and
 * tags change, whichever way they change, and when both change at once in two transactions.
 */

let ctx: TestContext;
let orgId: string;
let actor: OrgActor;
let people: FilterablePerson[];
let tagIds: string[];

beforeAll(async () => {
  ctx = await createTestContext();
  const org = await makeOrg(ctx);
  orgId = org.id;
  const { userId } = await makeMember(ctx, org.id, 'organizer');
  actor = actorFor(org, userId, ['people.read']);
  ({ people, tagIds } = await insertPeople(ctx, org.id, fc.sample(personSeedArb(150), { numRuns: 150, seed: 99 })));
  // Another organization carrying tags with levels, which no count may include.
  const other = await makeOrg(ctx);
  await insertPeople(ctx, other.id, fc.sample(personSeedArb(40), { numRuns: 40, seed: 3 }));
});

const LEVELS: SupportLevelChoice[] = [1, 2, 3, 4, 5, 'unknown'];

function shapeArb(): fc.Arbitrary<FilterGroup> {
  const tags = fc.oneof(
    fc.subarray(tagIds, { minLength: 1 }).map((ids) => ({ type: 'tags' as const, match: 'any' as const, tagIds: ids })),
    fc.constantFrom(...tagIds).map((id) => ({ type: 'tags' as const, match: 'all' as const, tagIds: [id, id] })),
  );
  const levels = fc.subarray(LEVELS, { minLength: 1 }).map((l) => ({ type: 'supportLevel' as const, levels: l }));
  return fc.tuple(tags, fc.option(levels, { nil: undefined }), fc.boolean()).map(([t, l, nested]) => {
    const children = l ? [l, t] : [t];
    return nested ? { op: 'and', children: [{ op: 'or', children: [t] }, ...(l ? [l] : [])] } : { op: 'and', children };
  });
}

async function checkCounts(runs: number, seed: number) {
  await fc.assert(
    fc.asyncProperty(shapeArb(), async (raw) => {
      const filter = FilterSchema.parse(raw);
      expect(tagsAndLevelsOnly(filter)).not.toBeNull();
      const expected = people.filter((p) => matchesFilter(p, filter)).length;
      expect((await countPeople(ctx, actor, { filter })).count).toBe(expected);
      // The People page's count comes the same way.
      expect((await searchPeople(ctx, actor, { filter, limit: 5, sort: 'name', withCount: true, cursor: null })).count).toBe(expected);
    }),
    { numRuns: runs, seed },
  );
}

describe('counting tags and support levels', () => {
  it('recognises the shape it counts from tags alone, and only that shape', () => {
    const tagsMatching = (match: 'any' | 'all' | 'none'): Criterion => ({ type: 'tags', match, tagIds: ['1', '2'] });
    const tag = tagsMatching('any');
    const level: Criterion = { type: 'supportLevel', levels: [2, 3] };
    expect(tagsAndLevelsOnly({ op: 'and', children: [tag, level] })).toEqual({ tagIds: ['1', '2'], levels: [2, 3] });
    expect(tagsAndLevelsOnly({ op: 'or', children: [{ op: 'and', children: [tag] }] })).toEqual({ tagIds: ['1', '2'], levels: null });
    expect(tagsAndLevelsOnly({ op: 'and', children: [level] })).toBeNull();
    expect(tagsAndLevelsOnly({ op: 'or', children: [tag, level] })).toBeNull();
    expect(tagsAndLevelsOnly({ op: 'and', children: [tagsMatching('none'), level] })).toBeNull();
    expect(tagsAndLevelsOnly({ op: 'and', children: [tagsMatching('all'), level] })).toBeNull();
    expect(tagsAndLevelsOnly({ op: 'and', children: [tag, level, level] })).toBeNull();
    expect(tagsAndLevelsOnly({ op: 'and', children: [tag, level, { type: 'hasMobile', value: true }] })).toBeNull();
  });

  it('equals the reference as seeded, then after levels, tags and people change', async () => {
    await checkCounts(60, 1);

    // Levels change (some people without tags, some with several), tags are given and taken
    // away, and a person is deleted, each through plain SQL as any module would.
    const rng = fc.sample(fc.tuple(fc.constantFrom(...LEVELS), fc.constantFrom(...tagIds), fc.integer({ min: 0, max: 3 })), { numRuns: people.length, seed: 5 });
    await inOrg(ctx.database.db, { orgId }, async (tx) => {
      for (const [i, p] of people.entries()) {
        const [level, tagId, action] = rng[i]!;
        if (action === 0) {
          const next = level === 'unknown' ? null : level;
          await tx.updateTable('people').set({ support_level: next }).where('org_id', '=', orgId).where('id', '=', p.id).execute();
          p.supportLevel = next;
        } else if (action === 1 && !p.tagIds.includes(tagId)) {
          await tx.insertInto('person_tags').values({ org_id: orgId, tag_id: tagId, person_id: p.id }).execute();
          p.tagIds = [...p.tagIds, tagId];
        } else if (action === 2 && p.tagIds.length > 0) {
          const [first, ...rest] = p.tagIds;
          await tx.deleteFrom('person_tags').where('org_id', '=', orgId).where('person_id', '=', p.id).where('tag_id', '=', first!).execute();
          p.tagIds = rest;
        }
      }
      // Everyone at level 4 or 5 moves to 3 in one statement, as a batch update would.
      await tx.updateTable('people').set({ support_level: 3 }).where('org_id', '=', orgId).where('support_level', 'in', [4, 5]).execute();
      for (const p of people) if (p.supportLevel === 4 || p.supportLevel === 5) p.supportLevel = 3;
    });
    const gone = people.find((p) => p.tagIds.length > 0)!;
    await inOrg(ctx.database.db, { orgId }, (tx) => tx.deleteFrom('people').where('org_id', '=', orgId).where('id', '=', gone.id).execute());
    people = people.filter((p) => p !== gone);

    await checkCounts(60, 2);
    const stale = await inOrg(ctx.database.db, { orgId }, (tx) =>
      tx
        .selectFrom('person_tags as pt')
        .innerJoin('people as p', (j) => j.onRef('p.org_id', '=', 'pt.org_id').onRef('p.id', '=', 'pt.person_id'))
        .select('pt.person_id')
        .where('pt.org_id', '=', orgId)
        .where((eb) => eb('pt.support_level', '<>', eb.fn.coalesce('p.support_level', eb.lit(0))))
        .execute(),
    );
    expect(stale).toEqual([]);
  });

  it('keeps the tag level right when a tag and a level change race in two transactions', async () => {
    for (const levelFirst of [false, true]) {
      const person = people.find((p) => p.tagIds.length < tagIds.length)!;
      const tagId = tagIds.find((t) => !person.tagIds.includes(t))!;
      const newLevel = person.supportLevel === 5 ? 1 : 5;
      const tagIt = (tx: Tx): Promise<unknown> =>
        tx.insertInto('person_tags').values({ org_id: orgId, tag_id: tagId, person_id: person.id }).execute();
      const levelIt = (tx: Tx): Promise<unknown> =>
        tx.updateTable('people').set({ support_level: newLevel }).where('org_id', '=', orgId).where('id', '=', person.id).execute();

      // The first transaction does its part and stays open while the second starts.
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let firstDone!: () => void;
      const firstWrote = new Promise<void>((resolve) => (firstDone = resolve));
      const first = inOrg(ctx.database.db, { orgId }, async (tx) => {
        await (levelFirst ? levelIt(tx) : tagIt(tx));
        firstDone();
        await held;
      });
      await firstWrote;
      let secondFinished = false;
      const second = inOrg(ctx.database.db, { orgId }, (tx) => (levelFirst ? tagIt(tx) : levelIt(tx))).then(() => {
        secondFinished = true;
      });
      // Let the second run as far as it can: finished, or waiting on the first's row lock.
      for (let i = 0; i < 500 && !secondFinished; i++) {
        const waiting = await sql<{ n: string }>`SELECT count(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock'`.execute(ctx.database.db);
        if (Number(waiting.rows[0]?.n ?? 0) > 0) break;
        await new Promise((r) => setTimeout(r, 10));
      }
      release();
      await Promise.all([first, second]);
      person.tagIds = [...person.tagIds, tagId];
      person.supportLevel = newLevel;

      const row = await inOrg(ctx.database.db, { orgId }, (tx) =>
        tx.selectFrom('person_tags').select('support_level').where('org_id', '=', orgId).where('tag_id', '=', tagId).where('person_id', '=', person.id).executeTakeFirstOrThrow(),
      );
      expect(row.support_level).toBe(newLevel);
    }
    await checkCounts(20, 3);
  });
});
