import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { Random } from './demo.random.js';

/** A generated phone number: the E.164 form Relais stores and dials, and the raw form as typed. */
export interface DemoPhone {
  e164: string;
  raw: string;
}

/** How an overseas department's numbers look: its calling code and its national prefixes. */
interface OverseasPlan {
  callingCode: string;
  landline: string;
  mobiles: readonly string[];
}

const OVERSEAS: Readonly<Record<string, OverseasPlan>> = {
  '971': { callingCode: '590', landline: '590', mobiles: ['690', '691'] },
  '972': { callingCode: '596', landline: '596', mobiles: ['696', '697'] },
  '973': { callingCode: '594', landline: '594', mobiles: ['694'] },
  '974': { callingCode: '262', landline: '262', mobiles: ['692', '693'] },
  '976': { callingCode: '262', landline: '269', mobiles: ['639'] },
};

// Mainland landlines begin with the zone of the ARCEP plan: 01 Île-de-France, 02 north-west,
// 03 north-east, 04 south-east, 05 south-west. Keyed by INSEE region; Occitanie is split.
const ZONE_BY_REGION: Readonly<Record<string, string>> = {
  '11': '1',
  '24': '2', '28': '2', '52': '2', '53': '2',
  '27': '3', '32': '3', '44': '3',
  '84': '4', '93': '4', '94': '4',
  '75': '5', '76': '5',
};
const SOUTH_EAST_OCCITANIE = new Set(['11', '30', '34', '48', '66']);

// Second digits the numbering plan allows after each zone (e.g. 026x is mostly overseas).
const LANDLINE_SECOND_DIGIT: Readonly<Record<string, string>> = {
  '1': '0123456789', '2': '01234578', '3': '0123456789', '4': '123456789', '5': '012345678',
};
// 063x and 069x are overseas ranges; 070–072 are not allocated.
const MOBILE_SECOND_DIGIT: Readonly<Record<string, string>> = { '6': '01245678', '7': '3456789' };

/** The landline zone digit (1–5) of a mainland département, "4" for the Rhône. */
export function landlineZone(departement: string, region: string): string {
  if (region === '76' && SOUTH_EAST_OCCITANIE.has(departement)) return '4';
  return ZONE_BY_REGION[region] ?? '1';
}

function isValid(e164: string, type: 'MOBILE' | 'FIXED_LINE'): boolean {
  const phone = parsePhoneNumberFromString(e164);
  return phone !== undefined && phone.isValid() && phone.getType() === type;
}

/** Draws numbers from a recipe until libphonenumber agrees it is a real number of that type. */
function drawValid(random: Random, type: 'MOBILE' | 'FIXED_LINE', recipe: () => string): string {
  for (let attempt = 0; attempt < 100; attempt++) {
    const e164 = recipe();
    if (isValid(e164, type)) return e164;
  }
  throw new Error(`no valid ${type} number after 100 draws`);
}

function pairs(digits: string): string {
  return digits.replace(/(\d{2})(?=\d)/g, '$1 ');
}

/** Writes a mainland number (9 national digits) the many ways people type it. */
function mainlandRaw(random: Random, national: string): string {
  const roll = random.next();
  if (roll < 0.45) return pairs(`0${national}`);
  if (roll < 0.7) return `0${national}`;
  if (roll < 0.85) return pairs(`0${national}`).replaceAll(' ', '.');
  if (roll < 0.95) return `+33 ${national.slice(0, 1)} ${pairs(national.slice(1))}`;
  return `+33${national}`;
}

/**
 * Writes an overseas number the way it is written there ("0692 12 34 56"), or with its calling
 * code when the local form would read as a mainland number too (libphonenumber files 0596 and
 * 0269 under +33 as well), so that importing the raw value gives back the same number.
 */
function overseasRaw(random: Random, plan: OverseasPlan, national: string): string {
  const ambiguous = parsePhoneNumberFromString(`0${national}`, 'FR')?.isValid() === true;
  const roll = ambiguous ? 1 : random.next();
  if (roll < 0.5) return `0${national.slice(0, 3)} ${pairs(national.slice(3))}`;
  if (roll < 0.75) return `0${national}`;
  return `+${plan.callingCode} ${national.slice(0, 3)} ${pairs(national.slice(3))}`;
}

/**
 * A mobile number a caller could ring and text: 06/07 on the mainland, the local mobile range
 * (0692, 0696…) for someone living in an overseas department.
 *
 * @example demoMobile(createRandom(1), '69') // { e164: '+33678…', raw: '06 78 …' }
 */
export function demoMobile(random: Random, departement: string): DemoPhone {
  const plan = OVERSEAS[departement];
  if (plan) {
    let national = '';
    const e164 = drawValid(random, 'MOBILE', () => {
      national = random.pick(plan.mobiles) + random.digits(6);
      return `+${plan.callingCode}${national}`;
    });
    return { e164, raw: overseasRaw(random, plan, national) };
  }
  let national = '';
  const e164 = drawValid(random, 'MOBILE', () => {
    const first = random.chance(0.7) ? '6' : '7';
    national = first + random.pick([...(MOBILE_SECOND_DIGIT[first] as string)]) + random.digits(7);
    return `+33${national}`;
  });
  return { e164, raw: mainlandRaw(random, national) };
}

/**
 * A home landline matching where the person lives: 04 in Lyon, 01 in Paris, 0262 in La Réunion.
 *
 * @example demoLandline(createRandom(1), '69', '84') // { e164: '+334…', raw: '04 …' }
 */
export function demoLandline(random: Random, departement: string, region: string): DemoPhone {
  const plan = OVERSEAS[departement];
  if (plan) {
    let national = '';
    const e164 = drawValid(random, 'FIXED_LINE', () => {
      national = plan.landline + random.digits(6);
      return `+${plan.callingCode}${national}`;
    });
    return { e164, raw: overseasRaw(random, plan, national) };
  }
  const zone = landlineZone(departement, region);
  let national = '';
  const e164 = drawValid(random, 'FIXED_LINE', () => {
    national = zone + random.pick([...(LANDLINE_SECOND_DIGIT[zone] as string)]) + random.digits(7);
    return `+33${national}`;
  });
  return { e164, raw: mainlandRaw(random, national) };
}
