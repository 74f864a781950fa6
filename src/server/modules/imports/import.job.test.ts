import { Readable } from 'node:stream';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeOrg } from '../../../../test/setup/factories.js';
import { createTestContext, type TestContext } from '../../../../test/setup/test-context.js';
import { inOrg } from '../../platform/db/database.js';
import { drainJobs, getJob } from '../../platform/jobs/jobs.js';
import { copyInto, copyLine } from './pg-copy.js';
import { peopleOf } from './imports.test-helpers.js';
import { getImport, startImport, uploadImport } from './imports.service.js';
import { withRange } from './import.job.js';

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext();
});

async function asOwner(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: ctx.ownerUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

describe('the import job', () => {
  it('keeps the ids it created as few ranges, joining those that follow each other', () => {
    let ranges = withRange([], 100n, 199n);
    ranges = withRange(ranges, 200n, 350n);
    expect(ranges).toEqual([['100', '350']]);
    // Someone else added people meanwhile (ids 351 to 359): a new range.
    ranges = withRange(ranges, 360n, 400n);
    expect(ranges).toEqual([['100', '350'], ['360', '400']]);
  });

  it('keeps the chunks committed before a crash and resumes after the last committed line', async () => {
    const orgId = (await makeOrg(ctx)).id;
    const scope = { orgId, userId: null };
    const lines = ['prenom;nom;email'];
    for (let i = 1; i <= 10; i++) lines.push(`P${i};${i === 7 ? 'CRASH' : `N${i}`};p${i}@example.fr`);
    lines.push('P2;;P2@example.fr');
    const uploaded = await uploadImport(ctx, scope, { fileName: 'x.csv', body: Readable.from([Buffer.from(lines.join('\n'))]) });
    // The database refuses line 8 (the 7th person) once, as a crash in the middle of a chunk would.
    await asOwner(`CREATE FUNCTION crash_once() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.last_name = 'CRASH' THEN RAISE EXCEPTION 'simulated crash'; END IF; RETURN NEW; END $$;
      CREATE TRIGGER crash_once BEFORE INSERT ON people FOR EACH ROW EXECUTE FUNCTION crash_once();`);
    const started = await startImport(
      ctx,
      scope,
      uploaded.id,
      { mapping: uploaded.proposedMapping.map((c) => ({ column: c.column, field: c.field })), legalBasis: 'consent', dataSource: 'x', tags: ['t'] },
      { chunkRows: 3 },
    );
    await drainJobs(ctx);
    const crashed = await getImport(ctx, scope, uploaded.id);
    expect(crashed).toMatchObject({ status: 'queued', counts: { rows: 6, created: 6 } });
    const job = await inOrg(ctx.database.db, scope, (tx) => getJob(tx, orgId, started.jobId!));
    expect(job).toMatchObject({ status: 'queued', error: expect.stringContaining('simulated crash') });
    expect(await peopleOf(ctx, orgId)).toHaveLength(6);

    await asOwner('DROP TRIGGER crash_once ON people; DROP FUNCTION crash_once();');
    ctx.setNow(new Date(Date.now() + 60_000));
    await drainJobs(ctx);
    ctx.setNow(new Date());
    const done = await getImport(ctx, scope, uploaded.id);
    expect(done).toMatchObject({ status: 'succeeded', counts: { rows: 11, created: 10, duplicates: 1 } });
    const people = await peopleOf(ctx, orgId);
    expect(people.map((p) => p.first_name)).toEqual(['P1', 'P2', 'P3', 'P4', 'P5', 'P6', 'P7', 'P8', 'P9', 'P10']);
    expect(people.every((p) => p.tags.join() === 't')).toBe(true);
    // The stored file is gone once imported.
    expect(await inOrg(ctx.database.db, scope, (tx) => tx.selectFrom('import_file_chunks').select('seq').execute())).toEqual([]);
  });
});

describe('copyInto', () => {
  it('copies rows on the transaction it is given, so they roll back with it', async () => {
    const orgId = (await makeOrg(ctx)).id;
    const lines = [copyLine([1, 'tab\there', null]), copyLine([2, 'back\\slash\nnew line', 'x'])];
    const seen = await inOrg(ctx.database.db, { orgId }, async (tx) => {
      await tx.schema.createTable('copy_probe').temporary().onCommit('drop').addColumn('n', 'integer').addColumn('a', 'text').addColumn('b', 'text').execute();
      expect(await copyInto(tx, 'COPY copy_probe (n, a, b) FROM STDIN', lines)).toBe(2);
      return tx.selectFrom('copy_probe' as never).selectAll().orderBy('n' as never).execute();
    });
    expect(seen).toEqual([
      { n: 1, a: 'tab\there', b: null },
      { n: 2, a: 'back\\slash\nnew line', b: 'x' },
    ]);
    await expect(
      inOrg(ctx.database.db, { orgId }, async (tx) => {
        await tx.insertInto('tags').values({ org_id: orgId, name: 'kept?' }).execute();
        await tx.schema.createTable('copy_probe').temporary().addColumn('n', 'integer').execute();
        await copyInto(tx, 'COPY copy_probe (n) FROM STDIN', ['not a number\n']);
      }),
    ).rejects.toThrow(/invalid input syntax/);
    const tags = await inOrg(ctx.database.db, { orgId }, (tx) => tx.selectFrom('tags').select('name').execute());
    expect(tags).toEqual([]);
  });
});
