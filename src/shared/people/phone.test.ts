import { describe, expect, it } from 'vitest';
import { formatPhoneNational, normalizePhone, phoneSearchVariants } from './phone.js';

describe('normalizePhone', () => {
  it.each([
    ['06 12 34 56 78', '+33612345678', 'mobile'],
    ['0612345678', '+33612345678', 'mobile'],
    ['06.12.34.56.78', '+33612345678', 'mobile'],
    ['06-12-34-56-78', '+33612345678', 'mobile'],
    ['06/12/34/56/78', '+33612345678', 'mobile'],
    ['+33 6 12 34 56 78', '+33612345678', 'mobile'],
    ['+33612345678', '+33612345678', 'mobile'],
    ['0033 6 12 34 56 78', '+33612345678', 'mobile'],
    ['0033612345678', '+33612345678', 'mobile'],
    ['+33 (0)6 12 34 56 78', '+33612345678', 'mobile'],
    ["'+33612345678", '+33612345678', 'mobile'],
    ['  07 53 12 34 56 ', '+33753123456', 'mobile'],
    ['01 23 45 67 89', '+33123456789', 'landline'],
    ['05 56 12 34 56', '+33556123456', 'landline'],
    ['09 51 23 45 67', '+33951234567', 'other'],
    ['0692 12 34 56', '+262692123456', 'mobile'],
    ['0262 12 34 56', '+262262123456', 'landline'],
    ['0690 12 34 56', '+590690123456', 'mobile'],
    ['0696 12 34 56', '+596696123456', 'mobile'],
    ['0694 12 34 56', '+594694123456', 'mobile'],
    ['+44 20 7946 0958', '+442079460958', 'landline'],
    ['0044 20 7946 0958', '+442079460958', 'landline'],
    ['+32 470 12 34 56', '+32470123456', 'mobile'],
  ])('reads %j as %s when it is a real number', (raw, e164, kind) => {
    expect(normalizePhone(raw)).toEqual({ raw, e164, valid: true, kind });
  });

  it.each([
    ['6 12 34 56 78'],
    ['612345678'],
    ['06 12 34 56'],
    ['06 12 34 56 78 9'],
    ['00 00 00 00 00'],
    ['06 12 34 56 78 / 01 23 45 67 89'],
    ['06 12 34 56 78 après 18h'],
    ['abc'],
    [''],
    ['+'],
    ['=1+1'],
  ])('reports %j as invalid when it is not a dialable number', (raw) => {
    expect(normalizePhone(raw)).toEqual({ raw, e164: null, valid: false, kind: null });
  });

  it('reads national numbers of another country when that region is the default', () => {
    expect(normalizePhone('0470 12 34 56', 'BE').e164).toBe('+32470123456');
    expect(normalizePhone('(213) 373-4253', 'US').e164).toBe('+12133734253');
  });
});

describe('formatPhoneNational', () => {
  it.each([
    ['+33612345678', '06 12 34 56 78'],
    ['+33123456789', '01 23 45 67 89'],
    ['+262692123456', '0692 12 34 56'],
    ['+442079460958', '+44 20 7946 0958'],
  ])('shows %s as %j when the campaign is French', (e164, shown) => {
    expect(formatPhoneNational(e164)).toBe(shown);
  });

  it('shows a Belgian number nationally when the campaign is Belgian', () => {
    expect(formatPhoneNational('+32470123456', 'BE')).toBe('0470 12 34 56');
  });

  it('returns the input when it is not a phone number', () => {
    expect(formatPhoneNational('n/a')).toBe('n/a');
  });
});

describe('phoneSearchVariants', () => {
  it.each([
    ['06 12 34 56 78', { exact: ['+33612345678'], prefixes: [], suffix: null }],
    ['+33 6 12 34 56 78', { exact: ['+33612345678'], prefixes: [], suffix: null }],
    ['0033612345678', { exact: ['+33612345678'], prefixes: [], suffix: null }],
    ['06 12', { exact: [], prefixes: ['+33612'], suffix: null }],
    ['06.12.34', { exact: [], prefixes: ['+3361234'], suffix: null }],
    ['+33 6 1', { exact: [], prefixes: ['+3361'], suffix: null }],
    ['0033 6 1', { exact: [], prefixes: ['+3361'], suffix: null }],
    ['0692 1', { exact: [], prefixes: ['+336921', '+2626921'], suffix: null }],
    ['56 78', { exact: [], prefixes: [], suffix: '5678' }],
    ['612345678', { exact: [], prefixes: [], suffix: '612345678' }],
  ])('searches %j as %j', (typed, expected) => {
    expect(phoneSearchVariants(typed)).toEqual(expected);
  });

  it.each([['06'], ['1'], ['567'], ['Dupont'], ['']])(
    'returns nothing when %j is too short or not a number',
    (typed) => {
      expect(phoneSearchVariants(typed)).toEqual({ exact: [], prefixes: [], suffix: null });
    },
  );
});
