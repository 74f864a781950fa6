import { z } from 'zod';
import { PathCriterionSchema } from '../paths/path-criterion.js';
import { phoneSearchVariants } from './phone.js';
import type { SupportLevel } from './support-level.js';

/**
 * People filters: the campaign's questions about its people ("weak support, undecided or weak
 * opposition, with a valid mobile, who did not say 'don't call'"), as a tree of AND/OR groups of
 * criteria. The same filter runs on the server as SQL (src/server/modules/lists/filter.sql.ts)
 * and in memory here ({@link matchesFilter}), which is the reference the SQL is tested against.
 */

/** A bigint row id (person, tag), as a string. */
export const FilterIdSchema = z.string().regex(/^[1-9]\d{0,17}$/);

const CodeSchema = z.string().trim().min(1).max(50);
const CodesSchema = z.array(CodeSchema).min(1).max(1000);
const InstantSchema = z.iso.datetime({ offset: true });

export const FILTER_FLAGS = ['doNotCall', 'doNotEmail', 'doNotText'] as const;
/** The do-not-contact flags a person may carry. */
export type FilterFlag = (typeof FILTER_FLAGS)[number];

export const SUPPORT_LEVEL_CHOICES = [1, 2, 3, 4, 5, 'unknown'] as const;
/** A support level, or `unknown` for people whose level was never recorded. */
export type SupportLevelChoice = SupportLevel | 'unknown';

/** Words typed in a search box: control characters and broken Unicode are refused, not stored. */
const SearchTextSchema = z
  .string()
  .trim()
  .min(1)
  .max(200)
  // eslint-disable-next-line no-control-regex
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s) && !/\p{Cs}/u.test(s), { message: 'validation:invalid_format' });

const CRITERION_OPTIONS = [
  /** Tags by id: carries any of them, all of them, or none of them. */
  z.strictObject({ type: z.literal('tags'), match: z.enum(['any', 'all', 'none']), tagIds: z.array(FilterIdSchema).min(1).max(100) }),
  z.strictObject({
    type: z.literal('supportLevel'),
    levels: z.array(z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5), z.literal('unknown')])).min(1).max(6),
  }),
  /** Commune by INSEE code (75056, 2A004). */
  z.strictObject({ type: z.literal('commune'), codes: CodesSchema }),
  z.strictObject({ type: z.literal('pollingStation'), codes: CodesSchema }),
  z.strictObject({ type: z.literal('constituency'), codes: CodesSchema }),
  /** Has (or has not) a valid mobile number. */
  z.strictObject({ type: z.literal('hasMobile'), value: z.boolean() }),
  /** Has (or has not) a valid number to call: mobile or landline. */
  z.strictObject({ type: z.literal('hasPhone'), value: z.boolean() }),
  z.strictObject({ type: z.literal('hasEmail'), value: z.boolean() }),
  /** A do-not-contact flag is set (value true) or not (value false). */
  z.strictObject({ type: z.literal('flag'), flag: z.enum(FILTER_FLAGS), value: z.boolean() }),
  z.strictObject({ type: z.literal('volunteer'), value: z.boolean() }),
  /** Brought in by one of these people. */
  z.strictObject({ type: z.literal('recruiter'), personIds: z.array(FilterIdSchema).min(1).max(1000) }),
  /** Added to the database at or after `after` and before `before`. */
  z.strictObject({ type: z.literal('created'), after: InstantSchema.optional(), before: InstantSchema.optional() }),
  /**
   * Last contacted at or after `after` and before `before`; `never: true` also (or, without
   * dates, only) takes people never contacted. Without dates or `never`: contacted at least once.
   */
  z.strictObject({ type: z.literal('lastContacted'), after: InstantSchema.optional(), before: InstantSchema.optional(), never: z.boolean().optional() }),
  /** Names, e-mail and phone, typed in any form ("dupont", "jean dup", "06 12 34 56 78", "+33612"). */
  z.strictObject({ type: z.literal('search'), text: SearchTextSchema }),
  /**
   * On a path: at any status, or active (at these steps), or completed / abandoned (with these
   * reasons). src/shared/paths/path-criterion.ts.
   */
  PathCriterionSchema,
] as const;
export const CriterionSchema = z.discriminatedUnion('type', CRITERION_OPTIONS);
export type Criterion = z.infer<typeof CriterionSchema>;
export type CriterionType = Criterion['type'];

/** A group: all of its children (`and`) or any of them (`or`). An empty `and` group matches everyone. */
export interface FilterGroup {
  /** Optional: tells a group from a criterion for readers that switch on `type`. */
  type?: 'group' | undefined;
  op: 'and' | 'or';
  children: FilterNode[];
}
export type FilterNode = FilterGroup | Criterion;

const MAX_DEPTH = 6;
const MAX_NODES = 200;

