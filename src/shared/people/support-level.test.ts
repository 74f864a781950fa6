import { describe, expect, it } from 'vitest';
import { SUPPORT_LEVELS, isOpposition, parseSupportLevel, supportLevelLabel } from './support-level.js';

describe('parseSupportLevel', () => {
  it.each([
    ['1', 1], ['2', 2], ['3', 3], ['4', 4], ['5', 5], [' 3 ', 3], ['2.0', 2], ['4,0', 4],
    ['soutien fort', 1], ['Soutien fort', 1], ['SOUTIEN FORT', 1], ['Fort soutien', 1],
    ['Soutien faible', 2], ['plutôt favorable', 2], ['Sympathisant', 2],
    ['indécis', 3], ['indecis', 3], ['Indécise', 3], ['Indécis(e)', 3], ['Neutre', 3],
    ['opposition faible', 4], ['Opposant faible', 4], ['Plutôt contre', 4],
    ['Opposition forte', 5], ['opposant fort', 5], ['Opposante forte', 5],
    ['strong support', 1], ['Strong Support', 1], ['weak support', 2], ['leaning support', 2],
    ['undecided', 3], ['weak opposition', 4], ['strong opposition', 5], ['Strongly opposed', 5],
    ['1 - Strong support', 1], ['3 (indécis)', 3], ['5 - Opposition forte', 5],
  ] as const)('reads %j as level %i', (text, level) => {
    expect(parseSupportLevel(text)).toBe(level);
  });

  it.each([
    [''], ['   '], ['0'], ['6'], ['12'], ['2.5'], ['soutien'], ['contre'], ['opposant'], ['oui'],
    ['1 - opposition forte'], ['1 rue de la Paix'], ['3 rue des Lilas'],
  ])('returns null when %j is empty or unclear', (text) => {
    expect(parseSupportLevel(text)).toBeNull();
  });

  it('reads back every label it shows, in both languages', () => {
    for (const level of SUPPORT_LEVELS) {
      expect(parseSupportLevel(supportLevelLabel(level, 'fr'))).toBe(level);
      expect(parseSupportLevel(supportLevelLabel(level, 'en'))).toBe(level);
    }
  });
});

describe('supportLevelLabel', () => {
  it('shows French labels when no locale is given', () => {
    expect(SUPPORT_LEVELS.map((level) => supportLevelLabel(level))).toEqual([
      'Soutien fort', 'Soutien faible', 'Indécis', 'Opposition faible', 'Opposition forte',
    ]);
  });

  it('shows English labels when English is asked for', () => {
    expect(supportLevelLabel(3, 'en')).toBe('Undecided');
  });
});

describe('isOpposition', () => {
  it('counts levels 4 and 5 as opposition only', () => {
    expect(SUPPORT_LEVELS.filter(isOpposition)).toEqual([4, 5]);
  });
});
