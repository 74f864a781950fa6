import type { LegalBasis } from '../../platform/db/schema.js';
import type { SupportLevel } from '../../../shared/people/support-level.js';
import { constituencyCode, demoCommunes, pollingStationCode, postalCodeFor } from './demo.geography.js';
import {
  ADDRESS_COMPLEMENTS, DEMO_EMAIL_TLD, DO_NOT_CALL_REASONS, DO_NOT_EMAIL_REASONS, EMAIL_PROVIDERS, FIRST_NAMES,
  LAST_NAMES, STREET_NAMES, STREET_TYPES, type DemoTag, type NameEra,
} from './demo.names.js';
import { demoLandline, demoMobile, type DemoPhone } from './demo.phones.js';
import { createRandom, weightedTable, type Random } from './demo.random.js';

/** One fake but plausible French voter or supporter, ready to be written to `people`. */
export interface DemoPerson {
  sex: 'f' | 'm';
  firstName: string;
  lastName: string;
  /** 'YYYY-MM-DD', between 1940 and 2006. */
  birthDate: string;
  email: string | null;
  mobile: DemoPhone | null;
  landline: DemoPhone | null;
  addressLine1: string;
  addressLine2: string | null;
  postalCode: string;
  city: string;
  /** INSEE code of the commune. */
  communeCode: string;
  /** `${insee}_${NNNN}`, see pollingStationCode. */
  pollingStationCode: string;
  /** "69-03": département, constituency number. */
  constituencyCode: string;
  /** null when the campaign does not know yet (most people on an electoral list). */
  supportLevel: SupportLevel | null;
  isVolunteer: boolean;
  doNotCall: { at: Date; reason: string } | null;
  doNotEmail: { at: Date; reason: string } | null;
  legalBasis: LegalBasis;
  /** Where the record came from, as the organizer would name the file or the action. */
  dataSource: string;
  tags: DemoTag[];
  createdAt: Date;
}

/** How to generate: the same seed and reference date always give the same people. */
export interface DemoPeopleOptions {
  seed?: number;
  /** The reference "today": sign-up and do-not-call dates fall before it. */
  now?: Date;
}

/** The seed used when none is given, so `npm run demo` twice shows the same campaign. */
export const DEFAULT_DEMO_SEED = 2026;

/** Where records come from, per legal basis: the GDPR record of each person's origin. */
export const DEMO_DATA_SOURCES = {
  electoralList: 'liste électorale 2026',
  petition: 'pétition en ligne',
  meeting: 'réunion publique',
  doorToDoor: 'porte-à-porte',
  members: 'fichier des adhérents',
} as const;

const DAY = 24 * 3600 * 1000;

// Unknown 45 %, then 1 strong support … 5 strong opposition.
const SUPPORT = weightedTable<SupportLevel | null>([[null, 45], [1, 8], [2, 14], [3, 15], [4, 10], [5, 8]]);
const STREET_TYPE = weightedTable(STREET_TYPES);
const PROVIDER = weightedTable(EMAIL_PROVIDERS);
const CONSENT_SOURCE = weightedTable<string>([
  [DEMO_DATA_SOURCES.petition, 55], [DEMO_DATA_SOURCES.meeting, 20], [DEMO_DATA_SOURCES.doorToDoor, 25],
]);
// The most common surnames are drawn about eight times as often as the 200th.
const LAST_NAME = weightedTable(LAST_NAMES.map((name, rank) => [name, name === 'Müller' ? 0.05 : 1 / (rank + 1) ** 0.4] as const));
// Fewer people born in the early 1940s are still on the lists; the youngest are 20 in 2026.
const BIRTH_YEAR = weightedTable(
  Array.from({ length: 2006 - 1940 + 1 }, (_, i) => [1940 + i, i < 10 ? 0.4 + i * 0.06 : 1] as const),
);

function eraOf(year: number, random: Random): NameEra {
  // A few people carry a name from the neighbouring generation.
  const shifted = year + (random.chance(0.15) ? random.pick([-12, 12]) : 0);
  if (shifted < 1963) return 'elder';
  if (shifted < 1986) return 'middle';
  return 'young';
}

