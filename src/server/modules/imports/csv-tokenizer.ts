/** The separators found in the files campaigns import: `,` (English tools), `;` (French Excel), tab. */
export type CsvDelimiter = ',' | ';' | '\t';

/** One row of an imported file, with the line an organizer will find it at in a text editor. */
export interface CsvRecord {
  /** 1-based physical line where the record starts (a quoted field may span several lines). */
  line: number;
  /** The cells as written, ragged rows included: the importer reports them, the reader does not. */
  fields: string[];
}

/** Why a file could not be read to the end, with the line at fault for the import report. */
export type CsvReadErrorCode = 'unterminated_quote' | 'record_too_large';

/** A file that cannot be read as CSV; the import stops and reports `code` at `line`. */
export class CsvReadError extends Error {
  constructor(
    readonly code: CsvReadErrorCode,
    readonly line: number,
  ) {
    super(`${code} at line ${line}`);
    this.name = 'CsvReadError';
  }
}

/** A record larger than this (an unclosed quote swallowing the file) stops the import. */
export const DEFAULT_MAX_RECORD_CHARS = 1_000_000;

const QUOTE = 34;
const CR = 13;
const LF = 10;

type State = 'fieldStart' | 'unquoted' | 'quoted' | 'quoteInQuoted';

/**
 * Splits decoded text, fed chunk by chunk, into records following RFC 4180 and what spreadsheets
 * write: quoted fields may hold delimiters, doubled quotes and line breaks (CRLF, LF or CR); a
 * quote inside an unquoted field is kept as text (`O"Brien`); blank lines are skipped.
 *
 * @example
 * const tokenizer = new CsvTokenizer(';');
 * tokenizer.feed('a;"b\n;c"\r\n1;2') // [{ line: 1, fields: ['a', 'b\n;c'] }]
 * tokenizer.end() // [{ line: 3, fields: ['1', '2'] }]
 */
export class CsvTokenizer {
  private readonly delimiter: number;
  private fields: string[] = [];
  private field = '';
  private state: State = 'fieldStart';
  private line = 1;
  private recordLine = 1;
  private previousWasCR = false;
  private swallowLF = false;
  private recordChars = 0;

  constructor(
    delimiter: CsvDelimiter,
    private readonly maxRecordChars: number = DEFAULT_MAX_RECORD_CHARS,
  ) {
    this.delimiter = delimiter.charCodeAt(0);
  }

  /** Consumes a chunk of text and returns the records it completed. */
  feed(text: string): CsvRecord[] {
    const out: CsvRecord[] = [];
    let sliceStart = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      const lineOfChar = this.line;
      if (c === CR || (c === LF && !this.previousWasCR)) this.line++;
      this.previousWasCR = c === CR;
      if (this.swallowLF) {
        this.swallowLF = false;
        if (c === LF) continue;
      }
      if (++this.recordChars > this.maxRecordChars) {
        throw new CsvReadError('record_too_large', this.recordLine);
      }
      switch (this.state) {
        case 'fieldStart':
          if (this.fields.length === 0) this.recordLine = lineOfChar;
          if (c === QUOTE) {
            this.state = 'quoted';
            sliceStart = i + 1;
          } else if (c === this.delimiter) {
            this.fields.push('');
          } else if (c === CR || c === LF) {
            if (this.fields.length > 0) this.endRecord(out, '');
            else this.recordChars = 0;
            this.swallowLF = c === CR;
          } else {
            this.state = 'unquoted';
            sliceStart = i;
          }
          break;
        case 'unquoted':
          if (c === this.delimiter) {
            this.fields.push(this.field + text.slice(sliceStart, i));
            this.field = '';
            this.state = 'fieldStart';
          } else if (c === CR || c === LF) {
            this.endRecord(out, this.field + text.slice(sliceStart, i));
            this.swallowLF = c === CR;
          }
          break;
        case 'quoted':
          if (c === QUOTE) {
            this.field += text.slice(sliceStart, i);
            this.state = 'quoteInQuoted';
          }
          break;
        case 'quoteInQuoted':
          if (c === QUOTE) {
            this.field += '"';
            this.state = 'quoted';
            sliceStart = i + 1;
          } else if (c === this.delimiter) {
            this.fields.push(this.field);
            this.field = '';
            this.state = 'fieldStart';
          } else if (c === CR || c === LF) {
            this.endRecord(out, this.field);
            this.swallowLF = c === CR;
          } else {
            // `"abc"def`: text after a closing quote is kept rather than lost.
            this.state = 'unquoted';
            sliceStart = i;
          }
          break;
      }
    }
    if (this.state === 'unquoted' || this.state === 'quoted') {
      this.field += text.slice(sliceStart);
    }
    return out;
  }

  /** Signals the end of the file and returns the last record when it had no final line break. */
  end(): CsvRecord[] {
    const out: CsvRecord[] = [];
    if (this.state === 'quoted') throw new CsvReadError('unterminated_quote', this.recordLine);
    if (this.state === 'fieldStart' && this.fields.length === 0) return out;
    this.endRecord(out, this.field);
    return out;
  }

  /** Whether the text fed so far stops inside a quoted field (used to judge a truncated sample). */
  get insideQuotes(): boolean {
    return this.state === 'quoted';
  }

  private endRecord(out: CsvRecord[], lastField: string): void {
    this.fields.push(lastField);
    out.push({ line: this.recordLine, fields: this.fields });
    this.fields = [];
    this.field = '';
    this.state = 'fieldStart';
    this.recordChars = 0;
  }
}
