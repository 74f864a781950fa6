import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { OrgActor } from '../../src/server/platform/http/actor.js';
import type { AppContext } from '../../src/server/platform/context.js';
import { appRolePassword, appUrlFrom, ensureAppRole, openDatabase, type Database } from '../../src/server/platform/db/database.js';
import { startEmbeddedPostgres, type EmbeddedServer } from '../../src/server/platform/db/embedded.js';
import { migrate } from '../../src/server/platform/db/migrate.js';
import { CAPABILITIES } from '../../src/shared/auth/capabilities.js';

/**
 * Settings of the throwaway server, as one would tune PostgreSQL 15 for a 2-core, 24 GiB machine
 * running Relais (durability kept: fsync and synchronous_commit stay on).
 */
export const PRODUCTION_SETTINGS: Record<string, string> = {
  max_connections: '300',
  shared_buffers: '4GB',
  effective_cache_size: '12GB',
  work_mem: '32MB',
  maintenance_work_mem: '1GB',
  max_wal_size: '8GB',
  min_wal_size: '1GB',
  checkpoint_timeout: '15min',
  checkpoint_completion_target: '0.9',
  wal_compression: 'on',
  random_page_cost: '1.1',
  effective_io_concurrency: '200',
  autovacuum_naptime: '10s',
  max_parallel_workers_per_gather: '1',
};

/**
 * `RELAIS_BENCH_PG_STATS=1` loads pg_stat_statements (with planning time) in the throwaway server,
 * and the calling scenario then prints the statements that cost PostgreSQL the most.
 */
export const PG_STATS = process.env.RELAIS_BENCH_PG_STATS === '1';
// track 'all' lists the statements inside functions and triggers too (the metrics counting).
const STATS_SETTINGS = {
  shared_preload_libraries: 'pg_stat_statements',
  'pg_stat_statements.track': 'all',
  'pg_stat_statements.track_planning': 'on',
  'pg_stat_statements.max': '2000',
};

/** Resets pg_stat_statements, or prints its top statements by total (planning + execution) time. */
export async function pgStats(ownerUrl: string, action: 'reset' | 'print', log: (line: string) => void): Promise<void> {
  if (!PG_STATS) return;
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    if (action === 'reset') {
      await client.query('SELECT pg_stat_statements_reset()');
      return;
    }
    const { rows } = await client.query<{ calls: string; plan_ms: number; exec_ms: number; query: string }>(
      `SELECT calls, round(total_plan_time::numeric, 1)::float AS plan_ms, round(total_exec_time::numeric, 1)::float AS exec_ms,
              regexp_replace(query, '\\s+', ' ', 'g') AS query
         FROM pg_stat_statements ORDER BY total_plan_time + total_exec_time DESC LIMIT 40`,
    );
    for (const r of rows) log(`pg_stat: calls ${r.calls} plan ${r.plan_ms} ms exec ${r.exec_ms} ms: ${r.query.slice(0, 220)}`);
  } finally {
    await client.end();
  }
}

/**
 * With RELAIS_BENCH_PG_STATS=1, samples what the database's sessions wait on (pg_stat_activity)
 * every 50 ms until stopped, and prints the tally: lock waits show as `Lock:transactionid` or
 * `Lock:tuple`, WAL flushes as `IO:WALSync`/`LWLock:WALWrite`, running on CPU as `CPU`.
 */
