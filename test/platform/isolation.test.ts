import { sql } from 'kysely';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { APP_ROLE, inOrg, inOrgThen, type Tx } from '../../src/server/platform/db/database.js';
import { makeOrg } from '../setup/factories.js';
import { createTestContext, type TestContext } from '../setup/test-context.js';

let ctx: TestContext;
let orgA: string;
let orgB: string;

beforeAll(async () => {
  ctx = await createTestContext();
  orgA = (await makeOrg(ctx)).id;
  orgB = (await makeOrg(ctx)).id;
  for (const [orgId, name] of [
    [orgA, 'Alice'],
    [orgB, 'Bruno'],
  ] as const) {
    await inOrg(ctx.database.db, { orgId }, (tx) =>
      tx.insertInto('people').values({ org_id: orgId, first_name: name, last_name: 'Test', legal_basis: 'consent', custom_fields: {}, updated_at: new Date() }).execute(),
    );
  }
});

describe('row-level security', () => {
  it('connects as a role that is neither superuser, table owner nor BYPASSRLS', async () => {
    const { rows } = await sql<{ rolsuper: boolean; rolbypassrls: boolean; user: string }>`
      SELECT r.rolsuper, r.rolbypassrls, current_user AS user FROM pg_roles r WHERE r.rolname = current_user`.execute(ctx.database.db);
    expect(rows[0]).toEqual({ rolsuper: false, rolbypassrls: false, user: APP_ROLE });
    const owners = await sql<{ tableowner: string }>`SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'`.execute(ctx.database.db);
    expect(owners.rows.map((r) => r.tableowner)).not.toContain(APP_ROLE);
  });

  it('never JIT-compiles on the application connections (a packaged server would for a big dashboard)', async () => {
    const { rows } = await sql<{ jit: string }>`SELECT current_setting('jit') AS jit`.execute(ctx.database.db);
    expect(rows[0]!.jit).toBe('off');
  });

  it('returns nothing when no organization is set', async () => {
    const people = await ctx.database.db.selectFrom('people').selectAll().execute();
    expect(people).toEqual([]);
    const orgs = await ctx.database.db.selectFrom('organizations').selectAll().execute();
    expect(orgs).toEqual([]);
    const sets = await ctx.database.db.selectFrom('permission_sets').selectAll().execute();
    expect(sets).toEqual([]);
  });

  it("shows an organization only its own rows, even when asked for another's by id", async () => {
    const seen = await inOrg(ctx.database.db, { orgId: orgA }, (tx) => tx.selectFrom('people').select(['first_name', 'org_id']).execute());
    expect(seen).toEqual([{ first_name: 'Alice', org_id: orgA }]);
    const other = await inOrg(ctx.database.db, { orgId: orgA }, (tx) => tx.selectFrom('people').selectAll().where('org_id', '=', orgB).execute());
    expect(other).toEqual([]);
  });

  it("refuses to write a row into another organization", async () => {
    await expect(
      inOrg(ctx.database.db, { orgId: orgA }, (tx) =>
        tx.insertInto('people').values({ org_id: orgB, first_name: 'Intrus', legal_basis: 'consent', custom_fields: {}, updated_at: new Date() }).execute(),
      ),
    ).rejects.toThrow(/row-level security/);
    const updated = await inOrg(ctx.database.db, { orgId: orgA }, (tx) =>
      tx.updateTable('people').set({ first_name: 'Piraté' }).where('org_id', '=', orgB).executeTakeFirst(),
    );
    expect(updated.numUpdatedRows).toBe(0n);
  });

  it('keeps the organization setting inside its transaction only', async () => {
    await inOrg(ctx.database.db, { orgId: orgA }, async () => {});
    const after = await ctx.database.db.selectFrom('people').selectAll().execute();
    expect(after).toEqual([]);
  });

  it('puts org_id first in the primary key of every tenant-owned table', async () => {
    const client = new pg.Client(ctx.ownerUrl);
    await client.connect();
    const { rows } = await client.query<{ table_name: string; first_column: string }>(`
      SELECT c.relname AS table_name, a.attname AS first_column
      FROM pg_index i
      JOIN pg_class c ON c.oid = i.indrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = i.indkey[0]
      WHERE i.indisprimary
        AND EXISTS (SELECT 1 FROM pg_attribute x WHERE x.attrelid = c.oid AND x.attname = 'org_id' AND NOT x.attisdropped)`);
    const rls = await client.query<{ relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean }>(`
      SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
      WHERE c.relkind = 'r' AND EXISTS (SELECT 1 FROM pg_attribute x WHERE x.attrelid = c.oid AND x.attname = 'org_id' AND NOT x.attisdropped)`);
    await client.end();
    // magic_links are sign-in tokens looked up before any organization is known (like sessions);
    // their org_id names the organization the link signs into. job_queue is the workers' global
    // claim list (ids only, no personal data). Every other table with org_id is tenant-owned.
    const global = new Set(['magic_links', 'job_queue']);
    const tenantOwned = (name: string) => !global.has(name);
    expect(rows.length).toBeGreaterThan(3);
    for (const row of rows.filter((r) => tenantOwned(r.table_name))) expect(`${row.table_name}:${row.first_column}`).toBe(`${row.table_name}:org_id`);
    for (const table of rls.rows.filter((r) => tenantOwned(r.relname))) {
      expect({ table: table.relname, rls: table.relrowsecurity, force: table.relforcerowsecurity }).toEqual({ table: table.relname, rls: true, force: true });
    }
  });
});

