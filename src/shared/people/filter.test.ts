import { describe, expect, it } from 'vitest';
import { FilterSchema, foldSearchText, matchesFilter, personSearchText, searchNeedles, type FilterablePerson, type FilterGroup, type Criterion } from './filter.js';

const base: FilterablePerson = {
  id: '1',
  firstName: 'Hélène',
  lastName: 'Lefèvre',
  email: 'Helene.Lefevre@Example.fr',
  mobileE164: '+33612345678',
  mobileValid: true,
  phoneE164: null,
  phoneValid: false,
  communeCode: '75056',
  pollingStationCode: '0012',
  constituencyCode: '7501',
  supportLevel: 3,
  isVolunteer: false,
  doNotCall: false,
  doNotEmail: true,
  doNotText: false,
  recruiterId: '42',
  tagIds: ['7', '9'],
  createdAt: '2025-03-01T10:00:00.000Z',
  lastContactedAt: null,
  paths: [
    { pathId: '5', status: 'active', stepId: '51', reasonId: null },
    { pathId: '6', status: 'abandoned', stepId: null, reasonId: '63' },
  ],
};

const one = (c: Criterion): FilterGroup => ({ op: 'and', children: [c] });

describe('matchesFilter', () => {
  it.each<[string, Criterion, boolean]>([
    ['any of the tags, one carried', { type: 'tags', match: 'any', tagIds: ['1', '9'] }, true],
    ['all of the tags, one missing', { type: 'tags', match: 'all', tagIds: ['7', '8'] }, false],
    ['all of the tags, all carried', { type: 'tags', match: 'all', tagIds: ['7', '9'] }, true],
    ['none of the tags, one carried', { type: 'tags', match: 'none', tagIds: ['9'] }, false],
    ['none of the tags, none carried', { type: 'tags', match: 'none', tagIds: ['1'] }, true],
    ['support level in the set', { type: 'supportLevel', levels: [2, 3, 4] }, true],
    ['support level not in the set', { type: 'supportLevel', levels: [1, 'unknown'] }, false],
    ['commune', { type: 'commune', codes: ['75056'] }, true],
    ['polling station elsewhere', { type: 'pollingStation', codes: ['0013'] }, false],
    ['constituency', { type: 'constituency', codes: ['7501', '7502'] }, true],
    ['valid mobile', { type: 'hasMobile', value: true }, true],
    ['no valid phone at all', { type: 'hasPhone', value: false }, false],
    ['has an e-mail', { type: 'hasEmail', value: true }, true],
    ['did not say do not call', { type: 'flag', flag: 'doNotCall', value: false }, true],
    ['said do not e-mail', { type: 'flag', flag: 'doNotEmail', value: true }, true],
    ['is a volunteer', { type: 'volunteer', value: true }, false],
    ['recruited by 42', { type: 'recruiter', personIds: ['42'] }, true],
    ['created in March', { type: 'created', after: '2025-03-01T00:00:00Z', before: '2025-04-01T00:00:00Z' }, true],
    ['created before is strict', { type: 'created', before: '2025-03-01T10:00:00.000Z' }, false],
    ['created after is inclusive', { type: 'created', after: '2025-03-01T10:00:00.000Z' }, true],
    ['never contacted', { type: 'lastContacted', never: true }, true],
    ['contacted at least once', { type: 'lastContacted' }, false],
    ['contacted before a date, or never', { type: 'lastContacted', before: '2025-01-01T00:00:00Z', never: true }, true],
    ['contacted before a date', { type: 'lastContacted', before: '2025-01-01T00:00:00Z' }, false],
    ['search by accentless name', { type: 'search', text: 'helene lefe' }, true],
    ['search by e-mail part', { type: 'search', text: 'example.FR' }, true],
    ['search by mobile as typed', { type: 'search', text: '06 12 34 56 78' }, true],
    ['search by the start of a mobile', { type: 'search', text: '0612' }, true],
    ['search by an international prefix', { type: 'search', text: '+33 6 12' }, true],
    ['search by the last digits', { type: 'search', text: '5678' }, true],
    ['search by another number', { type: 'search', text: '06 12 34 56 79' }, false],
    ['search by a word not there', { type: 'search', text: 'helene martin' }, false],
    ['on a path', { type: 'path', pathId: '5' }, true],
    ['on a path they are not on', { type: 'path', pathId: '7' }, false],
    ['at one of the steps', { type: 'path', pathId: '5', status: 'active', stepIds: ['50', '51'] }, true],
    ['at another step', { type: 'path', pathId: '5', stepIds: ['52'] }, false],
    ['completed a path they are still on', { type: 'path', pathId: '5', status: 'completed' }, false],
    ['abandoned with the reason', { type: 'path', pathId: '6', status: 'abandoned', reasonIds: ['63'] }, true],
    ['completed with the reason they abandoned for', { type: 'path', pathId: '6', status: 'completed', reasonIds: ['63'] }, false],
    ['a step of a path they finished', { type: 'path', pathId: '6', stepIds: ['61'] }, false],
  ])('%s', (_name, criterion, expected) => {
    expect(matchesFilter(base, one(FilterSchema.parse(one(criterion)).children[0] as Criterion))).toBe(expected);
  });

  it('matches everyone with an empty AND group and no one with an empty OR group', () => {
    expect(matchesFilter(base, { op: 'and', children: [] })).toBe(true);
    expect(matchesFilter(base, { op: 'or', children: [] })).toBe(false);
  });

  it("finds the French organizer's callable undecided people", () => {
    const filter: FilterGroup = {
      op: 'and',
      children: [
        { type: 'supportLevel', levels: [2, 3, 4] },
        { type: 'hasMobile', value: true },
        { type: 'flag', flag: 'doNotCall', value: false },
      ],
    };
    expect(matchesFilter(base, filter)).toBe(true);
    expect(matchesFilter({ ...base, doNotCall: true }, filter)).toBe(false);
    expect(matchesFilter({ ...base, supportLevel: 5 }, filter)).toBe(false);
    expect(matchesFilter({ ...base, mobileValid: false }, filter)).toBe(false);
  });

  it('combines nested groups', () => {
    const filter: FilterGroup = {
      op: 'or',
      children: [
        { type: 'volunteer', value: true },
        { op: 'and', children: [{ type: 'commune', codes: ['75056'] }, { type: 'tags', match: 'any', tagIds: ['7'] }] },
      ],
    };
    expect(matchesFilter(base, filter)).toBe(true);
    expect(matchesFilter({ ...base, tagIds: [] }, filter)).toBe(false);
  });
});

