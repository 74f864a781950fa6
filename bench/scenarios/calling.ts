import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { pgStats, sampleWaits, type BenchEnv } from '../lib/env.js';
import { jsonClient, startRelaisServer } from '../lib/server.js';
import { perCycle, postmasterOf, startCpuMeter, type CpuSplit } from '../lib/cpu.js';
import { Latencies, round } from '../lib/stats.js';
import type { CallingSetup } from './calling-setup.js';

export interface CallingRun {
  relais_cycles_per_s: number;
  raw_cycles_per_s: number;
  ratio: number;
  cycles: number;
  per_minute: number[];
  last_minute_over_first: number | null;
  /** POST /claim: a caller's first person (and after a save that could not hand out the next). */
  claim: ReturnType<Latencies['summary']>;
  /** POST …/outcome with `next`: the save, and the next person handed out in the same request. */
  outcome: ReturnType<Latencies['summary']>;
  p50_ms: number;
  p99_ms: number;
  errors: number;
  /** Requests whose connection failed (reset or refused), each tried again. */
  connection_errors: number;
  double_claims: number;
  lost_outcomes: number;
  counter_mismatches: number;
  /** CPU seconds each part used during the Relais phase, and per cycle (ms). */
  cpu: CpuSplit & { per_cycle: ReturnType<typeof perCycle> };
  /** The same for the raw phase (the load generator is then the SQL client). */
  raw_cpu: CpuSplit & { per_cycle: ReturnType<typeof perCycle> };
}

type ClaimBody = { status?: string; claim?: { targetId: string } };

/**
 * Simulated callers, each with its own session, claim the next person and record a conversation
 * with survey answers, in a loop, through the real HTTP server, as the caller screen does: a
 * claim for the first person, then each save asks for the next one in the same request; then the same claim + insert done
 * directly in SQL by a pool of connections; then integrity checks in the database.
 */
