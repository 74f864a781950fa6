import { describe, expect, it } from 'vitest';
import { CONTACT_STATUSES } from '../../../shared/contracts/people.js';
import { flagsSetByContact, objectedToContact } from './people.policy.js';
import { normalizeForSuppression, suppressionHash } from './people.suppressions.js';

describe('flagsSetByContact', () => {
  it.each(CONTACT_STATUSES)('sets every do-not flag only when the status is do_not_contact (%s)', (status) => {
    expect(flagsSetByContact(status)).toEqual(status === 'do_not_contact' ? ['do_not_call', 'do_not_email', 'do_not_text'] : []);
  });
});

describe('objectedToContact', () => {
  const none = { do_not_call: false, do_not_email: false, do_not_text: false };
  it.each([
    [none, undefined, false],
    [none, false, false],
    [none, true, true],
    [{ ...none, do_not_call: true }, undefined, true],
    [{ ...none, do_not_email: true }, false, true],
    [{ ...none, do_not_text: true }, undefined, true],
  ])('answers %o with %s at erasure as %s', (flags, said, expected) => {
    expect(objectedToContact(flags, said)).toBe(expected);
  });
});

describe('suppressionHash', () => {
  it('gives the same hash for every way of writing one phone or e-mail, and another under another secret', () => {
    const a = suppressionHash('s1', 'phone', '06 12 34 56 78')!;
    expect(a).toHaveLength(32);
    expect(suppressionHash('s1', 'phone', '+33612345678')!.equals(a)).toBe(true);
    expect(suppressionHash('s1', 'phone', '0033 6 12 34 56 78')!.equals(a)).toBe(true);
    expect(suppressionHash('s2', 'phone', '+33612345678')!.equals(a)).toBe(false);
    expect(suppressionHash('s1', 'email', ' Lea@Exemple.TEST ')!.equals(suppressionHash('s1', 'email', 'lea@exemple.test')!)).toBe(true);
  });

  it('hashes nothing when the value is not a usable phone or e-mail', () => {
    expect(suppressionHash('s1', 'phone', 'après 18h')).toBeNull();
    expect(suppressionHash('s1', 'email', '  ')).toBeNull();
    expect(normalizeForSuppression('phone', '07.81.22.33.44')).toBe('+33781223344');
  });
});
