import pg from 'pg';
import { BUILTIN_CAPABILITIES } from '../../src/shared/auth/capabilities.js';
import { callFixture } from '../../src/shared/scripts/script.fixtures.js';
import { createOrganization } from '../../src/server/modules/network/network.service.js';
import { getDashboard } from '../../src/server/modules/metrics/metrics.service.js';
import * as repo from '../../src/server/modules/metrics/metrics.repository.js';
import { inOrg } from '../../src/server/platform/db/database.js';
import type { OrgActor } from '../../src/server/platform/http/actor.js';
import type { BenchEnv } from '../lib/env.js';
import { percentile, round } from '../lib/stats.js';

export interface DashboardRun {
  calls: number;
  callers: number;
  insert_seconds: number;
  /** What saving a call costs with the counting triggers, in bulk (ms a call). */
  per_call_ms: number;
  /** The main dashboard (one campaign, all time), as a viewer opens it. */
  p50_ms: number;
  p95_ms: number;
  organization_p50_ms: number;
  last_7_days_p50_ms: number;
  /** The dashboard of one of the 30 phone-bank events (its host's calls on the campaign during it). */
  event_p50_ms: number;
  per_query_p50_ms: Record<string, number>;
}

/**
 * `calls` calls on record (one campaign, `callers` callers, 30 days, outcomes and survey answers
 * counted by the metrics triggers as they are inserted), then the dashboard's queries through the
 * metrics service (`getDashboard`), repeated: p50/p95; and each query of it on its own.
 */
