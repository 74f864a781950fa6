import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { createUser } from '../../src/server/modules/auth/auth.service.js';
import { getImport, startImport, uploadImport } from '../../src/server/modules/imports/index.js';
import { createOrganization } from '../../src/server/modules/network/network.service.js';
import { inOrg } from '../../src/server/platform/db/database.js';
import { getJob, runJobNow } from '../../src/server/platform/jobs/jobs.js';
import { pgStats, type BenchEnv } from '../lib/env.js';
import { median, round } from '../lib/stats.js';
import { postmasterOf, startCpuMeter } from '../lib/cpu.js';
import { writeVoterFile } from '../lib/voters.js';

interface ImportPass {
  seconds: number;
  upload_seconds: number;
  rows_per_s: number;
  created: number;
  updated: number;
  unchanged: number;
  duplicates: number;
  skipped: number;
  warnings: number;
  /** CPU seconds per 1,000 lines: this process (reading, checking, normalising) and PostgreSQL. */
  cpu_per_1000_lines: { node_s: number; postgres_s: number };
}

export interface ImportRun {
  rows: number;
  file_mb: number;
  relais_rows_per_s: number;
  copy_rows_per_s: number;
  /**
   * Relais (upload + import job, lines of the file a second) over COPY (people rows a second): the
   * median of `pairs`, each a first import followed at once by the COPY of its rows.
   */
  ratio: number;
  pairs: { relais_rows_per_s: number; copy_rows_per_s: number; ratio: number }[];
  /** First import's time (median of the pairs) over an unchanged re-import's. */
  reimport_speedup: number;
  /** First import's time over the re-import of the file with 10 % of lines changed. */
  changed_speedup: number;
  copy_rows: number;
  copy_seconds: number;
  copy_cpu_per_1000_lines: ImportPass['cpu_per_1000_lines'];
  first: ImportPass;
  same_again: ImportPass;
  changed_10pct: ImportPass;
}

interface CopyPass {
  rows: number;
  seconds: number;
  rows_per_s: number;
  cpu_per_1000_lines: ImportPass['cpu_per_1000_lines'];
}

/** COPY of the organization's people rows, as the import left them, into bench_copy.people (emptied first). */
async function copyPeople(owner: pg.Client, orgId: string, dir: string, postmaster: number | null): Promise<CopyPass> {
  const rowsFile = path.join(dir, 'people.copy');
  const out = owner.query(copyTo(`COPY (SELECT * FROM public.people WHERE org_id = '${orgId}') TO STDOUT`));
  await pipeline(out, fs.createWriteStream(rowsFile));
  await owner.query('TRUNCATE bench_copy.people');
  await owner.query('CHECKPOINT').catch(() => undefined);
  const t = performance.now();
  const meter = startCpuMeter(null, postmaster);
  const into = owner.query(copyFrom('COPY bench_copy.people FROM STDIN'));
  await pipeline(fs.createReadStream(rowsFile, { highWaterMark: 1024 * 1024 }), into);
  const seconds = (performance.now() - t) / 1000;
  const cpu = meter.stop();
  fs.rmSync(rowsFile);
  const rows = into.rowCount;
  return {
    rows,
    seconds: round(seconds),
    rows_per_s: Math.round(rows / seconds),
    cpu_per_1000_lines: { node_s: round((cpu.load_generator_s * 1000) / rows, 3), postgres_s: round((cpu.postgres_s * 1000) / rows, 3) },
  };
}

/**
 * A generated `rows`-line REU-like voter CSV through the real import path, exactly as
 * `npm run relais -- import` runs it (upload into the database, the proposed mapping, the
 * `people.import` job run to the end with `runJobNow`), into the real, indexed people tables;
 * then, right after it, `COPY` of the same rows into a table with the same indexes (the pair run
 * `pairs` times on emptied tables, the median ratio reported); then the same
 * file again (nothing changed), then a copy of it with 10 % of lines changed (a new e-mail).
 *
 * The COPY baseline copies the rows the import produced (already normalised: E.164 phones,
 * support levels, the generated search text stored as a plain column) into
 * `bench_copy.people (LIKE people INCLUDING INDEXES …)`: the 17 b-tree indexes and the trigram
 * GIN index, no validation, no duplicate detection, no tags (person_tags), no triggers, no RLS.
 */