describe('two transactions in a row (inOrgThen)', () => {
  const names = async () =>
    (await inOrg(ctx.database.db, { orgId: orgA }, (tx) => tx.selectFrom('people').select('first_name').where('last_name', '=', 'Suite').execute())).map((r) => r.first_name).sort();
  const add = (tx: Tx, name: string) =>
    tx.insertInto('people').values({ org_id: orgA, first_name: name, last_name: 'Suite', legal_basis: 'consent', custom_fields: {}, updated_at: new Date() }).execute();

  it('commits the first whatever the second does, each acting for the organization', async () => {
    const ok = await inOrgThen(ctx.database.db, { orgId: orgA }, (tx) => add(tx, 'Un').then(() => 1), { genericPlans: true }, async (tx, first) => {
      await add(tx, 'Deux');
      const mode = await sql<{ m: string }>`SELECT current_setting('plan_cache_mode') AS m`.execute(tx);
      return `${first}:${mode.rows[0]!.m}:${(await tx.selectFrom('people').select('org_id').distinct().execute()).length}`;
    });
    expect(ok).toEqual({ first: 1, second: { ok: true, value: '1:force_generic_plan:1' } });

    const failed = await inOrgThen(ctx.database.db, { orgId: orgA }, (tx) => add(tx, 'Trois'), {}, async (tx) => {
      await add(tx, 'Quatre');
      throw new Error('second failed');
    });
    expect(failed.second).toMatchObject({ ok: false, error: new Error('second failed') });
    expect(await names()).toEqual(['Deux', 'Trois', 'Un']);
  });

  it('writes nothing and skips the second when the first fails, and leaves the connection clean', async () => {
    let ran = false;
    await expect(
      inOrgThen(
        ctx.database.db,
        { orgId: orgA },
        async (tx) => {
          await add(tx, 'Cinq');
          throw new Error('first failed');
        },
        {},
        async () => {
          ran = true;
        },
      ),
    ).rejects.toThrow('first failed');
    expect(ran).toBe(false);
    expect(await names()).not.toContain('Cinq');
    // Every pooled connection is outside any transaction and acting for nobody afterwards.
    const outside = await Promise.all(Array.from({ length: 5 }, () => sql<{ org: string | null }>`SELECT current_setting('relais.org_id', true) AS org`.execute(ctx.database.db)));
    for (const r of outside) expect(r.rows[0]!.org ?? '').toBe('');
  });
});
