/**
 * The person fields a column of an imported file can fill, as offered on the mapping screen.
 * Some exist because electoral lists and other tools split them: the importer builds the address
 * from `streetNumber` + `streetName` when `address1` is absent, and uses `birthName` as the last
 * name when the file has no usage name (the REU fills "Nom d'usage" only when it differs).
 */
export type ImportField =
  | 'externalId'
  | 'voterId'
  | 'firstName'
  | 'lastName'
  | 'birthName'
  | 'email'
  | 'phone'
  | 'mobilePhone'
  | 'landlinePhone'
  | 'workPhone'
  | 'address1'
  | 'address2'
  | 'address3'
  | 'streetNumber'
  | 'streetName'
  | 'postalCode'
  | 'city'
  | 'inseeCode'
  | 'pollingStation'
  | 'pollingStationName'
  | 'voterListNumber'
  | 'constituency'
  | 'birthDate'
  | 'birthPlace'
  | 'birthDepartment'
  | 'supportLevel'
  | 'tags'
  | 'isVolunteer'
  | 'emailOptIn'
  | 'smsOptIn'
  | 'doNotCall'
  | 'doNotContact';

/** The mapping screen's labels, in French and English, in the order the screen lists the fields. */
export const IMPORT_FIELD_LABELS: Readonly<Record<ImportField, { fr: string; en: string }>> = {
  externalId: { fr: 'Identifiant externe', en: 'External ID' },
  voterId: { fr: 'Identifiant national électeur', en: 'National voter ID' },
  firstName: { fr: 'Prénom', en: 'First name' },
  lastName: { fr: 'Nom', en: 'Last name' },
  birthName: { fr: 'Nom de naissance', en: 'Birth name' },
  email: { fr: 'E-mail', en: 'Email' },
  phone: { fr: 'Téléphone', en: 'Phone' },
  mobilePhone: { fr: 'Téléphone portable', en: 'Mobile phone' },
  landlinePhone: { fr: 'Téléphone fixe', en: 'Landline phone' },
  workPhone: { fr: 'Téléphone professionnel', en: 'Work phone' },
  address1: { fr: 'Adresse', en: 'Address line 1' },
  address2: { fr: "Complément d'adresse", en: 'Address line 2' },
  address3: { fr: "Complément d'adresse 2", en: 'Address line 3' },
  streetNumber: { fr: 'Numéro de voie', en: 'Street number' },
  streetName: { fr: 'Libellé de voie', en: 'Street name' },
  postalCode: { fr: 'Code postal', en: 'Postal code' },
  city: { fr: 'Commune', en: 'City' },
  inseeCode: { fr: 'Code commune (INSEE)', en: 'INSEE municipality code' },
  pollingStation: { fr: 'Bureau de vote', en: 'Polling station' },
  pollingStationName: { fr: 'Libellé du bureau de vote', en: 'Polling station name' },
  voterListNumber: { fr: "Numéro d'ordre dans le bureau", en: 'Number on the polling station list' },
  constituency: { fr: 'Circonscription', en: 'Constituency' },
  birthDate: { fr: 'Date de naissance', en: 'Birth date' },
  birthPlace: { fr: 'Commune de naissance', en: 'Birthplace' },
  birthDepartment: { fr: 'Département de naissance', en: 'Birth department' },
  supportLevel: { fr: 'Niveau de soutien', en: 'Support level' },
  tags: { fr: 'Étiquettes', en: 'Tags' },
  isVolunteer: { fr: 'Bénévole', en: 'Volunteer' },
  emailOptIn: { fr: 'Accepte les e-mails', en: 'Email opt-in' },
  smsOptIn: { fr: 'Accepte les SMS', en: 'SMS opt-in' },
  doNotCall: { fr: 'Ne pas appeler', en: 'Do not call' },
  doNotContact: { fr: 'Ne pas contacter', en: 'Do not contact' },
};

/** Every import field, in the mapping screen's order. */
export const IMPORT_FIELDS: readonly ImportField[] = Object.keys(IMPORT_FIELD_LABELS) as ImportField[];

/**
 * Fields that several columns may fill at once: tags ("Tag 1", "Tag 2"…), e-mails (email, email2,
 * "E-mail 2"…: the leftmost filled one is the primary, the others are kept as additional e-mails)
 * and phones (each valid number goes to a free primary slot of its kind, the others are kept as
 * additional phones). Others take one column.
 */
export const REPEATABLE_IMPORT_FIELDS: ReadonlySet<ImportField> = new Set<ImportField>(['tags', 'email', 'phone', 'mobilePhone', 'landlinePhone', 'workPhone']);

/** The label of an import field in the user's language (French unless English is asked for). */
export function importFieldLabel(field: ImportField, locale: 'fr' | 'en' = 'fr'): string {
  return IMPORT_FIELD_LABELS[field][locale];
}
