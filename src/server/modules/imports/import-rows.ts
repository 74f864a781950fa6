/**
 * Turns one record of an imported file into the person it describes, following the organizer's
 * mapping, and says what could not be used. Pure: no database, so it is tested with tables of
 * cases and runs a million times per large import.
 *
 * What happens to each kind of bad value (the error report lists every one):
 * - a line whose column count differs from the header's is skipped (`wrong_column_count`): its
 *   values may have shifted into the wrong fields. Extra trailing empty cells are tolerated.
 * - a line with no name, e-mail, phone or identifier is skipped (`no_identity`).
 * - an invalid phone is kept as written, flagged invalid (never dialled) and reported
 *   (`invalid_phone`): the organizer can fix it on the profile, and nothing typed is lost.
 * - an invalid e-mail, date, yes/no value, an unclear support level, a tag over 100 characters or
 *   a value over 500 characters is left out and reported; the rest of the line is imported.
 */
import type { ColumnMappingInput } from '../../../shared/contracts/imports.js';
import type { ImportField } from '../../../shared/people/import-fields.js';
import { REPEATABLE_IMPORT_FIELDS } from '../../../shared/people/import-fields.js';
import { IMPORT_ISSUE_SEVERITY, type ImportIssueCode, type ImportIssueSeverity } from '../../../shared/people/import-issues.js';
import { normalizePhone, type NormalizedPhone } from '../../../shared/people/phone.js';
import { parseSupportLevel } from '../../../shared/people/support-level.js';

/** A person as one line (or several duplicate lines) of the file describes them; null = not given. */
export interface StagedPerson {
  /** The line the person starts at (the first of their lines when duplicates were merged). */
  line: number;
  externalId: string | null;
  firstName: string | null;
  lastName: string | null;
  birthDate: string | null;
  /** The primary e-mail, lower case. */
  email: string | null;
  mobile: NormalizedPhone | null;
  phone: NormalizedPhone | null;
  /** Further e-mails of the line (lower case), kept as additional e-mails. */
  extraEmails: string[];
  /** Further numbers of the line that found no free primary slot, kept as additional phones. */
  extraPhones: NormalizedPhone[];
  address1: string | null;
  address2: string | null;
  postalCode: string | null;
  city: string | null;
  communeCode: string | null;
  pollingStation: string | null;
  constituency: string | null;
  supportLevel: number | null;
  /** Only `true` is ever imported for these: an import never clears an objection or a role. */
  isVolunteer: boolean;
  doNotCall: boolean;
  doNotEmail: boolean;
  doNotText: boolean;
  tags: string[];
  custom: Record<string, string | boolean>;
}

export interface RowIssue {
  line: number;
  severity: ImportIssueSeverity;
  code: ImportIssueCode;
  column: string | null;
  value: string | null;
  params: Record<string, unknown>;
}

/** The mapping, checked and indexed for the per-row work. */
export interface MappingPlan {
  headers: readonly string[];
  /** Columns of each field, left to right. */
  byField: ReadonlyMap<ImportField, readonly number[]>;
  custom: ReadonlyArray<{ column: number; key: string }>;
  /** Tags added to every person of the file. */
  fileTags: readonly string[];
}

/** Why a mapping cannot be used, by the path of the entry at fault and an i18n key. */
export interface MappingProblem {
  path: string;
  message: string;
}

const IDENTITY_FIELDS: ReadonlySet<ImportField> = new Set<ImportField>([
  'externalId', 'voterId', 'firstName', 'lastName', 'birthName', 'email', 'phone', 'mobilePhone', 'landlinePhone', 'workPhone',
]);

/**
 * Checks a confirmed mapping against the file's header: known columns, each field once (tags
 * excepted), at least one field that says who the person is.
 */
