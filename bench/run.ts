import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { openBenchEnv, machine, type BenchEnv } from './lib/env.js';
import { runCalling, type CallingRun } from './scenarios/calling.js';
import { setUpCalling } from './scenarios/calling-setup.js';
import { runDashboard } from './scenarios/dashboard.js';
import { runEmbedded } from './scenarios/embedded.js';
import { runFilter } from './scenarios/filter.js';
import { runImport } from './scenarios/import.js';
import { serverNodeFlags } from './lib/server.js';

// npm run bench [-- --quick] [--json FILE] [--only calling,filter,import,dashboard,embedded]
//   [--seconds N] [--callers N] [--people N] [--crowd N]   calling (--people also sizes filter)
//   [--pace S]        calling and embedded: also a run where each caller starts a cycle every S seconds (latency at a realistic pace)
//   [--rows N] [--pairs N]                                  import (--pairs: first import + COPY pairs, median ratio)
//   [--calls N]                                             dashboard
const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    json: { type: 'string' },
    only: { type: 'string' },
    seconds: { type: 'string' },
    callers: { type: 'string' },
    people: { type: 'string' },
    crowd: { type: 'string' },
    rows: { type: 'string' },
    calls: { type: 'string' },
    pace: { type: 'string' },
    pairs: { type: 'string' },
  },
});
const quick = values.quick ?? false;
const SCENARIOS = ['calling', 'filter', 'import', 'dashboard', 'embedded'] as const;
const only = values.only ? new Set(values.only.split(',').map((name) => name.trim()).filter(Boolean)) : null;
const unknown = [...(only ?? [])].filter((name) => !(SCENARIOS as readonly string[]).includes(name));
if (unknown.length > 0) {
  process.stderr.write(`Unknown scenario ${unknown.join(', ')}: choose among ${SCENARIOS.join(', ')}.\n`);
  process.exit(2);
}
const selected = (name: (typeof SCENARIOS)[number]) => !only || only.has(name);
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
const num = (v: string | undefined, fallback: number) => (v === undefined ? fallback : Number(v));

const sizes = {
  calling: {
    people: num(values.people, quick ? 3_000 : 200_000),
    callers: num(values.callers, quick ? 40 : 4_000),
    seconds: num(values.seconds, quick ? 6 : 300),
    rawSeconds: quick ? 3 : 60,
    crowd: num(values.crowd, quick ? 10_000 : 1_000_000),
  },
  filter: { people: num(values.people, quick ? 20_000 : 1_000_000), runs: quick ? 20 : 100 },
  import: { rows: num(values.rows, quick ? 20_000 : 1_000_000), pairs: num(values.pairs, quick ? 1 : 3) },
  dashboard: { calls: num(values.calls, quick ? 50_000 : 1_000_000), callers: quick ? 400 : 4_000, runs: quick ? 20 : 100 },
  embedded: { callers: quick ? 30 : 500, people: quick ? 2_000 : 100_000, seconds: quick ? 5 : 120, rawSeconds: quick ? 2 : 30 },
};

// The import runs in this process: it must have the server's V8 flags to measure what a server does.
const missingFlags = serverNodeFlags().filter((flag) => !process.execArgv.includes(flag));
if (missingFlags.length > 0) log(`warning: this process lacks the server's Node.js flags ${missingFlags.join(' ')} (run it with npm run bench)`);

const results: Record<string, unknown> = { date: new Date().toISOString(), mode: quick ? 'quick' : 'full', machine: machine() };

// Each scenario's figures are written (and logged) as soon as they are known: a later scenario
// that fails or is stopped does not take the earlier ones with it.
function keep(name: string, figures: unknown): void {
  log(`${name}: ${JSON.stringify(figures)}`);
  if (values.json) fs.writeFileSync(values.json, `${JSON.stringify(results, null, 2)}\n`);
}

async function withEnv<T>(fn: (env: BenchEnv) => Promise<T>): Promise<T> {
  const env = await openBenchEnv({ log });
  results.postgres = { kind: env.kind, settings: env.settings };
  try {
    return await fn(env);
  } finally {
    await env.close();
  }
}

