import { inOrg } from '../../platform/db/database.js';
import { defineJob, type JobRun } from '../../platform/jobs/jobs.js';
import type { ColumnMappingInput, MergeExample } from '../../../shared/contracts/imports.js';
import { suppressionHash } from '../people/index.js';
import type { CsvEncoding } from './csv-encoding.js';
import { CsvReadError, readCsvRecords, type CsvDelimiter, type CsvRecord } from './csv-reader.js';
import { createTags, mergeStaged, stageChunk, stageText, type MergeContext, type StageText } from './import-merge.js';
import { mergeDuplicates, normalizeRecord, planMapping, someIdentity, type MergedPerson, type RowIssue, type StagedPerson } from './import-rows.js';
import * as repo from './imports.repository.js';

/** The job kind that imports a confirmed upload into the people database. */
export const IMPORT_JOB = 'people.import';

/** How many lines of the file go into one transaction (and one COPY). */
export const DEFAULT_CHUNK_ROWS = 10_000;
const MERGE_SAMPLE_SIZE = 20;

export interface ImportJobPayload {
  importId: string;
  /** Lines per chunk; tests use small chunks to cross chunk boundaries. */
  chunkRows?: number;
}

/** What each committed chunk records, so a crashed import resumes after the last line it wrote. */
export interface ImportJobState {
  /** The last line of the file that is committed (0 before the first chunk). */
  line: number;
  finished: boolean;
  /** Id ranges of the people this import created, to recognise a duplicate of an earlier chunk. */
  createdRanges: [string, string][];
  mergeSample: MergeExample[];
}

defineJob<ImportJobPayload, ImportJobState>(IMPORT_JOB, (run) => runImport(run));

/**
 * Reads the stored file line by line and imports it chunk by chunk: each chunk's lines are
 * validated outside any transaction (the CPU-heavy part), then one transaction checks them against
 * erased objectors, merges them into the people database, records their problems for the error
 * report, adds to the counts and saves the job's state, so a crash keeps every finished chunk and
 * the next attempt starts after the last committed line.
 */
