import { describe, expect, it } from 'vitest';
import type { ImportField } from '../../../shared/people/import-fields.js';
import { mergeDuplicates, normalizeRecord, parseDate, planMapping, type MappingPlan } from './import-rows.js';

function plan(fields: (ImportField | null)[], tags: string[] = []): MappingPlan {
  const result = planMapping(fields.map((field, column) => ({ column, field })), fields.map((f, i) => f ?? `col${i}`), tags);
  if (Array.isArray(result)) throw new Error(JSON.stringify(result));
  return result;
}

describe('parseDate', () => {
  it.each([
    ['17/05/1980', '1980-05-17'],
    ['17-05-1980', '1980-05-17'],
    ['17.05.1980', '1980-05-17'],
    ['1980-05-17', '1980-05-17'],
    ['1980-05-17T00:00:00Z', '1980-05-17'],
    ['05/17/1980', '1980-05-17'],
    ['03/04/1951', '1951-04-03'],
    ['19800517', '1980-05-17'],
    ['31/02/1980', null],
    ['17/05/2999', null],
    ['1er mai 1980', null],
  ])('reads %s as %s', (text, expected) => {
    expect(parseDate(text, new Date('2026-01-01'))).toBe(expected);
  });
});

describe('normalizeRecord', () => {
  it('puts each valid phone in the slot its kind says, whatever its column', () => {
    const p = plan(['lastName', 'phone', 'mobilePhone', 'landlinePhone']);
    const { person } = normalizeRecord(['Dupont', '06 12 34 56 78', '01 45 67 89 01', '07 81 22 33 44'], 2, p);
    expect(person?.mobile?.e164).toBe('+33612345678');
    expect(person?.phone?.e164).toBe('+33145678901');
    // No free slot: kept as an additional phone.
    expect(person?.extraPhones.map((x) => x.e164)).toEqual(['+33781223344']);
    expect(person?.custom).toEqual({});
  });

  it('keeps an invalid phone raw in its column slot and warns', () => {
    const { person, issues } = normalizeRecord(['Dupont', '6 12 34 56 78'], 2, plan(['lastName', 'mobilePhone']));
    expect(person?.mobile).toEqual({ raw: '6 12 34 56 78', e164: null, valid: false, kind: null });
    expect(issues).toEqual([{ line: 2, severity: 'warning', code: 'invalid_phone', column: 'mobilePhone', value: '6 12 34 56 78', params: {} }]);
  });

  it('reads French support labels, yes/no words and tags split on , ; |', () => {
    const p = plan(['lastName', 'supportLevel', 'isVolunteer', 'doNotContact', 'tags', 'tags'], ['Import']);
    const { person, issues } = normalizeRecord(['Dupont', 'Indécis', 'oui', 'X', 'a, b;c', 'B|d'], 2, p);
    expect(person).toMatchObject({ supportLevel: 3, isVolunteer: true, doNotCall: true, doNotEmail: true, doNotText: true, tags: ['Import', 'a', 'b', 'c', 'd'] });
    expect(issues).toEqual([]);
    expect(normalizeRecord(['Dupont', 'peut-être', 'bof', '', '', ''], 3, p).issues.map((i) => i.code)).toEqual(['invalid_support_level', 'invalid_boolean']);
  });

  it('tolerates extra empty cells at the end of a line but skips a shifted one', () => {
    const p = plan(['firstName', 'lastName']);
    expect(normalizeRecord(['Anne', 'Dupont', '', ' '], 2, p).person?.lastName).toBe('Dupont');
    expect(normalizeRecord(['Anne', 'Dupont', 'x'], 2, p)).toMatchObject({ person: null, issues: [{ code: 'wrong_column_count', params: { found: 3, expected: 2 } }] });
  });
});

