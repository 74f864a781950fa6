import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeMember, makeOrg } from '../../../../test/setup/factories.js';
import { createTestContext, type TestContext } from '../../../../test/setup/test-context.js';
import { CALL_OUTCOMES, type CallOutcomeName } from '../../../shared/contracts/callbank.js';
import { ANSWERED_OUTCOMES } from '../../../shared/contracts/metrics.js';
import { arbitraryScript, callFixture, playCall } from '../../../shared/scripts/script.fixtures.js';
import type { ScriptAnswers, ScriptDocument } from '../../../shared/scripts/script.schema.js';
import { walkScript } from '../../../shared/scripts/script.walker.js';
import { inOrg } from '../../platform/db/database.js';
import type { OrgActor } from '../../platform/http/actor.js';
import { makeActiveCampaign, makeActor, makePeople, makeScriptVersion } from '../callbank/callbank.fixtures.js';
import { getDashboard } from './metrics.service.js';

const TZ = 'Europe/Paris';
// Two windows around the changes of clocks (29 March and 25 October 2026 in Paris).
const WINDOWS = [Date.parse('2026-03-27T00:00:00Z'), Date.parse('2026-10-23T00:00:00Z')];
const WINDOW_MINUTES = 4 * 24 * 60;

let ctx: TestContext;
let org: { id: string; slug: string };
let actor: OrgActor;
let callers: string[];
const LEVELS = [null, 1, 2, 3, 4, 5] as const;

beforeAll(async () => {
  ctx = await createTestContext();
  org = await makeOrg(ctx);
  actor = await makeActor(ctx, org, 'organizer');
  callers = [];
  for (let i = 0; i < 4; i++) callers.push((await makeMember(ctx, org.id, 'caller', { name: `Appelant${i} Nom${i}` })).userId);
});

interface GenCall {
  target: number;
  caller: number;
  outcome: CallOutcomeName;
  minute: number;
  window: number;
  duration: number | null;
  picks: number[];
}

const genCall: fc.Arbitrary<GenCall> = fc.record({
  target: fc.nat(11),
  caller: fc.nat(callersCount() - 1),
  outcome: fc.constantFrom(...CALL_OUTCOMES),
  minute: fc.nat(WINDOW_MINUTES - 1),
  window: fc.nat(1),
  duration: fc.option(fc.nat(1200), { nil: null }),
  picks: fc.array(fc.nat(20), { minLength: 1, maxLength: 8 }),
});
function callersCount() {
  return 4;
}

/** Random histories of calls inserted straight into `calls` (the trigger counts them). */
async function insertHistory(history: GenCall[], doc: ScriptDocument) {
  const people = await makePeople(ctx, org.id, 12);
  // Varied support levels, some unknown.
  await inOrg(ctx.database.db, { orgId: org.id }, async (tx) => {
    for (const [i, id] of people.entries()) {
      await tx.updateTable('people').set({ support_level: LEVELS[i % LEVELS.length] ?? null }).where('org_id', '=', org.id).where('id', '=', id).execute();
    }
  });
  const scriptVersionId = await makeScriptVersion(ctx, org.id, doc);
  const campaign = await makeActiveCampaign(ctx, actor, people, { scriptVersionId });
  const targets = await inOrg(ctx.database.db, { orgId: org.id }, (tx) =>
    tx.selectFrom('call_targets').select(['id', 'person_id']).where('org_id', '=', org.id).where('campaign_id', '=', campaign.id).orderBy('person_id').execute(),
  );
  const rows = history.map((c) => {
    const target = targets[c.target % targets.length]!;
    const ended = new Date((WINDOWS[c.window] ?? 0) + c.minute * 60_000 + 17_000);
    const answers: ScriptAnswers = c.outcome === 'talked' || c.picks[0]! % 5 === 0 ? playCall(doc, c.picks) : {};
    return {
      org_id: org.id,
      client_call_id: randomUUID(),
      campaign_id: campaign.id,
      target_id: target.id,
      person_id: target.person_id,
      caller_id: callers[c.caller]!,
      script_version_id: scriptVersionId,
      outcome: c.outcome,
      answers: JSON.stringify(answers),
      notes: null,
      started_at: c.duration === null ? null : new Date(ended.getTime() - c.duration * 1000),
      ended_at: ended,
      callback_at: null,
    };
  });
  if (rows.length > 0) await inOrg(ctx.database.db, { orgId: org.id }, (tx) => tx.insertInto('calls').values(rows).execute());
  const levelOf = new Map<string, number>(people.map((id, i) => [id, LEVELS[i % LEVELS.length] ?? 0]));
  return { campaignId: campaign.id, rows, levelOf };
}

