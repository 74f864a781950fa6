import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { AppContext } from '../../platform/context.js';
import { inOrg, type OrgScope } from '../../platform/db/database.js';
import { AppError, notFound } from '../../platform/http/errors.js';
import { enqueueJob } from '../../platform/jobs/jobs.js';
import type { ColumnMappingInput, Import, ImportStart, ImportStatusName } from '../../../shared/contracts/imports.js';
import { importIssueMessage, IMPORT_REPORT_LABELS } from '../../../shared/people/import-issues.js';
import type { Locale } from '../../../shared/i18n/locales.js';
import { csvExportStream, type ExportColumn } from './csv-export.js';
import { proposeMapping } from './csv-mapping.js';
import { CsvReadError, readCsvRecords, type CsvEncoding } from './csv-reader.js';
import { sniffCsv } from './csv-sniff.js';
import { IMPORT_JOB, type ImportJobPayload } from './import.job.js';
import { planMapping } from './import-rows.js';
import * as repo from './imports.repository.js';

/** Who acts on imports: an organization, and the user (null from the command line). */
export type ImportScope = OrgScope & { userId: string | null };

/** The largest upload accepted; a million-row electoral list is about 150 MB. */
export const MAX_IMPORT_BYTES = 2 * 1024 ** 3;
/** The stored file is cut into pieces of this size (one row of import_file_chunks each). */
const PIECE_BYTES = 1024 * 1024;
const SAMPLE_ROWS = 5;

/**
 * Stores an uploaded CSV file as it streams in (never whole in memory), reads its format and
 * header from the first bytes, and answers the import with a proposed column mapping for the
 * organizer to confirm. One transaction: a broken upload leaves nothing behind.
 */
export async function uploadImport(ctx: AppContext, scope: ImportScope, input: { fileName: string; body: AsyncIterable<Uint8Array> }): Promise<Import> {
  const importId = await inOrg(ctx.database.db, scope, async (tx) => {
    const { id } = await repo.insertImport(tx, scope.orgId, { fileName: input.fileName, createdBy: scope.userId });
    const hash = createHash('sha256');
    let size = 0;
    let seq = 0;
    let head: Buffer | null = null;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const flush = async (piece: Buffer) => {
      head ??= piece;
      await repo.insertFileChunk(tx, scope.orgId, id, seq++, piece);
    };
    for await (const chunk of input.body) {
      size += chunk.length;
      if (size > MAX_IMPORT_BYTES) throw new AppError('payload_too_large');
      hash.update(chunk);
      pending.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      pendingBytes += chunk.length;
      while (pendingBytes >= PIECE_BYTES) {
        const all = Buffer.concat(pending);
        await flush(Buffer.from(all.subarray(0, PIECE_BYTES)));
        const rest = all.subarray(PIECE_BYTES);
        pending = rest.length > 0 ? [rest] : [];
        pendingBytes = rest.length;
      }
    }
    if (pendingBytes > 0) await flush(Buffer.concat(pending));
    if (head === null) throw new AppError('import_file_empty');
    const described = await describeHead(head, size <= PIECE_BYTES);
    await repo.describeUpload(tx, scope.orgId, id, { fileSize: size, sha256: hash.digest('hex'), ...described });
    return id;
  });
  return getImport(ctx, scope, importId);
}

/** Format, header, first rows and proposed mapping of a file, from its first piece. */
async function describeHead(head: Buffer, complete: boolean) {
  const sniff = sniffCsv(head);
  // Spreadsheets (xlsx is a zip), PDFs and images hold NUL bytes; UTF-16 text does too, but has a mark.
  if (!sniff.encoding.startsWith('utf-16') && head.subarray(0, 8192).includes(0)) throw new AppError('import_file_unreadable');
  // With no accent in the first bytes, the first accent further on decides (see CsvDecoder).
  const encoding: CsvEncoding | 'auto' = sniff.bom || !sniff.asciiOnly ? sniff.encoding : 'auto';
  const records: string[][] = [];
  try {
    for await (const record of readCsvRecords(Readable.from([head]), { encoding, delimiter: sniff.delimiter })) {
      records.push(record.fields);
      if (records.length > SAMPLE_ROWS + 1) break;
    }
  } catch (error) {
    // The first piece may end inside a quoted field: the rows before it are enough here.
    if (!(error instanceof CsvReadError)) throw error;
  }
  // The last record of a cut piece may be cut too.
  if (!complete && records.length > 1 && records.length <= SAMPLE_ROWS + 1) records.pop();
  const headers = records[0]?.map((h) => h.trim());
  if (headers === undefined || headers.every((h) => h === '')) throw new AppError('import_file_empty');
  return {
    encoding,
    delimiter: sniff.delimiter,
    headers,
    sample: records.slice(1, SAMPLE_ROWS + 1),
    proposedMapping: proposeMapping(headers),
  };
}

/** An import as the wizard shows it. Not found for another organization's import. */
export async function getImport(ctx: AppContext, scope: ImportScope, importId: string): Promise<Import> {
  const row = await inOrg(ctx.database.db, scope, (tx) => repo.findImport(tx, scope.orgId, importId));
  if (!row) throw notFound();
  return presentImport(row);
}

/** The organization's recent imports, newest first. */
export async function listImports(ctx: AppContext, scope: ImportScope): Promise<Import[]> {
  const rows = await inOrg(ctx.database.db, scope, (tx) => repo.listImports(tx, scope.orgId, 50));
  return rows.map(presentImport);
}

/**
 * Confirms the organizer's mapping, legal basis, data source and tags for the whole file, and
 * queues the job that imports it. Refused once started: an import runs once.
 */
