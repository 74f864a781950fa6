import { describe, expect, it } from 'vitest';
import { SNIFF_BYTES, sniffCsv } from './csv-sniff.js';
import { cp1252 } from './csv-test-helpers.js';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

describe('sniffCsv encoding', () => {
  it('says UTF-8 with a mark when Excel saved "CSV UTF-8"', () => {
    const sniff = sniffCsv(Buffer.concat([BOM, Buffer.from('Nom;Prénom\nDupont;Zoé\n')]));
    expect(sniff).toMatchObject({ encoding: 'utf-8', bom: true, asciiOnly: false, delimiter: ';' });
  });

  it('says UTF-8 without a mark when accents are valid UTF-8', () => {
    const sniff = sniffCsv(Buffer.from('first_name,last_name\nZoé,Lefèvre\n'));
    expect(sniff).toMatchObject({ encoding: 'utf-8', bom: false, asciiOnly: false, delimiter: ',' });
  });

  it('says Windows-1252 when a French Excel saved the file', () => {
    const sniff = sniffCsv(cp1252('Nom;Prénom;Commune\nDupont;Cécile;Besançon\nCœur;Noël;Fréjus\n'));
    expect(sniff).toMatchObject({ encoding: 'windows-1252', bom: false, asciiOnly: false, delimiter: ';' });
  });

  it('says UTF-16 when Excel saved "Texte Unicode"', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Nom\tPrénom\nDupont\tZoé\n', 'utf16le')]);
    expect(sniffCsv(bytes)).toMatchObject({ encoding: 'utf-16le', bom: true, delimiter: '\t' });
  });

  it('flags the encoding as a default when the sample holds no accent', () => {
    expect(sniffCsv(Buffer.from('a,b\n1,2\n'))).toMatchObject({ encoding: 'utf-8', asciiOnly: true });
  });

  it('keeps UTF-8 when the sample ends in the middle of a character', () => {
    const bytes = Buffer.from(`a;b\n${'x'.repeat(SNIFF_BYTES - 6)};é\n`);
    expect(bytes[SNIFF_BYTES - 1]).toBe(0xc3);
    expect(sniffCsv(bytes)).toMatchObject({ encoding: 'utf-8', delimiter: ';' });
  });
});

describe('sniffCsv delimiter', () => {
  it.each([
    ['a semicolon', 'Nom;Adresse;Ville\nDupont;"12, rue Haute";Lyon\nMartin;3 bd Nord, bât. B;Metz\n', ';'],
    ['a comma', 'name,note\nAnne,"a;b;c"\nLéa,"d;e"\n', ','],
    ['a tab', 'Nom\tPrénom\tVille\nDupont\tAnne\tLyon\n', '\t'],
  ])('finds %s when the rows agree on it', (_name, text, delimiter) => {
    expect(sniffCsv(Buffer.from(text))).toMatchObject({ delimiter, delimiterFound: true });
  });

  it('ignores delimiters inside quoted fields spanning lines', () => {
    const text = 'id;note\n1;"x, y\nz, w, v"\n2;"p, q"\n3;r\n';
    expect(sniffCsv(Buffer.from(text)).delimiter).toBe(';');
  });

  it('prefers the delimiter that gives consistent rows when another appears in some cells', () => {
    const text = 'Nom,Commentaire,Ville\nDupont,vu le 3;4,Lyon\nMartin,rien,Metz\nDurand,ok,Nice\n';
    expect(sniffCsv(Buffer.from(text)).delimiter).toBe(',');
  });

  it('ignores a last row cut by the end of the sample', () => {
    const text = 'a;b;c\n1;2;3\n4;5;6\n7,8';
    expect(sniffCsv(Buffer.from(text)).delimiter).toBe(';');
  });

  it('says not found when the file has a single column', () => {
    expect(sniffCsv(Buffer.from('email\nanne@example.org\nleo@example.org\n'))).toMatchObject({
      delimiter: ',',
      delimiterFound: false,
    });
  });

  it('says not found when the file is empty', () => {
    expect(sniffCsv(new Uint8Array(0))).toMatchObject({ encoding: 'utf-8', delimiterFound: false });
  });

  it('reads a header-only file', () => {
    expect(sniffCsv(Buffer.from('Nom;Prénom;Téléphone'))).toMatchObject({ delimiter: ';', delimiterFound: true });
  });
});
