import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { CompiledQuery } from 'kysely';
import { from as copyFrom } from 'pg-copy-streams';
import type { Tx } from '../../platform/db/database.js';

/**
 * Streams lines into a table with `COPY … FROM STDIN` on the connection of a Kysely transaction,
 * so the copied rows commit or roll back with the rest of the transaction (an import chunk and
 * its job state). COPY is the fastest way into PostgreSQL (no per-row statement, no parameter
 * limit); the target must be a table without row-level security (COPY FROM refuses those for
 * roles RLS applies to), so imports copy into a TEMP table and merge from there with SQL.
 *
 * Kysely has no COPY, and its PostgreSQL driver hands `sql` straight to `pg`'s `client.query`,
 * which runs any object with a `submit` method as the query: pg-copy-streams' stream is one.
 * The transaction's connection is held by this call while the data flows (Kysely serialises the
 * transaction's queries), and `copy.test.ts` proves the rows land and roll back with it.
 *
 * @example await copyInto(tx, 'COPY import_stage (line, first_name) FROM STDIN', ['2\tAnne\n'])
 */
export async function copyInto(tx: Tx, statement: string, lines: Iterable<string> | AsyncIterable<string>): Promise<number> {
  return tx.getExecutor().provideConnection(async (connection) => {
    const stream = copyFrom(statement);
    const query = CompiledQuery.raw('');
    // pg returns the stream itself (not a promise) for a submittable query: awaiting it only
    // hands the query to the connection, the COPY ends when the stream finishes.
    await connection.executeQuery({ ...query, sql: stream as unknown as string });
    await pipeline(Readable.from(batched(lines)), stream);
    return stream.rowCount;
  });
}

/** Groups small lines into ~256 KiB writes: one stream write per line would dominate the cost. */
async function* batched(lines: Iterable<string> | AsyncIterable<string>): AsyncGenerator<Buffer> {
  let buffer = '';
  for await (const line of lines) {
    buffer += line;
    if (buffer.length >= 256 * 1024) {
      yield Buffer.from(buffer, 'utf8');
      buffer = '';
    }
  }
  if (buffer.length > 0) yield Buffer.from(buffer, 'utf8');
}

/**
 * One value in COPY's text format: `\N` for null, backslash, tab, newline and carriage return
 * escaped (the format's only special characters).
 */
export function copyValue(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value !== 'string') return String(value);
  return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]!) : value;
}

const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** One COPY text-format line from its values. */
export function copyLine(values: ReadonlyArray<string | number | boolean | null | undefined>): string {
  // A loop rather than map + join: an import builds one of these for each of millions of lines.
  if (values.length === 0) return '\n';
  let line = copyValue(values[0]);
  for (let i = 1; i < values.length; i++) line += `\t${copyValue(values[i])}`;
  return `${line}\n`;
}
