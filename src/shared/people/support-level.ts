/**
 * How a person stands towards the campaign, on the scale campaign tools share (NationBuilder
 * included): 1 strong support, 2 weak support, 3 undecided, 4 weak opposition, 5 strong opposition.
 */
export type SupportLevel = 1 | 2 | 3 | 4 | 5;

/** Every level, from strongest support to strongest opposition, for pickers and filters. */
export const SUPPORT_LEVELS: readonly SupportLevel[] = [1, 2, 3, 4, 5];

/** Labels shown to organizers and callers, in each language Relais speaks. */
export const SUPPORT_LEVEL_LABELS: Readonly<Record<SupportLevel, { fr: string; en: string }>> = {
  1: { fr: 'Soutien fort', en: 'Strong support' },
  2: { fr: 'Soutien faible', en: 'Weak support' },
  3: { fr: 'Indécis', en: 'Undecided' },
  4: { fr: 'Opposition faible', en: 'Weak opposition' },
  5: { fr: 'Opposition forte', en: 'Strong opposition' },
};

/** The label of a level in the user's language (French unless English is asked for). */
export function supportLevelLabel(level: SupportLevel, locale: 'fr' | 'en' = 'fr'): string {
  return SUPPORT_LEVEL_LABELS[level][locale];
}

/** Whether this level counts as opposition, which calling rules check before handing a person to a caller. */
export function isOpposition(level: SupportLevel): boolean {
  return level >= 4;
}

// Written as normalizeLabel() leaves them: lower case, no accents, single spaces. Words that
// alone are ambiguous ("soutien", "contre", "opposant") are left out on purpose: an imported
// opinion is sensitive and a wrong one gets a person called or left out, so it must be clear.
const LABELS: ReadonlyArray<readonly [SupportLevel, readonly string[]]> = [
  [1, [
    'soutien fort', 'fort soutien', 'soutien forte', 'tres favorable', 'soutien tres fort',
    'strong support', 'strong supporter', 'strongly support', 'strongly supports', 'strong yes',
  ]],
  [2, [
    'soutien faible', 'faible soutien', 'soutien modere', 'plutot favorable', 'plutot pour',
    'sympathisant', 'sympathisante', 'weak support', 'weak supporter', 'lean support',
    'leaning support', 'leans support', 'soft support', 'lean yes', 'leaning yes',
  ]],
  [3, [
    'indecis', 'indecise', 'indecis e', 'neutre', 'hesitant', 'hesitante', 'ne sait pas', 'nsp',
    'undecided', 'neutral', 'unsure', 'unknown undecided',
  ]],
  [4, [
    'opposition faible', 'faible opposition', 'opposant faible', 'opposante faible',
    'opposition moderee', 'plutot defavorable', 'plutot contre', 'weak opposition',
    'weak opponent', 'lean opposition', 'leaning opposition', 'leans opposition', 'soft opposition',
    'lean oppose', 'lean no', 'leaning no', 'weakly oppose', 'weakly opposed',
  ]],
  [5, [
    'opposition forte', 'forte opposition', 'opposition fort', 'opposant fort', 'opposante forte',
    'tres defavorable', 'strong opposition', 'strong opponent', 'strongly oppose',
    'strongly opposed', 'strongly opposes', 'strong no',
  ]],
];

const BY_LABEL: ReadonlyMap<string, SupportLevel> = new Map(
  LABELS.flatMap(([level, labels]) => labels.map((label) => [label, level] as const)),
);

function normalizeLabel(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/**
 * Reads a support level from an imported cell or a typed filter: "1".."5" (as NationBuilder
 * exports it, also "2.0" from a spreadsheet), "1 - Strong support", French or English labels and
 * their usual variants ("Soutien fort", "indecis", "opposant fort", "leaning support"). Returns
 * null when the cell is empty or unclear, so the importer leaves the level unset and reports it.
 *
 * @example parseSupportLevel('Opposition faible') // 4
 */
export function parseSupportLevel(text: string): SupportLevel | null {
  const trimmed = text.trim();
  const numeric = /^([1-5])(?:[.,]0+)?$/.exec(trimmed);
  if (numeric?.[1] !== undefined) return Number(numeric[1]) as SupportLevel;
  const normalized = normalizeLabel(trimmed);
  if (normalized === '') return null;
  const byLabel = BY_LABEL.get(normalized);
  if (byLabel !== undefined) return byLabel;
  // "1 - Strong support", "3 (indécis)": a level followed by its label. Both must be known and
  // agree, so "1 - opposition forte" or an address that slipped into the column stays unclear.
  const prefixed = /^([1-5]) (.+)$/.exec(normalized);
  if (prefixed?.[1] === undefined || prefixed[2] === undefined) return null;
  const level = Number(prefixed[1]) as SupportLevel;
  return BY_LABEL.get(prefixed[2]) === level ? level : null;
}