if (selected('calling')) {
  const s = sizes.calling;
  log(`calling: ${s.callers} callers, ${s.people} people, ${s.seconds} s (clean)`);
  const clean: CallingRun = await withEnv(async (env) => runCalling(env, await setUpCalling(env, { people: s.people, callers: s.callers, slug: 'clean' }), { seconds: s.seconds, rawSeconds: s.rawSeconds, log }));
  keep('calling (clean)', clean);
  log(`calling: same with ${s.crowd} people of other campaigns and organizations (crowded)`);
  const crowded: CallingRun = await withEnv(async (env) =>
    runCalling(env, await setUpCalling(env, { people: s.people, callers: s.callers, slug: 'crowded', crowd: s.crowd }), { seconds: s.seconds, rawSeconds: s.rawSeconds, log }),
  );
  keep('calling (crowded)', crowded);
  const pace = values.pace ? Number(values.pace) : quick ? 2 : null;
  let paced: (CallingRun & { pace_s: number }) | null = null;
  if (pace) {
    log(`calling: ${s.callers} callers, each starting a call every ${pace} s (paced, latency at a realistic load)`);
    const run = await withEnv(async (env) => runCalling(env, await setUpCalling(env, { people: s.people, callers: s.callers, slug: 'paced' }), { seconds: s.seconds, rawSeconds: 0, pace, log }));
    paced = { ...run, pace_s: pace };
    keep('calling (paced)', paced);
  }
  results.calling = {
    ...clean,
    callers: s.callers,
    people: s.people,
    seconds: s.seconds,
    crowded,
    crowded_over_clean: Math.round((crowded.relais_cycles_per_s / clean.relais_cycles_per_s) * 1000) / 1000,
    // The same comparison with each run measured against its own raw baseline: the two runs are
    // minutes apart, and a shared machine's speed drifts between them (the raw limit has moved
    // by 20 % from one run to the next on the same code).
    crowded_ratio_over_clean_ratio: Math.round((crowded.ratio / clean.ratio) * 1000) / 1000,
    ...(paced ? { paced } : {}),
    double_claims: clean.double_claims + crowded.double_claims,
    lost_outcomes: clean.lost_outcomes + crowded.lost_outcomes,
  };
  const calling = results.calling as { crowded_over_clean: number; crowded_ratio_over_clean_ratio: number };
  keep('calling', { crowded_over_clean: calling.crowded_over_clean, crowded_ratio_over_clean_ratio: calling.crowded_ratio_over_clean_ratio });
}

if (selected('filter')) {
  const s = sizes.filter;
  log(`filter: ${s.people} people, ${s.runs} runs of each filter`);
  results.filter = await withEnv((env) => runFilter(env, { ...s, log }));
  keep('filter', results.filter);
}

if (selected('import')) {
  const s = sizes.import;
  log(`import: ${s.rows} lines`);
  results.import = await withEnv((env) => runImport(env, { ...s, log }));
  keep('import', results.import);
}

if (selected('dashboard')) {
  const s = sizes.dashboard;
  log(`dashboard: ${s.calls} calls by ${s.callers} callers`);
  results.dashboard = await withEnv((env) => runDashboard(env, { ...s, log }));
  keep('dashboard', results.dashboard);
}

if (selected('embedded')) {
  const s = sizes.embedded;
  log(`embedded: ${s.callers} callers, ${s.people} people, ${s.seconds} s on an embedded PostgreSQL with default settings`);
  // The paced run only when asked (--pace): quick mode already runs the paced path in calling.
  results.embedded = await runEmbedded({ ...s, pace: values.pace ? Number(values.pace) : null, log });
}

printTable(results);
if (values.json) fs.writeFileSync(values.json, `${JSON.stringify(results, null, 2)}\n`);

function printTable(r: Record<string, unknown>): void {
  const rows: [string, string][] = [];
  const walk = (prefix: string, value: unknown) => {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) walk(prefix ? `${prefix}.${k}` : k, v);
    } else if (Array.isArray(value) && value.some((v) => v && typeof v === 'object')) {
      value.forEach((v, i) => walk(`${prefix}.${i + 1}`, v));
    } else rows.push([prefix, Array.isArray(value) ? value.join(' ') : String(value)]);
  };
  walk('', r);
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) process.stdout.write(`${k.padEnd(width)}  ${v}\n`);
}
