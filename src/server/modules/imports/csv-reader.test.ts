import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quoteCsvField } from './csv-export.js';
import { CsvReadError, readCsvRecords } from './csv-reader.js';
import type { CsvReadOptions, CsvRecord } from './csv-reader.js';
import { cp1252, streamOf } from './csv-test-helpers.js';

async function readAll(input: AsyncIterable<Uint8Array>, options?: CsvReadOptions): Promise<CsvRecord[]> {
  const records: CsvRecord[] = [];
  for await (const record of readCsvRecords(input, options)) records.push(record);
  return records;
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

describe('readCsvRecords', () => {
  it('drops the byte order mark when Excel saved "CSV UTF-8"', async () => {
    const records = await readAll(streamOf(Buffer.concat([BOM, Buffer.from('Nom;Prénom\r\nDupont;Zoé\r\n')]), 1));
    expect(records).toEqual([
      { line: 1, fields: ['Nom', 'Prénom'] },
      { line: 2, fields: ['Dupont', 'Zoé'] },
    ]);
  });

  it('decodes Windows-1252 when a French Excel saved the file', async () => {
    const text = 'Nom;Prénom;Commune;Note\r\nCœur;Hélène;Besançon;"12 €, reçu"\r\nLefèvre;Noël;Évry;l’été\r\n';
    const records = await readAll(streamOf(cp1252(text), 7));
    expect(records.map((r) => r.fields)).toEqual([
      ['Nom', 'Prénom', 'Commune', 'Note'],
      ['Cœur', 'Hélène', 'Besançon', '12 €, reçu'],
      ['Lefèvre', 'Noël', 'Évry', 'l’été'],
    ]);
  });

  it('decodes Windows-1252 when the first accent comes long after the sniffed bytes', async () => {
    const plain = 'Dupont;Anne\n'.repeat(20_000);
    const records = await readAll(streamOf(cp1252(`Nom;Prénom\n${plain}Cœur;Hélène\n`.replace('Prénom', 'Prenom')), 65_536));
    expect(records).toHaveLength(20_002);
    expect(records.at(-1)).toEqual({ line: 20_002, fields: ['Cœur', 'Hélène'] });
  });

  it('finds tab and semicolon delimiters when none is given', async () => {
    expect((await readAll(streamOf(Buffer.from('a\tb\n"1;2"\t3\n')))).map((r) => r.fields)).toEqual([
      ['a', 'b'],
      ['1;2', '3'],
    ]);
    expect((await readAll(streamOf(Buffer.from('a;b\n"1,2";3\n')))).map((r) => r.fields)).toEqual([
      ['a', 'b'],
      ['1,2', '3'],
    ]);
  });

  it('keeps delimiters, doubled quotes and line breaks inside quoted fields', async () => {
    const text = 'id,note,ville\r\n1,"ligne 1\r\nligne 2, ""citée""",Lyon\r\n2,"a\nb\nc",Metz\n3,fin,Nice';
    const records = await readAll(streamOf(Buffer.from(text), 3), { delimiter: ',' });
    expect(records).toEqual([
      { line: 1, fields: ['id', 'note', 'ville'] },
      { line: 2, fields: ['1', 'ligne 1\r\nligne 2, "citée"', 'Lyon'] },
      { line: 4, fields: ['2', 'a\nb\nc', 'Metz'] },
      { line: 7, fields: ['3', 'fin', 'Nice'] },
    ]);
  });

  it('reads lone CR line ends when an old Mac spreadsheet wrote the file', async () => {
    const records = await readAll(streamOf(Buffer.from('a;b\r1;2\r3;4\r')), { delimiter: ';' });
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
      { line: 3, fields: ['3', '4'] },
    ]);
  });

  it('yields ragged rows as they are when rows have too few or too many cells', async () => {
    const records = await readAll(streamOf(Buffer.from('a;b;c\n1;2\n1;2;3;4\n;;\n')), { delimiter: ';' });
    expect(records.map((r) => r.fields)).toEqual([['a', 'b', 'c'], ['1', '2'], ['1', '2', '3', '4'], ['', '', '']]);
  });

  it('skips blank lines but counts them in line numbers', async () => {
    const records = await readAll(streamOf(Buffer.from('a;b\n\n1;2\r\n\r\n3;4\n\n')), { delimiter: ';' });
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 3, fields: ['1', '2'] },
      { line: 5, fields: ['3', '4'] },
    ]);
  });

  it('keeps stray quotes as text when a field is not quoted', async () => {
    const records = await readAll(streamOf(Buffer.from('O"Brien;"Le" Bihan;5\'3"\n')), { delimiter: ';' });
    expect(records[0]?.fields).toEqual(['O"Brien', 'Le Bihan', '5\'3"']);
  });

  it('throws unterminated_quote with the line of the record when a quote is never closed', async () => {
    const read = readAll(streamOf(Buffer.from('a;b\n1;2\n3;"oops\n4;5\n')), { delimiter: ';' });
    await expect(read).rejects.toMatchObject({ code: 'unterminated_quote', line: 3 });
    await expect(read).rejects.toBeInstanceOf(CsvReadError);
  });

  it('throws record_too_large when a record grows past the limit', async () => {
    const read = readAll(streamOf(Buffer.from(`a;b\n1;"${'x'.repeat(500)}`)), { delimiter: ';', maxRecordChars: 100 });
    await expect(read).rejects.toMatchObject({ code: 'record_too_large', line: 2 });
  });

  it('yields the first records before the file has been read when the file is large', async () => {
    let produced = 0;
    async function* bigFile(): AsyncGenerator<Buffer> {
      yield Buffer.from('Nom;Prénom\n');
      for (let i = 0; i < 1_000; i++) {
        produced++;
        yield Buffer.from('Dupont;Anne\n'.repeat(1_000));
      }
    }
    let seen = 0;
    for await (const record of readCsvRecords(bigFile(), { delimiter: ';' })) {
      if (++seen === 2_000) {
        expect(record.line).toBe(2_000);
        break;
      }
    }
    expect(produced).toBeLessThan(5);
  });

  it('closes the file stream when the caller stops early', async () => {
    const stream = streamOf(Buffer.from('a;b\n1;2\n3;4\n'), 4);
    for await (const record of readCsvRecords(stream, { delimiter: ';' })) {
      expect(record.line).toBe(1);
      break;
    }
    expect(stream.destroyed).toBe(true);
  });

  it('reads back what the exporter writes whatever the chunk boundaries', async () => {
    const cell = fc.string({ unit: fc.constantFrom(...'ab é€œ;,"\r\n\t\''.split('')) });
    const rows = fc.array(fc.array(cell, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 6 });
    await fc.assert(
      fc.asyncProperty(rows, fc.integer({ min: 1, max: 40 }), fc.boolean(), async (table, size, windows) => {
        // A first column that is never empty keeps rows from being blank lines; the accent makes
        // the encoding matter.
        const data = table.map((row, i) => [`${i === 0 ? 'é' : ''}r${row[0] ?? ''}`, ...row.slice(1)]);
        const text = data.map((row) => row.map((c) => quoteCsvField(c, ';')).join(';')).join('\r\n');
        const bytes = windows ? cp1252(text) : Buffer.concat([BOM, Buffer.from(text)]);
        const records = await readAll(streamOf(bytes, size), { delimiter: ';' });
        expect(records.map((r) => r.fields)).toEqual(data);
        let line = 1;
        data.forEach((row, i) => {
          expect(records[i]?.line).toBe(line);
          const written = row.map((c) => quoteCsvField(c, ';')).join(';');
          line += 1 + (written.match(/\r\n|\r|\n/g)?.length ?? 0);
        });
      }),
    );
  });
});