describe('FilterSchema', () => {
  it('refuses unknown criteria, empty sets and bad ids with the field at fault', () => {
    const result = FilterSchema.safeParse({ op: 'and', children: [{ type: 'tags', match: 'any', tagIds: ['x'] }] });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['children', 0, 'tagIds', 0]);
    expect(FilterSchema.safeParse({ op: 'and', children: [{ type: 'supportLevel', levels: [] }] }).success).toBe(false);
    expect(FilterSchema.safeParse({ op: 'and', children: [{ type: 'shoeSize', value: 42 }] }).success).toBe(false);
    expect(FilterSchema.safeParse({ op: 'xor', children: [] }).success).toBe(false);
  });

  it('refuses filters nested too deep', () => {
    let filter: FilterGroup = { op: 'and', children: [] };
    for (let i = 0; i < 7; i++) filter = { op: 'or', children: [filter] };
    const result = FilterSchema.safeParse(filter);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('validation:filter_too_complex');
  });

  it('refuses control characters in a search', () => {
    expect(FilterSchema.safeParse(one({ type: 'search', text: 'a\u0000b' })).success).toBe(false);
  });
});

describe('search text', () => {
  it('folds accents and ASCII case only, like relais_fold in the database', () => {
    expect(foldSearchText('Hélène LEFÈVRE Ñuñez Zoë | Œuvre')).toBe('helene lefevre nunez zoe   Œuvre');
  });

  it('puts names, e-mail and delimited phones in one text', () => {
    expect(personSearchText(base)).toBe('helene lefevre helene.lefevre@example.fr |+33612345678| ||');
  });

  it.each([
    ['06 12 34 56 78', { mode: 'any', needles: ['|+33612345678|'] }],
    ['0612', { mode: 'any', needles: ['|+33612'] }],
    ['5678', { mode: 'any', needles: ['5678|'] }],
    ['  Jean   DUPONT jean ', { mode: 'all', needles: ['jean', 'dupont'] }],
    ['|', { mode: 'all', needles: [] }],
  ])('reads %j as %j', (typed, expected) => {
    expect(searchNeedles(typed)).toEqual(expected);
  });
});
