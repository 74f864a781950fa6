import { IMPORT_FIELD_LABELS, IMPORT_FIELDS, REPEATABLE_IMPORT_FIELDS } from '../../../shared/people/import-fields.js';
import type { ImportField } from '../../../shared/people/import-fields.js';

export { IMPORT_FIELD_LABELS, IMPORT_FIELDS, REPEATABLE_IMPORT_FIELDS };
export type { ImportField };

/** What the mapping screen proposes for one column of an upload; the organizer confirms or changes it. */
export interface ColumnMapping {
  /** 0-based position of the column in the file. */
  column: number;
  header: string;
  /** null when no field fits, or when an earlier or better-named column already took it. */
  field: ImportField | null;
  /** 'exact' for a known header name, 'guess' for one recognised by a word it contains. */
  match: 'exact' | 'guess' | null;
}

// Known header names, best first: when two columns name the same field, the one whose name comes
// first here wins (NationBuilder's `nationbuilder_id` over its `external_id`). Compared without
// case, accents, spaces or punctuation, so "Prénom", "PRENOM" and "prénom " are one.
const ALIASES: Readonly<Record<ImportField, readonly string[]>> = {
  externalId: ['nationbuilder id', 'external id', 'id', 'identifiant', 'identifiant externe', 'id externe', 'reference', 'ref', 'person id', 'contact id', 'uid'],
  voterId: ['identifiant national electeur', 'ine', 'numero national electeur', 'identifiant electeur'],
  firstName: ['prenom', 'prenoms', 'first name', 'firstname', 'given name', 'prenom usuel', 'first'],
  lastName: ['nom', "nom d usage", 'nom usage', 'nom usuel', 'last name', 'lastname', 'surname', 'family name', 'nom de famille', 'last'],
  birthName: ['nom de naissance', 'nom patronymique', 'nom de jeune fille', 'birth name', 'maiden name'],
  email: [
    'email', 'courriel', 'mail', 'adresse email', 'adresse mail', 'adresse electronique', 'email address', 'mel', 'email 1',
    // A second, third… address (NationBuilder's email2 to email4, "E-mail 2", "Courriel 2").
    'email 2', 'email 3', 'email 4', 'email 5', 'courriel 2', 'courriel 3', 'mail 2', 'mail 3', 'other email', 'autre email',
  ],
  phone: [
    'telephone', 'tel', 'phone', 'phone number', 'numero de telephone', 'telephone 1', 'tel 1', 'telephone principal', 'primary phone',
    'telephone 2', 'telephone 3', 'tel 2', 'tel 3', 'phone 2', 'phone 3', 'phone number 2', 'autre telephone', 'other phone',
  ],
  mobilePhone: [
    'mobile', 'portable', 'mobile number', 'mobile phone', 'telephone portable', 'tel portable', 'telephone mobile', 'tel mobile', 'numero de portable', 'cell', 'cell phone', 'gsm',
    'portable 2', 'mobile 2', 'mobile number 2',
  ],
  landlinePhone: ['fixe', 'telephone fixe', 'tel fixe', 'landline', 'home phone', 'home phone number', 'telephone domicile', 'tel domicile'],
  workPhone: ['work phone number', 'work phone', 'telephone professionnel', 'tel professionnel', 'tel pro', 'telephone pro', 'telephone bureau', 'tel bureau'],
  address1: ['adresse', 'adresse 1', 'adresse ligne 1', 'address', 'address 1', 'address line 1', 'primary address 1', 'adresse postale', "adresse de l electeur", 'street address', 'adresse complete'],
  address2: ['complement', 'complement 1', 'complement d adresse', 'complement adresse', 'complement de l adresse', 'adresse 2', 'adresse ligne 2', 'address 2', 'address line 2', 'primary address 2'],
  address3: ['complement 2', 'complement d adresse 2', 'adresse 3', 'adresse ligne 3', 'address 3', 'address line 3', 'primary address 3', 'lieu dit'],
  streetNumber: ['numero de voie', 'numero voie', 'num voie', 'numero de rue', 'street number', 'house number'],
  streetName: ['libelle de voie', 'libelle voie', 'type et libelle de voie', 'nom de voie', 'nom de la voie', 'voie', 'rue', 'street name', 'street'],
  postalCode: ['code postal', 'cp', 'postal code', 'zip', 'zip code', 'postcode', 'primary zip'],
  city: ['commune', 'ville', 'city', 'localite', 'libelle de la commune', 'libelle commune', 'nom de la commune', 'primary city', 'town', 'commune de residence'],
  inseeCode: ['code insee', 'insee', 'code commune', 'code de la commune', 'code commune insee', 'code insee commune', 'insee code', 'cog'],
  pollingStation: ['code du bureau de vote', 'bureau de vote', 'code bureau de vote', 'numero du bureau de vote', 'numero de bureau de vote', 'numero bureau de vote', 'numero de bureau', 'numero bureau', 'code bureau', 'bureau', 'bv', 'polling station', 'polling station code', 'precinct code', 'precinct'],
  pollingStationName: ['libelle du bureau de vote', 'libelle bureau de vote', 'nom du bureau de vote', 'libelle bureau', 'lieu de vote', 'polling station name', 'precinct name'],
  voterListNumber: ["numero d ordre dans le bureau de vote", "numero d ordre", "numero d ordre dans le bureau"],
  constituency: ['circonscription', 'circo', 'circonscription legislative', 'code circonscription', 'constituency', 'district'],
  birthDate: ['date de naissance', 'date naissance', 'ddn', 'ne le', 'nee le', 'ne e le', 'birth date', 'birthdate', 'date of birth', 'dob', 'born at', 'birthday'],
  birthPlace: ['libelle de la commune de naissance', 'commune de naissance', 'lieu de naissance', 'ville de naissance', 'birthplace', 'place of birth'],
  birthDepartment: ['code du departement de naissance', 'departement de naissance', 'code departement de naissance', 'libelle du departement de naissance'],
  supportLevel: ['niveau de soutien', 'support level', 'soutien', 'niveau soutien', 'support'],
  tags: ['etiquettes', 'etiquette', 'tags', 'tag', 'tag list', 'mots cles', 'mot cle', 'labels'],
  isVolunteer: ['is volunteer', 'volunteer', 'benevole', 'est benevole'],
  emailOptIn: ['email opt in', 'accepte les emails', 'accepte les e mails', 'consentement email', 'opt in email', 'newsletter'],
  smsOptIn: ['mobile opt in', 'sms opt in', 'accepte les sms', 'consentement sms'],
  doNotCall: ['do not call', 'ne pas appeler', 'dnc'],
  doNotContact: ['do not contact', 'ne pas contacter', 'ne plus contacter'],
};

