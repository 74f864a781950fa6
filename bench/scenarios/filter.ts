import pg from 'pg';
import type { FilterGroup } from '../../src/shared/people/filter.js';
import { createUser } from '../../src/server/modules/auth/auth.service.js';
import { seedDemoPeople } from '../../src/server/modules/demo/demo.service.js';
import { countPeople, searchPeople } from '../../src/server/modules/lists/lists.service.js';
import { createOrganization } from '../../src/server/modules/network/network.service.js';
import { adminActor, type BenchEnv } from '../lib/env.js';
import { Latencies, round } from '../lib/stats.js';

export interface FilterRun {
  people: number;
  runs: number;
  seed_seconds: number;
  narrow_matches: number;
  broad_matches: number;
  narrow_p50_ms: number;
  narrow_p95_ms: number;
  broad_p50_ms: number;
  broad_p95_ms: number;
  /** The count alone (POST /api/people/count), broad filter. */
  broad_count_p50_ms: number;
}

/**
 * `people` demo people (French names, polling stations, support levels, tags), then the People
 * page's request through the lists service: the first page of 50 with its count, for a narrow
 * filter (a tag + support levels 2–3 + one polling station, rotating over the ten largest
 * stations) and a broad one (a tag held by about a third of people + support levels 2–4).
 */
export async function runFilter(env: BenchEnv, opts: { people: number; runs: number; log: (l: string) => void }): Promise<FilterRun> {
  const { ctx } = env;
  const userId = await createUser(ctx, { email: 'filter@bench.invalid', name: 'Bench Filter' });
  const { id: orgId } = await createOrganization(ctx, { name: 'Bench filter', slug: 'bench-filter' }, userId);
  const actor = adminActor(orgId, userId);
  const seedStart = performance.now();
  let shown = 0;
  await seedDemoPeople(ctx, orgId, opts.people, {
    seed: 17,
    onProgress: (n) => {
      if (n - shown >= 100_000) {
        shown = n;
        opts.log(`filter: ${n} people seeded`);
      }
    },
  });
  const seedSeconds = (performance.now() - seedStart) / 1000;

  const owner = new pg.Client({ connectionString: env.ownerUrl });
  await owner.connect();
  let broadTag: string;
  let stations: string[];
  try {
    await owner.query('VACUUM ANALYZE people');
    await owner.query('VACUUM ANALYZE person_tags');
    // The tag closest to a third of the people (the broad filter's), and the ten largest stations.
    const tags = await owner.query<{ id: string; n: string }>(
      `SELECT t.id, count(*) AS n FROM tags t JOIN person_tags pt ON pt.org_id = t.org_id AND pt.tag_id = t.id WHERE t.org_id = $1 GROUP BY t.id ORDER BY abs(count(*) - $2::int / 3), t.id LIMIT 1`,
      [orgId, opts.people],
    );
    broadTag = tags.rows[0]!.id;
    const st = await owner.query<{ code: string }>(
      `SELECT polling_station_code AS code FROM people WHERE org_id = $1 AND polling_station_code IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 10`,
      [orgId],
    );
    stations = st.rows.map((r) => r.code);
  } finally {
    await owner.end();
  }

  const narrow = (station: string): FilterGroup => ({
    op: 'and',
    children: [
      { type: 'tags', match: 'any', tagIds: [broadTag] },
      { type: 'supportLevel', levels: [2, 3] },
      { type: 'pollingStation', codes: [station] },
    ],
  });
  const broad: FilterGroup = { op: 'and', children: [{ type: 'tags', match: 'any', tagIds: [broadTag] }, { type: 'supportLevel', levels: [2, 3, 4] }] };
  const firstPage = (filter: FilterGroup) => searchPeople(ctx, actor, { filter, limit: 50, sort: 'name', withCount: true, cursor: null });

  // Warm-up: one of each, as a user's first search would find the cache after others' work.
  let narrowMatches = 0;
  for (const s of stations) narrowMatches += (await firstPage(narrow(s))).count ?? 0;
  const broadMatches = (await firstPage(broad)).count ?? 0;

  const narrowTimes = new Latencies();
  const broadTimes = new Latencies();
  const countTimes = new Latencies();
  for (let i = 0; i < opts.runs; i++) {
    let t = performance.now();
    await firstPage(narrow(stations[i % stations.length]!));
    narrowTimes.add(performance.now() - t);
    t = performance.now();
    await firstPage(broad);
    broadTimes.add(performance.now() - t);
    t = performance.now();
    await countPeople(ctx, actor, { filter: broad });
    countTimes.add(performance.now() - t);
  }
  const n = narrowTimes.summary();
  const b = broadTimes.summary();
  return {
    people: opts.people,
    runs: opts.runs,
    seed_seconds: round(seedSeconds, 1),
    narrow_matches: round(narrowMatches / Math.max(1, stations.length), 1),
    broad_matches: broadMatches,
    narrow_p50_ms: n.p50_ms,
    narrow_p95_ms: n.p95_ms,
    broad_p50_ms: b.p50_ms,
    broad_p95_ms: b.p95_ms,
    broad_count_p50_ms: countTimes.summary().p50_ms,
  };
}
