import { sql, type Expression, type ExpressionBuilder, type RawBuilder, type SqlBool } from 'kysely';
import { isGroup, searchNeedles, type Criterion, type FilterFlag, type FilterNode, type SupportLevelChoice } from '../../../shared/people/filter.js';
import type { Tx } from '../../platform/db/database.js';
import type { DB, PeopleTable } from '../../platform/db/schema.js';
import { pathFilterExpression } from '../paths/index.js';

/**
 * Compiles a people filter (src/shared/people/filter.ts) to a WHERE expression on `people as p`,
 * with exactly the semantics of `matchesFilter` (property-tested in filter.sql.test.ts).
 *
 * Which index answers what (db/migrations/0002_people.sql and 0006_lists.sql; every index starts
 * with org_id, and the caller always adds `p.org_id = $org`):
 * - tags: EXISTS on person_tags, whose primary key (org_id, tag_id, person_id) lists a tag's
 *   people (a semi-join from the tag side when the tag is narrow), and person_tags_person
 *   (org_id, person_id) checks one person's tags when people are walked in another index's order;
 * - support level (+ the flags): people_support_flags (org_id, support_level) INCLUDE (id,
 *   flags): a count of "levels 2–4, valid mobile, not do-not-call" is an index-only scan, and
 *   "tag X and levels 2–4" a hash join of two index-only scans (this index, person_tags' key);
 * - commune, polling station, constituency, recruiter, created, last contacted: their btree;
 * - volunteer and do-not-* = true: small partial indexes; = false is most people (a scan);
 * - additional e-mails and phones (0019): has-mobile/phone/e-mail read the primary columns only
 *   (the people module promotes a valid additional one into an empty or invalid primary slot);
 *   free text reaches them through person_phones_e164 and relais_person_contacts_search(), united
 *   with the people-side matches in one `p.id IN (…)`;
 * - path: EXISTS on path_people, by its primary key (org_id, path_id, person_id) or, from a step,
 *   path_people_step (modules/paths, pathFilterExpression);
 * - free text: relais_people_search() (0006_lists.sql), a trigram GIN index reached through a
 *   SECURITY DEFINER function because row-level security keeps a LIKE in this query from using it;
 *   a whole phone number is plain equality on people_mobile / people_phone.
 * Every operator used here on a column (=, IN, <, >=, IS NULL, EXISTS) is LEAKPROOF, so row-level
 * security lets the planner use the indexes above.
 *
 * One shape is counted without people at all: "carries one of these tags" with or without "has
 * one of these support levels" (countTagsAndLevels), from person_tags' copy of the level.
 */

export type PeopleExpressionBuilder = ExpressionBuilder<DB & { p: PeopleTable }, 'p'>;

const FLAG_COLUMNS = {
  doNotCall: 'p.do_not_call',
  doNotEmail: 'p.do_not_email',
  doNotText: 'p.do_not_text',
} as const satisfies Record<FilterFlag, string>;

/**
 * The WHERE expression for one filter node, on `people as p`.
 *
 * @example
 * tx.selectFrom('people as p').select('p.id').where('p.org_id', '=', orgId).where((eb) => filterExpression(eb, filter))
 */
export function filterExpression(eb: PeopleExpressionBuilder, node: FilterNode): Expression<SqlBool> {
  if (isGroup(node)) {
    if (node.children.length === 0) return eb.lit(node.op === 'and');
    const parts = node.children.map((child) => filterExpression(eb, child));
    return node.op === 'and' ? eb.and(parts) : eb.or(parts);
  }
  return criterionExpression(eb, node);
}

