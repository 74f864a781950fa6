import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeMember, makeOrg } from '../../../../test/setup/factories.js';
import { createTestContext, type TestContext } from '../../../../test/setup/test-context.js';
import { FilterSchema, matchesFilter, type FilterablePerson, type FilterGroup } from '../../../shared/people/filter.js';
import { inOrg } from '../../platform/db/database.js';
import type { OrgActor } from '../../platform/http/actor.js';
import { filterExpression } from './filter.sql.js';
import { searchPeople } from './lists.service.js';
import { actorFor, filterArb, insertPeople, personSeedArb, type SeededPath } from './lists.test-helpers.js';

/**
 * The SQL compiler against the in-memory reference: for random people and random nested
 * filters, the database returns exactly the people `matchesFilter` accepts.
 */

const PEOPLE = 200;
const SEEDS = [20250101, 4242, 7];

let ctx: TestContext;

interface Dataset {
  orgId: string;
  people: FilterablePerson[];
  tagIds: string[];
  paths: SeededPath[];
  actor: OrgActor;
}
const datasets: Dataset[] = [];

beforeAll(async () => {
  ctx = await createTestContext();
  for (const seed of SEEDS) {
    const org = await makeOrg(ctx);
    const { userId } = await makeMember(ctx, org.id, 'organizer');
    const seeds = fc.sample(personSeedArb(PEOPLE), { numRuns: PEOPLE, seed });
    const { people, tagIds, paths } = await insertPeople(ctx, org.id, seeds);
    datasets.push({ orgId: org.id, people, tagIds, paths, actor: actorFor(org, userId, ['people.read']) });
  }
  // Another organization's people, which no filter may ever return.
  const other = await makeOrg(ctx);
  await insertPeople(ctx, other.id, fc.sample(personSeedArb(50), { numRuns: 50, seed: 1 }));
});

function sqlIds(orgId: string, filter: FilterGroup): Promise<string[]> {
  return inOrg(ctx.database.db, { orgId }, async (tx) => {
    const rows = await tx
      .selectFrom('people as p')
      .select('p.id')
      .where('p.org_id', '=', orgId)
      .where((eb) => filterExpression(eb, filter))
      .execute();
    return rows.map((r) => r.id).sort();
  });
}

function expectedIds(people: readonly FilterablePerson[], filter: FilterGroup): string[] {
  return people
    .filter((p) => matchesFilter(p, filter))
    .map((p) => p.id)
    .sort();
}

describe.each(SEEDS.map((seed, i) => [seed, i] as const))('the SQL filter on random people (seed %i)', (_seed, index) => {
  it('returns exactly the people matchesFilter accepts, for random nested filters', async () => {
    const data = datasets[index]!;
    let nonEmpty = 0;
    await fc.assert(
      fc.asyncProperty(filterArb(data.tagIds, data.people.map((p) => p.id), data.paths), async (raw) => {
        const filter = FilterSchema.parse(raw);
        const expected = expectedIds(data.people, filter);
        if (expected.length > 0 && expected.length < data.people.length) nonEmpty++;
        expect(await sqlIds(data.orgId, filter)).toEqual(expected);
      }),
      { numRuns: 150, seed: SEEDS[index] },
    );
    // The generator must make filters that split the people, or the property proves little.
    expect(nonEmpty).toBeGreaterThan(40);
  });

  it('pages through every match exactly once, in either order, with the right count', async () => {
    const data = datasets[index]!;
    await fc.assert(
      fc.asyncProperty(
        filterArb(data.tagIds, data.people.map((p) => p.id), data.paths),
        fc.integer({ min: 1, max: 60 }),
        fc.constantFrom('name' as const, 'newest' as const),
        async (raw, limit, sort) => {
          const filter = FilterSchema.parse(raw);
          const seen: string[] = [];
          let cursor: string | null = null;
          let pages = 0;
          do {
            const page = await searchPeople(ctx, data.actor, { filter, cursor, limit, sort, withCount: pages === 0 });
            if (pages === 0) expect(page.count).toBe(expectedIds(data.people, filter).length);
            else expect(page.count).toBeNull();
            expect(page.rows.length).toBeLessThanOrEqual(limit);
            seen.push(...page.rows.map((r) => r.id));
            cursor = page.nextCursor;
            pages++;
          } while (cursor !== null && pages < 500);
          expect(new Set(seen).size).toBe(seen.length);
          expect([...seen].sort()).toEqual(expectedIds(data.people, filter));
        },
      ),
      { numRuns: 40, seed: SEEDS[index] },
    );
  });
});

describe('the SQL filter', () => {
  it("never returns another organization's people, even for the everyone filter", async () => {
    const data = datasets[0]!;
    expect(await sqlIds(data.orgId, { op: 'and', children: [] })).toEqual(data.people.map((p) => p.id).sort());
  });

  it('treats LIKE wildcards typed in a search as plain characters', async () => {
    const data = datasets[0]!;
    for (const text of ['%', '_', '\\', '%%', 'a_b']) {
      const filter = FilterSchema.parse({ op: 'and', children: [{ type: 'search', text }] });
      expect(await sqlIds(data.orgId, filter)).toEqual(expectedIds(data.people, filter));
    }
  });
});
