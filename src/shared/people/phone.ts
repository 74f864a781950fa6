import { getCountryCallingCode, parsePhoneNumberFromString, PhoneNumber as LibPhoneNumber } from 'libphonenumber-js/max';
import type { CountryCode, PhoneNumber } from 'libphonenumber-js/max';

/** What a caller can expect when dialling the number: a mobile also takes text messages. */
export type PhoneKind = 'mobile' | 'landline' | 'other';

/** A phone number as typed or imported, with the E.164 form Relais stores and dials. */
export interface NormalizedPhone {
  /** Exactly what was given, so an import report can show the organizer the faulty cell. */
  raw: string;
  /** `+33612345678`; null when the number is not a real, dialable number. */
  e164: string | null;
  valid: boolean;
  /** null when the number is not valid. */
  kind: PhoneKind | null;
}

/**
 * Overseas departments share France's ten-digit plan: from mainland France, 0692 12 34 56 rings
 * La Réunion (+262 692 12 34 56). libphonenumber files them under their own regions, so a number
 * typed the French way is tried against them when it is not a mainland number.
 */
const FRENCH_OVERSEAS_REGIONS: readonly CountryCode[] = ['RE', 'YT', 'GP', 'MQ', 'GF'];
const FRENCH_PLAN_REGIONS: ReadonlySet<string> = new Set(['FR', ...FRENCH_OVERSEAS_REGIONS]);
const FRENCH_PLAN_CALLING_CODES: ReadonlySet<string> = new Set(['33', '262', '590', '594', '596']);

/** Three first digits after the trunk 0 → calling code, for the overseas ranges of the French plan. */
const FRENCH_OVERSEAS_RANGES: Readonly<Record<string, string>> = {
  '262': '262', '263': '262', '692': '262', '693': '262', '269': '262', '639': '262',
  '590': '590', '690': '590', '691': '590',
  '594': '594', '694': '594',
  '596': '596', '696': '596', '697': '596',
};

// Only what people really put in a phone cell: digits and the usual separators. A cell holding
// two numbers or a note ("06… ou 01…", "après 18h") is rejected so the organizer sees it.
const PHONE_CHARACTERS = /^\+?[\d\s.\-/()\u00a0\u202f]+$/;

/**
 * How most French numbers are typed: a 0, then nine digits, in pairs or not, split by single
 * spaces, dots or hyphens ("06 12 34 56 78", "0612345678", "01.45.67.89.01"), or the same nine
 * digits after +33 or 0033 ("+33 6 12 34 56 78", "0033612345678").
 */
const FRENCH_TYPED = /^(?:0|\+33|0033)[ .-]?[1-9](?:[ .-]?\d){8}$/;