const GroupSchema = z.strictObject({
  type: z.literal('group').optional(),
  op: z.enum(['and', 'or']),
  get children(): z.ZodArray<typeof NodeSchema> {
    return z.array(NodeSchema).max(50);
  },
});
// A group has no `type` (or 'group'): the discriminated union then names the faulty field
// ("children.0.levels.0") rather than "no option matched".
const NodeSchema: z.ZodType<FilterNode> = z.discriminatedUnion('type', [...CRITERION_OPTIONS, GroupSchema]);

/** A people filter, as the API takes it and a dynamic list stores it. */
export const FilterSchema: z.ZodType<FilterGroup> = (GroupSchema as z.ZodType<FilterGroup>).superRefine((filter, ctx) => {
  let nodes = 0;
  const depthOf = (group: FilterGroup): number => {
    nodes += group.children.length;
    return 1 + Math.max(0, ...group.children.map((c) => (isGroup(c) ? depthOf(c) : 0)));
  };
  if (depthOf(filter) > MAX_DEPTH || nodes > MAX_NODES) ctx.addIssue({ code: 'custom', message: 'validation:filter_too_complex', path: [] });
});

/** The filter that matches everyone. */
export const EVERYONE: FilterGroup = { op: 'and', children: [] };

export function isGroup(node: FilterNode): node is FilterGroup {
  return 'op' in node;
}

/** Where a person is on one path (path_people): the step while active, the reason once finished. */
export interface PathMembership {
  pathId: string;
  status: 'active' | 'completed' | 'abandoned';
  stepId: string | null;
  reasonId: string | null;
}

/** What {@link matchesFilter} needs of a person: the filterable fields of a profile. */
export interface FilterablePerson {
  id: string;
  firstName: string;
  lastName: string;
  email: string | null;
  mobileE164: string | null;
  mobileValid: boolean;
  phoneE164: string | null;
  phoneValid: boolean;
  communeCode: string | null;
  pollingStationCode: string | null;
  constituencyCode: string | null;
  supportLevel: SupportLevel | null;
  isVolunteer: boolean;
  doNotCall: boolean;
  doNotEmail: boolean;
  doNotText: boolean;
  recruiterId: string | null;
  tagIds: readonly string[];
  createdAt: Date | string;
  lastContactedAt: Date | string | null;
  /** The paths they are on (none when absent). */
  paths?: readonly PathMembership[];
  /** Additional e-mails (person_emails), besides `email`. */
  extraEmails?: readonly string[];
  /** Additional phones (person_phones), besides the mobile and landline. */
  extraPhones?: readonly ExtraPhone[];
}

/** An additional phone as the filters see it: e164 null when not valid. */
export interface ExtraPhone {
  kind: 'mobile' | 'landline';
  e164: string | null;
  valid: boolean;
}

/**
 * Whether a person matches a filter: the reference semantics the SQL compiler must reproduce
 * exactly (property-tested), also used by the web app to preview.
 *
 * @example matchesFilter(person, { op: 'and', children: [{ type: 'supportLevel', levels: [2, 3, 4] }, { type: 'hasMobile', value: true }] })
 */
export function matchesFilter(person: FilterablePerson, filter: FilterNode): boolean {
  if (isGroup(filter)) {
    return filter.op === 'and' ? filter.children.every((c) => matchesFilter(person, c)) : filter.children.some((c) => matchesFilter(person, c));
  }
  return matchesCriterion(person, filter);
}

function matchesCriterion(p: FilterablePerson, c: Criterion): boolean {
  switch (c.type) {
    case 'tags': {
      const has = (id: string) => p.tagIds.includes(id);
      if (c.match === 'any') return c.tagIds.some(has);
      if (c.match === 'all') return c.tagIds.every(has);
      return !c.tagIds.some(has);
    }
    case 'supportLevel':
      return (c.levels as readonly SupportLevelChoice[]).includes(p.supportLevel ?? 'unknown');
    case 'commune':
      return p.communeCode !== null && c.codes.includes(p.communeCode);
    case 'pollingStation':
      return p.pollingStationCode !== null && c.codes.includes(p.pollingStationCode);
    case 'constituency':
      return p.constituencyCode !== null && c.codes.includes(p.constituencyCode);
    case 'hasMobile':
      return (p.mobileValid || (p.extraPhones ?? []).some((x) => x.valid && x.kind === 'mobile')) === c.value;
    case 'hasPhone':
      return (p.mobileValid || p.phoneValid || (p.extraPhones ?? []).some((x) => x.valid)) === c.value;
    case 'hasEmail':
      return (p.email !== null && p.email !== '') || (p.extraEmails ?? []).length > 0 ? c.value : !c.value;
    case 'flag':
      return p[c.flag] === c.value;
    case 'volunteer':
      return p.isVolunteer === c.value;
    case 'recruiter':
      return p.recruiterId !== null && c.personIds.includes(p.recruiterId);
    case 'created':
      return inRange(time(p.createdAt), c.after, c.before);
    case 'lastContacted': {
      if (p.lastContactedAt === null) return c.never === true;
      const bounded = c.after !== undefined || c.before !== undefined;
      return bounded ? inRange(time(p.lastContactedAt), c.after, c.before) : c.never !== true;
    }
    case 'search': {
      const { mode, needles } = searchNeedles(c.text);
      if (needles.length === 0) return true;
      // The profile's text, or one additional e-mail or phone on its own, holds the needles.
      const texts = [personSearchText(p), ...(p.extraEmails ?? []).map((e) => foldSearchText(e)), ...(p.extraPhones ?? []).map((x) => `|${x.e164 ?? ''}|`)];
      return texts.some((text) => (mode === 'all' ? needles.every((n) => text.includes(n)) : needles.some((n) => text.includes(n))));
    }
    case 'path':
      return (p.paths ?? []).some(
        (m) =>
          m.pathId === c.pathId &&
          (c.status === undefined || m.status === c.status) &&
          (c.stepIds === undefined || (m.stepId !== null && c.stepIds.includes(m.stepId))) &&
          (c.reasonIds === undefined || (m.reasonId !== null && c.reasonIds.includes(m.reasonId))),
      );
  }
}