async function runImport(run: JobRun<ImportJobPayload, ImportJobState>): Promise<Record<string, unknown>> {
  const { ctx, orgId } = run;
  const { importId } = run.payload;
  const chunkRows = run.payload.chunkRows ?? DEFAULT_CHUNK_ROWS;
  let state: ImportJobState = { line: 0, finished: false, createdRanges: [], mergeSample: [], ...(run.state as Partial<ImportJobState>) };
  const imp = await inOrg(ctx.database.db, { orgId }, (tx) => repo.findImport(tx, orgId, importId));
  // Deleted while queued: nothing left to do.
  if (!imp) return { importId, deleted: true };
  if (state.finished) return resultOf(imp);
  const plan = planMapping((imp.mapping ?? []) as ColumnMappingInput[], imp.headers, imp.tags);
  if (Array.isArray(plan)) throw new Error(`import ${importId}: the stored mapping is not valid`);
  const merge: MergeContext = {
    orgId,
    dataSource: imp.data_source ?? imp.file_name,
    legalBasis: imp.legal_basis ?? 'consent',
    flagReason: `import #${importId}`,
    now: ctx.clock(),
  };
  const total = Number(imp.file_size);
  const file = storedFile(run, importId);

  /** A chunk being read: each line validated as it comes (the CPU-heavy part, outside any transaction). */
  interface Chunk {
    rows: number;
    lastLine: number | null;
    readError: CsvReadError | null;
    issues: RowIssue[];
    people: StagedPerson[];
    /** Its people with the chunk's duplicates merged, and their stage's COPY text (see `prepare`). */
    prepared: { merged: MergedPerson[]; stage: StageText } | null;
    /** The external ids, e-mails and numbers of its lines (`someIdentity`), for the next chunk. */
    keys: Set<string>;
  }
  /**
   * The share of new people among the lines of the last chunk written, to guess whether the next
   * chunk's lines are new people (whose search text is best folded in this process) or people
   * already there, as in a re-import (see `stageText`). Only the speed depends on the guess.
   */
  let newShare = 1;
  const emptyChunk = (): Chunk => ({ rows: 0, lastLine: null, readError: null, issues: [], people: [], prepared: null, keys: new Set() });
  /**
   * Merges the chunk's duplicates and builds its COPY text while the previous chunk is still being
   * written: JavaScript work that would otherwise keep PostgreSQL waiting inside the transaction.
   */
  const prepare = async (chunk: Chunk) => {
    const merged = mergeDuplicates(chunk.people);
    chunk.prepared = { merged, stage: await stageText(merged.map((m) => m.person), { searchText: newShare >= 0.1 }) };
    const note = (key: string) => {
      chunk.keys.add(key);
      return false;
    };
    for (const person of chunk.people) someIdentity(person, note);
  };
  const add = (chunk: Chunk, record: CsvRecord) => {
    const normalized = normalizeRecord(record.fields, record.line, plan);
    chunk.rows++;
    chunk.lastLine = record.line;
    for (const issue of normalized.issues) chunk.issues.push(issue);
    if (normalized.person !== null) chunk.people.push(normalized.person);
  };

  /** A chunk handed to `write`, as the next chunk waits for it. */
  interface Written {
    committed: Promise<void>;
    inserted: Promise<void>;
    /** The external ids, e-mails and numbers of its lines. */
    keys: ReadonlySet<string>;
    /** The people it changed, filled before it commits (see `ChunkOrder.previousChanged`). */
    changed: Set<string>;
  }
  /**
   * Writes a validated chunk in one transaction with the job's state. The transaction starts
   * while the previous chunk's is still merging, and does beside it what does not depend on it
   * (see `mergeStaged`); chunks commit in order.
   */
  const write = async ({ rows, lastLine, readError, issues, people, prepared }: Chunk, final: boolean, previous: Written, inserted: () => void, changed: Set<string>) => {
    if (readError !== null) {
      issues.push({ line: readError.line, severity: 'skipped', code: 'unreadable_file', column: null, value: null, params: { reason: readError.code } });
    }
    state = await run.chunk(async (tx) => {
      const suppressed = (await repo.orgHasSuppressions(tx, orgId)) ? await findSuppressed(tx, orgId, people, ctx.secret) : new Set<number>();
      const kept = suppressed.size > 0 ? people.filter((p) => !suppressed.has(p.line)) : people;
      // An erased objector's report line keeps no value of theirs, only why they were left out.
      const reported = issues.filter((i) => !suppressed.has(i.line));
      for (const line of suppressed) reported.push({ line, severity: 'skipped', code: 'suppressed', column: null, value: null, params: {} });
      reported.sort((a, b) => a.line - b.line);

      // Lines left out for an objector change the chunk: merged and staged again from what is kept.
      const ready = suppressed.size === 0 ? prepared : null;
      const merged = ready?.merged ?? mergeDuplicates(kept);
      const staged = merged.map((m) => m.person);
      // Lines that may be the same person as a line of the previous chunk wait for it (`mergeStaged`).
      const shared = (key: string) => previous.keys.has(key);
      const held = previous.keys.size === 0 ? [] : staged.filter((p) => someIdentity(p, shared)).map((p) => p.line);
      await stageChunk(tx, staged, ready?.stage, held);
      // Committed on their own, before the people: see `createTags`.
      if (staged.some((p) => p.tags.length > 0)) await inOrg(ctx.database.db, { orgId }, (t) => createTags(t, orgId, staged));
      // The error report's lines before the merge: they do not depend on it, and the merge waits
      // for the previous chunk, this does not.
      await repo.insertIssues(tx, orgId, importId, reported);
      const outcomes = await mergeStaged(tx, staged, merge, {
        previousInserted: previous.inserted,
        previousCommitted: previous.committed,
        previousChanged: previous.changed,
        inserted,
        held,
      });

      const ranges = state.createdRanges.map(([lo, hi]) => [BigInt(lo), BigInt(hi)] as const);
      const createdEarlier = (id: string) => {
        if (ranges.length === 0) return false;
        const n = BigInt(id);
        return ranges.some(([lo, hi]) => n >= lo && n <= hi);
      };
      const sample = [...state.mergeSample];
      let created = 0;
      let updated = 0;
      let unchanged = 0;
      let duplicates = 0;
      let newLo: bigint | null = null;
      let newHi: bigint | null = null;
      // One outcome for each merged person, both in the order of the file.
      for (const [i, outcome] of outcomes.entries()) {
        const entry = merged[i]!;
        if (entry.person.line !== outcome.line) throw new Error(`import ${importId}: outcome of line ${outcome.line} out of order`);
        duplicates += entry.duplicates.length;
        for (const duplicate of entry.duplicates) {
          if (sample.length < MERGE_SAMPLE_SIZE) sample.push({ line: duplicate.line, personId: outcome.personId, name: nameOf(entry.person), matchedBy: 'file', sameAsLine: outcome.line });
        }
        if (outcome.created) {
          created++;
          const id = BigInt(outcome.personId);
          if (newLo === null || id < newLo) newLo = id;
          if (newHi === null || id > newHi) newHi = id;
          continue;
        }
        if (outcome.changed) changed.add(outcome.personId);
        if (outcome.sharedTarget || createdEarlier(outcome.personId)) duplicates++;
        else if (outcome.changed) updated++;
        else unchanged++;
        if (sample.length < MERGE_SAMPLE_SIZE && outcome.matchedBy !== null) {
          sample.push({ line: outcome.line, personId: outcome.personId, name: nameOf(entry.person), matchedBy: outcome.matchedBy });
        }
      }
      if (outcomes.length > 0) newShare = created / outcomes.length;
      const skippedLines = new Set(reported.filter((i) => i.severity === 'skipped' && i.code !== 'suppressed' && i.code !== 'unreadable_file').map((i) => i.line));
      const warnedLines = new Set(reported.filter((i) => i.severity === 'warning' && !skippedLines.has(i.line)).map((i) => i.line));
      await repo.addCounts(
        tx,
        orgId,
        importId,
        { rows, created, updated, unchanged, duplicates, skipped: skippedLines.size, suppressed: suppressed.size, warnings: warnedLines.size },
        sample.length !== state.mergeSample.length ? sample : null,
      );
      if (final) await repo.finishImport(tx, orgId, importId, ctx.clock());
      const next: ImportJobState = {
        line: lastLine ?? state.line,
        finished: final,
        createdRanges: newLo !== null && newHi !== null ? withRange(state.createdRanges, newLo, newHi) : state.createdRanges,
        mergeSample: sample,
      };
      return { state: next, done: final ? total : Math.min(file.bytesRead, total), total, value: next };
    });
  };

  // The next chunk is read and validated in this process while PostgreSQL merges the previous
  // one: on a two-core machine that nearly halves the time. Validation yields to the event loop
  // now and then so the write's statements flow. At most two chunks' transactions are open: one
  // merging, the next staging beside it and then waiting for it (see `write`); they commit in order.
  let last: Written = { committed: Promise.resolve(), inserted: Promise.resolve(), keys: new Set(), changed: new Set() };
  let writing: Promise<void> = Promise.resolve();
  let before: Promise<void> = Promise.resolve();
  const enqueue = (chunk: Chunk, final: boolean) => {
    let inserted = () => {};
    const insertedOnce = new Promise<void>((resolve) => (inserted = resolve));
    const changed = new Set<string>();
    before = writing;
    // A chunk that fails before its inserts lets the next one go on to see the failure.
    writing = write(chunk, final, last, inserted, changed).finally(inserted);
    // Seen (and rethrown) at the next await of `before` or `writing`; never an unhandled rejection meanwhile.
    writing.catch(() => {});
    last = { committed: writing, inserted: insertedOnce, keys: chunk.keys, changed };
  };
  const resumeAfter = state.line;
  let chunk = emptyChunk();
  let header = true;
  try {
    const records = readCsvRecords(file.chunks(), { encoding: imp.encoding as CsvEncoding | 'auto', delimiter: imp.delimiter as CsvDelimiter });
    for await (const record of records) {
      if (header) {
        header = false;
        continue;
      }
      if (record.line <= resumeAfter) continue;
      add(chunk, record);
      // Every 64 lines (about 2 ms of validation): each statement of the chunk being written waits
      // for the next yield to be answered, and the part after the previous chunk's commit holds
      // up both transactions.
      if (chunk.rows % 64 === 0) await new Promise<void>((resolve) => setImmediate(resolve));
      if (chunk.rows >= chunkRows) {
        await prepare(chunk);
        await before;
        enqueue(chunk, false);
        chunk = emptyChunk();
      }
    }
  } catch (error) {
    if (!(error instanceof CsvReadError)) {
      await writing.catch(() => {});
      throw error;
    }
    chunk.readError = error;
  }
  await prepare(chunk);
  await before;
  enqueue(chunk, true);
  await writing;
  const done = await inOrg(ctx.database.db, { orgId }, (tx) => repo.findImport(tx, orgId, importId));
  return done ? resultOf(done) : { importId };
}