/** Lower case, no accents, "n°" read as "numero", punctuation as spaces, single spaces. */
export function normalizeHeader(header: string): string {
  return header
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/\bn\s*[°º]/g, 'numero ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

const compact = (normalized: string): string => normalized.replace(/ /g, '');

const BY_ALIAS: ReadonlyMap<string, { field: ImportField; rank: number }> = new Map(
  IMPORT_FIELDS.flatMap((field) =>
    ALIASES[field].map((alias, rank) => [compact(normalizeHeader(alias)), { field, rank }] as const),
  ),
);

type Rule = readonly [test: (words: ReadonlySet<string>) => boolean, field: ImportField | null];
const has = (...words: string[]) => (set: ReadonlySet<string>) => words.some((w) => set.has(w));
const all = (...tests: Array<(set: ReadonlySet<string>) => boolean>) => (set: ReadonlySet<string>) =>
  tests.every((test) => test(set));

// Headers that are not known names but say what they hold ("Téléphone portable perso",
// "Tag 2"). Checked in order; a rule mapping to null stops the guessing on purpose (a birth
// detail must not land in the person's own address or name).
const RULES: readonly Rule[] = [
  [all(has('naissance', 'birth'), has('date')), 'birthDate'],
  [all(has('naissance', 'birth'), has('commune', 'lieu', 'ville', 'place', 'city')), 'birthPlace'],
  [all(has('naissance', 'birth'), has('departement')), 'birthDepartment'],
  [all(has('naissance', 'birth'), has('nom', 'name')), 'birthName'],
  [has('naissance', 'birth'), null],
  [has('opt', 'optin', 'optout', 'consentement', 'accepte', 'not', 'pas', 'plus', 'verified'), null],
  [has('prenom', 'prenoms', 'firstname'), 'firstName'],
  [has('email', 'mail', 'courriel', 'emails', 'mails', 'electronique'), 'email'],
  [has('portable', 'mobile', 'gsm', 'cell', 'cellphone'), 'mobilePhone'],
  [all(has('tel', 'telephone', 'phone'), has('fixe', 'domicile', 'home')), 'landlinePhone'],
  [all(has('tel', 'telephone', 'phone'), has('pro', 'professionnel', 'work', 'bureau')), 'workPhone'],
  [has('tel', 'telephone', 'phone', 'telephones', 'phones'), 'phone'],
  [all(has('code'), has('postal')), 'postalCode'],
  [has('cp', 'zip', 'postcode'), 'postalCode'],
  [has('insee'), 'inseeCode'],
  [all(has('bureau', 'bv'), has('libelle', 'nom', 'lieu')), 'pollingStationName'],
  [has('bureau', 'bv', 'precinct'), 'pollingStation'],
  [has('circonscription', 'circo', 'constituency'), 'constituency'],
  [has('soutien', 'support'), 'supportLevel'],
  [has('etiquette', 'etiquettes', 'tag', 'tags'), 'tags'],
  [has('complement'), 'address2'],
  [has('adresse', 'address', 'addr'), 'address1'],
  [has('voie', 'rue', 'street'), 'streetName'],
  [has('commune', 'ville', 'city'), 'city'],
  [has('nom', 'lastname', 'surname'), 'lastName'],
];

function candidate(header: string): { field: ImportField; score: number; match: 'exact' | 'guess' } | null {
  const normalized = normalizeHeader(header);
  const alias = BY_ALIAS.get(compact(normalized));
  if (alias !== undefined) return { field: alias.field, score: 1000 - alias.rank, match: 'exact' };
  const words = new Set(normalized.split(' '));
  for (const [index, [test, field]] of RULES.entries()) {
    if (!test(words)) continue;
    return field === null ? null : { field, score: 100 - index, match: 'guess' };
  }
  return null;
}

/**
 * Proposes which person field each column of an upload fills, from its header, in French or
 * English and whatever the case, accents or spacing: "Prénom", "E-mail", "Tél. portable", the
 * columns of an electoral list extract (REU: "Nom de naissance", "Code du bureau de vote",
 * "Identifiant national électeur"…) and of a NationBuilder export (first_name, primary_zip,
 * support_level, tag_list, email2, work_phone_number…). A field goes to one column only (tags,
 * e-mails and phones excepted: REPEATABLE_IMPORT_FIELDS), the better-named one, then the leftmost;
 * the others are left unmapped for the organizer to decide.
 *
 * @example proposeMapping(['Prénom', 'Nom', 'Portable']).map((c) => c.field) // ['firstName', 'lastName', 'mobilePhone']
 */
export function proposeMapping(headers: readonly string[]): ColumnMapping[] {
  const proposals = headers.map((header, column) => ({ column, header, found: candidate(header) }));
  const taken = new Set<ImportField>();
  const winners = new Set<number>();
  const ranked = proposals
    .filter((p) => p.found !== null)
    .sort((a, b) => (b.found?.score ?? 0) - (a.found?.score ?? 0) || a.column - b.column);
  for (const { column, found } of ranked) {
    if (found === null) continue;
    if (taken.has(found.field) && !REPEATABLE_IMPORT_FIELDS.has(found.field)) continue;
    taken.add(found.field);
    winners.add(column);
  }
  return proposals.map(({ column, header, found }) =>
    found !== null && winners.has(column)
      ? { column, header, field: found.field, match: found.match }
      : { column, header, field: null, match: null },
  );
}
