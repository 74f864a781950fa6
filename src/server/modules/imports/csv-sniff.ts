import { CsvDecoder, checkUtf8, encodingFromBom } from './csv-encoding.js';
import type { CsvEncoding } from './csv-encoding.js';
import { CsvReadError, CsvTokenizer } from './csv-tokenizer.js';
import type { CsvDelimiter } from './csv-tokenizer.js';

/** How many bytes of an upload are looked at to guess its format. */
export const SNIFF_BYTES = 64 * 1024;

/** What the start of an uploaded file says about how to read it; shown to the organizer to confirm. */
export interface CsvSniff {
  encoding: CsvEncoding;
  /** Whether the file starts with a byte order mark (Excel's "CSV UTF-8" does). */
  bom: boolean;
  /**
   * True when the sample holds no accented letter at all, so the encoding is a default: read the
   * file with encoding 'auto' and the first accent further on will decide.
   */
  asciiOnly: boolean;
  delimiter: CsvDelimiter;
  /** False when no candidate split the rows consistently into several columns (e.g. one column). */
  delimiterFound: boolean;
}

// French Excel writes `;`, so it wins a tie: a French file is the likelier one here.
const CANDIDATES: readonly CsvDelimiter[] = [';', ',', '\t'];
const SAMPLE_RECORDS = 50;

/**
 * Guesses the encoding and delimiter of an upload from its first bytes (up to {@link SNIFF_BYTES}):
 * a byte order mark names the encoding; otherwise bytes that are not valid UTF-8 mean
 * Windows-1252, as a French Excel saves it. The delimiter is the candidate that splits the first
 * rows into the same number of columns most consistently, delimiters inside quotes not counting.
 *
 * @example sniffCsv(Buffer.from('Nom;Prénom\nDupont;Anne\n')) // { encoding: 'utf-8', bom: false, asciiOnly: false, delimiter: ';', delimiterFound: true }
 */
export function sniffCsv(sample: Uint8Array): CsvSniff {
  const bytes = sample.subarray(0, SNIFF_BYTES);
  const bomEncoding = encodingFromBom(bytes);
  let encoding: CsvEncoding;
  let asciiOnly = false;
  if (bomEncoding !== null) {
    encoding = bomEncoding;
  } else {
    const verdict = checkUtf8(bytes);
    encoding = verdict === 'invalid' ? 'windows-1252' : 'utf-8';
    asciiOnly = verdict === 'ascii';
  }
  // Not final: a sample cut inside a character must not end in a replacement character.
  const text = new CsvDecoder(encoding).decode(bytes, false);
  const { delimiter, found } = guessDelimiter(text);
  return { encoding, bom: bomEncoding !== null, asciiOnly, delimiter, delimiterFound: found };
}

interface Score {
  delimiter: CsvDelimiter;
  consistency: number;
  columns: number;
}

function guessDelimiter(text: string): { delimiter: CsvDelimiter; found: boolean } {
  let best: Score | null = null;
  for (const delimiter of CANDIDATES) {
    const counts = fieldCounts(text, delimiter);
    const score = scoreCounts(delimiter, counts);
    if (score === null) continue;
    if (
      best === null ||
      score.consistency > best.consistency ||
      (score.consistency === best.consistency && score.columns > best.columns)
    ) {
      best = score;
    }
  }
  return best === null ? { delimiter: ',', found: false } : { delimiter: best.delimiter, found: true };
}

/** Field counts of the first complete records of the sample, read as the real reader would. */
function fieldCounts(text: string, delimiter: CsvDelimiter): number[] {
  const tokenizer = new CsvTokenizer(delimiter, SNIFF_BYTES);
  let records;
  try {
    records = tokenizer.feed(text);
    // The sample may stop mid-record: its last line counts only when it ended with a line break.
    const endsCleanly = /[\r\n]$/.test(text);
    if (records.length === 0 || (!tokenizer.insideQuotes && endsCleanly)) {
      records.push(...tokenizer.end());
    }
  } catch (error) {
    if (error instanceof CsvReadError) return [];
    throw error;
  }
  return records.slice(0, SAMPLE_RECORDS).map((record) => record.fields.length);
}

function scoreCounts(delimiter: CsvDelimiter, counts: number[]): Score | null {
  if (counts.length === 0) return null;
  const frequency = new Map<number, number>();
  for (const count of counts) frequency.set(count, (frequency.get(count) ?? 0) + 1);
  let columns = 1;
  let seen = 0;
  for (const [count, times] of frequency) {
    if (times > seen || (times === seen && count > columns)) {
      columns = count;
      seen = times;
    }
  }
  if (columns < 2) return null;
  return { delimiter, consistency: seen / counts.length, columns };
}