/** Counts straight over the raw calls, the way an auditor would. */
async function directCounts(campaignId: string, from: string | null, to: string | null) {
  return inOrg(ctx.database.db, { orgId: org.id }, async (tx) => {
    const range = sql`${from ? sql`AND (ended_at AT TIME ZONE ${TZ})::date >= ${from}::date` : sql``} ${to ? sql`AND (ended_at AT TIME ZONE ${TZ})::date <= ${to}::date` : sql``}`;
    const { rows } = await sql<{ outcome: string; hour: number; weekday: number; day: string; caller_id: string; n: number; secs: number; timed: number }>`
      SELECT outcome, extract(hour FROM ended_at AT TIME ZONE ${TZ})::int AS hour, extract(isodow FROM ended_at AT TIME ZONE ${TZ})::int AS weekday,
             to_char(ended_at AT TIME ZONE ${TZ}, 'YYYY-MM-DD') AS day, caller_id, count(*)::int AS n,
             coalesce(sum(extract(epoch FROM ended_at - started_at)::bigint) FILTER (WHERE started_at IS NOT NULL), 0)::float8 AS secs,
             (count(*) FILTER (WHERE started_at IS NOT NULL))::int AS timed
        FROM calls WHERE org_id = ${org.id} AND campaign_id = ${campaignId} ${range}
       GROUP BY 1, 2, 3, 4, 5`.execute(tx);
    const { rows: raw } = await sql<{ person_id: string; outcome: string; answers: ScriptAnswers }>`
      SELECT person_id::text, outcome, answers FROM calls WHERE org_id = ${org.id} AND campaign_id = ${campaignId} ${range}`.execute(tx);
    return { rows, raw };
  });
}

function localDay(ms: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(ms));
}