export function planMapping(mapping: readonly ColumnMappingInput[], headers: readonly string[], fileTags: readonly string[] = []): MappingPlan | MappingProblem[] {
  const problems: MappingProblem[] = [];
  const byField = new Map<ImportField, number[]>();
  const custom: { column: number; key: string }[] = [];
  const seenColumns = new Set<number>();
  mapping.forEach((entry, index) => {
    if (entry.column >= headers.length || seenColumns.has(entry.column)) {
      problems.push({ path: `mapping.${index}.column`, message: 'validation:mapping_unknown_column' });
      return;
    }
    seenColumns.add(entry.column);
    if (entry.field === null) return;
    if (entry.field === 'custom') {
      const key = (entry.customKey ?? headers[entry.column] ?? '').trim().slice(0, 60);
      if (key === '') problems.push({ path: `mapping.${index}.customKey`, message: 'validation:required' });
      else custom.push({ column: entry.column, key });
      return;
    }
    const columns = byField.get(entry.field) ?? [];
    if (columns.length > 0 && !REPEATABLE_IMPORT_FIELDS.has(entry.field)) {
      problems.push({ path: `mapping.${index}.field`, message: 'validation:mapping_duplicate' });
      return;
    }
    columns.push(entry.column);
    byField.set(entry.field, columns);
  });
  if (problems.length === 0 && ![...byField.keys()].some((field) => IDENTITY_FIELDS.has(field))) {
    problems.push({ path: 'mapping', message: 'validation:mapping_no_identity' });
  }
  if (problems.length > 0) return problems;
  for (const columns of byField.values()) columns.sort((a, b) => a - b);
  return { headers, byField, custom, fileTags: uniqueTags(fileTags.map((t) => t.trim()).filter((t) => t !== '')) };
}

const MAX_VALUE = 500;
const MAX_CUSTOM_VALUE = 2000;
const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;
const TRUE_WORDS = new Set(['1', 'true', 'vrai', 'oui', 'yes', 'y', 'o', 'x', 't']);
const FALSE_WORDS = new Set(['0', 'false', 'faux', 'non', 'no', 'n', 'f']);

/** What one record gives: the person (null when the line is skipped) and the problems found. */
export interface NormalizedRecord {
  person: StagedPerson | null;
  issues: RowIssue[];
}

/** Collapses runs of white space to one space; most cells have none, and are returned as they are. */
function collapseSpaces(value: string): string {
  return MULTI_SPACE.test(value) ? value.replace(/\s+/g, ' ') : value;
}
const MULTI_SPACE = /\s\s|[^\S ]/;

/**
 * One record's cells as the plan reads them, and the problems found on the way. A class rather
 * than closures made for each record: a file has millions of records.
 */
class RecordReader {
  readonly issues: RowIssue[] = [];

  constructor(
    readonly fields: readonly string[],
    readonly line: number,
    readonly plan: MappingPlan,
  ) {}

  issue(code: ImportIssueCode, column: number | null, value: string | null, params: Record<string, unknown> = {}): void {
    this.issues.push({ line: this.line, severity: IMPORT_ISSUE_SEVERITY[code], code, column: column === null ? null : (this.plan.headers[column] ?? null), value, params });
  }

  cell(column: number): string {
    return (this.fields[column] ?? '').trim();
  }

  /** The first non-empty value of a field, checked for length. */
  text(field: ImportField): string | null {
    const columns = this.plan.byField.get(field);
    if (columns === undefined) return null;
    for (const column of columns) {
      const value = collapseSpaces(this.cell(column));
      if (value === '') continue;
      if (value.length > MAX_VALUE) {
        this.issue('value_too_long', column, `${value.slice(0, 40)}…`, { max: MAX_VALUE });
        continue;
      }
      return value;
    }
    return null;
  }

  columnOf(field: ImportField): number | null {
    return this.plan.byField.get(field)?.[0] ?? null;
  }

  flag(field: ImportField): boolean | null {
    const value = this.text(field);
    if (value === null) return null;
    const word = value.toLowerCase();
    if (TRUE_WORDS.has(word)) return true;
    if (FALSE_WORDS.has(word)) return false;
    this.issue('invalid_boolean', this.columnOf(field), value);
    return null;
  }
}

/**
 * Reads one data record of the file with the plan.
 *
 * @example normalizeRecord(['Anne', '06 12 34 56 78'], 2, plan).person?.mobile?.e164 // '+33612345678'
 */