function time(value: Date | string): number {
  return (typeof value === 'string' ? new Date(value) : value).getTime();
}

function inRange(t: number, after: string | undefined, before: string | undefined): boolean {
  return (after === undefined || t >= Date.parse(after)) && (before === undefined || t < Date.parse(before));
}

// Free-text search. The database indexes relais_person_search_text() (db/migrations/0006_lists.sql)
// and this file computes the same text: both must change together.

const FOLD_FROM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZÀÁÂÃÄÅàáâãäåÇçÈÉÊËèéêëÌÍÎÏìíîïÑñÒÓÔÕÖØòóôõöøÙÚÛÜùúûüÝŸýÿ|';
const FOLD_TO = 'abcdefghijklmnopqrstuvwxyzaaaaaaaaaaaacceeeeeeeeiiiiiiiinnoooooooooooouuuuuuuuyyyy ';
const FOLD: ReadonlyMap<string, string> = new Map([...FOLD_FROM].map((c, i) => [c, [...FOLD_TO][i] ?? c]));

/**
 * Lower-cases ASCII letters and strips French accents, the same way relais_fold() does in the
 * database (no locale involved), so "Hélène LEFÈVRE" and "helene lefevre" are the same words.
 *
 * @example foldSearchText('Hélène LEFÈVRE') // 'helene lefevre'
 */
export function foldSearchText(text: string): string {
  let out = '';
  for (const ch of text) out += FOLD.get(ch) ?? ch;
  return out;
}

/** What a search looks in: "jean dupont jean@example.fr |+33612345678| |+33145678901|". */
export function personSearchText(p: Pick<FilterablePerson, 'firstName' | 'lastName' | 'email' | 'mobileE164' | 'phoneE164'>): string {
  return `${foldSearchText(`${p.firstName} ${p.lastName} ${p.email ?? ''}`)} |${p.mobileE164 ?? ''}| |${p.phoneE164 ?? ''}|`;
}

/** Substrings of the search text a person must contain: all of them (words) or any (phone forms). */
export interface SearchNeedles {
  mode: 'all' | 'any';
  needles: string[];
}

const MAX_WORDS = 8;

/**
 * Turns what an organizer typed into the substrings to look for. Something shaped like a phone
 * number ("06 12 34 56 78", "0612", "+33 6 12", "5678") looks at phone numbers only, whatever
 * the format it was stored in: the whole number, its beginning, or its last digits. Anything
 * else is split into words, each of which must appear in the names or e-mail (accents and case
 * ignored): "jean dup" finds Jean Dupont.
 *
 * @example searchNeedles('06 12 34 56 78') // { mode: 'any', needles: ['|+33612345678|'] }
 * @example searchNeedles('Hélène dup') // { mode: 'all', needles: ['helene', 'dup'] }
 */
export function searchNeedles(text: string): SearchNeedles {
  const phone = phoneSearchVariants(text);
  const phoneNeedles = [...phone.exact.map((e) => `|${e}|`), ...phone.prefixes.map((p) => `|${p}`), ...(phone.suffix === null ? [] : [`${phone.suffix}|`])];
  if (phoneNeedles.length > 0) return { mode: 'any', needles: phoneNeedles };
  const words = [...new Set(foldSearchText(text.normalize('NFC')).split(/\s+/).filter((w) => w !== ''))];
  return { mode: 'all', needles: words.slice(0, MAX_WORDS) };
}

/** Every criterion type a filter can hold, in the order the filter builder offers them. */
export const CRITERION_TYPES: readonly CriterionType[] = [
  'search',
  'supportLevel',
  'tags',
  'hasMobile',
  'hasPhone',
  'hasEmail',
  'flag',
  'commune',
  'pollingStation',
  'constituency',
  'volunteer',
  'recruiter',
  'created',
  'lastContacted',
  'path',
];
