import { describe, expect, it } from 'vitest';
import { findMergeFields, listMergeFields, renderMergeFields } from './merge-fields.js';
import type { MergeFieldContext } from './merge-fields.js';

const context: MergeFieldContext = {
  person: { firstName: 'Camille', lastName: 'Martin', commune: 'Villeurbanne' },
  caller: { firstName: 'Sam' },
};

describe('renderMergeFields', () => {
  it.each<[string, string, MergeFieldContext, string]>([
    ['every known field is used', 'Bonjour {{person.firstName}} {{person.lastName}} de {{person.commune}}, ici {{caller.firstName}}.', context, 'Bonjour Camille Martin de Villeurbanne, ici Sam.'],
    ['a field is used twice', '{{person.firstName}}, {{person.firstName}} !', context, 'Camille, Camille !'],
    ['a field has spaces inside the braces', 'Bonjour {{ person.firstName }}', context, 'Bonjour Camille'],
    ['a field is unknown', 'Bonjour {{person.age}} {{person.firstname}}', context, 'Bonjour {{person.age}} {{person.firstname}}'],
    ['a known value is missing', 'Bonjour {{person.firstName}} !', { person: { firstName: null } }, 'Bonjour  !'],
    ['the context is empty', '{{caller.firstName}}', {}, ''],
    ['a value contains HTML', 'Bonjour {{person.firstName}}', { person: { firstName: '<b>Zoé</b> & Cie' } }, 'Bonjour <b>Zoé</b> & Cie'],
    ['a value contains replacement patterns', 'Bonjour {{person.firstName}}', { person: { firstName: "$& $' $1" } }, "Bonjour $& $' $1"],
    ['a value looks like a merge field', '{{person.firstName}} {{caller.firstName}}', { person: { firstName: '{{caller.firstName}}' }, caller: { firstName: 'Sam' } }, '{{caller.firstName}} Sam'],
    ['braces are unbalanced', '{{{person.firstName}} {{person.firstName', context, '{Camille {{person.firstName'],
    ['there is no field', 'Bonne journée !', context, 'Bonne journée !'],
  ])('does render the text when %s', (_case, text, ctx, expected) => {
    expect(renderMergeFields(text, ctx)).toBe(expected);
  });
});

describe('listMergeFields', () => {
  it('does offer every field with labels in French and English when the editor asks', () => {
    const fields = listMergeFields();
    expect(fields.map((field) => field.token)).toEqual(['{{person.firstName}}', '{{person.lastName}}', '{{person.commune}}', '{{caller.firstName}}']);
    for (const field of fields) {
      expect(field.token).toBe(`{{${field.key}}}`);
      expect(field.label.fr.length).toBeGreaterThan(0);
      expect(field.label.en.length).toBeGreaterThan(0);
      expect(renderMergeFields(field.token, {})).toBe('');
    }
  });

  it('does hand out copies when a caller mutates the list', () => {
    const first = listMergeFields();
    first.pop();
    expect(listMergeFields()).toHaveLength(4);
  });
});

describe('findMergeFields', () => {
  it('does split known and unknown fields once each when a text is checked', () => {
    expect(findMergeFields('{{person.firstName}} {{person.age}} {{ person.firstName }} {{caller.name}}')).toEqual({
      known: ['person.firstName'],
      unknown: ['person.age', 'caller.name'],
    });
  });
});