function criterionExpression(eb: PeopleExpressionBuilder, c: Criterion): Expression<SqlBool> {
  switch (c.type) {
    case 'tags': {
      const ids = [...new Set(c.tagIds)];
      const carries = (tagIds: string[]) =>
        eb.exists(
          eb
            .selectFrom('person_tags as pt')
            .select(eb.lit(1).as('one'))
            .whereRef('pt.org_id', '=', 'p.org_id')
            .whereRef('pt.person_id', '=', 'p.id')
            .where('pt.tag_id', 'in', tagIds),
        );
      if (c.match === 'any') return carries(ids);
      if (c.match === 'none') return eb.not(carries(ids));
      // One EXISTS per tag: each is a cheap probe of person_tags' primary key.
      return eb.and(ids.map((id) => carries([id])));
    }
    case 'supportLevel': {
      const levels = c.levels.filter((l): l is 1 | 2 | 3 | 4 | 5 => l !== 'unknown');
      const parts: Expression<SqlBool>[] = [];
      if (levels.length > 0) parts.push(eb('p.support_level', 'in', levels));
      if (c.levels.includes('unknown')) parts.push(eb('p.support_level', 'is', null));
      return eb.or(parts);
    }
    case 'commune':
      return eb('p.commune_code', 'in', c.codes);
    case 'pollingStation':
      return eb('p.polling_station_code', 'in', c.codes);
    case 'constituency':
      return eb('p.constituency_code', 'in', c.codes);
    // Additional phones and e-mails need no look-up here: the people module keeps a valid primary
    // mobile, a valid primary number and a primary e-mail for anyone who has a valid additional
    // one of the kind (it promotes the additional one when a slot is empty or invalid), so these
    // columns answer for both (the in-memory reference checks the additional ones too).
    case 'hasMobile':
      return eb('p.mobile_valid', '=', c.value);
    case 'hasPhone':
      return c.value
        ? eb.or([eb('p.mobile_valid', '=', true), eb('p.phone_valid', '=', true)])
        : eb.and([eb('p.mobile_valid', '=', false), eb('p.phone_valid', '=', false)]);
    case 'hasEmail':
      return c.value
        ? eb.and([eb('p.email', 'is not', null), eb('p.email', '<>', '')])
        : eb.or([eb('p.email', 'is', null), eb('p.email', '=', '')]);
    case 'flag':
      return eb(FLAG_COLUMNS[c.flag], '=', c.value);
    case 'volunteer':
      return eb('p.is_volunteer', '=', c.value);
    case 'recruiter':
      return eb('p.recruiter_id', 'in', c.personIds);
    case 'created':
      return eb.and(rangeParts(eb, 'p.created_at', c.after, c.before));
    case 'lastContacted': {
      const bounded = c.after !== undefined || c.before !== undefined;
      const never = eb('p.last_contacted_at', 'is', null);
      if (!bounded) return c.never === true ? never : eb('p.last_contacted_at', 'is not', null);
      const range = eb.and(rangeParts(eb, 'p.last_contacted_at', c.after, c.before));
      return c.never === true ? eb.or([range, never]) : range;
    }
    case 'search': {
      const { mode, needles } = searchNeedles(c.text);
      if (needles.length === 0) return eb.lit(true);
      // Every way a person can match gives ids, and the ids are united in one `p.id IN (…)`: a
      // semi-join the planner drives from the few ids found (an OR of several would make it read
      // every person and probe each subquery).
      const sources: RawBuilder<unknown>[] = [];
      let rest = needles;
      if (mode === 'any') {
        // A whole number ("|+33612345678|" in the search text) is exactly a mobile, landline or
        // additional phone equal to it: plain equality, LEAKPROOF, answered by people_mobile,
        // people_phone and person_phones_e164 (row-level security gives them the organization).
        const exact = needles.flatMap((n) => /^\|(\+\d+)\|$/.exec(n)?.[1] ?? []);
        if (exact.length > 0) {
          sources.push(
            sql`SELECT id FROM people WHERE mobile_e164 = ANY (${exact}::text[])`,
            sql`SELECT id FROM people WHERE phone_e164 = ANY (${exact}::text[])`,
            sql`SELECT person_id FROM person_phones WHERE e164 = ANY (${exact}::text[])`,
          );
        }
        rest = needles.filter((n) => !/^\|\+\d+\|$/.test(n));
      }
      if (rest.length > 0) {
        const patterns = rest.map((n) => `%${n.replace(/[\\%_]/g, '\\$&')}%`);
        sources.push(
          sql`SELECT relais_people_search(${patterns}::text[], ${mode === 'all'})`,
          // Or one additional e-mail or phone holds them (0019, the same LIKE on its own text).
          sql`SELECT relais_person_contacts_search(${patterns}::text[], ${mode === 'all'})`,
        );
      }
      return sql<SqlBool>`${eb.ref('p.id')} IN (${sql.join(sources, sql` UNION ALL `)})`;
    }
    case 'path':
      return pathFilterExpression(eb, c);
  }
}