export async function runDashboard(env: BenchEnv, opts: { calls: number; callers: number; runs: number; log: (l: string) => void }): Promise<DashboardRun> {
  const nPeople = Math.max(1000, Math.round(opts.calls / 3));
  const orgId = (await createOrganization(env.ctx, { name: 'Bench metrics', slug: 'bench-metrics', parentId: null })).id;
  const owner = new pg.Client({ connectionString: env.ownerUrl });
  await owner.connect();
  const q = (text: string, values: unknown[] = []) => owner.query(text, values);
  await q(`INSERT INTO users (email, name) SELECT 'caller' || i || '@bench.invalid', 'Bénévole' || i || ' Nom' FROM generate_series(1, $1) i`, [opts.callers]);
  const { rows: sv } = await q(
    `WITH s AS (INSERT INTO scripts (org_id, name, language, document, updated_at) VALUES ($1, 'GOTV', 'fr', $2, now()) RETURNING id)
     INSERT INTO script_versions (org_id, script_id, version, name, language, document, published_at) SELECT $1, id, 1, 'GOTV', 'fr', $2, now() FROM s RETURNING id`,
    [orgId, JSON.stringify(callFixture)],
  );
  const scriptVersionId = sv[0].id as string;
  const { rows: cc } = await q(`INSERT INTO call_campaigns (org_id, name, script_version_id, status) VALUES ($1, 'Relance', $2, 'active') RETURNING id`, [orgId, scriptVersionId]);
  const campaignId = cc[0].id as string;
  await q(
    `INSERT INTO people (org_id, first_name, last_name, legal_basis, mobile_e164, support_level)
     SELECT $1, 'P' || i, 'N' || i, 'consent', '+336' || lpad(i::text, 8, '0'), CASE WHEN i % 4 = 0 THEN NULL ELSE 1 + i % 5 END FROM generate_series(1, $2) i`,
    [orgId, nPeople],
  );
  await q(`INSERT INTO call_targets (org_id, campaign_id, person_id, status) SELECT $1, $2, id, 'done' FROM people WHERE org_id = $1`, [orgId, campaignId]);
  await q('ANALYZE');
  opts.log(`dashboard: inserting ${opts.calls} calls (the trigger counts each one)…`);
  const started = Date.now();
  // Small batches: each real call is its own transaction; one huge transaction would stack up
  // versions of the same counter rows that nothing can prune until it commits.
  const batch = 2_000;
  for (let offset = 0; offset < opts.calls; offset += batch) {
    await q(
      `WITH k AS (SELECT (SELECT array_agg(id ORDER BY email) FROM users WHERE email LIKE '%@bench.invalid') AS callers,
                         (SELECT min(id) FROM call_targets WHERE org_id = $1) AS first_target)
       INSERT INTO calls (org_id, client_call_id, campaign_id, target_id, person_id, caller_id, script_version_id, outcome, answers, started_at, ended_at)
       SELECT $1, gen_random_uuid(), $2, t.id, t.person_id, k.callers[1 + g % $7], $3, o.outcome, o.answers, e.ended - interval '3 minutes', e.ended
         FROM generate_series($4::int, $5::int) g
         CROSS JOIN k
         CROSS JOIN LATERAL (SELECT (date_trunc('day', now()) - ((g % 30) || ' days')::interval + ((7 + g % 12) || ' hours')::interval + ((g % 59) || ' minutes')::interval) AS ended) e
         JOIN call_targets t ON t.org_id = $1 AND t.id = k.first_target + g % $6
         CROSS JOIN LATERAL (SELECT CASE WHEN g % 10 < 5 THEN 'no_answer' WHEN g % 10 < 7 THEN 'voicemail' WHEN g % 10 = 7 THEN 'refused' ELSE 'talked' END AS outcome,
                                    CASE WHEN g % 10 < 8 THEN '{}'::jsonb
                                         WHEN g % 20 = 8 THEN '{"q-talk":"yes","q-vote":"yes","q-station":"knows"}'::jsonb
                                         WHEN g % 20 = 9 THEN '{"q-talk":"yes","q-vote":"no","q-proxy":"offer"}'::jsonb
                                         WHEN g % 20 = 18 THEN '{"q-talk":"later"}'::jsonb
                                         ELSE '{"q-talk":"yes","q-vote":"no","q-proxy":"need","q-availability":"soir"}'::jsonb END AS answers) o`,
      [orgId, campaignId, scriptVersionId, offset + 1, Math.min(offset + batch, opts.calls), nPeople, opts.callers],
    );
    if ((offset + batch) % 100_000 === 0) opts.log(`dashboard: ${Math.min(offset + batch, opts.calls)} calls, ${Math.round((Date.now() - started) / 1000)} s`);
  }
  const insertMs = Date.now() - started;
  // A phone bank each of the 30 days, 9:00–13:00 UTC, hosted by one of the callers: the
  // organization dashboard lists their totals and each has a dashboard of its own.
  const { rows: ev } = await q(
    `INSERT INTO events (org_id, kind, title, starts_at, ends_at, host_user_id, call_campaign_id)
     SELECT $1, 'phone_bank', 'Phoning ' || d, date_trunc('day', now()) - (d || ' days')::interval + interval '9 hours',
            date_trunc('day', now()) - (d || ' days')::interval + interval '13 hours',
            (SELECT array_agg(id ORDER BY email) FROM users WHERE email LIKE '%@bench.invalid')[1 + d * 7 % $3], $2
       FROM generate_series(1, 30) d RETURNING id::text`,
    [orgId, campaignId, opts.callers],
  );
  const eventId = ev[0]!.id as string;
  await q('ANALYZE');
  await owner.end();

  const actor: OrgActor = {
    user: { id: '00000000-0000-4000-8000-000000000001', email: 'b@bench.invalid', name: 'Bench', hasPassword: false },
    session: null,
    org: { id: orgId, slug: 'bench-metrics', name: 'Bench', timeZone: 'Europe/Paris', permissionSet: 'viewer', capabilities: new Set(BUILTIN_CAPABILITIES.viewer) },
    locale: 'fr',
    ip: '127.0.0.1',
  };
  const time = async (label: string, filter: Parameters<typeof getDashboard>[2]) => {
    const samples: number[] = [];
    await getDashboard(env.ctx, actor, filter);
    for (let i = 0; i < opts.runs; i++) {
      const t = performance.now();
      await getDashboard(env.ctx, actor, filter);
      samples.push(performance.now() - t);
    }
    return { label, p50_ms: round(percentile(samples, 0.5)), p95_ms: round(percentile(samples, 0.95)) };
  };
  const today = new Date().toISOString().slice(0, 10);
  const weekAgo = new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10);
  const results = [
    await time('campaign, all time', { campaignId }),
    await time('organization, all time', {}),
    await time('campaign, last 7 days', { campaignId, from: weekAgo, to: today }),
    await time('one event', { eventId }),
  ];
  // Each query of a campaign dashboard on its own, to see where the time goes.
  const scope = { orgId, campaignId, timeZone: 'Europe/Paris', from: null, to: null };
  const now = new Date();
  const queries: Record<string, (tx: Parameters<typeof repo.hourlyOutcomes>[0]) => Promise<unknown>> = {
    hourlyOutcomes: (tx) => repo.hourlyOutcomes(tx, scope),
    todayCounts: (tx) => repo.todayCounts(tx, scope, now),
    recentActivity: (tx) => repo.recentActivity(tx, scope, now),
    leaderboard: (tx) => repo.leaderboard(tx, scope, 20),
    supportLevels: (tx) => repo.supportLevels(tx, scope),
    sectionReach: (tx) => repo.sectionReach(tx, scope),
    answerCounts: (tx) => repo.answerCounts(tx, scope),
  };
  const perQuery: Record<string, number> = {};
  for (const [name, run] of Object.entries(queries)) {
    const samples: number[] = [];
    for (let i = 0; i < 20; i++) {
      await inOrg(env.database.db, { orgId }, async (tx) => {
        const t = performance.now();
        await run(tx);
        samples.push(performance.now() - t);
      });
    }
    samples.sort((a, b) => a - b);
    perQuery[name] = round(percentile(samples, 0.5));
  }
  return {
    calls: opts.calls,
    callers: opts.callers,
    insert_seconds: round(insertMs / 1000, 1),
    per_call_ms: round(insertMs / opts.calls, 3),
    p50_ms: results[0]!.p50_ms,
    p95_ms: results[0]!.p95_ms,
    organization_p50_ms: results[1]!.p50_ms,
    last_7_days_p50_ms: results[2]!.p50_ms,
    event_p50_ms: results[3]!.p50_ms,
    per_query_p50_ms: perQuery,
  };
}
