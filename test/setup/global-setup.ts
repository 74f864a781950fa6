import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { appRolePassword, ensureAppRole } from '../../src/server/platform/db/database.js';
import { startEmbeddedPostgres, type EmbeddedServer } from '../../src/server/platform/db/embedded.js';
import { migrate } from '../../src/server/platform/db/migrate.js';

export const TEST_SECRET = 'relais-test-secret-not-for-production';
const TEMPLATE = 'relais_test_template';

declare module 'vitest' {
  export interface ProvidedContext {
    pg: { adminUrl: string; template: string; secret: string; kind: 'embedded' | 'external' };
  }
}

/**
 * Starts the test run's PostgreSQL (embedded in a temporary folder, or the server named by
 * DATABASE_URL), migrates a template database once; each test file then copies it.
 */
export default async function setup(project: TestProject) {
  let server: EmbeddedServer | undefined;
  let dir: string | undefined;
  let adminUrl: string;
  if (process.env.DATABASE_URL) {
    adminUrl = process.env.DATABASE_URL;
  } else {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relais-test-'));
    fs.chmodSync(dir, 0o755);
    server = await startEmbeddedPostgres({ dataDir: dir, settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' } });
    adminUrl = server.url;
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${TEMPLATE}`);
  await admin.end();
  const templateUrl = withDatabase(adminUrl, TEMPLATE);
  await migrate(templateUrl);
  await ensureAppRole(templateUrl, appRolePassword(TEST_SECRET));
  project.provide('pg', { adminUrl, template: TEMPLATE, secret: TEST_SECRET, kind: server ? 'embedded' : 'external' });

  return async () => {
    await server?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  };
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
