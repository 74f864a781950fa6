import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createTestContext } from '../../../../test/setup/test-context.js';
import { migrate, readMigrations } from './migrate.js';

describe('migrations', () => {
  it('are numbered without gaps and each has a checksum', () => {
    const migrations = readMigrations();
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
    for (const m of migrations) expect(m.checksum).toMatch(/^[0-9a-f]{64}$/);
  });

  it('applies nothing twice and refuses a file edited after it was applied', async () => {
    const ctx = await createTestContext();
    expect(await migrate(ctx.ownerUrl)).toEqual([]);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relais-migrations-'));
    for (const m of readMigrations()) fs.writeFileSync(path.join(dir, m.name), m.sql);
    const first = readMigrations()[0]!;
    fs.appendFileSync(path.join(dir, first.name), '\n-- edited\n');
    await expect(migrate(ctx.ownerUrl, dir)).rejects.toThrow(/was edited after it was applied/);
    fs.rmSync(dir, { recursive: true });
  });

  it('runs concurrent migrators one at a time under the advisory lock', async () => {
    const ctx = await createTestContext();
    const client = new pg.Client(ctx.ownerUrl);
    await client.connect();
    await client.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
    await client.end();
    const results = await Promise.all([migrate(ctx.ownerUrl), migrate(ctx.ownerUrl), migrate(ctx.ownerUrl)]);
    const applied = results.flat();
    expect(applied).toEqual(readMigrations().map((m) => m.name));
  });
});
