import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeOrg } from '../../../../test/setup/factories.js';
import { createTestContext, type TestContext } from '../../../../test/setup/test-context.js';
import type { ClaimResult } from '../../../shared/contracts/callbank.js';
import { inOrg, openDatabase } from '../../platform/db/database.js';
import type { OrgActor } from '../../platform/http/actor.js';
import { claimNext, claimQuery } from './callbank.claim.js';
import { makeActiveCampaign, makeActor, makeCaller, makePeople } from './callbank.fixtures.js';
import { recordOutcome } from './callbank.outcome.js';

let ctx: TestContext;

beforeAll(async () => {
  // Summer, 15:00 in Paris: inside the default calling hours.
  ctx = await createTestContext({ now: new Date('2026-07-01T13:00:00Z') });
});

async function ownerQuery<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: ctx.ownerUrl });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** Every index scan of an EXPLAIN (FORMAT JSON) plan: its table alias, index and index condition. */
function indexScans(plan: unknown): { alias: string; index: string; cond: string }[] {
  const found: { alias: string; index: string; cond: string }[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    if (typeof n['Index Name'] === 'string') found.push({ alias: String(n['Alias']), index: n['Index Name'], cond: String(n['Index Cond'] ?? '') });
    Object.values(n).forEach(visit);
  };
  visit(plan);
  return found;
}

function claimed(result: ClaimResult) {
  if (result.status !== 'claimed') throw new Error(`expected a claim, got ${result.reason}`);
  return result.claim;
}

async function setup(count: number, overrides = {}) {
  const org = await makeOrg(ctx);
  const organizer = await makeActor(ctx, org, 'organizer');
  const people = await makePeople(ctx, org.id, count);
  const campaign = await makeActiveCampaign(ctx, organizer, people, overrides);
  return { org, organizer, people, campaign };
}

describe('claimNext under concurrency', () => {
  it('never hands one person to two of 200 concurrent callers and loses no outcome', async () => {
    const { org, campaign } = await setup(600);
    const callers: OrgActor[] = [];
    for (let i = 0; i < 200; i++) callers.push(await makeCaller(ctx, org, campaign.id));
    // A wider pool than the test default, so claims really run side by side in PostgreSQL.
    const database = openDatabase({ kind: ctx.database.kind, ownerUrl: ctx.ownerUrl, appUrl: ctx.database.appUrl, poolSize: 40 });
    const wide = { ...ctx, database };
    const handed = new Map<string, string>();
    const acknowledged: string[] = [];
    try {
      await Promise.all(
        callers.map(async (caller) => {
          for (;;) {
            const result = await claimNext(wide, caller, campaign.id);
            if (result.status === 'none') {
              // Others still hold the last people: wait for their outcomes, stop once all is done.
              if (result.reason === 'finished') return;
              await new Promise((resolve) => setTimeout(resolve, 5));
              continue;
            }
            const holder = handed.get(result.claim.targetId);
            expect(holder === undefined || holder === caller.user.id).toBe(true);
            handed.set(result.claim.targetId, caller.user.id);
            const callId = randomUUID();
            await recordOutcome(wide, caller, campaign.id, result.claim.targetId, { callId, outcome: 'talked', answers: { 'q-talk': 'yes', 'q-vote': 'yes' } });
            acknowledged.push(callId);
          }
        }),
      );
    } finally {
      await database.close();
    }
    expect(handed.size).toBe(600);
    expect(acknowledged).toHaveLength(600);
    const [calls] = await ownerQuery<{ n: string; people: string; ids: string }>(
      `SELECT count(*) AS n, count(DISTINCT person_id) AS people, count(*) FILTER (WHERE client_call_id = ANY($2::uuid[])) AS ids
         FROM calls WHERE org_id = $1`,
      [org.id, acknowledged],
    );
    expect(calls).toEqual({ n: '600', people: '600', ids: '600' });
    const [targets] = await ownerQuery<{ done: string }>(`SELECT count(*) FILTER (WHERE status = 'done') AS done FROM call_targets WHERE org_id = $1`, [org.id]);
    expect(targets?.done).toBe('600');
    // Every hand-out was logged as a read of the person by that caller.
    const [audit] = await ownerQuery<{ n: string }>(`SELECT count(*) AS n FROM audit_log WHERE org_id = $1 AND action = 'person.read'`, [org.id]);
    expect(Number(audit?.n)).toBeGreaterThanOrEqual(600);
  }, 120_000);
});