interface SpectrumCase {
  name: string;
  csv: Buffer;
  json: Buffer;
}

async function spectrumCases(): Promise<SpectrumCase[]> {
  const require = createRequire(import.meta.url);
  const spectrum = require('csv-spectrum') as (cb: (err: Error | null, cases: SpectrumCase[]) => void) => void;
  return new Promise((resolve, reject) => {
    spectrum((err, cases) => (err === null ? resolve(cases) : reject(err)));
  });
}

describe('readCsvRecords on csv-spectrum', async () => {
  const cases = await spectrumCases();

  it('has every csv-spectrum case to run', () => {
    expect(cases.map((c) => c.name).sort()).toEqual([
      'comma_in_quotes', 'empty', 'empty_crlf', 'escaped_quotes', 'json', 'location_coordinates',
      'newlines', 'newlines_crlf', 'quotes_and_newlines', 'simple', 'simple_crlf', 'utf8',
    ]);
  });

  it.each(cases.map((c) => [c.name, c] as const))('parses %s as csv-spectrum expects', async (name, c) => {
    const parsed = JSON.parse(c.json.toString('utf8')) as Record<string, string> | Record<string, string>[];
    const expected = Array.isArray(parsed) ? parsed : [parsed];
    if (name === 'location_coordinates') {
      // csv-spectrum 2.0.0's JSON for this case lists 1234567890 while its CSV holds 2095257564.
      expected[0] = { ...expected[0], 'Contact Phone Number': '2095257564' };
    }
    for (const size of [1, 5, 1_000]) {
      const [header, ...rows] = await readAll(Readable.from(chunks(c.csv, size)), { delimiter: ',', encoding: 'utf-8' });
      const objects = rows.map((row) => Object.fromEntries(row.fields.map((f, i) => [header?.fields[i] ?? '', f])));
      expect(objects).toEqual(expected);
    }
    // And with everything guessed, as an upload is read.
    const guessed = await readAll(Readable.from(chunks(c.csv, 7)));
    expect(guessed.length).toBe(expected.length + 1);
  });
});

function chunks(bytes: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let start = 0; start < bytes.length; start += size) out.push(bytes.subarray(start, start + size));
  return out;
}
