import { openBenchEnv } from '../lib/env.js';
import { round } from '../lib/stats.js';
import { runCalling } from './calling.js';
import { setUpCalling } from './calling-setup.js';

export interface EmbeddedRun {
  callers: number;
  people: number;
  seconds: number;
  cycles_per_s: number;
  raw_cycles_per_s: number;
  p50_ms: number;
  p99_ms: number;
  errors: number;
  double_claims: number;
  lost_outcomes: number;
  /** With --pace S: the same callers each starting a call every S seconds (as volunteers on the phone do). */
  paced?: { pace_s: number; cycles_per_s: number; p50_ms: number; p99_ms: number; errors: number; double_claims: number; lost_outcomes: number };
  settings: Record<string, string>;
}

/**
 * The calling scenario on the embedded PostgreSQL as `npm start` runs it: always a server of its
 * own (DATABASE_URL or not), with the embedded defaults, none of the bench's tuning.
 */
export async function runEmbedded(opts: { callers: number; people: number; seconds: number; rawSeconds: number; pace?: number | null; log: (l: string) => void }): Promise<EmbeddedRun> {
  const env = await openBenchEnv({ embedded: true, settings: {}, log: opts.log });
  try {
    const setup = await setUpCalling(env, { people: opts.people, callers: opts.callers, slug: 'embedded' });
    const run = await runCalling(env, setup, { seconds: opts.seconds, rawSeconds: opts.rawSeconds, log: opts.log });
    let paced: EmbeddedRun['paced'];
    if (opts.pace) {
      // Back to back, latency is the queue of callers (callers ÷ throughput), whatever the server
      // does; at a volunteer's pace it is the server's own.
      const pacedSetup = await setUpCalling(env, { people: opts.people, callers: opts.callers, slug: 'embedded-paced' });
      const p = await runCalling(env, pacedSetup, { seconds: opts.seconds, rawSeconds: 0, pace: opts.pace, log: opts.log });
      paced = { pace_s: opts.pace, cycles_per_s: p.relais_cycles_per_s, p50_ms: p.p50_ms, p99_ms: p.p99_ms, errors: p.errors, double_claims: p.double_claims, lost_outcomes: p.lost_outcomes };
    }
    return {
      callers: opts.callers,
      people: opts.people,
      seconds: opts.seconds,
      cycles_per_s: round(run.relais_cycles_per_s),
      raw_cycles_per_s: run.raw_cycles_per_s,
      p50_ms: run.p50_ms,
      p99_ms: run.p99_ms,
      errors: run.errors,
      double_claims: run.double_claims,
      lost_outcomes: run.lost_outcomes,
      ...(paced ? { paced } : {}),
      settings: env.settings,
    };
  } finally {
    await env.close();
  }
}