export async function runImport(env: BenchEnv, opts: { rows: number; pairs: number; log: (l: string) => void }): Promise<ImportRun> {
  const { ctx } = env;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relais-bench-import-'));
  const file = path.join(dir, 'electeurs.csv');
  const changedFile = path.join(dir, 'electeurs-modifie.csv');
  try {
    let t = performance.now();
    const size = await writeVoterFile({ rows: opts.rows, out: file });
    await writeVoterFile({ rows: opts.rows, out: changedFile, changed: 0.1 });
    opts.log(`import: wrote ${opts.rows} lines (${(size / 1024 / 1024).toFixed(1)} MB, twice) in ${((performance.now() - t) / 1000).toFixed(1)} s`);

    const userId = await createUser(ctx, { email: 'import@bench.invalid', name: 'Bench Import' });
    const { id: orgId } = await createOrganization(ctx, { name: 'Bench import', slug: 'bench-import' }, userId);
    const scope = { orgId, userId };

    const postmaster = await postmasterOf(env.ownerUrl);
    async function importFile(name: string): Promise<ImportPass> {
      const meter = startCpuMeter(null, postmaster);
      const started = performance.now();
      const uploaded = await uploadImport(ctx, scope, { fileName: path.basename(name), body: fs.createReadStream(name, { highWaterMark: 1024 * 1024 }) });
      const uploadSeconds = (performance.now() - started) / 1000;
      const mapping = uploaded.proposedMapping.map((c) => ({ column: c.column, field: c.field }));
      const import_ = await startImport(ctx, scope, uploaded.id, { mapping, legalBasis: 'electoral_list', dataSource: 'Bench REU extract', tags: [] });
      const jobId = import_.jobId!;
      for (let attempt = 0; await runJobNow(ctx, orgId, jobId); attempt++) {
        const job = await inOrg(ctx.database.db, scope, (tx) => getJob(tx, orgId, jobId));
        if (job?.status === 'succeeded' || job?.status === 'failed') break;
        if (attempt > 3) throw new Error(`import job keeps failing: ${job?.error ?? 'unknown error'}`);
        opts.log(`import: attempt failed (${job?.error ?? 'unknown error'}), retrying`);
      }
      const seconds = (performance.now() - started) / 1000;
      const cpu = meter.stop();
      const result = await getImport(ctx, scope, uploaded.id);
      if (result.status !== 'succeeded') throw new Error(`import ${result.status}: ${result.error ?? ''}`);
      const c = result.counts;
      return {
        seconds: round(seconds),
        upload_seconds: round(uploadSeconds),
        rows_per_s: Math.round(c.rows / seconds),
        created: c.created,
        updated: c.updated,
        unchanged: c.unchanged,
        duplicates: c.duplicates,
        skipped: c.skipped,
        warnings: c.warnings,
        cpu_per_1000_lines: { node_s: round((cpu.load_generator_s * 1000) / c.rows, 3), postgres_s: round((cpu.postgres_s * 1000) / c.rows, 3) },
      };
    }

    // The raw limit: the same people rows by COPY into a table with the same indexes. The first
    // import and the COPY are run in pairs, one right after the other, `pairs` times (the people
    // tables emptied in between): this machine's speed drifts by ±15 % over minutes, and the
    // median of the pairs' ratios is what that drift moves least.
    const owner = new pg.Client({ connectionString: env.ownerUrl });
    await owner.connect();
    const firsts: ImportPass[] = [];
    const copies: CopyPass[] = [];
    try {
      await owner.query('CREATE SCHEMA bench_copy');
      await owner.query('CREATE TABLE bench_copy.people (LIKE public.people INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)');
      for (let pair = 0; pair < opts.pairs; pair++) {
        if (pair > 0) {
          // Back to empty people tables (and everything hanging from them), as for the first pair.
          await owner.query('TRUNCATE public.people CASCADE');
        }
        // Each side starts from a clean slate (the previous side's dirty pages written); superusers only.
        await owner.query('CHECKPOINT').catch(() => undefined);
        opts.log(`import: first import${opts.pairs > 1 ? ` (pair ${pair + 1} of ${opts.pairs})` : ''}`);
        await pgStats(env.ownerUrl, 'reset', opts.log);
        firsts.push(await importFile(file));
        await pgStats(env.ownerUrl, 'print', opts.log);
        copies.push(await copyPeople(owner, orgId, dir, postmaster));
        const last = firsts.at(-1)!;
        opts.log(`import: pair ${pair + 1}: Relais ${last.rows_per_s} lines/s, COPY ${copies.at(-1)!.rows_per_s} rows/s`);
      }
      await owner.query('DROP SCHEMA bench_copy CASCADE');
    } finally {
      await owner.end();
    }
    const pairs = firsts.map((f, i) => ({ relais_rows_per_s: f.rows_per_s, copy_rows_per_s: copies[i]!.rows_per_s, ratio: round(f.rows_per_s / copies[i]!.rows_per_s, 3) }));
    // The pair with the median ratio stands for the run (with an even count, the lower middle).
    const order = pairs.map((p, i) => ({ ratio: p.ratio, i })).sort((a, b) => a.ratio - b.ratio);
    const mid = order[Math.floor((order.length - 1) / 2)]!.i;
    const first = firsts[mid]!;
    const copy = copies[mid]!;

    opts.log('import: the same file again');
    await pgStats(env.ownerUrl, 'reset', opts.log);
    const sameAgain = await importFile(file);
    await pgStats(env.ownerUrl, 'print', opts.log);
    opts.log('import: the file with 10 % of lines changed');
    const changed = await importFile(changedFile);
    return {
      rows: opts.rows,
      file_mb: round(size / 1024 / 1024, 1),
      relais_rows_per_s: first.rows_per_s,
      copy_rows_per_s: copy.rows_per_s,
      ratio: pairs[mid]!.ratio,
      pairs,
      reimport_speedup: round(median(firsts.map((f) => f.seconds)) / sameAgain.seconds, 2),
      changed_speedup: round(median(firsts.map((f) => f.seconds)) / changed.seconds, 2),
      copy_rows: copy.rows,
      copy_seconds: copy.seconds,
      copy_cpu_per_1000_lines: copy.cpu_per_1000_lines,
      first,
      same_again: sameAgain,
      changed_10pct: changed,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
