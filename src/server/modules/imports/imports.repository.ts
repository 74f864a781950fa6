import { sql } from 'kysely';
import type { Tx } from '../../platform/db/database.js';
import type { LegalBasis } from '../../platform/db/schema.js';
import type { RowIssue } from './import-rows.js';

/** Queries of the import module; every function takes the organization first after the transaction. */

export const IMPORT_COLUMNS = [
  'id', 'file_name', 'file_size', 'encoding', 'delimiter', 'headers', 'sample', 'proposed_mapping', 'mapping', 'data_source',
  'legal_basis', 'tags', 'status', 'job_id', 'rows_read', 'created_count', 'updated_count', 'unchanged_count', 'duplicate_count',
  'skipped_count', 'suppressed_count', 'warning_count', 'merge_sample', 'created_by', 'created_at', 'started_at', 'finished_at',
] as const;

export function insertImport(tx: Tx, orgId: string, values: { fileName: string; createdBy: string | null }) {
  return tx
    .insertInto('imports')
    .values({ org_id: orgId, file_name: values.fileName, encoding: 'utf-8', delimiter: ',', created_by: values.createdBy, merge_sample: '[]' })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function insertFileChunk(tx: Tx, orgId: string, importId: string, seq: number, data: Buffer): Promise<void> {
  await tx.insertInto('import_file_chunks').values({ org_id: orgId, import_id: importId, seq, data }).execute();
}

export async function readFileChunk(tx: Tx, orgId: string, importId: string, seq: number): Promise<Buffer | null> {
  const row = await tx
    .selectFrom('import_file_chunks')
    .select('data')
    .where('org_id', '=', orgId)
    .where('import_id', '=', importId)
    .where('seq', '=', seq)
    .executeTakeFirst();
  return row?.data ?? null;
}

export async function describeUpload(
  tx: Tx,
  orgId: string,
  importId: string,
  values: { fileSize: number; sha256: string; encoding: string; delimiter: string; headers: string[]; sample: string[][]; proposedMapping: unknown[] },
): Promise<void> {
  await tx
    .updateTable('imports')
    .set({
      file_size: values.fileSize,
      file_sha256: values.sha256,
      encoding: values.encoding,
      delimiter: values.delimiter,
      headers: JSON.stringify(values.headers),
      sample: JSON.stringify(values.sample),
      proposed_mapping: JSON.stringify(values.proposedMapping),
    })
    .where('org_id', '=', orgId)
    .where('id', '=', importId)
    .execute();
}

/** An import with its job's live state (status, progress, error). */
export function findImport(tx: Tx, orgId: string, importId: string, options: { forUpdate?: boolean } = {}) {
  let query = tx
    .selectFrom('imports as i')
    .leftJoin('jobs as j', (join) => join.onRef('j.org_id', '=', 'i.org_id').onRef('j.id', '=', 'i.job_id'))
    .select(IMPORT_COLUMNS.map((c) => `i.${c}` as const))
    .select(['j.status as job_status', 'j.progress_done', 'j.progress_total', 'j.error as job_error'])
    .select((eb) =>
      eb
        .selectFrom('import_errors as e')
        .select(sql<string>`count(*)`.as('n'))
        .whereRef('e.org_id', '=', 'i.org_id')
        .whereRef('e.import_id', '=', 'i.id')
        .as('issue_count'),
    )
    .where('i.org_id', '=', orgId)
    .where('i.id', '=', importId);
  if (options.forUpdate) query = query.forUpdate('i');
  return query.executeTakeFirst();
}
export type ImportRow = NonNullable<Awaited<ReturnType<typeof findImport>>>;

export function listImports(tx: Tx, orgId: string, limit: number) {
  return tx
    .selectFrom('imports as i')
    .leftJoin('jobs as j', (join) => join.onRef('j.org_id', '=', 'i.org_id').onRef('j.id', '=', 'i.job_id'))
    .select(IMPORT_COLUMNS.map((c) => `i.${c}` as const))
    .select(['j.status as job_status', 'j.progress_done', 'j.progress_total', 'j.error as job_error'])
    .select((eb) =>
      eb
        .selectFrom('import_errors as e')
        .select(sql<string>`count(*)`.as('n'))
        .whereRef('e.org_id', '=', 'i.org_id')
        .whereRef('e.import_id', '=', 'i.id')
        .as('issue_count'),
    )
    .where('i.org_id', '=', orgId)
    .orderBy('i.created_at', 'desc')
    .orderBy('i.id', 'desc')
    .limit(limit)
    .execute();
}

export async function markStarted(
  tx: Tx,
  orgId: string,
  importId: string,
  values: { mapping: unknown[]; legalBasis: LegalBasis; dataSource: string; tags: string[]; jobId: string; at: Date },
): Promise<void> {
  await tx
    .updateTable('imports')
    .set({
      status: 'started',
      mapping: JSON.stringify(values.mapping),
      legal_basis: values.legalBasis,
      data_source: values.dataSource,
      tags: values.tags,
      job_id: values.jobId,
      started_at: values.at,
    })
    .where('org_id', '=', orgId)
    .where('id', '=', importId)
    .execute();
}

/** What one committed chunk adds to an import's counts. */
export interface CountDelta {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  duplicates: number;
  skipped: number;
  suppressed: number;
  warnings: number;
}

export async function addCounts(tx: Tx, orgId: string, importId: string, delta: CountDelta, mergeSample: unknown[] | null): Promise<void> {
  await tx
    .updateTable('imports')
    .set({
      rows_read: sql`rows_read + ${delta.rows}`,
      created_count: sql`created_count + ${delta.created}`,
      updated_count: sql`updated_count + ${delta.updated}`,
      unchanged_count: sql`unchanged_count + ${delta.unchanged}`,
      duplicate_count: sql`duplicate_count + ${delta.duplicates}`,
      skipped_count: sql`skipped_count + ${delta.skipped}`,
      suppressed_count: sql`suppressed_count + ${delta.suppressed}`,
      warning_count: sql`warning_count + ${delta.warnings}`,
      ...(mergeSample !== null ? { merge_sample: JSON.stringify(mergeSample) } : {}),
    })
    .where('org_id', '=', orgId)
    .where('id', '=', importId)
    .execute();
}

/** Marks an import done and deletes its stored file and preview: the campaign no longer needs them. */
export async function finishImport(tx: Tx, orgId: string, importId: string, at: Date): Promise<void> {
  await tx.updateTable('imports').set({ status: 'succeeded', finished_at: at, sample: '[]' }).where('org_id', '=', orgId).where('id', '=', importId).execute();
  await tx.deleteFrom('import_file_chunks').where('org_id', '=', orgId).where('import_id', '=', importId).execute();
}

export async function deleteImport(tx: Tx, orgId: string, importId: string): Promise<void> {
  await tx.deleteFrom('imports').where('org_id', '=', orgId).where('id', '=', importId).execute();
}

export async function insertIssues(tx: Tx, orgId: string, importId: string, issues: readonly RowIssue[]): Promise<void> {
  for (let start = 0; start < issues.length; start += 5000) {
    const part = issues.slice(start, start + 5000);
    await sql`
      INSERT INTO import_errors (org_id, import_id, line, severity, code, column_name, value, params)
      SELECT ${orgId}::uuid, ${importId}::bigint, u.line, u.severity, u.code, u.column_name, u.value, u.params
      FROM unnest(${part.map((i) => i.line)}::int[], ${part.map((i) => i.severity)}::text[], ${part.map((i) => i.code)}::text[],
                  ${part.map((i) => i.column)}::text[], ${part.map((i) => i.value)}::text[], ${part.map((i) => JSON.stringify(i.params))}::jsonb[])
        AS u(line, severity, code, column_name, value, params)`.execute(tx);
  }
}

/** A page of the error report, in line order (keyset on the row id within equal lines). */
export function issuesPage(tx: Tx, orgId: string, importId: string, after: { line: number; id: string } | null, limit: number) {
  let query = tx
    .selectFrom('import_errors')
    .select(['id', 'line', 'severity', 'code', 'column_name', 'value', 'params'])
    .where('org_id', '=', orgId)
    .where('import_id', '=', importId);
  if (after) query = query.where(sql<boolean>`(line, id) > (${after.line}, ${after.id}::bigint)`);
  return query.orderBy('line').orderBy('id').limit(limit).execute();
}

export async function orgHasSuppressions(tx: Tx, orgId: string): Promise<boolean> {
  const row = await sql<{ found: boolean }>`SELECT EXISTS (SELECT 1 FROM suppressions WHERE org_id = ${orgId}) AS found`.execute(tx);
  return row.rows[0]?.found ?? false;
}

/** Which of these hashes (hex) belong to erased objectors of the organization. */
export async function suppressedHashes(tx: Tx, orgId: string, hashes: readonly Buffer[]): Promise<Set<string>> {
  if (hashes.length === 0) return new Set();
  const { rows } = await sql<{ value_hash: Buffer }>`
    SELECT value_hash FROM suppressions WHERE org_id = ${orgId} AND value_hash = ANY(${hashes.map((h) => `\\x${h.toString('hex')}`)}::bytea[])`.execute(tx);
  return new Set(rows.map((r) => r.value_hash.toString('hex')));
}