export async function runCalling(
  env: BenchEnv,
  setup: CallingSetup,
  opts: { seconds: number; rawSeconds: number; log: (l: string) => void; /** Seconds between the starts of a caller's cycles (a paced caller talks meanwhile); none: back to back. */ pace?: number },
): Promise<CallingRun> {
  const server = await startRelaisServer({ DATABASE_URL: env.ownerUrl, RELAIS_SECRET: env.secret });
  const client = jsonClient(server.baseUrl);
  const claim = new Latencies();
  const outcome = new Latencies();
  const start = performance.now();
  const deadline = start + opts.seconds * 1000;
  const completions: number[] = [];
  let acknowledged = 0;
  let errors = 0;
  const base = `/api/call/${setup.campaignId}`;
  const paceMs = (opts.pace ?? 0) * 1000;
  let connectionErrors = 0;
  /**
   * One request; null when the connection failed (4,000 callers connecting at once can overflow
   * the listen queue and get a reset): counted, and the caller tries again a moment later.
   */
  async function send(method: string, pathName: string, headers: Record<string, string>, body: unknown) {
    try {
      return await client.request(method, pathName, headers, body);
    } catch (error) {
      connectionErrors++;
      if (connectionErrors <= 5) opts.log(`request failed: ${(error as Error).message}`);
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 200));
      return null;
    }
  }
  async function caller(c: CallingSetup['callers'][number]) {
    const headers = { cookie: c.cookie, 'x-csrf-token': c.csrf };
    // Paced callers start spread over one period, as volunteers arrive, then keep their rhythm.
    let next = performance.now() + Math.random() * paceMs;
    let held: string | null = null;
    while (performance.now() < deadline) {
      if (paceMs > 0) {
        // A cycle that would start after the end is not waited for (it stretched the run).
        if (next >= deadline) break;
        const wait = next - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        if (performance.now() >= deadline) break;
        next += paceMs;
      }
      // The caller screen's flow: a claim for the first person, then each save hands out the next.
      if (!held) {
        const t = performance.now();
        const claimed = await send('POST', `${base}/claim`, headers, {});
        if (!claimed) continue;
        claim.add(performance.now() - t);
        const body = claimed.body as ClaimBody;
        if (claimed.status !== 200) {
          errors++;
          continue;
        }
        if (body.status !== 'claimed' || !body.claim) break;
        held = body.claim.targetId;
        // A paced caller talks with the person before saving: the save comes a period later.
        if (paceMs > 0) continue;
      }
      const t = performance.now();
      // A save whose answer was lost is sent again with the same call id, as the caller screen
      // does: the server stores it once and answers the retry as the first try.
      const callId = randomUUID();
      let saved: Awaited<ReturnType<typeof send>> = null;
      for (let attempt = 0; !saved && attempt < 5 && performance.now() < deadline + 30_000; attempt++) {
        saved = await send('POST', `${base}/targets/${held}/outcome`, headers, { callId, outcome: 'talked', answers: setup.answers, next: true });
      }
      if (!saved) {
        errors++;
        held = null;
        continue;
      }
      outcome.add(performance.now() - t);
      if (saved.status === 200) {
        acknowledged++;
        completions.push(performance.now() - start);
        const next = (saved.body as { next?: ClaimBody }).next;
        if (next?.status === 'none') break;
        held = next?.status === 'claimed' && next.claim ? next.claim.targetId : null;
      } else {
        errors++;
        held = null;
        if (errors < 5) opts.log(`outcome ${saved.status}: ${JSON.stringify(saved.body).slice(0, 300)}`);
      }
    }
  }
  await pgStats(env.ownerUrl, 'reset', opts.log);
  const postmaster = await postmasterOf(env.ownerUrl);
  const meter = startCpuMeter(server.pid, postmaster);
  const waits = sampleWaits(env.ownerUrl, opts.log);
  await Promise.all(setup.callers.map((c) => caller(c)));
  const elapsed = (performance.now() - start) / 1000;
  const cpu = meter.stop();
  await waits.stop();
  await pgStats(env.ownerUrl, 'print', opts.log);
  client.close();
  await server.stop();
  if (errors > 0) opts.log(`server errors (first lines):\n${server.output().split('\n').slice(0, 8).join('\n').slice(0, 3000)}`);

  const perMinute: number[] = [];
  for (const at of completions) {
    const minute = Math.floor(at / 60_000);
    perMinute[minute] = (perMinute[minute] ?? 0) + 1;
  }
  // Array.from, not map: a minute without a completion is a hole in perMinute.
  const fullMinutes = Array.from(perMinute.slice(0, Math.floor(elapsed / 60)), (n) => n ?? 0);
  // Paced callers save their first call a period after claiming it: their first minute has none.
  const working = fullMinutes.slice(Math.max(0, fullMinutes.findIndex((n) => n > 0)));
  const relais = completions.length / elapsed;
  const raw = opts.rawSeconds > 0 ? await rawCycles(env, setup, opts.rawSeconds) : { perSecond: Number.NaN, cycles: 0, cpu: { load_generator_s: 0, server_s: 0, postgres_s: 0 } };
  const rawCpu = raw.cpu;
  const integrity = await checkIntegrity(env, setup, acknowledged);
  const all = [...claim.values, ...outcome.values];
  const sorted = all.sort((a, b) => a - b);
  return {
    relais_cycles_per_s: round(relais),
    raw_cycles_per_s: round(raw.perSecond),
    ratio: round(relais / raw.perSecond, 3),
    cycles: completions.length,
    per_minute: fullMinutes,
    last_minute_over_first: working.length >= 2 ? round((working.at(-1) ?? 0) / (working[0] || 1), 3) : null,
    claim: claim.summary(),
    outcome: outcome.summary(),
    p50_ms: round(sorted[Math.floor(sorted.length * 0.5)] ?? NaN),
    p99_ms: round(sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)] ?? NaN),
    errors,
    connection_errors: connectionErrors,
    ...integrity,
    cpu: { ...cpu, per_cycle: perCycle(cpu, completions.length) },
    raw_cpu: { ...rawCpu, per_cycle: perCycle(rawCpu, raw.cycles) },
  };
}