/**
 * The ranges with [lo, hi] added, joined to the last one when it follows it: the chunks of an
 * import draw their new ids one after the other, so an import's ranges are one range unless
 * someone else added people meanwhile (a 10,000,000-line import would otherwise keep a thousand).
 */
export function withRange(ranges: readonly [string, string][], lo: bigint, hi: bigint): [string, string][] {
  const last = ranges.at(-1);
  if (last !== undefined && BigInt(last[1]) + 1n === lo) return [...ranges.slice(0, -1), [last[0], String(hi)]];
  return [...ranges, [String(lo), String(hi)]];
}

/** How a merge example names the person. */
function nameOf(person: StagedPerson): string {
  return `${person.firstName ?? ''} ${person.lastName ?? ''}`.trim();
}

/** Lines of the chunk whose phone or e-mail belongs to an erased objector. */
async function findSuppressed(tx: Parameters<typeof repo.suppressedHashes>[0], orgId: string, people: readonly StagedPerson[], secret: string): Promise<Set<number>> {
  const hashesByLine = new Map<number, string[]>();
  const all: Buffer[] = [];
  for (const person of people) {
    const hashes: Buffer[] = [];
    for (const address of [person.email, ...person.extraEmails]) if (address !== null) hashes.push(suppressionHash(secret, 'email', address)!);
    for (const number of [person.mobile?.e164, person.phone?.e164, ...person.extraPhones.map((x) => x.e164)]) {
      const hash = number ? suppressionHash(secret, 'phone', number) : null;
      if (hash) hashes.push(hash);
    }
    if (hashes.length === 0) continue;
    hashesByLine.set(person.line, hashes.map((h) => h.toString('hex')));
    all.push(...hashes);
  }
  const found = await repo.suppressedHashes(tx, orgId, all);
  const lines = new Set<number>();
  for (const [line, hashes] of hashesByLine) if (hashes.some((h) => found.has(h))) lines.add(line);
  return lines;
}

/** The stored upload, piece by piece, each read in its own short transaction. */
function storedFile(run: JobRun<ImportJobPayload, ImportJobState>, importId: string) {
  const reader = {
    bytesRead: 0,
    async *chunks(): AsyncGenerator<Uint8Array> {
      for (let seq = 0; ; seq++) {
        const data = await inOrg(run.ctx.database.db, { orgId: run.orgId }, (tx) => repo.readFileChunk(tx, run.orgId, importId, seq));
        if (data === null) return;
        reader.bytesRead += data.length;
        yield data;
      }
    },
  };
  return reader;
}

/** The job's result, as GET /api/jobs/:id shows it. */
function resultOf(imp: repo.ImportRow): Record<string, unknown> {
  return {
    importId: imp.id,
    rows: Number(imp.rows_read),
    created: Number(imp.created_count),
    updated: Number(imp.updated_count),
    unchanged: Number(imp.unchanged_count),
    duplicates: Number(imp.duplicate_count),
    skipped: Number(imp.skipped_count),
    suppressed: Number(imp.suppressed_count),
    warnings: Number(imp.warning_count),
    mergeSample: imp.merge_sample,
  };
}
