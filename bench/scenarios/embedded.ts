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
  settings: Record<string, string>;
}

/**
 * The calling scenario on the embedded PostgreSQL as `npm start` runs it: always a server of its
 * own (DATABASE_URL or not), with the embedded defaults, none of the bench's tuning.
 */
export async function runEmbedded(opts: { callers: number; people: number; seconds: number; rawSeconds: number; log: (l: string) => void }): Promise<EmbeddedRun> {
  const env = await openBenchEnv({ embedded: true, settings: {}, log: opts.log });
  try {
    const setup = await setUpCalling(env, { people: opts.people, callers: opts.callers, slug: 'embedded' });
    const run = await runCalling(env, setup, { seconds: opts.seconds, rawSeconds: opts.rawSeconds, log: opts.log });
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
      settings: env.settings,
    };
  } finally {
    await env.close();
  }
}