/**
 * The raw limit: the same claim (SKIP LOCKED) and the same call insert, straight SQL on a pool of
 * as many connections as Relais's pool, no HTTP, no application code, no RLS.
 */
async function rawCycles(env: BenchEnv, setup: CallingSetup, seconds: number): Promise<{ perSecond: number; cycles: number; cpu: CpuSplit }> {
  const pool = new pg.Pool({ connectionString: env.ownerUrl, max: 20 });
  const meter = startCpuMeter(null, await postmasterOf(env.ownerUrl));
  const deadline = performance.now() + seconds * 1000;
  const start = performance.now();
  let cycles = 0;
  const answers = JSON.stringify(setup.answers);
  async function worker(i: number) {
    const callerId = setup.callers[i % setup.callers.length]!.userId;
    const client = await pool.connect();
    try {
      while (performance.now() < deadline) {
        await client.query('BEGIN');
        const claimed = await client.query<{ id: string; person_id: string }>(
          `UPDATE call_targets t SET status = 'claimed', claimed_by = $3, claimed_at = now(), claim_expires_at = now() + interval '15 min', next_attempt_at = now() + interval '15 min', updated_at = now()
            WHERE (t.org_id, t.id) = (SELECT org_id, id FROM call_targets WHERE org_id = $1 AND campaign_id = $2 AND status IN ('queued','callback','claimed') AND next_attempt_at <= now() ORDER BY (status <> 'callback'), next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING t.id, t.person_id`,
          [setup.orgId, setup.rawCampaignId, callerId],
        );
        await client.query('COMMIT');
        const target = claimed.rows[0];
        if (!target) break;
        await client.query('BEGIN');
        await client.query(
          `INSERT INTO calls (org_id, client_call_id, campaign_id, target_id, person_id, caller_id, script_version_id, outcome, answers, ended_at)
           VALUES ($1, gen_random_uuid(), $2, $3, $4, $5, $6, 'talked', $7, now())`,
          [setup.orgId, setup.rawCampaignId, target.id, target.person_id, callerId, setup.scriptVersionId, answers],
        );
        await client.query(`UPDATE call_targets SET status = 'done', attempts = attempts + 1, claimed_by = NULL, last_outcome = 'talked', updated_at = now() WHERE org_id = $1 AND id = $2`, [setup.orgId, target.id]);
        await client.query('COMMIT');
        cycles++;
      }
    } finally {
      client.release();
    }
  }
  await Promise.all(Array.from({ length: 20 }, (_, i) => worker(i)));
  const elapsed = (performance.now() - start) / 1000;
  // Before the pool closes: a backend that exits takes its CPU time with it.
  const cpu = meter.stop();
  await pool.end();
  return { perSecond: cycles / elapsed, cycles, cpu };
}

/** No person handed to two callers, every acknowledged outcome stored once, counters equal rows. */
async function checkIntegrity(env: BenchEnv, setup: CallingSetup, acknowledged: number) {
  const client = new pg.Client({ connectionString: env.ownerUrl });
  await client.connect();
  try {
    // Every outcome recorded is a final 'talked': a target with two calls was handed out twice.
    const doubles = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM (SELECT target_id FROM calls WHERE org_id = $1 AND campaign_id = $2 GROUP BY target_id HAVING count(*) > 1) d`,
      [setup.orgId, setup.campaignId],
    );
    const stored = await client.query<{ n: string }>(`SELECT count(*) AS n FROM calls WHERE org_id = $1 AND campaign_id = $2`, [setup.orgId, setup.campaignId]);
    const done = await client.query<{ n: string }>(`SELECT count(*) AS n FROM call_targets WHERE org_id = $1 AND campaign_id = $2 AND status = 'done'`, [setup.orgId, setup.campaignId]);
    const storedCount = Number(stored.rows[0]!.n);
    return {
      double_claims: Number(doubles.rows[0]!.n),
      lost_outcomes: Math.max(0, acknowledged - storedCount),
      counter_mismatches: Math.abs(Number(done.rows[0]!.n) - storedCount),
    };
  } finally {
    await client.end();
  }
}