function birthDate(year: number, random: Random): string {
  const month = random.int(1, 12);
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(random.int(1, days)).padStart(2, '0')}`;
}

function emailWord(name: string): string {
  return name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z-]/g, '');
}

function address(random: Random, population: number): { line1: string; line2: string | null } {
  const roll = random.next();
  const number = roll < 0.6 ? random.int(1, 30) : roll < 0.9 ? random.int(31, 120) : random.int(121, 250);
  const suffix = random.chance(0.05) ? ' bis' : random.chance(0.01) ? ' ter' : '';
  // In villages, "Le Bourg" is the whole address of the houses around the church.
  const line1 = population < 2000 && random.chance(0.2)
    ? `${random.int(1, 40)} Le Bourg`
    : `${number}${suffix} ${STREET_TYPE.draw(random)} ${random.pick(STREET_NAMES)}`;
  const line2 = random.chance(population >= 20_000 ? 0.3 : 0.03) ? random.pick(ADDRESS_COMPLEMENTS) : null;
  return { line1, line2 };
}

function between(random: Random, from: Date, to: Date): Date {
  return new Date(from.getTime() + Math.floor(random.next() * (to.getTime() - from.getTime())));
}

function ageOn(birth: string, now: Date): number {
  return now.getUTCFullYear() - Number(birth.slice(0, 4));
}

/**
 * A stream of demo people for one campaign: call it once per person. Keeps e-mails and phone
 * numbers unique within the stream, as a de-duplicated campaign file would be.
 *
 * @example const next = createDemoPeople({ seed: 7 }); const first = next();
 */
export function createDemoPeople(options: DemoPeopleOptions = {}): () => DemoPerson {
  const random = createRandom(options.seed ?? DEFAULT_DEMO_SEED);
  const now = options.now ?? new Date(Date.UTC(2026, 1, 1, 12));
  const communes = demoCommunes();
  const emails = new Set<string>();
  const phones = new Set<string>();

  const uniquePhone = (draw: () => DemoPhone): DemoPhone => {
    let phone = draw();
    while (phones.has(phone.e164)) phone = draw();
    phones.add(phone.e164);
    return phone;
  };

  const uniqueEmail = (first: string, last: string, year: number): string => {
    const f = emailWord(first);
    const l = emailWord(last);
    const roll = random.next();
    const local = roll < 0.5 ? `${f}.${l}`
      : roll < 0.6 ? `${f}${l}`
      : roll < 0.75 ? `${f}.${l}${String(year).slice(2)}`
      : roll < 0.85 ? `${f.slice(0, 1)}.${l}`
      : roll < 0.9 ? `${l}.${f}`
      : roll < 0.95 ? `${f}_${l}`
      : `${f}.${l}${random.int(1, 99)}`;
    const domain = `${PROVIDER.draw(random)}.${DEMO_EMAIL_TLD}`;
    let email = `${local}@${domain}`;
    for (let n = 2; emails.has(email); n++) email = `${local}${n}@${domain}`;
    emails.add(email);
    return email;
  };

  return () => {
    const commune = communes.draw(random);
    const station = random.int(1, commune.stations);
    const sex = random.chance(0.52) ? 'f' : 'm';
    const year = BIRTH_YEAR.draw(random);
    const birth = birthDate(year, random);
    const age = ageOn(birth, now);
    const firstName = random.pick(FIRST_NAMES[sex][eraOf(year, random)]);
    const lastName = LAST_NAME.draw(random);
    const supportLevel = SUPPORT.draw(random);

    // Members and volunteers come mostly from strong supporters; overall ~3 % and ~5 %.
    const isMember = random.chance(supportLevel === 1 ? 0.25 : supportLevel === 2 ? 0.05 : supportLevel === null || supportLevel === 3 ? 0.005 : 0);
    const isVolunteer = random.chance(isMember ? 0.5 : supportLevel === 1 ? 0.3 : supportLevel === 2 ? 0.1 : supportLevel === null || supportLevel === 3 ? 0.01 : 0);
    const engaged = isMember || isVolunteer;

    const mobile = random.chance(engaged ? 0.98 : 0.84) ? uniquePhone(() => demoMobile(random, commune.departement)) : null;
    const landline = random.chance(age >= 60 ? 0.6 : 0.3)
      ? uniquePhone(() => demoLandline(random, commune.departement, commune.region))
      : null;
    const email = random.chance(engaged ? 0.95 : 0.574) ? uniqueEmail(firstName, lastName, year) : null;

    let legalBasis: LegalBasis;
    let dataSource: string;
    if (isMember) {
      legalBasis = 'member';
      dataSource = DEMO_DATA_SOURCES.members;
    } else if (email !== null) {
      // Giving an e-mail address was a sign-up: a petition, a meeting, a doorstep conversation.
      legalBasis = 'consent';
      dataSource = CONSENT_SOURCE.draw(random);
    } else if (random.chance(0.92)) {
      legalBasis = 'electoral_list';
      dataSource = DEMO_DATA_SOURCES.electoralList;
    } else {
      legalBasis = 'regular_contact';
      dataSource = DEMO_DATA_SOURCES.doorToDoor;
    }

    // The electoral list was imported in one go a couple of months ago; sign-ups trickle in.
    const createdAt = legalBasis === 'electoral_list'
      ? new Date(now.getTime() - 75 * DAY + random.int(0, 3600_000))
      : between(random, new Date(now.getTime() - 540 * DAY), now);

    const doNotCall = !engaged && random.chance(supportLevel === 5 ? 0.15 : 0.033)
      ? { at: between(random, createdAt, now), reason: random.pick(DO_NOT_CALL_REASONS) }
      : null;
    const doNotEmail = email !== null && !engaged && random.chance(0.113)
      ? { at: between(random, createdAt, now), reason: random.pick(DO_NOT_EMAIL_REASONS) }
      : null;

    const tags: DemoTag[] = [];
    const supporter = supportLevel === 1 || supportLevel === 2;
    if (isVolunteer || (supporter && random.chance(0.01))) tags.push('bénévole');
    if ((isMember && random.chance(0.8)) || (!isMember && supportLevel === 1 && random.chance(0.1))) tags.push('militant');
    if (random.chance(isMember ? 0.5 : supportLevel === 1 ? 0.2 : supportLevel === 2 ? 0.06 : 0.005)) tags.push('donateur');
    if (dataSource === DEMO_DATA_SOURCES.doorToDoor || random.chance(0.02)) tags.push('porte-à-porte');
    if ((supportLevel === null || supportLevel <= 3) && random.chance(0.05)) tags.push('marché du samedi');
    if (age < 30 && random.chance(0.35)) tags.push('jeunes');
    if (age >= 65 && random.chance(0.45)) tags.push('retraités');
    if (random.chance(dataSource === DEMO_DATA_SOURCES.petition ? 0.7 : 0.01)) tags.push('pétition école');
    if (dataSource === DEMO_DATA_SOURCES.meeting || (supporter && random.chance(0.08))) tags.push('réunion publique');
    if (email !== null && doNotEmail === null && legalBasis !== 'electoral_list' && random.chance(0.65)) tags.push('newsletter');

    const { line1, line2 } = address(random, commune.population);
    return {
      sex,
      firstName,
      lastName,
      birthDate: birth,
      email,
      mobile,
      landline,
      addressLine1: line1,
      addressLine2: line2,
      postalCode: postalCodeFor(commune, station),
      city: commune.name,
      communeCode: commune.code,
      pollingStationCode: pollingStationCode(commune.code, station),
      constituencyCode: constituencyCode(communes, commune, station),
      supportLevel,
      isVolunteer,
      doNotCall,
      doNotEmail,
      legalBasis,
      dataSource,
      tags,
      createdAt,
    };
  };
}

/**
 * A whole batch of demo people at once (tests, previews); the service streams with
 * createDemoPeople instead.
 *
 * @example generateDemoPeople(3, { seed: 1 }).map((p) => p.city) // e.g. ['Lyon', 'Paris', 'Brest']
 */
export function generateDemoPeople(count: number, options: DemoPeopleOptions = {}): DemoPerson[] {
  const next = createDemoPeople(options);
  return Array.from({ length: count }, () => next());
}
