import { CsvDecoder } from './csv-encoding.js';
import type { CsvEncoding } from './csv-encoding.js';
import { SNIFF_BYTES, sniffCsv } from './csv-sniff.js';
import { CsvTokenizer, DEFAULT_MAX_RECORD_CHARS } from './csv-tokenizer.js';
import type { CsvDelimiter, CsvRecord } from './csv-tokenizer.js';

export { CsvReadError } from './csv-tokenizer.js';
export type { CsvDelimiter, CsvReadErrorCode, CsvRecord } from './csv-tokenizer.js';
export type { CsvEncoding } from './csv-encoding.js';

/** How to read an upload; anything left out is guessed from its first {@link SNIFF_BYTES}. */
export interface CsvReadOptions {
  /**
   * 'auto' (the default) follows a byte order mark, else decides between UTF-8 and Windows-1252
   * on the first accented character of the file, wherever it is.
   */
  encoding?: CsvEncoding | 'auto';
  /** Guessed from the first rows when left out. */
  delimiter?: CsvDelimiter;
  /** A record longer than this stops the read with `record_too_large`, so memory stays bounded. */
  maxRecordChars?: number;
}

/**
 * Reads an uploaded CSV file record by record, for imports of any size: only the current chunk
 * and record are held in memory. Decodes Windows-1252 or UTF-8 (with or without a byte order
 * mark, which is dropped), handles quoted fields holding delimiters, doubled quotes and line
 * breaks, skips blank lines and yields ragged rows as they are. Throws {@link CsvReadError} on a
 * quote that is never closed.
 *
 * @example
 * for await (const { line, fields } of readCsvRecords(createReadStream(path))) {
 *   // line 1 holds the headers
 * }
 */
export async function* readCsvRecords(
  input: AsyncIterable<Uint8Array>,
  options: CsvReadOptions = {},
): AsyncGenerator<CsvRecord, void, undefined> {
  const iterator = input[Symbol.asyncIterator]();
  try {
    const head: Uint8Array[] = [];
    let delimiter = options.delimiter;
    if (delimiter === undefined) {
      let size = 0;
      while (size < SNIFF_BYTES) {
        const next = await iterator.next();
        if (next.done === true) break;
        head.push(next.value);
        size += next.value.length;
      }
      delimiter = sniffCsv(Buffer.concat(head)).delimiter;
    }
    const decoder = new CsvDecoder(options.encoding ?? 'auto');
    const tokenizer = new CsvTokenizer(delimiter, options.maxRecordChars ?? DEFAULT_MAX_RECORD_CHARS);
    for (const chunk of head) yield* tokenizer.feed(decoder.decode(chunk));
    for (;;) {
      const next = await iterator.next();
      if (next.done === true) break;
      yield* tokenizer.feed(decoder.decode(next.value));
    }
    yield* tokenizer.feed(decoder.decode(new Uint8Array(0), true));
    yield* tokenizer.end();
  } finally {
    // Stops (and for a file stream, closes) the source when the caller breaks out early.
    await iterator.return?.();
  }
}