export function normalizeRecord(fields: readonly string[], line: number, plan: MappingPlan): NormalizedRecord {
  const reader = new RecordReader(fields, line, plan);
  const { issues } = reader;
  const expected = plan.headers.length;
  if (fields.length !== expected && !(fields.length > expected && fields.slice(expected).every((f) => f.trim() === ''))) {
    reader.issue('wrong_column_count', null, null, { found: fields.length, expected });
    return { person: null, issues };
  }
  const custom: Record<string, string | boolean> = {};
  const voterId = reader.text('voterId');
  let externalId = reader.text('externalId');
  if (voterId !== null) {
    custom.ine = voterId;
    // The national voter id is the stable key of an electoral list: re-importing the next
    // extract updates the same people. Prefixed so it can never collide with another tool's ids.
    externalId ??= `ine:${voterId}`;
  }

  const firstName = reader.text('firstName');
  const birthName = reader.text('birthName');
  // The REU fills "Nom d'usage" only when it differs from the birth name.
  const lastName = reader.text('lastName') ?? birthName;
  if (birthName !== null) custom.birth_name = birthName;

  // Every e-mail column, left to right: the first valid address is the primary one.
  const emails: string[] = [];
  for (const column of plan.byField.get('email') ?? []) {
    const value = collapseSpaces(reader.cell(column));
    if (value === '') continue;
    const lowered = value.toLowerCase().replace(/^mailto:/, '');
    if (EMAIL.test(lowered) && lowered.length <= 320) {
      if (!emails.includes(lowered)) emails.push(lowered);
    } else {
      reader.issue('invalid_email', column, value.length > MAX_VALUE ? `${value.slice(0, 40)}…` : value);
    }
  }
  const email = emails[0] ?? null;
  const extraEmails = emails.slice(1);

  const { mobile, phone, extraPhones } = placePhones(reader);

  let supportLevel: number | null = null;
  const supportText = reader.text('supportLevel');
  if (supportText !== null) {
    supportLevel = parseSupportLevel(supportText);
    if (supportLevel === null) reader.issue('invalid_support_level', reader.columnOf('supportLevel'), supportText);
  }

  let birthDate: string | null = null;
  const birthText = reader.text('birthDate');
  if (birthText !== null) {
    birthDate = parseDate(birthText);
    if (birthDate === null) reader.issue('invalid_date', reader.columnOf('birthDate'), birthText);
  }

  const streetNumber = reader.text('streetNumber');
  const streetName = reader.text('streetName');
  const street = [streetNumber, streetName].filter((v) => v !== null).join(' ');
  const address1 = reader.text('address1') ?? (street === '' ? null : street);
  const complements = [reader.text('address2'), reader.text('address3')].filter((v) => v !== null);

  const tags: string[] = [...plan.fileTags];
  for (const column of plan.byField.get('tags') ?? []) {
    for (const raw of reader.cell(column).split(/[,;|]/)) {
      const tag = collapseSpaces(raw.trim());
      if (tag === '') continue;
      if (tag.length > 100) reader.issue('tag_too_long', column, `${tag.slice(0, 40)}…`);
      else tags.push(tag);
    }
  }

  for (const [field, key] of [
    ['pollingStationName', 'polling_station_name'],
    ['voterListNumber', 'voter_list_number'],
    ['birthPlace', 'birth_place'],
    ['birthDepartment', 'birth_department'],
  ] as const) {
    const value = reader.text(field);
    if (value !== null) custom[key] = value;
  }
  for (const field of ['emailOptIn', 'smsOptIn'] as const) {
    const value = reader.flag(field);
    // An opt-in is not an objection: kept as a fact about the person, not turned into a flag.
    if (value !== null) custom[field === 'emailOptIn' ? 'email_opt_in' : 'sms_opt_in'] = value;
  }
  for (const { column, key } of plan.custom) {
    const value = reader.cell(column);
    if (value === '') continue;
    if (value.length > MAX_CUSTOM_VALUE) reader.issue('value_too_long', column, `${value.slice(0, 40)}…`, { max: MAX_CUSTOM_VALUE });
    else custom[key] = value;
  }

  const doNotContact = reader.flag('doNotContact') === true;
  const person: StagedPerson = {
    line,
    externalId,
    firstName,
    lastName,
    birthDate,
    email,
    mobile,
    phone,
    extraEmails,
    extraPhones,
    address1,
    address2: complements.length > 0 ? complements.join(', ') : null,
    postalCode: padCode(reader.text('postalCode')),
    city: reader.text('city'),
    communeCode: padCode(reader.text('inseeCode'))?.toUpperCase() ?? null,
    pollingStation: reader.text('pollingStation'),
    constituency: reader.text('constituency'),
    supportLevel,
    isVolunteer: reader.flag('isVolunteer') === true,
    doNotCall: reader.flag('doNotCall') === true || doNotContact,
    doNotEmail: doNotContact,
    doNotText: doNotContact,
    tags: uniqueTags(tags),
    custom,
  };
  if (externalId === null && firstName === null && lastName === null && email === null && mobile === null && phone === null && extraPhones.length === 0) {
    return { person: null, issues: [{ line, severity: 'skipped', code: 'no_identity', column: null, value: null, params: {} }] };
  }
  return { person, issues };
}