function rangeParts(eb: PeopleExpressionBuilder, column: 'p.created_at' | 'p.last_contacted_at', after: string | undefined, before: string | undefined): Expression<SqlBool>[] {
  const parts: Expression<SqlBool>[] = [];
  if (after !== undefined) parts.push(eb(column, '>=', new Date(after)));
  if (before !== undefined) parts.push(eb(column, '<', new Date(before)));
  // No bound: every date matches, but a never-contacted person (NULL) does not.
  if (parts.length === 0) parts.push(eb(column, 'is not', null));
  return parts;
}

/** The tags and support levels of a filter that says nothing else (see countTagsAndLevels). */
export interface TagsAndLevels {
  tagIds: string[];
  levels: readonly SupportLevelChoice[] | null;
}

/**
 * The filter as "carries any of these tags" and at most one "support level is one of these", when
 * that is all it says (groups of one child and AND groups looked through); else null.
 *
 * @example
 * tagsAndLevelsOnly({ op: 'and', children: [{ type: 'tags', match: 'any', tagIds: ['7'] }, { type: 'supportLevel', levels: [2, 3] }] })
 * // { tagIds: ['7'], levels: [2, 3] }
 */
export function tagsAndLevelsOnly(node: FilterNode): TagsAndLevels | null {
  const criteria: Criterion[] = [];
  const collect = (n: FilterNode): boolean => {
    if (!isGroup(n)) {
      criteria.push(n);
      return true;
    }
    if (n.op !== 'and' && n.children.length !== 1) return false;
    return n.children.every(collect);
  };
  if (!collect(node)) return null;
  let tagIds: string[] | null = null;
  let levels: readonly SupportLevelChoice[] | null = null;
  for (const c of criteria) {
    if (c.type === 'tags' && tagIds === null) {
      const ids = [...new Set(c.tagIds)];
      // "All of" one tag is "any of" it; "none of" is a count over people.
      if (c.match === 'none' || (c.match === 'all' && ids.length > 1)) return null;
      tagIds = ids;
    } else if (c.type === 'supportLevel' && levels === null) {
      levels = c.levels;
    } else return null;
  }
  return tagIds === null ? null : { tagIds, levels };
}

/**
 * How many people carry any of the tags with one of the levels, from person_tags alone: an
 * index-only range of person_tags_tag_level (org, tag, level), whose level the triggers of
 * 0022_person_tags_level.sql keep equal to the person's.
 */
export async function countTagsAndLevels(tx: Tx, orgId: string, { tagIds, levels }: TagsAndLevels): Promise<number> {
  // person_tags keeps "no level" as 0.
  const levelCondition = levels === null ? sql`` : sql`AND support_level = ANY (${levels.map((l) => (l === 'unknown' ? 0 : l))}::smallint[])`;
  // One tag: each person once. Several: a person with two of them counts once.
  const counted = tagIds.length === 1 ? sql`count(*)` : sql`count(DISTINCT person_id)`;
  const { rows } = await sql<{ n: string }>`
    SELECT ${counted} AS n FROM person_tags
     WHERE org_id = ${orgId} AND tag_id = ANY (${tagIds}::bigint[]) ${levelCondition}`.execute(tx);
  return Number(rows[0]?.n ?? 0);
}
