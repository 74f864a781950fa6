/**
 * The columns an organizer can pick for a CSV export of people, in the export screen's order,
 * with their headers in each language and how each is written into a spreadsheet cell:
 * phones as the French dial them ("06 12 34 56 78", never a formula or a number that loses its
 * 0), numbers as numbers, everything else as text guarded against formula injection.
 */
export type ExportColumnKey =
  | 'id'
  | 'externalId'
  | 'firstName'
  | 'lastName'
  | 'email'
  | 'mobile'
  | 'phone'
  | 'otherEmails'
  | 'otherPhones'
  | 'address1'
  | 'address2'
  | 'postalCode'
  | 'city'
  | 'communeCode'
  | 'pollingStation'
  | 'constituency'
  | 'birthDate'
  | 'supportLevel'
  | 'supportLevelLabel'
  | 'tags'
  | 'isVolunteer'
  | 'doNotCall'
  | 'doNotEmail'
  | 'doNotText'
  | 'dataSource'
  | 'legalBasis'
  | 'createdAt'
  | 'lastContactedAt';

export type ExportCellKind = 'text' | 'phone' | 'number' | 'date';

export const EXPORT_COLUMNS: Readonly<Record<ExportColumnKey, { fr: string; en: string; kind: ExportCellKind }>> = {
  id: { fr: 'Identifiant Relais', en: 'Relais ID', kind: 'number' },
  externalId: { fr: 'Identifiant externe', en: 'External ID', kind: 'text' },
  firstName: { fr: 'Prénom', en: 'First name', kind: 'text' },
  lastName: { fr: 'Nom', en: 'Last name', kind: 'text' },
  email: { fr: 'E-mail', en: 'Email', kind: 'text' },
  mobile: { fr: 'Téléphone portable', en: 'Mobile phone', kind: 'phone' },
  phone: { fr: 'Téléphone fixe', en: 'Landline phone', kind: 'phone' },
  // Several values in one cell, comma-separated; each phone written as in the phone columns.
  otherEmails: { fr: 'Autres e-mails', en: 'Other emails', kind: 'text' },
  otherPhones: { fr: 'Autres téléphones', en: 'Other phones', kind: 'text' },
  address1: { fr: 'Adresse', en: 'Address line 1', kind: 'text' },
  address2: { fr: "Complément d'adresse", en: 'Address line 2', kind: 'text' },
  postalCode: { fr: 'Code postal', en: 'Postal code', kind: 'text' },
  city: { fr: 'Commune', en: 'City', kind: 'text' },
  communeCode: { fr: 'Code commune (INSEE)', en: 'INSEE municipality code', kind: 'text' },
  pollingStation: { fr: 'Bureau de vote', en: 'Polling station', kind: 'text' },
  constituency: { fr: 'Circonscription', en: 'Constituency', kind: 'text' },
  birthDate: { fr: 'Date de naissance', en: 'Birth date', kind: 'text' },
  supportLevel: { fr: 'Niveau de soutien (1-5)', en: 'Support level (1-5)', kind: 'number' },
  supportLevelLabel: { fr: 'Niveau de soutien', en: 'Support level', kind: 'text' },
  tags: { fr: 'Étiquettes', en: 'Tags', kind: 'text' },
  isVolunteer: { fr: 'Bénévole', en: 'Volunteer', kind: 'text' },
  doNotCall: { fr: 'Ne pas appeler', en: 'Do not call', kind: 'text' },
  doNotEmail: { fr: 'Ne pas écrire (e-mail)', en: 'Do not e-mail', kind: 'text' },
  doNotText: { fr: 'Ne pas envoyer de SMS', en: 'Do not text', kind: 'text' },
  dataSource: { fr: 'Source des données', en: 'Data source', kind: 'text' },
  legalBasis: { fr: 'Base légale', en: 'Legal basis', kind: 'text' },
  createdAt: { fr: 'Créé le', en: 'Created at', kind: 'date' },
  lastContactedAt: { fr: 'Dernier contact', en: 'Last contacted', kind: 'date' },
};

/** Every column, in the export screen's order. */
export const EXPORT_COLUMN_KEYS: readonly ExportColumnKey[] = Object.keys(EXPORT_COLUMNS) as ExportColumnKey[];

/** What an export holds when the organizer picks nothing: who the person is and how to reach them. */
export const DEFAULT_EXPORT_COLUMNS: readonly ExportColumnKey[] = [
  'id', 'firstName', 'lastName', 'email', 'mobile', 'phone', 'otherEmails', 'otherPhones', 'address1', 'postalCode', 'city', 'pollingStation', 'supportLevelLabel', 'tags',
];

/** How legal bases read in an export, in each language. */
export const LEGAL_BASIS_LABELS: Readonly<Record<string, { fr: string; en: string }>> = {
  consent: { fr: 'Consentement', en: 'Consent' },
  member: { fr: 'Adhérent', en: 'Member' },
  regular_contact: { fr: 'Contact régulier', en: 'Regular contact' },
  electoral_list: { fr: 'Liste électorale', en: 'Electoral list' },
};