describe('planMapping', () => {
  it('keeps the first valid e-mail as the primary one and the others, lower-cased, as additional e-mails', () => {
    const { person, issues } = normalizeRecord(['Dupont', '', 'pas-un-mail', 'Jean@Exemple.FR', 'jean.pro@Bureau.fr', 'JEAN@exemple.fr'], 2, plan(['lastName', 'email', 'email', 'email', 'email', 'email']));
    expect(person?.email).toBe('jean@exemple.fr');
    expect(person?.extraEmails).toEqual(['jean.pro@bureau.fr']);
    expect(issues).toEqual([expect.objectContaining({ code: 'invalid_email', column: 'email', value: 'pas-un-mail' })]);
  });

  it('refuses a field on two columns (tags excepted) and a mapping with nothing that names a person', () => {
    expect(planMapping([{ column: 0, field: 'city' }, { column: 1, field: 'city' }], ['a', 'b'])).toEqual([{ path: 'mapping.1.field', message: 'validation:mapping_duplicate' }]);
    expect(planMapping([{ column: 0, field: 'city' }], ['a'])).toEqual([{ path: 'mapping', message: 'validation:mapping_no_identity' }]);
    expect(planMapping([{ column: 3, field: 'email' }], ['a'])).toEqual([{ path: 'mapping.0.column', message: 'validation:mapping_unknown_column' }]);
    expect(Array.isArray(planMapping([{ column: 0, field: 'tags' }, { column: 1, field: 'tags' }, { column: 2, field: 'email' }], ['a', 'b', 'c']))).toBe(false);
  });
});

describe('mergeDuplicates', () => {
  it('recognises a line by an additional e-mail or number of an earlier one, and adds up their additional values', () => {
    const q = plan(['firstName', 'email', 'email', 'phone', 'phone', 'phone']);
    const merged = mergeDuplicates(
      [
        ['Anne', 'anne@example.fr', 'anne.pro@bureau.fr', '06 12 34 56 78', '01 45 67 89 01', '04 78 12 34 56'],
        ['Anne', 'ANNE.PRO@bureau.fr', '', '', '', ''],
        ['', '', '', '04.78.12.34.56', '', ''],
        ['Bruno', 'bruno@example.fr', 'autre@example.fr', '', '', ''],
      ].map((row, i) => normalizeRecord(row, i + 2, q).person!),
    );
    expect(merged.map((m) => [m.person.line, m.duplicates])).toEqual([
      [
        2,
        [
          { line: 3, matchedBy: 'email' },
          { line: 4, matchedBy: 'phone' },
        ],
      ],
      [5, []],
    ]);
    // A later line wins the primary slots it fills (the import's merge rule): line 3's e-mail, line
    // 4's landline, which thereby leaves the additional numbers.
    expect(merged[0]!.person.email).toBe('anne.pro@bureau.fr');
    expect(merged[0]!.person.phone?.e164).toBe('+33478123456');
    expect(merged[0]!.person.extraPhones.map((x) => x.e164)).toEqual([]);
    expect(merged[1]!.person.extraEmails).toEqual(['autre@example.fr']);
  });

  const p = plan(['externalId', 'firstName', 'email', 'phone']);
  const people = (rows: string[][]) => rows.map((row, i) => normalizeRecord(row, i + 2, p).person!);

  it('merges by external id, e-mail, then phone with agreeing first names, never two external ids', () => {
    const merged = mergeDuplicates(
      people([
        ['A1', 'Anne', 'anne@example.fr', ''],
        ['A1', '', '', '06 12 34 56 78'],
        ['B2', 'Anne', 'anne@example.fr', ''],
        ['', 'Jean', '', '01 45 67 89 01'],
        ['', 'Marie', '', '01 45 67 89 01'],
        ['', 'jean', 'jean@example.fr', '01.45.67.89.01'],
      ]),
    );
    expect(merged.map((m) => [m.person.line, m.duplicates])).toEqual([
      [2, [{ line: 3, matchedBy: 'external_id' }]],
      [4, []],
      [5, [{ line: 7, matchedBy: 'phone' }]],
      [6, []],
    ]);
    expect(merged[0]!.person.mobile?.e164).toBe('+33612345678');
    expect(merged[2]!.person.email).toBe('jean@example.fr');
  });
});