/**
 * Puts the numbers of a line in the person's two slots. A valid number goes where its kind says
 * (a mobile in the mobile slot, a landline in the other), whatever its column's name; an invalid
 * one goes to its column's slot. A number with no free slot is kept as an additional phone.
 */
function placePhones(reader: RecordReader): { mobile: NormalizedPhone | null; phone: NormalizedPhone | null; extraPhones: NormalizedPhone[] } {
  let mobile: NormalizedPhone | null = null;
  let phone: NormalizedPhone | null = null;
  const extraPhones: NormalizedPhone[] = [];
  const invalid: { slot: 'mobile' | 'phone'; number: NormalizedPhone }[] = [];
  for (const { field, column, slot } of phoneColumns(reader.plan)) {
    const raw = reader.cell(column);
    if (raw === '') continue;
    const number = normalizePhone(raw);
    if (!number.valid) {
      reader.issue('invalid_phone', column, raw);
      invalid.push({ slot, number });
    } else if (mobile?.e164 === number.e164 || phone?.e164 === number.e164 || extraPhones.some((x) => x.e164 === number.e164)) {
      continue;
    } else if (number.kind === 'mobile' && mobile === null) {
      mobile = number;
    } else if (phone === null && field !== 'mobilePhone') {
      phone = number;
    } else if (mobile === null && number.kind !== 'landline') {
      mobile = number;
    } else if (phone === null) {
      phone = number;
    } else {
      extraPhones.push(number);
    }
  }
  for (const { slot, number } of invalid) {
    if (slot === 'mobile' && mobile === null) mobile = number;
    else if (phone === null) phone = number;
    else if (mobile === null) mobile = number;
    else if (!extraPhones.some((x) => x.raw === number.raw)) extraPhones.push(number);
  }
  return { mobile, phone, extraPhones };
}

/** The plan's phone columns in the order `placePhones` reads them, worked out once per plan. */
function phoneColumns(plan: MappingPlan): readonly PhoneColumn[] {
  let columns = PHONE_COLUMNS.get(plan);
  if (columns === undefined) {
    columns = (['mobilePhone', 'phone', 'landlinePhone', 'workPhone'] as const).flatMap((field) =>
      (plan.byField.get(field) ?? []).map((column) => ({ field, column, slot: field === 'mobilePhone' ? ('mobile' as const) : ('phone' as const) })),
    );
    PHONE_COLUMNS.set(plan, columns);
  }
  return columns;
}
interface PhoneColumn {
  field: 'mobilePhone' | 'phone' | 'landlinePhone' | 'workPhone';
  column: number;
  slot: 'mobile' | 'phone';
}
const PHONE_COLUMNS = new WeakMap<MappingPlan, readonly PhoneColumn[]>();

function uniqueTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  return tags.filter((tag) => {
    const key = tag.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Codes a spreadsheet turned into numbers lose their leading 0 ("1000" for Ain's "01000"). */
function padCode(value: string | null): string | null {
  if (value === null) return null;
  return /^\d{4}$/.test(value) ? `0${value}` : value;
}

/**
 * Reads a date as French files write it: DD/MM/YYYY (also with `-` or `.`), YYYY-MM-DD (with a
 * time after it, as exports add), or YYYYMMDD. A first number over 12 can only be a day; a second
 * over 12 means an American MM/DD/YYYY (NationBuilder). Returns 'YYYY-MM-DD' or null.
 *
 * @example parseDate('17/05/1980') // '1980-05-17'
 */
export function parseDate(text: string, now?: Date): string | null {
  let year: number;
  let month: number;
  let day: number;
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(text);
  if (match) {
    [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else if ((match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?: [\d:]+)?$/.exec(text))) {
    const a = Number(match[1]);
    const b = Number(match[2]);
    year = Number(match[3]);
    if (b > 12 && a <= 12) [month, day] = [a, b];
    else [day, month] = [a, b];
  } else if ((match = /^(\d{4})(\d{2})(\d{2})$/.exec(text))) {
    [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else {
    return null;
  }
  // Checked with arithmetic, not a Date object: an import reads millions of dates.
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (year < 1880 || year * 10_000 + month * 100 + day > utcDayKey(now?.getTime() ?? Date.now())) return null;
  return `${year}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** YYYYMMDD of the UTC day holding the instant, the day remembered between calls. */
function utcDayKey(ms: number): number {
  if (ms < lastDay.start || ms >= lastDay.start + 86_400_000) {
    const date = new Date(ms);
    lastDay = {
      start: Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()),
      key: date.getUTCFullYear() * 10_000 + (date.getUTCMonth() + 1) * 100 + date.getUTCDate(),
    };
  }
  return lastDay.key;
}
let lastDay = { start: 0, key: 0 };

/** Lower-cased first word of a first name: "Jean-Marc" and "jean-marc Louis" agree. */
export function firstNameKey(firstName: string | null): string | null {
  if (firstName === null || firstName === '') return null;
  return firstName.split(' ')[0]!.toLowerCase();
}

/** The file's lines a person was built from, once duplicates of a chunk are merged. */
export interface MergedPerson {
  person: StagedPerson;
  /** Later lines of the same chunk that were the same person, and what recognised them. */
  duplicates: { line: number; matchedBy: 'external_id' | 'email' | 'phone' }[];
}

/**
 * What can make a line the same person as another line or a stored person (see `mergeDuplicates`
 * and import-merge.ts): its external id, e-mails and numbers, given one by one to `test` until it
 * returns true. Two lines sharing none of these are never matched to each other, whatever else
 * they hold. The three kinds are not told apart (an external id written like an e-mail is
 * taken for one): a caller can only find lines that might be the same person, never miss one.
 */
export function someIdentity(person: StagedPerson, test: (key: string) => boolean): boolean {
  if (person.externalId !== null && test(person.externalId)) return true;
  // E-mails are lower case already (normalizeRecord).
  if (person.email !== null && test(person.email)) return true;
  for (const address of person.extraEmails) if (test(address)) return true;
  if (person.mobile?.e164 && test(person.mobile.e164)) return true;
  if (person.phone?.e164 && test(person.phone.e164)) return true;
  for (const extra of person.extraPhones) if (extra.e164 && test(extra.e164)) return true;
  return false;
}

/**
 * Merges the lines of a chunk that describe the same person, with the rule used against the
 * database: same external id; else (when one of them has no external id) the same e-mail; else
 * the same valid phone number when the first names agree or one is missing (a household shares a
 * landline, and Jean and Marie Dupont are two people). A later line wins each field it fills, as
 * a later chunk's line does when it updates the stored person (one rule, whatever the chunking);
 * an empty cell erases nothing; a valid phone is never replaced by an invalid one; tags add up.
 */
export function mergeDuplicates(people: readonly StagedPerson[]): MergedPerson[] {
  const out: MergedPerson[] = [];
  const byExternal = new Map<string, number>();
  const byEmail = new Map<string, number[]>();
  const byPhone = new Map<string, number[]>();
  const compatible = (a: StagedPerson, b: StagedPerson) => a.externalId === null || b.externalId === null;
  // Each look-up allocates nothing unless the key was seen before: most lines have no duplicate.
  const byEmailOf = (person: StagedPerson, address: string | null) => {
    const list = address === null ? undefined : byEmail.get(address);
    return list?.find((i) => compatible(out[i]!.person, person));
  };
  const byPhoneOf = (person: StagedPerson, number: string | null | undefined) => {
    const list = number ? byPhone.get(number) : undefined;
    if (list === undefined) return undefined;
    const key = firstNameKey(person.firstName);
    return list.find((i) => {
      const other = out[i]!.person;
      const otherKey = firstNameKey(other.firstName);
      return compatible(other, person) && (key === null || otherKey === null || key === otherKey);
    });
  };
  for (const person of people) {
    let target: number | undefined;
    let matchedBy: 'external_id' | 'email' | 'phone' = 'external_id';
    if (person.externalId !== null) target = byExternal.get(person.externalId);
    if (target === undefined && (person.email !== null || person.extraEmails.length > 0)) {
      target = byEmailOf(person, person.email);
      for (let k = 0; target === undefined && k < person.extraEmails.length; k++) target = byEmailOf(person, person.extraEmails[k]!);
      matchedBy = 'email';
    }
    if (target === undefined) {
      target = byPhoneOf(person, person.mobile?.e164) ?? byPhoneOf(person, person.phone?.e164);
      for (let k = 0; target === undefined && k < person.extraPhones.length; k++) target = byPhoneOf(person, person.extraPhones[k]!.e164);
      matchedBy = 'phone';
    }
    if (target === undefined) {
      target = out.length;
      // Copied only when a later line is merged into it: most lines have no duplicate.
      out.push({ person, duplicates: [] });
    } else {
      const merged = out[target]!;
      if (merged.duplicates.length === 0) {
        const first = merged.person;
        merged.person = { ...first, tags: [...first.tags], custom: { ...first.custom }, extraEmails: [...first.extraEmails], extraPhones: [...first.extraPhones] };
      }
      fill(merged.person, person);
      merged.duplicates.push({ line: person.line, matchedBy });
    }
    const kept = out[target]!.person;
    if (kept.externalId !== null) byExternal.set(kept.externalId, target);
    if (kept.email !== null) addTo(byEmail, kept.email, target);
    for (const address of kept.extraEmails) addTo(byEmail, address, target);
    if (kept.mobile?.e164) addTo(byPhone, kept.mobile.e164, target);
    if (kept.phone?.e164) addTo(byPhone, kept.phone.e164, target);
    for (const extra of kept.extraPhones) if (extra.e164) addTo(byPhone, extra.e164, target);
  }
  return out;
}

function addTo(map: Map<string, number[]>, key: string, index: number): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [index]);
  else if (!list.includes(index)) list.push(index);
}

function fill(into: StagedPerson, from: StagedPerson): void {
  const keys = ['externalId', 'firstName', 'lastName', 'birthDate', 'email', 'address1', 'address2', 'postalCode', 'city', 'communeCode', 'pollingStation', 'constituency', 'supportLevel'] as const;
  for (const key of keys) {
    if (from[key] !== null && !(key === 'externalId' && into.externalId !== null)) (into as unknown as Record<string, unknown>)[key] = from[key];
  }
  for (const slot of ['mobile', 'phone'] as const) {
    const mine = into[slot];
    const theirs = from[slot];
    if (theirs !== null && (mine === null || theirs.valid || !mine.valid)) into[slot] = theirs;
  }
  into.isVolunteer ||= from.isVolunteer;
  into.doNotCall ||= from.doNotCall;
  into.doNotEmail ||= from.doNotEmail;
  into.doNotText ||= from.doNotText;
  into.tags = uniqueTags([...into.tags, ...from.tags]);
  into.custom = { ...into.custom, ...from.custom };
  // Additional e-mails and numbers add up, as tags do (the primary ones follow the rule above).
  into.extraEmails = [...new Set([...into.extraEmails, ...from.extraEmails])].filter((e) => e !== into.email);
  const primaries = new Set([into.mobile?.e164, into.phone?.e164].filter((e) => e !== null && e !== undefined));
  const extras: NormalizedPhone[] = [];
  for (const number of [...into.extraPhones, ...from.extraPhones]) {
    const key = number.e164 ?? number.raw;
    if ((number.e164 !== null && primaries.has(number.e164)) || extras.some((x) => (x.e164 ?? x.raw) === key)) continue;
    extras.push(number);
  }
  into.extraPhones = extras;
}