describe('claimNext', () => {
  it('hands back the same person after a page reload', async () => {
    const { org, campaign } = await setup(3);
    const caller = await makeCaller(ctx, org, campaign.id);
    const first = claimed(await claimNext(ctx, caller, campaign.id));
    const again = claimed(await claimNext(ctx, caller, campaign.id));
    expect(again.targetId).toBe(first.targetId);
    expect(first.person).toEqual({ firstName: 'Prénom0', lastName: 'Nom0', commune: 'Lyon', phone: '+33610000000' });
    expect(Object.keys(first.person)).not.toContain('email');
  });

  it('never offers a person who asked not to be called while queued, in any campaign', async () => {
    const { org, organizer, people, campaign } = await setup(2);
    await inOrg(ctx.database.db, { orgId: org.id }, (tx) => tx.updateTable('people').set({ do_not_call: true }).where('org_id', '=', org.id).where('id', '=', people[0]!).execute());
    const other = await makeActiveCampaign(ctx, organizer, people);
    const caller = await makeCaller(ctx, org, campaign.id, other.id);
    for (const c of [campaign, other]) {
      const claim = claimed(await claimNext(ctx, caller, c.id));
      expect(claim.person.firstName).toBe('Prénom1');
      await recordOutcome(ctx, caller, c.id, claim.targetId, { callId: randomUUID(), outcome: 'refused', answers: {} });
      expect(await claimNext(ctx, caller, c.id)).toMatchObject({ status: 'none', reason: 'finished' });
    }
  });

  it('never hands a person held in one campaign to a caller of another campaign at the same time', async () => {
    const { org, organizer, people, campaign } = await setup(2);
    const other = await makeActiveCampaign(ctx, organizer, people);
    const a = await makeCaller(ctx, org, campaign.id);
    const b = await makeCaller(ctx, org, other.id);
    const held = claimed(await claimNext(ctx, a, campaign.id));
    const meanwhile = claimed(await claimNext(ctx, b, other.id));
    expect(meanwhile.person.firstName).not.toBe(held.person.firstName);
  });

  it('plans "held by another campaign" as a probe by person, on statistics taken before anyone was claimed', async () => {
    // At 4,000 callers the claim once read every claimed target of the organization for each
    // candidate (through the partial index call_targets_claimed_by), because the statistics,
    // taken before the campaign started, said nothing was claimed. Same situation here: analysed
    // with nothing claimed, then hundreds claimed; the claim planned as it runs (generic plan).
    const { org, campaign } = await setup(300);
    const caller = await makeCaller(ctx, org, campaign.id);
    await ownerQuery('ANALYZE call_targets');
    await ownerQuery(`UPDATE call_targets SET status = 'claimed', next_attempt_at = now() + interval '15 minutes' WHERE campaign_id = $1`, [campaign.id]);
    const now = new Date();
    const compiled = claimQuery({ orgId: org.id, userId: caller.user.id, campaignId: campaign.id, now, expiresAt: new Date(now.getTime() + 900_000), excludedLevels: [], split: false }).compile(ctx.database.db);
    const scans = await inOrg(ctx.database.db, { orgId: org.id, userId: caller.user.id, genericPlans: true }, async (tx) => {
      // Prepared statements outlive the transaction: the name is this test's own, and dropped after.
      await sql.raw(`PREPARE claim_plan AS ${compiled.sql}`).execute(tx);
      // EXECUTE takes its arguments as literals (EXPLAIN cannot be given bind parameters).
      const literal = (value: unknown) =>
        value === null ? 'NULL' : `'${(value instanceof Date ? value.toISOString() : Array.isArray(value) ? `{${value.join(',')}}` : String(value)).replaceAll("'", "''")}'`;
      const plan = await sql<{ 'QUERY PLAN': unknown }>`EXPLAIN (FORMAT JSON) EXECUTE claim_plan(${sql.raw(compiled.parameters.map(literal).join(', '))})`.execute(tx);
      await sql.raw('DEALLOCATE claim_plan').execute(tx);
      return indexScans(plan.rows[0]!['QUERY PLAN']);
    });
    // The look-up's table is o (o_1, … once the plan numbers the aliases).
    const heldCheck = scans.filter((scan) => /^o(_\d+)?$/.test(scan.alias));
    expect(heldCheck.length).toBeGreaterThan(0);
    for (const scan of heldCheck) {
      expect(scan.index).toBe('call_targets_person');
      expect(scan.cond).toContain('person_id');
    }
  });

  it('stops handing people out as soon as the campaign is paused', async () => {
    const { org, organizer, campaign } = await setup(2);
    const caller = await makeCaller(ctx, org, campaign.id);
    claimed(await claimNext(ctx, caller, campaign.id));
    const { setCampaignStatus } = await import('./callbank.service.js');
    await setCampaignStatus(ctx, organizer, campaign.id, 'paused');
    expect(await claimNext(ctx, caller, campaign.id)).toMatchObject({ status: 'none', reason: 'not_active' });
    await setCampaignStatus(ctx, organizer, campaign.id, 'active');
    expect((await claimNext(ctx, caller, campaign.id)).status).toBe('claimed');
  });

  it('drops a held person who became do-not-call before handing them again', async () => {
    const { org, people, campaign } = await setup(2);
    const caller = await makeCaller(ctx, org, campaign.id);
    const first = claimed(await claimNext(ctx, caller, campaign.id));
    await inOrg(ctx.database.db, { orgId: org.id }, (tx) => tx.updateTable('people').set({ do_not_call: true }).where('org_id', '=', org.id).where('id', '=', people[0]!).execute());
    const next = claimed(await claimNext(ctx, caller, campaign.id));
    expect(next.targetId).not.toBe(first.targetId);
    expect(next.person.firstName).toBe('Prénom1');
  });

  it('skips a support level the campaign excludes, checked at hand-out', async () => {
    const { org, people, campaign } = await setup(2, { excludedSupportLevels: [5] });
    await inOrg(ctx.database.db, { orgId: org.id }, (tx) => tx.updateTable('people').set({ support_level: 5 }).where('org_id', '=', org.id).where('id', '=', people[0]!).execute());
    const caller = await makeCaller(ctx, org, campaign.id);
    expect(claimed(await claimNext(ctx, caller, campaign.id)).person.firstName).toBe('Prénom1');
  });

  it.each([
    ['2026-07-01T18:59:00Z', 'claimed', '20:59 in Paris, summer'],
    ['2026-07-01T19:01:00Z', 'outside_hours', '21:01 in Paris, summer'],
    ['2026-01-15T19:59:00Z', 'claimed', '20:59 in Paris, winter'],
    ['2026-01-15T20:01:00Z', 'outside_hours', '21:01 in Paris, winter'],
    ['2026-03-29T18:59:00Z', 'claimed', '20:59 in Paris, the day clocks go forward'],
    ['2026-03-29T19:01:00Z', 'outside_hours', '21:01 in Paris, the day clocks go forward'],
    ['2026-03-29T06:59:00Z', 'outside_hours', '08:59 in Paris, the day clocks go forward'],
  ])('at %s answers %s (%s)', async (iso, expected) => {
    const { org, campaign } = await setup(1);
    const caller = await makeCaller(ctx, org, campaign.id);
    ctx.setNow(new Date(iso));
    try {
      const result = await claimNext(ctx, caller, campaign.id);
      const outcome = result.status === 'claimed' ? 'claimed' : result.reason;
      expect(outcome).toBe(expected);
    } finally {
      ctx.setNow(new Date('2026-07-01T13:00:00Z'));
    }
  });

  it('returns a claim nobody finished to the pool after the timeout', async () => {
    const { org, campaign } = await setup(1, { claimTimeoutSeconds: 600 });
    const first = await makeCaller(ctx, org, campaign.id);
    const second = await makeCaller(ctx, org, campaign.id);
    const held = claimed(await claimNext(ctx, first, campaign.id));
    expect(await claimNext(ctx, second, campaign.id)).toMatchObject({ status: 'none', reason: 'nobody_due' });
    ctx.setNow(new Date('2026-07-01T13:10:01Z'));
    try {
      const taken = claimed(await claimNext(ctx, second, campaign.id));
      expect(taken.targetId).toBe(held.targetId);
      // The first caller no longer holds the person: their late save is refused as not found.
      await expect(recordOutcome(ctx, first, campaign.id, held.targetId, { callId: randomUUID(), outcome: 'talked', answers: {} })).rejects.toMatchObject({ code: 'not_found' });
      await recordOutcome(ctx, second, campaign.id, held.targetId, { callId: randomUUID(), outcome: 'talked', answers: {} });
    } finally {
      ctx.setNow(new Date('2026-07-01T13:00:00Z'));
    }
  });

  it('only hands a split caller the people assigned to them', async () => {
    const { org, organizer, people, campaign } = await setup(6, { mode: 'split' });
    expect(people).toHaveLength(6);
    const a = await makeActor(ctx, org, 'caller');
    const b = await makeActor(ctx, org, 'caller');
    const { splitCampaign } = await import('./callbank.service.js');
    expect(await splitCampaign(ctx, organizer, campaign.id, { userIds: [a.user.id, b.user.id] })).toEqual({ callers: 2, assigned: 6 });
    const seen = { a: new Set<string>(), b: new Set<string>() };
    for (const [key, caller] of [['a', a], ['b', b]] as const) {
      for (;;) {
        const result = await claimNext(ctx, caller, campaign.id);
        if (result.status === 'none') break;
        seen[key].add(result.claim.person.firstName);
        await recordOutcome(ctx, caller, campaign.id, result.claim.targetId, { callId: randomUUID(), outcome: 'refused', answers: {} });
      }
    }
    expect(seen.a.size).toBe(3);
    expect(seen.b.size).toBe(3);
    expect([...seen.a].some((name) => seen.b.has(name))).toBe(false);
  });
});
