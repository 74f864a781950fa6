import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, inject } from 'vitest';
import { appRolePassword, appUrlFrom, openDatabase } from '../../src/server/platform/db/database.js';
import type { AppContext } from '../../src/server/platform/context.js';
import { withDatabase } from './global-setup.js';

export interface TestContext extends AppContext {
  /** Superuser URL of this file's database, for assertions that must see every row. */
  ownerUrl: string;
  /** Moves the injected clock. */
  setNow(date: Date): void;
}

/**
 * A fresh copy of the migrated template database for one test file, connected as the application
 * role, with an injectable clock. Dropped after the file's tests.
 */
export async function createTestContext(options: { now?: Date } = {}): Promise<TestContext> {
  const { adminUrl, template, secret, kind } = inject('pg');
  const name = `relais_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  await admin.end();
  const ownerUrl = withDatabase(adminUrl, name);
  const database = openDatabase({ kind, ownerUrl, appUrl: appUrlFrom(ownerUrl, appRolePassword(secret)), poolSize: 10 });
  let now: Date | null = options.now ?? null;
  afterAll(async () => {
    await database.close();
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.end();
  });
  return {
    database,
    secret,
    clock: () => now ?? new Date(),
    publicUrl: 'http://relais.test',
    ownerUrl,
    setNow(date) {
      now = date;
    },
  };
}