export function sampleWaits(ownerUrl: string, log: (line: string) => void): { stop(): Promise<void> } {
  if (!PG_STATS) return { stop: async () => {} };
  const tally = new Map<string, number>();
  let running = true;
  const done = (async () => {
    const client = new pg.Client({ connectionString: ownerUrl });
    await client.connect();
    try {
      while (running) {
        const { rows } = await client.query<{ w: string; n: number }>(
          `SELECT coalesce(wait_event_type || ':' || wait_event, 'CPU') || ' ' || left(regexp_replace(query, '\\s+', ' ', 'g'), 60) AS w, count(*)::int AS n
             FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid() GROUP BY 1`,
        );
        for (const r of rows) tally.set(r.w, (tally.get(r.w) ?? 0) + r.n);
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      await client.end();
    }
  })();
  return {
    async stop() {
      running = false;
      await done;
      for (const [w, n] of [...tally].sort((a, b) => b[1] - a[1]).slice(0, 20)) log(`pg_wait: ${n} ${w}`);
    },
  };
}

export interface BenchEnv {
  kind: 'throwaway' | 'external';
  /** Superuser/owner URL of the bench database. */
  ownerUrl: string;
  secret: string;
  database: Database;
  ctx: AppContext;
  settings: Record<string, string>;
  close(): Promise<void>;
}

/**
 * The bench database: on DATABASE_URL's server, or on a throwaway tuned server it starts itself.
 * `embedded: true` always starts the throwaway server, DATABASE_URL or not (with `settings: {}`,
 * the embedded PostgreSQL as `npm start` runs it).
 */
export async function openBenchEnv(options: { settings?: Record<string, string>; embedded?: boolean; log: (line: string) => void }): Promise<BenchEnv> {
  let server: EmbeddedServer | undefined;
  let dir: string | undefined;
  let adminUrl: string;
  if (process.env.DATABASE_URL && !options.embedded) {
    adminUrl = process.env.DATABASE_URL;
  } else {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relais-bench-'));
    fs.chmodSync(dir, 0o755);
    options.log(`starting a throwaway PostgreSQL in ${dir}`);
    const settings = { ...(options.settings ?? PRODUCTION_SETTINGS), ...(PG_STATS ? STATS_SETTINGS : {}) };
    server = await startEmbeddedPostgres({ dataDir: dir, settings });
    adminUrl = server.url;
  }
  const name = `relais_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const settingRows = await admin.query<{ name: string; setting: string; unit: string | null }>(
    `SELECT name, setting, unit FROM pg_settings WHERE name = ANY($1)`,
    [[...Object.keys(PRODUCTION_SETTINGS), 'server_version', 'fsync', 'synchronous_commit']],
  );
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const ownerUrl = url.toString();
  await migrate(ownerUrl);
  if (PG_STATS) {
    const owner = new pg.Client({ connectionString: ownerUrl });
    await owner.connect();
    await owner.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    await owner.end();
  }
  const secret = `bench-${randomBytes(12).toString('hex')}`;
  await ensureAppRole(ownerUrl, appRolePassword(secret));
  const database = openDatabase({ kind: server ? 'embedded' : 'external', ownerUrl, appUrl: appUrlFrom(ownerUrl, appRolePassword(secret)), poolSize: 20 });
  const ctx: AppContext = { database, secret, clock: () => new Date(), publicUrl: 'http://bench.invalid' };
  return {
    kind: server ? 'throwaway' : 'external',
    ownerUrl,
    secret,
    database,
    ctx,
    settings: Object.fromEntries(settingRows.rows.map((r) => [r.name, r.unit ? `${r.setting} ${r.unit}` : r.setting])),
    async close() {
      await database.close();
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
      await server?.stop();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** An organizer acting with every capability, for setting scenarios up through the services. */
export function adminActor(orgId: string, userId: string): OrgActor {
  return {
    user: { id: userId, email: 'bench@relais.invalid', name: 'Bench', hasPassword: false },
    session: null,
    org: { id: orgId, slug: 'bench', name: 'Bench', timeZone: 'Europe/Paris', permissionSet: 'administrator', capabilities: new Set(CAPABILITIES) },
    locale: 'fr',
    ip: '127.0.0.1',
  };
}

export function machine() {
  return {
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memory_gib: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    // The bench process runs the imports itself: its V8 flags are those of `npm run bench`, which
    // gives it the server's (`npm start`); the calling server is started with them too.
    node_flags: process.execArgv.filter((flag) => flag.startsWith('--max-')).join(' '),
    platform: `${os.platform()} ${os.release()}`,
  };
}
