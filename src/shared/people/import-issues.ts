/**
 * Why a line of an imported file was skipped, or which of its values was left out: the reasons an
 * import's error report gives, line by line, in the organizer's language. Stored as codes with
 * their parameters, translated when the report is read.
 */
export type ImportIssueCode =
  | 'wrong_column_count'
  | 'no_identity'
  | 'suppressed'
  | 'unreadable_file'
  | 'invalid_phone'
  | 'invalid_email'
  | 'invalid_support_level'
  | 'invalid_date'
  | 'invalid_boolean'
  | 'tag_too_long'
  | 'value_too_long';

/** 'skipped': nothing of the line was imported; 'warning': the line was imported without that value. */
export type ImportIssueSeverity = 'skipped' | 'warning';

export const IMPORT_ISSUE_SEVERITY: Readonly<Record<ImportIssueCode, ImportIssueSeverity>> = {
  wrong_column_count: 'skipped',
  no_identity: 'skipped',
  suppressed: 'skipped',
  unreadable_file: 'skipped',
  invalid_phone: 'warning',
  invalid_email: 'warning',
  invalid_support_level: 'warning',
  invalid_date: 'warning',
  invalid_boolean: 'warning',
  tag_too_long: 'warning',
  value_too_long: 'warning',
};

/** Messages with `{{name}}` placeholders filled from the issue's parameters. */
export const IMPORT_ISSUE_MESSAGES: Readonly<Record<ImportIssueCode, { fr: string; en: string }>> = {
  wrong_column_count: {
    fr: "La ligne a {{found}} colonnes alors que l'en-tête en a {{expected}} : ligne ignorée (une valeur contient peut-être le séparateur sans guillemets).",
    en: 'The line has {{found}} columns where the header has {{expected}}: line skipped (a value may hold the separator without quotes).',
  },
  no_identity: {
    fr: 'Ni nom, ni e-mail, ni téléphone, ni identifiant : ligne ignorée.',
    en: 'No name, e-mail, phone or identifier: line skipped.',
  },
  suppressed: {
    fr: "Cette personne a demandé à ne plus être contactée et ses données ont été effacées : elle n'est pas réimportée.",
    en: 'This person asked not to be contacted and was erased: not imported again.',
  },
  unreadable_file: {
    fr: "Le fichier ne peut pas être lu au-delà de cette ligne ({{reason}}) : la suite n'a pas été importée.",
    en: 'The file cannot be read past this line ({{reason}}): the rest was not imported.',
  },
  invalid_phone: {
    fr: 'Numéro de téléphone non valide : gardé tel quel et marqué non valide, il ne sera pas appelé.',
    en: 'Phone number not valid: kept as written and flagged invalid, it will not be called.',
  },
  invalid_email: {
    fr: 'Adresse e-mail non valide : non importée.',
    en: 'E-mail address not valid: not imported.',
  },
  invalid_support_level: {
    fr: 'Niveau de soutien non reconnu (attendu : 1 à 5 ou « soutien fort », « indécis »…) : laissé vide.',
    en: 'Support level not recognised (expected 1 to 5 or "strong support", "undecided"…): left unset.',
  },
  invalid_date: {
    fr: 'Date non reconnue (attendu : JJ/MM/AAAA ou AAAA-MM-JJ) : non importée.',
    en: 'Date not recognised (expected DD/MM/YYYY or YYYY-MM-DD): not imported.',
  },
  invalid_boolean: {
    fr: 'Valeur oui/non non reconnue : non importée.',
    en: 'Yes/no value not recognised: not imported.',
  },
  tag_too_long: {
    fr: 'Étiquette de plus de 100 caractères : non importée.',
    en: 'Tag longer than 100 characters: not imported.',
  },
  value_too_long: {
    fr: 'Valeur de plus de {{max}} caractères : non importée.',
    en: 'Value longer than {{max}} characters: not imported.',
  },
};

/** Reasons a CSV reader gives for stopping, as the report names them. */
export const UNREADABLE_REASONS: Readonly<Record<string, { fr: string; en: string }>> = {
  unterminated_quote: { fr: "un guillemet n'est jamais fermé", en: 'a quote is never closed' },
  record_too_large: { fr: 'une ligne dépasse un million de caractères', en: 'a line is longer than a million characters' },
};

/** The reason of an issue in the reader's language, its parameters filled in. */
export function importIssueMessage(code: string, params: Record<string, unknown>, locale: 'fr' | 'en'): string {
  const messages = IMPORT_ISSUE_MESSAGES[code as ImportIssueCode];
  if (messages === undefined) return code;
  const filled: Record<string, unknown> = { ...params };
  if (code === 'unreadable_file' && typeof params.reason === 'string') {
    filled.reason = UNREADABLE_REASONS[params.reason]?.[locale] ?? params.reason;
  }
  return messages[locale].replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(filled[name] ?? ''));
}

/** The error report's headers and words, in each language. */
export const IMPORT_REPORT_LABELS = {
  fr: { line: 'Ligne', outcome: 'Résultat', column: 'Colonne', value: 'Valeur', reason: 'Raison', skipped: 'Ligne ignorée', warning: 'Importée sans cette valeur', fileSuffix: 'erreurs' },
  en: { line: 'Line', outcome: 'Outcome', column: 'Column', value: 'Value', reason: 'Reason', skipped: 'Line skipped', warning: 'Imported without this value', fileSuffix: 'errors' },
} as const;
