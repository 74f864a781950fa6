import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvDecoder, checkUtf8, encodingFromBom } from './csv-encoding.js';
import { cp1252 } from './csv-test-helpers.js';

function decodeInPieces(decoder: CsvDecoder, bytes: Uint8Array, cuts: number[]): string {
  const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  let text = '';
  let start = 0;
  for (const point of points) {
    text += decoder.decode(bytes.subarray(start, point));
    start = point;
  }
  return text + decoder.decode(bytes.subarray(start), true);
}

describe('encodingFromBom', () => {
  it.each([
    [[0xef, 0xbb, 0xbf, 0x41], 'utf-8'],
    [[0xff, 0xfe, 0x41, 0x00], 'utf-16le'],
    [[0xfe, 0xff, 0x00, 0x41], 'utf-16be'],
    [[0x41, 0x42], null],
    [[], null],
  ] as const)('reads %j as %s', (bytes, encoding) => {
    expect(encodingFromBom(new Uint8Array(bytes))).toBe(encoding);
  });
});

describe('checkUtf8', () => {
  it('says ascii when there is no byte above 127', () => {
    expect(checkUtf8(Buffer.from('Nom;Prenom\n'))).toBe('ascii');
  });

  it('says utf-8 when accents are valid UTF-8', () => {
    expect(checkUtf8(Buffer.from('Prénom;Œuvre;€'))).toBe('utf-8');
  });

  it('says invalid when accents are Windows-1252 bytes', () => {
    expect(checkUtf8(cp1252('Prénom;Cécile'))).toBe('invalid');
  });

  it.each([
    ['an overlong sequence', [0xc0, 0x80]],
    ['a UTF-16 surrogate', [0xed, 0xa0, 0x80]],
    ['a code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
    ['a lone continuation byte', [0x41, 0x80]],
  ])('says invalid when it meets %s', (_name, bytes) => {
    expect(checkUtf8(new Uint8Array(bytes))).toBe('invalid');
  });

  it('does not hold a character cut by the end of the sample against the file', () => {
    const bytes = Buffer.from('Zoé');
    expect(checkUtf8(bytes.subarray(0, bytes.length - 1))).toBe('ascii');
    expect(checkUtf8(Buffer.concat([Buffer.from('é'), bytes.subarray(0, bytes.length - 1)]))).toBe('utf-8');
  });
});

describe('CsvDecoder', () => {
  it('decodes Windows-1252 when the first accent is not UTF-8', () => {
    const decoder = new CsvDecoder('auto');
    expect(decoder.decode(cp1252('Cécile;Benoît;François;Œdipe;cœur;12 €'), true)).toBe(
      'Cécile;Benoît;François;Œdipe;cœur;12 €',
    );
    expect(decoder.encoding).toBe('windows-1252');
  });

  it('decodes UTF-8 and drops the mark when the file starts with one', () => {
    const decoder = new CsvDecoder('auto');
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Prénom')]);
    expect(decodeInPieces(decoder, bytes, [1, 2])).toBe('Prénom');
    expect(decoder.encoding).toBe('utf-8');
  });

  it('decodes UTF-16 when Excel saved "Texte Unicode"', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Prénom\tNom', 'utf16le')]);
    expect(new CsvDecoder('auto').decode(bytes, true)).toBe('Prénom\tNom');
  });

  it('stays undecided while the file is plain ASCII', () => {
    const decoder = new CsvDecoder('auto');
    expect(decoder.decode(Buffer.from('a;b\n'))).toBe('a;b\n');
    expect(decoder.encoding).toBeNull();
  });

  it('decodes the same text whatever the chunk boundaries when the file is UTF-8', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.array(fc.nat()), (text, cuts) => {
        const bytes = Buffer.from(text);
        expect(decodeInPieces(new CsvDecoder('auto'), bytes, cuts)).toBe(text.replace(/^\ufeff/, ''));
      }),
    );
  });

  it('decodes the same text whatever the chunk boundaries when the file is Windows-1252', () => {
    // Words as people write them: an accent or symbol is followed by a plain letter or space.
    const accented = fc.constantFrom(...'éèçàùœŒ€’«»°'.split(''));
    const plain = fc.constantFrom(...'ae ;,"\n'.split(''));
    fc.assert(
      fc.property(fc.array(fc.tuple(accented, plain), { minLength: 1 }), fc.array(fc.nat()), (pairs, cuts) => {
        const text = `x${pairs.map(([a, b]) => a + b).join('')}`;
        expect(decodeInPieces(new CsvDecoder('auto'), cp1252(text), cuts)).toBe(text);
      }),
    );
  });

  it('uses the encoding it is given when the organizer chose one', () => {
    expect(new CsvDecoder('windows-1252').decode(Buffer.from('é'), true)).toBe('Ã©');
  });
});