describe('dashboard numbers', () => {
  it('equal a direct count over the raw calls, for random call histories and date ranges (DST changes included)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(genCall, { maxLength: 40 }),
        fc.option(fc.tuple(fc.nat(1), fc.nat(3), fc.nat(3)), { nil: null }),
        async (history, rangePick) => {
          const doc = callFixture;
          const { campaignId, levelOf } = await insertHistory(history, doc);
          let from: string | null = null;
          let to: string | null = null;
          if (rangePick) {
            const base = WINDOWS[rangePick[0]]!;
            from = localDay(base + rangePick[1] * 86_400_000);
            to = localDay(base + (rangePick[1] + rangePick[2]) * 86_400_000);
          }
          const dashboard = await getDashboard(ctx, actor, { campaignId, from: from ?? undefined, to: to ?? undefined });
          const { rows, raw } = await directCounts(campaignId, from, to);

          const outcomes = Object.fromEntries(CALL_OUTCOMES.map((o) => [o, 0]));
          const byHour = Array.from({ length: 24 }, () => 0);
          const answeredByHour = Array.from({ length: 24 }, () => 0);
          const byWeekday = Array.from({ length: 7 }, () => 0);
          const byDay = new Map<string, number>();
          const byCaller = new Map<string, number>();
          let secs = 0;
          let timed = 0;
          for (const r of rows) {
            outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + r.n;
            byHour[r.hour] = (byHour[r.hour] ?? 0) + r.n;
            if ((ANSWERED_OUTCOMES as readonly string[]).includes(r.outcome)) answeredByHour[r.hour] = (answeredByHour[r.hour] ?? 0) + r.n;
            byWeekday[r.weekday - 1] = (byWeekday[r.weekday - 1] ?? 0) + r.n;
            byDay.set(r.day, (byDay.get(r.day) ?? 0) + r.n);
            byCaller.set(r.caller_id, (byCaller.get(r.caller_id) ?? 0) + r.n);
            secs += r.secs;
            timed += r.timed;
          }
          const calls = raw.length;
          expect(dashboard.summary.calls).toBe(calls);
          expect(dashboard.summary.outcomes).toEqual(outcomes);
          expect(dashboard.summary.conversations).toBe(outcomes.talked);
          expect(dashboard.summary.answered).toBe(ANSWERED_OUTCOMES.reduce((s, o) => s + (outcomes[o] ?? 0), 0));
          expect(dashboard.summary.averageCallSeconds).toBe(timed === 0 ? null : Math.round(secs / timed));
          expect(dashboard.charts.byHourOfDay.map((b) => b.calls)).toEqual(byHour);
          expect(dashboard.charts.byHourOfDay.map((b) => b.answered)).toEqual(answeredByHour);
          expect(dashboard.charts.byWeekday.map((b) => b.calls)).toEqual(byWeekday);
          expect(dashboard.charts.overTime.map((d) => [d.day, d.calls])).toEqual([...byDay.entries()].sort(([a], [b]) => a.localeCompare(b)));
          expect(new Map(dashboard.charts.leaderboard.map((l) => [l.firstName, l.calls]))).toEqual(
            new Map([...byCaller.entries()].map(([id, n]) => [`Appelant${callers.indexOf(id)}`, n])),
          );

          // The funnel and support levels, replayed in memory with the shared walker.
          const reached = new Map<string, number>();
          const endedHere = new Map<string, number>();
          const answerCounts = new Map<string, number>();
          const reachedByLevel = new Map<number, number>();
          const changes = new Map<string, number>();
          for (const call of raw) {
            const before = levelOf.get(call.person_id) ?? 0;
            let after = before;
            if (call.outcome === 'talked' || Object.keys(call.answers).length > 0) {
              const walk = walkScript(doc, call.answers);
              walk.path.forEach((id, i) => {
                reached.set(id, (reached.get(id) ?? 0) + 1);
                if (i === walk.path.length - 1) endedHere.set(id, (endedHere.get(id) ?? 0) + 1);
              });
              for (const action of walk.actions) if (action.action.type === 'set_support_level') after = action.action.level;
              for (const [q, a] of Object.entries(call.answers)) {
                const question = doc.sections.flatMap((s) => s.questions).find((x) => x.id === q);
                if (!question) continue;
                const key = question.kind === 'text' ? `${q}:` : `${q}:${a}`;
                answerCounts.set(key, (answerCounts.get(key) ?? 0) + 1);
              }
            }
            if (call.outcome === 'talked') reachedByLevel.set(after, (reachedByLevel.get(after) ?? 0) + 1);
            if (after !== before) changes.set(`${before}>${after}`, (changes.get(`${before}>${after}`) ?? 0) + 1);
          }
          const funnel = dashboard.charts.funnel.flatMap((s) => s.sections);
          for (const section of doc.sections) {
            const got = funnel.find((f) => f.id === section.id);
            expect([section.id, got?.reached ?? 0, got?.endedHere ?? 0]).toEqual([section.id, reached.get(section.id) ?? 0, endedHere.get(section.id) ?? 0]);
          }
          const gotAnswers = new Map<string, number>();
          for (const q of funnel.flatMap((s) => s.questions)) {
            if (q.kind === 'text' && q.answered > 0) gotAnswers.set(`${q.id}:`, q.answered);
            for (const c of q.choices) if (c.answers > 0) gotAnswers.set(`${q.id}:${c.id}`, c.answers);
          }
          expect(gotAnswers).toEqual(answerCounts);
          expect(new Map(dashboard.summary.reachedBySupportLevel.filter((r) => r.conversations > 0).map((r) => [r.level, r.conversations]))).toEqual(reachedByLevel);
          expect(new Map(dashboard.summary.supportChanges.map((c) => [`${c.from}>${c.to}`, c.calls]))).toEqual(changes);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('counts calls today, in the last hour and the callers active now against the injected clock', async () => {
    const now = new Date('2026-10-25T09:30:00Z'); // 10:30 in Paris, the morning the clocks went back
    ctx.setNow(now);
    const minutesAgo = [1, 5, 9, 11, 59, 61, 10 * 60 + 29, 10 * 60 + 31, 30 * 60];
    const history: GenCall[] = minutesAgo.map((m, i) => ({
      target: i,
      caller: i % 4,
      outcome: i % 2 === 0 ? 'talked' : 'no_answer',
      minute: 0,
      window: 0,
      duration: null,
      picks: [1],
    }));
    const { campaignId, rows } = await insertHistory(history, callFixture);
    // The same calls again, each that many minutes before `now` (the first ones were in March).
    await inOrg(ctx.database.db, { orgId: org.id }, (tx) =>
      tx
        .insertInto('calls')
        .values(rows.map((r, i) => ({ ...r, client_call_id: randomUUID(), ended_at: new Date(now.getTime() - minutesAgo[i]! * 60_000) })))
        .execute(),
    );
    const d = await getDashboard(ctx, actor, { campaignId });
    // Local midnight in Paris was 22:00 UTC the day before (summer time until 03:00 local).
    const midnight = Date.parse('2026-10-24T22:00:00Z');
    const today = minutesAgo.map((m) => now.getTime() - m * 60_000).filter((t) => t >= midnight);
    expect(d.live.callsToday).toBe(today.length);
    expect(d.live.conversationsToday).toBe(minutesAgo.filter((m, i) => now.getTime() - m * 60_000 >= midnight && i % 2 === 0).length);
    expect(d.live.callsLastHour).toBe(minutesAgo.filter((m) => m < 60).length);
    expect(d.live.activeCallers).toBe(new Set(minutesAgo.map((m, i) => (m < 10 ? i % 4 : -1)).filter((c) => c >= 0)).size);
  });
  it('counts calls saved concurrently by many callers on the same hot counters, without deadlock or loss', async () => {
    const history: GenCall[] = Array.from({ length: 120 }, (_, i) => ({
      target: i,
      caller: i % 4,
      outcome: 'talked',
      minute: 600,
      window: 0,
      duration: 60,
      picks: [1 + (i % 3), 2, 3],
    }));
    // Build the campaign with no calls, then save each call in its own transaction, all at once.
    const { campaignId, rows } = await insertHistory([], callFixture);
    const sample = await insertHistory(history, callFixture);
    const calls = sample.rows.map((r) => ({ ...r, campaign_id: campaignId, client_call_id: randomUUID() }));
    const targets = await inOrg(ctx.database.db, { orgId: org.id }, (tx) =>
      tx.selectFrom('call_targets').select(['id', 'person_id']).where('org_id', '=', org.id).where('campaign_id', '=', campaignId).orderBy('person_id').execute(),
    );
    expect(rows).toEqual([]);
    await Promise.all(
      calls.map((c, i) => {
        const target = targets[i % targets.length]!;
        return inOrg(ctx.database.db, { orgId: org.id }, (tx) => tx.insertInto('calls').values({ ...c, target_id: target.id, person_id: target.person_id }).execute());
      }),
    );
    const d = await getDashboard(ctx, actor, { campaignId });
    expect(d.summary.calls).toBe(calls.length);
    expect(d.summary.conversations).toBe(calls.length);
    expect(d.charts.funnel[0]?.sections.find((s) => s.id === 'intro')?.reached).toBe(calls.length);
    expect(d.charts.leaderboard.reduce((sum, l) => sum + l.calls, 0)).toBe(calls.length);
  });
});

describe('the database walker of the funnel', () => {
  it('follows the same path and support level as the shared walker, for random scripts and calls', async () => {
    const withLevels = arbitraryScript.map(
      (doc): ScriptDocument => ({
        ...doc,
        sections: doc.sections.map((s, si) => ({
          ...s,
          questions: s.questions.map((q, qi) => ({
            ...q,
            choices: q.choices.map((c, ci) =>
              (si + qi + ci) % 2 === 0 ? { ...c, actions: [...c.actions, { type: 'set_support_level' as const, level: (((si + ci) % 5) + 1) as 1 | 2 | 3 | 4 | 5 }] } : c,
            ),
          })),
        })),
      }),
    );
    await fc.assert(
      fc.asyncProperty(withLevels, fc.array(fc.nat(30), { minLength: 1, maxLength: 12 }), async (doc, picks) => {
        const answers = playCall(doc, picks);
        const walk = walkScript(doc, answers);
        let level: number | null = null;
        for (const a of walk.actions) if (a.action.type === 'set_support_level') level = a.action.level;
        const { rows } = await sql<{ path: string[]; support_level: number | null }>`
          SELECT path, support_level FROM metrics_walk_script(${JSON.stringify(doc)}::jsonb, ${JSON.stringify(answers)}::jsonb)`.execute(ctx.database.db);
        expect(rows[0]).toEqual({ path: walk.path, support_level: level });
      }),
      { numRuns: 200 },
    );
  });
});
