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
    server = await startEmbeddedPostgres({ dataDir: dir, settings: options.settings ?? PRODUCTION_SETTINGS });
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
  return { cores: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown', memory_gib: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}` };
}
