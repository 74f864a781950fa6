/** The merge fields a script's text may use, e.g. `{{person.firstName}}`. */
export type MergeFieldKey = 'person.firstName' | 'person.lastName' | 'person.commune' | 'caller.firstName';

/**
 * What the caller's screen knows when it shows a section: the person being called and the caller.
 * Missing values render as nothing, so a caller never reads a raw `{{…}}` aloud for a known field.
 */
export interface MergeFieldContext {
  person?: { firstName?: string | null; lastName?: string | null; commune?: string | null };
  caller?: { firstName?: string | null };
}

/** A merge field as the script editor offers it: the token to insert, labels and a sample value. */
export interface MergeFieldInfo {
  key: MergeFieldKey;
  token: string;
  label: { fr: string; en: string };
  example: string;
}

const MERGE_FIELDS: readonly MergeFieldInfo[] = [
  { key: 'person.firstName', token: '{{person.firstName}}', label: { fr: 'Prénom de la personne appelée', en: "Person's first name" }, example: 'Camille' },
  { key: 'person.lastName', token: '{{person.lastName}}', label: { fr: 'Nom de la personne appelée', en: "Person's last name" }, example: 'Martin' },
  { key: 'person.commune', token: '{{person.commune}}', label: { fr: 'Commune de la personne appelée', en: "Person's town" }, example: 'Lyon' },
  { key: 'caller.firstName', token: '{{caller.firstName}}', label: { fr: "Prénom de l'appelant·e", en: "Caller's first name" }, example: 'Sam' },
];

const KNOWN_KEYS: ReadonlySet<string> = new Set(MERGE_FIELDS.map((field) => field.key));

// Inner text without braces, so `{{{x}}}` or nested braces never swallow surrounding text.
const TOKEN = /\{\{\s*([^{}]*?)\s*\}\}/g;

/**
 * The merge fields the editor can insert into a section's text, in display order.
 *
 * @example listMergeFields().map((field) => field.token) // → ['{{person.firstName}}', …]
 */
export function listMergeFields(): MergeFieldInfo[] {
  return MERGE_FIELDS.map((field) => ({ ...field, label: { ...field.label } }));
}

/** Whether a string names a merge field Relais can fill in. */
export function isMergeFieldKey(key: string): key is MergeFieldKey {
  return KNOWN_KEYS.has(key);
}

/**
 * Fills a script's text for the person on the line. Plain text in, plain text out: values are
 * inserted as-is (the screen escapes when it renders), in one pass (a value that looks like a merge
 * field stays literal), and unknown fields such as a typo `{{person.firstname}}` stay visible so
 * the organizer notices them.
 *
 * @example renderMergeFields('Bonjour {{person.firstName}} !', { person: { firstName: 'Camille' } }) // → 'Bonjour Camille !'
 */
export function renderMergeFields(text: string, context: MergeFieldContext): string {
  return text.replace(TOKEN, (token: string, key: string) => (isMergeFieldKey(key) ? (valueOf(key, context) ?? '') : token));
}

/**
 * The merge fields a text uses, split into known ones and unknown ones (for the editor's warnings),
 * each listed once in order of first appearance.
 *
 * @example findMergeFields('{{person.firstName}} {{person.age}}') // → { known: ['person.firstName'], unknown: ['person.age'] }
 */
export function findMergeFields(text: string): { known: MergeFieldKey[]; unknown: string[] } {
  const known = new Set<MergeFieldKey>();
  const unknown = new Set<string>();
  for (const match of text.matchAll(TOKEN)) {
    const key = match[1] ?? '';
    if (isMergeFieldKey(key)) known.add(key);
    else unknown.add(key);
  }
  return { known: [...known], unknown: [...unknown] };
}

function valueOf(key: MergeFieldKey, context: MergeFieldContext): string | null | undefined {
  switch (key) {
    case 'person.firstName':
      return context.person?.firstName;
    case 'person.lastName':
      return context.person?.lastName;
    case 'person.commune':
      return context.person?.commune;
    case 'caller.firstName':
      return context.caller?.firstName;
  }
}
