import fc from 'fast-check';
import { getCountries, getExampleNumber } from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/mobile/examples';
import { describe, expect, it } from 'vitest';
import { normalizePhone } from '../../../shared/people/phone.js';
import { csvExportStream, quoteCsvField, startsFormula, toCsvCell } from './csv-export.js';
import type { ExportColumn, ExportColumnKind } from './csv-export.js';
import { readCsvRecords } from './csv-reader.js';

async function* rowsOf(rows: Record<string, unknown>[]): AsyncGenerator<Record<string, unknown>> {
  yield* rows;
}

async function bytesOf(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

// The only cells allowed to start with `-` are plain numbers, which spreadsheets read as numbers.
const NUMBER_LITERAL = /^-\d+(?:[.,]\d+)?$/;

describe('toCsvCell', () => {
  it.each([
    ['=HYPERLINK("http://evil.example","clic")'], ['+cmd|\' /C calc\'!A0'], ['-2+3'], ['@SUM(A1:A2)'],
    ['\t=1+1'], ['\r=1+1'], ['\tbonjour'], [' =1+1'], ['\u00a0+1'], ['\n-1'], ['＝1+1'], ['＠A1'],
  ])('adds an apostrophe when a text cell %j could run as a formula', (text) => {
    expect(toCsvCell(text, 'text')).toBe(`'${text}`);
  });

  it.each([['Jean-Pierre'], ['a=b'], ['contact@example.org'], ["l'été"], ['12 rue de la Paix'], ['']])(
    'leaves %j as it is when it cannot start a formula',
    (text) => {
      expect(toCsvCell(text, 'text')).toBe(text);
    },
  );

  it.each([
    ['+33612345678', '06 12 34 56 78'],
    ['+33123456789', '01 23 45 67 89'],
    ['+262692123456', '0692 12 34 56'],
    ['+590690123456', '0690 12 34 56'],
    ['+442079460958', '0044 20 7946 0958'],
    ['+12133734253', '001 213 373 4253'],
  ])('writes the phone %s as %j when the campaign is French', (e164, cell) => {
    expect(toCsvCell(e164, 'phone')).toBe(cell);
  });

  it('writes a Belgian number nationally when the campaign is Belgian', () => {
    expect(toCsvCell('+32470123456', 'phone', { phoneRegion: 'BE' })).toBe('0470 12 34 56');
  });

  it.each([
    ['+33 12', "'+33 12"], ['=1+1', "'=1+1"], ['-', "'-"], ['à rappeler', 'à rappeler'],
  ])('treats the phone cell %j as text when it is not a valid number', (value, cell) => {
    expect(toCsvCell(value, 'phone')).toBe(cell);
  });

  it.each([
    [3, '3'], [-3, '-3'], [3.5, '3.5'], [0, '0'], ['42', '42'], [' -7 ', '-7'],
    [Number.NaN, ''], [Number.POSITIVE_INFINITY, ''], ['=1+1', "'=1+1"], ['-1+1', "'-1+1"],
  ] as const)('writes the number %j as %j', (value, cell) => {
    expect(toCsvCell(value, 'number')).toBe(cell);
  });

  it('writes a bigint as digits when a count exceeds what a double holds', () => {
    expect(toCsvCell(12345678901234567890n, 'number')).toBe('12345678901234567890');
  });

  it('writes a decimal comma when asked for one', () => {
    expect(toCsvCell(3.5, 'number', { decimalSeparator: ',' })).toBe('3,5');
  });

  it.each([
    [new Date('2024-03-01T00:00:00Z'), '2024-03-01'],
    [new Date('2024-03-01T10:20:30Z'), '2024-03-01T10:20:30Z'],
    [new Date('2024-03-01T10:20:30.250Z'), '2024-03-01T10:20:30.250Z'],
    [new Date(Number.NaN), ''],
    ['1980-05-17', '1980-05-17'],
    ['=NOW()', "'=NOW()"],
  ])('writes the date %j as %j', (value, cell) => {
    expect(toCsvCell(value, 'date')).toBe(cell);
  });

  it.each([
    [null, ''], [undefined, ''], [true, 'true'], [['bénévole', '=x'], 'bénévole, =x'], [['-x'], "'-x"],
    [{ a: 1 }, '{"a":1}'],
  ] as const)('writes %j as %j in a text column', (value, cell) => {
    expect(toCsvCell(value, 'text')).toBe(cell);
  });

  it('never writes a cell that can start a formula, whatever the value and column', () => {
    const kind = fc.constantFrom<ExportColumnKind>('text', 'phone', 'number', 'date');
    const value = fc.oneof(
      fc.string({ unit: fc.constantFrom(...'=+-@\t\r\n ＝＋0123456789.,;"\'a'.split('')) }),
      fc.string(),
      fc.double(),
      fc.integer(),
      fc.date(),
      fc.array(fc.string()),
    );
    fc.assert(
      fc.property(value, kind, (v, k) => {
        const cell = toCsvCell(v, k);
        expect(!startsFormula(cell) || (k === 'number' && NUMBER_LITERAL.test(cell))).toBe(true);
      }),
      { numRuns: 2_000 },
    );
  });

  it('round-trips every country’s phone numbers when written and read back', () => {
    const countries = getCountries();
    expect(countries.length).toBeGreaterThan(200);
    const failures: string[] = [];
    for (const country of countries) {
      const e164 = getExampleNumber(country, examples)?.number;
      if (e164 === undefined) continue;
      const cell = toCsvCell(e164, 'phone');
      if (startsFormula(cell) || normalizePhone(cell).e164 !== e164) failures.push(`${country} ${e164} ${cell}`);
    }
    expect(failures).toEqual([]);
  });
});

describe('quoteCsvField', () => {
  it.each([
    ['simple', 'simple'], ['a;b', '"a;b"'], ['dit "oui"', '"dit ""oui"""'], ['l1\nl2', '"l1\nl2"'],
    ['a,b', 'a,b'],
  ])('writes %j as %j when the delimiter is ;', (cell, written) => {
    expect(quoteCsvField(cell, ';')).toBe(written);
  });
});

describe('csvExportStream', () => {
  const columns: ExportColumn[] = [
    { key: 'firstName', label: 'Prénom', kind: 'text' },
    { key: 'phone', label: 'Téléphone', kind: 'phone' },
    { key: 'supportLevel', label: 'Niveau de soutien', kind: 'number' },
    { key: 'birthDate', label: 'Date de naissance', kind: 'date' },
  ];

  it('writes UTF-8 with a mark, a header row and CRLF lines when French Excel will open it', async () => {
    const rows = [
      { firstName: 'Zoé', phone: '+33612345678', supportLevel: 2.5, birthDate: new Date('1980-05-17T00:00:00Z') },
      { firstName: '=1+1', phone: null, supportLevel: null, birthDate: null },
      { firstName: 'Anne; "Nan"' },
    ];
    const bytes = await bytesOf(csvExportStream(rowsOf(rows), columns, { delimiter: ';' }));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe(
      'Prénom;Téléphone;Niveau de soutien;Date de naissance\r\n' +
        'Zoé;06 12 34 56 78;2,5;1980-05-17\r\n' +
        "'=1+1;;;\r\n" +
        '"Anne; ""Nan""";;;\r\n',
    );
  });

  it('writes decimal points when the delimiter is a comma', async () => {
    const bytes = await bytesOf(csvExportStream(rowsOf([{ supportLevel: 2.5 }]), columns, { delimiter: ',' }));
    expect(bytes.toString('utf8').split('\r\n')[1]).toBe(',,2.5,');
  });

  it('neutralises a header label when a custom field name could run as a formula', async () => {
    const bytes = await bytesOf(csvExportStream(rowsOf([]), [{ key: 'x', label: '=x', kind: 'text' }], { delimiter: ';' }));
    expect(bytes.toString('utf8')).toBe("\ufeff'=x\r\n");
  });

  it('reads back as the same cells and the same phone numbers when re-imported', async () => {
    const text = fc.string({ unit: fc.constantFrom(...'ab é;,"\r\n=+-@\t'.split('')) });
    const phone = fc.constantFrom('+33612345678', '+33123456789', '+262692123456', '+442079460958', '+12133734253');
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ firstName: text, phone }), { maxLength: 5 }), fc.constantFrom(';', ',' as const), async (rows, delimiter) => {
        const stream = csvExportStream(rowsOf(rows), columns.slice(0, 2), { delimiter });
        const records = [];
        for await (const record of readCsvRecords(stream, { delimiter })) records.push(record.fields);
        expect(records[0]).toEqual(['Prénom', 'Téléphone']);
        expect(records.slice(1)).toEqual(rows.map((row) => [toCsvCell(row.firstName, 'text'), toCsvCell(row.phone, 'phone')]));
        expect(records.slice(1).map((fields) => normalizePhone(fields[1] ?? '').e164)).toEqual(rows.map((row) => row.phone));
      }),
    );
  });

  it('reads rows only as fast as the export is consumed when the export is large', async () => {
    let pulled = 0;
    async function* many(): AsyncGenerator<Record<string, unknown>> {
      for (let i = 0; i < 1_000_000; i++) {
        pulled++;
        yield { firstName: `Personne ${i}`, phone: '+33612345678' };
      }
    }
    const stream = csvExportStream(many(), columns, { delimiter: ';' });
    for await (const chunk of stream) {
      expect((chunk as Buffer).length).toBeGreaterThan(0);
      break;
    }
    expect(pulled).toBeLessThan(50_000);
  });
});