function cleanTyped(raw: string): string {
  // A leading apostrophe is how spreadsheets (and our own exports) mark a cell as text.
  return raw.trim().replace(/^'/, '').replace(/^tel:/i, '').trim();
}

function isInternational(cleaned: string): boolean {
  return cleaned.startsWith('+') || cleaned.startsWith('00');
}

type NumberType = ReturnType<PhoneNumber['getType']>;

function kindOf(type: NumberType): PhoneKind {
  switch (type) {
    case 'MOBILE':
      return 'mobile';
    case 'FIXED_LINE':
      return 'landline';
    default:
      return 'other';
  }
}

/**
 * The number with its type, when it is a valid one. With full metadata a number is valid exactly
 * when it has a type (libphonenumber's isValid() is getType() !== undefined): asking for the type
 * alone spares a second match against the plan's patterns, a sixth of an import's phone reading.
 */
function parseValid(text: string, region: CountryCode): { phone: PhoneNumber; type: NonNullable<NumberType> } | null {
  const phone = parsePhoneNumberFromString(text, region);
  const type = phone?.getType();
  return phone !== undefined && type !== undefined ? { phone, type } : null;
}

/**
 * Reads a phone number the way people write it ("06 12 34 56 78", "06.12.34.56.78",
 * "+33 6 12 34 56 78", "0033 6 12 34 56 78", "+33 (0)6 12 34 56 78", "0692 12 34 56" for La
 * Réunion) and says whether a caller could dial it. A French number that lost its leading 0
 * ("6 12 34 56 78") is not accepted: it is reported, never guessed.
 *
 * @example normalizePhone('06 12 34 56 78') // { raw: '06 12 34 56 78', e164: '+33612345678', valid: true, kind: 'mobile' }
 */
export function normalizePhone(raw: string, defaultRegion: CountryCode = 'FR'): NormalizedPhone {
  const invalid: NormalizedPhone = { raw, e164: null, valid: false, kind: null };
  const cleaned = cleanTyped(raw);
  if (!PHONE_CHARACTERS.test(cleaned)) return invalid;
  const international = isInternational(cleaned);
  const digits = cleaned.replace(/\D/g, '');
  // Typed the national way in France or an overseas department: a trunk 0 and nine digits, never
  // anything else (a 0 lost in a spreadsheet, a digit dropped: reported, and spared six parses).
  if (!international && FRENCH_PLAN_REGIONS.has(defaultRegion) && (!digits.startsWith('0') || digits.length !== 10)) {
    return invalid;
  }
  if (defaultRegion === 'FR' && FRENCH_TYPED.test(cleaned)) {
    // Such a number is +33 and its last nine digits (libphonenumber's own reading of it, the
    // trunk 0 or the 00 of an international call dropped): its type is asked of that E.164 form
    // directly, sparing the text's parsing, 3.5 of the 6 µs a number costs (an import reads one
    // or two a line). Compared with the full parse on 4,480,000 numbers (every first digit after
    // 0, +33 or 0033, the overseas and special ranges, typed every way the pattern takes): the
    // same numbers, validity and types. A number invalid in France goes on to the full parse and
    // the overseas plans below.
    const e164 = `+33${digits.slice(-9)}`;
    const type = new LibPhoneNumber(e164 as `+${string}`).getType();
    if (type !== undefined) return { raw, e164, valid: true, kind: kindOf(type) };
    // Typed with a trunk 0, it may ring an overseas department ("0692…" is La Réunion's +262 692…):
    // asked of the calling code its first digits name, rather than parsed for each region in turn.
    const overseas = international ? undefined : FRENCH_OVERSEAS_RANGES[digits.slice(1, 4)];
    if (overseas !== undefined) {
      const e164Overseas = `+${overseas}${digits.slice(1)}`;
      const typeOverseas = new LibPhoneNumber(e164Overseas as `+${string}`).getType();
      if (typeOverseas !== undefined) return { raw, e164: e164Overseas, valid: true, kind: kindOf(typeOverseas) };
    }
  }
  let parsed = parseValid(cleaned, defaultRegion);
  if (parsed === null && !international && FRENCH_PLAN_REGIONS.has(defaultRegion)) {
    for (const region of FRENCH_OVERSEAS_REGIONS) {
      parsed = parseValid(cleaned, region);
      if (parsed !== null) break;
    }
  }
  if (parsed === null) return invalid;
  return { raw, e164: parsed.phone.number, valid: true, kind: kindOf(parsed.type) };
}

/**
 * Shows a stored number the way the campaign's callers dial it: "06 12 34 56 78" for numbers of
 * the French plan (overseas departments included), "+44 20 7946 0958" for other countries.
 * Returns the input unchanged when it is not a phone number.
 *
 * @example formatPhoneNational('+33612345678') // '06 12 34 56 78'
 */
export function formatPhoneNational(e164: string, region: CountryCode = 'FR'): string {
  const phone = parsePhoneNumberFromString(e164, region);
  if (phone === undefined) return e164;
  return isHomeCallingCode(phone.countryCallingCode, region)
    ? phone.formatNational()
    : phone.formatInternational();
}

/** Whether numbers with this calling code are dialled nationally (with a trunk 0) from `region`. */
export function isHomeCallingCode(callingCode: string, region: CountryCode = 'FR'): boolean {
  if (FRENCH_PLAN_REGIONS.has(region)) return FRENCH_PLAN_CALLING_CODES.has(callingCode);
  return getCountryCallingCode(region) === callingCode;
}

/**
 * What to look for when an organizer types a number, or part of one, in a search box: `exact`
 * E.164 numbers when a whole number was typed, E.164 `prefixes` when its beginning was typed
 * ("06 12", "+33 6", "0033 6"), and `suffix` digits when bare digits were typed ("56 78", or a
 * number that lost its 0 in a spreadsheet). Empty when fewer than 3 digits were typed.
 *
 * @example phoneSearchVariants('06 12') // { exact: [], prefixes: ['+33612'], suffix: null }
 */
export function phoneSearchVariants(typed: string, region: CountryCode = 'FR'): PhoneSearch {
  const none: PhoneSearch = { exact: [], prefixes: [], suffix: null };
  const cleaned = cleanTyped(typed);
  const digits = cleaned.replace(/\D/g, '');
  if (digits.length < 3 || !PHONE_CHARACTERS.test(cleaned)) return none;
  const whole = normalizePhone(cleaned, region);
  if (whole.e164 !== null) return { exact: [whole.e164], prefixes: [], suffix: null };
  if (cleaned.startsWith('+')) return { ...none, prefixes: [`+${digits}`] };
  if (cleaned.startsWith('00')) return { ...none, prefixes: [`+${digits.slice(2)}`] };
  if (digits.startsWith('0')) {
    const national = digits.slice(1);
    const prefixes = [`+${getCountryCallingCode(region)}${national}`];
    const overseas = FRENCH_OVERSEAS_RANGES[national.slice(0, 3)];
    if (FRENCH_PLAN_REGIONS.has(region) && overseas !== undefined) {
      prefixes.push(`+${overseas}${national}`);
    }
    return { ...none, prefixes };
  }
  return digits.length >= 4 ? { ...none, suffix: digits } : none;
}

/** Search terms derived from what was typed; see {@link phoneSearchVariants}. */
export interface PhoneSearch {
  exact: string[];
  prefixes: string[];
  suffix: string | null;
}