export async function startImport(ctx: AppContext, scope: ImportScope, importId: string, input: ImportStart, options: { chunkRows?: number } = {}): Promise<Import> {
  await inOrg(ctx.database.db, scope, async (tx) => {
    const row = await tx
      .selectFrom('imports')
      .select(['status', 'headers', 'file_size'])
      .where('org_id', '=', scope.orgId)
      .where('id', '=', importId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw notFound();
    if (row.status !== 'uploaded') throw new AppError('import_already_started');
    const plan = planMapping(input.mapping, row.headers, input.tags);
    if (Array.isArray(plan)) throw new AppError('validation_failed', { fields: plan });
    const payload: ImportJobPayload = { importId, ...(options.chunkRows ? { chunkRows: options.chunkRows } : {}) };
    const jobId = await enqueueJob(tx, scope, IMPORT_JOB, { ...payload }, Number(row.file_size));
    await repo.markStarted(tx, scope.orgId, importId, {
      mapping: input.mapping,
      legalBasis: input.legalBasis,
      dataSource: input.dataSource,
      tags: input.tags,
      jobId,
      at: ctx.clock(),
    });
  });
  return getImport(ctx, scope, importId);
}

/** Deletes an import that is not running, with its stored file and error report; imported people stay. */
export async function deleteImport(ctx: AppContext, scope: ImportScope, importId: string): Promise<void> {
  await inOrg(ctx.database.db, scope, async (tx) => {
    const row = await repo.findImport(tx, scope.orgId, importId);
    if (!row) throw notFound();
    if (row.job_status === 'queued' || row.job_status === 'running') throw new AppError('import_already_started');
    await repo.deleteImport(tx, scope.orgId, importId);
  });
}

/**
 * The error report of an import as CSV, streamed: one line per problem, with the line of the
 * file, whether the line was skipped or imported without that value, the column, the faulty
 * value and the reason in the reader's language. Cells are neutralised like any export (a value
 * from the file may start with `=`).
 */
export async function errorReport(
  ctx: AppContext,
  scope: ImportScope,
  importId: string,
  options: { locale: Locale; delimiter: ';' | ',' },
): Promise<{ fileName: string; stream: Readable }> {
  const row = await inOrg(ctx.database.db, scope, (tx) => repo.findImport(tx, scope.orgId, importId));
  if (!row) throw notFound();
  const labels = IMPORT_REPORT_LABELS[options.locale];
  const columns: ExportColumn[] = [
    { key: 'line', label: labels.line, kind: 'number' },
    { key: 'outcome', label: labels.outcome, kind: 'text' },
    { key: 'column', label: labels.column, kind: 'text' },
    { key: 'value', label: labels.value, kind: 'text' },
    { key: 'reason', label: labels.reason, kind: 'text' },
  ];
  async function* rows(): AsyncGenerator<Record<string, unknown>> {
    let after: { line: number; id: string } | null = null;
    for (;;) {
      const page = await inOrg(ctx.database.db, scope, (tx) => repo.issuesPage(tx, scope.orgId, importId, after, 2000));
      for (const issue of page) {
        yield {
          line: issue.line,
          outcome: labels[issue.severity],
          column: issue.column_name,
          value: issue.value,
          reason: importIssueMessage(issue.code, issue.params, options.locale),
        };
      }
      const last = page.at(-1);
      if (last === undefined || page.length < 2000) return;
      after = { line: last.line, id: last.id };
    }
  }
  const base = row.file_name.replace(/\.[^.]*$/, '').replace(/[^\p{L}\p{N}._-]+/gu, '_').slice(0, 80) || 'import';
  return { fileName: `${base}-${labels.fileSuffix}.csv`, stream: csvExportStream(rows(), columns, { delimiter: options.delimiter }) };
}

function statusOf(row: repo.ImportRow): ImportStatusName {
  if (row.status === 'uploaded') return 'uploaded';
  if (row.status === 'succeeded') return 'succeeded';
  switch (row.job_status) {
    case 'running':
      return 'running';
    case 'failed':
    case 'cancelled':
      return 'failed';
    case 'succeeded':
      return 'succeeded';
    default:
      return 'queued';
  }
}

/** The one way an import leaves the server. */
export function presentImport(row: repo.ImportRow): Import {
  return {
    id: row.id,
    fileName: row.file_name,
    fileSize: Number(row.file_size),
    encoding: row.encoding,
    delimiter: row.delimiter,
    headers: row.headers,
    sample: row.sample,
    proposedMapping: row.proposed_mapping as Import['proposedMapping'],
    mapping: row.mapping as ColumnMappingInput[] | null,
    dataSource: row.data_source,
    legalBasis: row.legal_basis,
    tags: row.tags,
    status: statusOf(row),
    jobId: row.job_id,
    progress: row.job_id === null ? null : { done: Number(row.progress_done ?? 0), total: row.progress_total === null ? null : Number(row.progress_total) },
    counts: {
      rows: Number(row.rows_read),
      created: Number(row.created_count),
      updated: Number(row.updated_count),
      unchanged: Number(row.unchanged_count),
      duplicates: Number(row.duplicate_count),
      skipped: Number(row.skipped_count),
      suppressed: Number(row.suppressed_count),
      warnings: Number(row.warning_count),
    },
    mergeSample: row.merge_sample as Import['mergeSample'],
    issueCount: Number(row.issue_count ?? 0),
    error: statusOf(row) === 'failed' ? row.job_error : null,
    createdAt: row.created_at.toISOString(),
    startedAt: row.started_at?.toISOString() ?? null,
    finishedAt: row.finished_at?.toISOString() ?? null,
  };
}
