/**
 * CSV exports of people, written for spreadsheets (UTF-8 with a byte order mark so French Excel
 * shows accents, CRLF line ends, quotes only where needed) and safe to open in them.
 *
 * Formula injection: Excel, LibreOffice and Google Sheets run a cell that starts with `=`, `+`,
 * `-` or `@` as a formula (`=HYPERLINK(…)`, `+cmd|' /C calc'!A0`); a leading tab or CR is
 * stripped and can hide one. Anyone can put such text in a person's record through a sign-up
 * form, so every text cell whose first visible character is one of these (full-width forms
 * included) gets a leading apostrophe, as OWASP advises. The apostrophe stays visible in the
 * cell: a little noise on rare cells, against a command run on an organizer's machine.
 *
 * Phones are not treated that way: an apostrophe or `+33612345678` (which Excel turns into the
 * number 33612345678) would garble every number in the column. We checked whether
 * "+33 6 12 34 56 78" is safe: spreadsheets still read a leading `+` as the start of a formula,
 * and what happens next (an error, a space read as Excel's intersection operator, a number)
 * depends on the program, so we do not rely on it. Instead a valid phone is written so that it
 * starts with a digit and holds spaces: no spreadsheet reads that as a formula or as a number,
 * so the leading 0 survives. Numbers of the French plan (overseas departments included) are
 * written as the French dial them, "06 12 34 56 78"; others with the international prefix `00`
 * used from France, "0044 20 7946 0958". Both read back to the same E.164 number through
 * normalizePhone. A phone cell that is not a valid number is treated as text.
 *
 * Numbers are written as numbers (a negative number such as -3 is a literal, not a formula),
 * with a decimal comma in `;`-separated files as French Excel expects; dates as ISO 8601.
 */
import { Readable } from 'node:stream';
import type { CountryCode } from 'libphonenumber-js/max';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { isHomeCallingCode, normalizePhone } from '../../../shared/people/phone.js';

/** How a column's values are written: each kind has its own rule against spreadsheet mangling. */
export type ExportColumnKind = 'text' | 'phone' | 'number' | 'date';

/** One column of an export: the row key it reads, its header in the user's language, its kind. */
export interface ExportColumn {
  key: string;
  label: string;
  kind: ExportColumnKind;
}

/** How an export is laid out; `;` suits French Excel, `,` everything else. */
export interface CsvExportOptions {
  delimiter: ';' | ',';
  /** Whose numbers are written in national form; France (and its overseas departments) by default. */
  phoneRegion?: CountryCode;
}

/** Options of a single cell; see {@link toCsvCell}. */
export interface CsvCellOptions {
  decimalSeparator?: '.' | ',';
  phoneRegion?: CountryCode;
}

const FORMULA_START = /^[\s\u00a0\u3000]*[=+\-@\uff1d\uff0b\uff0d\uff20]|^[\t\r]/;
const NUMERIC = /^-?\d+(?:[.,]\d+)?$/;
const UTF8_BOM = '\ufeff';

/**
 * Turns one value into the text of a cell (before CSV quoting) that a spreadsheet opens as
 * meant and can never run as a formula. Empty for null and undefined.
 *
 * @example toCsvCell('+33612345678', 'phone') // '06 12 34 56 78'
 * @example toCsvCell('=HYPERLINK("http://x")', 'text') // `'=HYPERLINK("http://x")`
 */
export function toCsvCell(value: unknown, columnKind: ExportColumnKind, options: CsvCellOptions = {}): string {
  if (value === null || value === undefined) return '';
  switch (columnKind) {
    case 'phone':
      return typeof value === 'string' ? phoneCell(value, options.phoneRegion ?? 'FR') : textCell(value);
    case 'number':
      return numberCell(value, options.decimalSeparator ?? '.');
    case 'date':
      return value instanceof Date ? dateCell(value) : textCell(value);
    case 'text':
      return textCell(value);
  }
}

/** Whether a spreadsheet would read this cell text as a formula; an export never writes such a cell. */
export function startsFormula(cell: string): boolean {
  return FORMULA_START.test(cell);
}

function textCell(value: unknown): string {
  const text = stringify(value);
  return startsFormula(text) ? `'${text}` : text;
}

function stringify(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
  if (Array.isArray(value)) return value.map(stringify).join(', ');
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return String(value);
}

function phoneCell(value: string, region: CountryCode): string {
  const normalized = normalizePhone(value, region);
  const phone = normalized.e164 === null ? undefined : parsePhoneNumberFromString(normalized.e164);
  if (phone === undefined) return textCell(value);
  if (isHomeCallingCode(phone.countryCallingCode, region)) return phone.formatNational();
  return `00${phone.formatInternational().replace(/^\+/, '')}`;
}

function numberCell(value: unknown, decimalSeparator: '.' | ','): string {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return '';
    text = String(value);
  } else if (typeof value === 'bigint') {
    text = String(value);
  } else if (typeof value === 'string' && NUMERIC.test(value.trim())) {
    text = value.trim();
  } else {
    return textCell(value);
  }
  if (!NUMERIC.test(text)) return textCell(text);
  return text.replace(/[.,]/, decimalSeparator);
}

function dateCell(value: Date): string {
  if (Number.isNaN(value.getTime())) return '';
  const iso = value.toISOString();
  // A date without a time (a birth date) is written as a date only.
  // Years before 0 or after 9999 are written "-000001-…" / "+010000-…": text, made safe.
  return textCell(iso.endsWith('T00:00:00.000Z') ? iso.slice(0, iso.indexOf('T')) : iso.replace(/\.000Z$/, 'Z'));
}

/** Quotes a cell for CSV when it holds the delimiter, a quote or a line break. */
export function quoteCsvField(cell: string, delimiter: string): string {
  const needsQuotes = cell.includes(delimiter) || cell.includes('"') || cell.includes('\n') || cell.includes('\r');
  return needsQuotes ? `"${cell.replace(/"/g, '""')}"` : cell;
}

/** One CSV line, CRLF-terminated, from cells already made safe by {@link toCsvCell}. */
function csvLine(cells: readonly string[], delimiter: string): string {
  return `${cells.map((cell) => quoteCsvField(cell, delimiter)).join(delimiter)}\r\n`;
}

const CHUNK_CHARS = 64 * 1024;

/**
 * Streams an export of any size: a byte order mark, a header row of column labels, then one line
 * per row, read from `rows` only as fast as the client downloads. Every cell goes through
 * {@link toCsvCell}, labels included.
 *
 * @example reply.type('text/csv; charset=utf-8').send(csvExportStream(people, columns, { delimiter: ';' }))
 */
export function csvExportStream(
  rows: AsyncIterable<Record<string, unknown>>,
  columns: readonly ExportColumn[],
  options: CsvExportOptions,
): Readable {
  const { delimiter } = options;
  const cellOptions: CsvCellOptions = {
    decimalSeparator: delimiter === ';' ? ',' : '.',
    phoneRegion: options.phoneRegion ?? 'FR',
  };
  async function* chunks(): AsyncGenerator<Buffer> {
    let buffer = UTF8_BOM + csvLine(columns.map((column) => toCsvCell(column.label, 'text')), delimiter);
    for await (const row of rows) {
      buffer += csvLine(columns.map((column) => toCsvCell(row[column.key], column.kind, cellOptions)), delimiter);
      if (buffer.length >= CHUNK_CHARS) {
        yield Buffer.from(buffer, 'utf8');
        buffer = '';
      }
    }
    if (buffer.length > 0) yield Buffer.from(buffer, 'utf8');
  }
  return Readable.from(chunks(), { objectMode: false });
}
