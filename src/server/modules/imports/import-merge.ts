/**
 * Merges one chunk of an import into the people database, set-based: the chunk's people are
 * COPYed into a TEMP table, matched to existing people with a few joins, then inserted, updated
 * and tagged with one statement each. About ten statements per chunk, whatever its size.
 *
 * Who is the same person (in this order, the first that finds someone wins):
 * 1. the same external id (the id of the tool the file came from, or `ine:` + national voter id);
 * 2. the same e-mail, compared in lower case, unless both have different external ids (any
 *    e-mail of the line against any of the person's: primary or additional, person_emails);
 * 3. the same valid phone number (mobile or landline, in either slot, or additional:
 *    person_phones), unless both have different external ids, and only when the first names agree
 *    or one is missing: a household shares a landline and must not become one person. Several
 *    candidates: the oldest person.
 *
 * What a merge changes (the rule an organizer can rely on):
 * - a field the file maps and fills replaces the stored value (the file is the newer news);
 * - an empty cell, or a field the mapping does not provide, never erases anything;
 * - an invalid phone never replaces a valid one;
 * - "do not call / e-mail / text" and "volunteer" are only ever set by an import, never cleared;
 * - the external id is only filled when empty; custom fields are merged key by key;
 * - the line's additional e-mails and phones are added to the person's (never removed), unless
 *   the person already has them, as primary or additional;
 * - the person's data source and legal basis stay those of their first record (new people get
 *   the import's);
 * - a person whose values are all already there is not written at all, so re-importing a file
 *   changes nothing (and costs only the reading and the matching);
 * - within the file, a later line of the same person wins what it fills (merged in memory within
 *   a chunk, through the stored person across chunks). One limit: when a file holds the same
 *   person twice with different values more than a chunk apart, a re-import writes that person
 *   twice (first line's values, then the last's) and counts them as updated; the end state is
 *   the same.
 */
import { sql } from 'kysely';
import { personSearchText } from '../../../shared/people/filter.js';
import type { Tx } from '../../platform/db/database.js';
import type { LegalBasis } from '../../platform/db/schema.js';
import type { StagedPerson } from './import-rows.js';
import { copyInto, copyLine } from './pg-copy.js';

const TAG_SEPARATOR = '\u001f';

const STAGE_COLUMNS = [
  'line', 'external_id', 'first_name', 'last_name', 'birth_date', 'email', 'mobile_e164', 'mobile_raw', 'mobile_valid',
  'phone_e164', 'phone_raw', 'phone_valid', 'address_line1', 'address_line2', 'postal_code', 'city', 'commune_code',
  'polling_station_code', 'constituency_code', 'support_level', 'is_volunteer', 'do_not_call', 'do_not_email', 'do_not_text',
  'tags', 'custom_fields', 'extra_emails', 'extra_phones', 'search_text',
] as const;

function stageLine(p: StagedPerson, searchText: boolean): string {
  return copyLine([
    p.line, p.externalId, p.firstName, p.lastName, p.birthDate, p.email,
    p.mobile?.e164 ?? null, p.mobile?.raw ?? null, p.mobile?.valid ?? null,
    p.phone?.e164 ?? null, p.phone?.raw ?? null, p.phone?.valid ?? null,
    p.address1, p.address2, p.postalCode, p.city, p.communeCode, p.pollingStation, p.constituency, p.supportLevel,
    p.isVolunteer, p.doNotCall, p.doNotEmail, p.doNotText,
    p.tags.length > 0 ? p.tags.join(TAG_SEPARATOR) : null, JSON.stringify(p.custom),
    p.extraEmails.length > 0 ? p.extraEmails.join(TAG_SEPARATOR) : null,
    p.extraPhones.length > 0 ? JSON.stringify(p.extraPhones.map((x) => ({ kind: x.kind === 'mobile' ? 'mobile' : 'landline', e164: x.e164, raw: x.raw.slice(0, 100), valid: x.valid }))) : null,
    // The text a search looks in, as relais_person_search_text() would make it from the columns a
    // new person gets below (0023_people_search_text_given.sql): folded here, in this process,
    // rather than by PostgreSQL for each row. Left out (null: the insert's trigger folds it) when
    // the chunk's lines are expected to be people already there (see `stageText`).
    searchText ? personSearchText({ firstName: p.firstName ?? '', lastName: p.lastName ?? '', email: p.email, mobileE164: p.mobile?.e164 ?? null, phoneE164: p.phone?.e164 ?? null }) : null,
  ]);
}

/** A chunk's people as COPY text for the stage, in parts of about 256 KiB (see stageText). */
export interface StageText {
  parts: string[];
}

/**
 * The COPY text of a chunk's people, built ahead of its transaction: an import builds the next
 * chunk's text while PostgreSQL merges the previous chunk, instead of making PostgreSQL wait for
 * it. Yields to the event loop every `slice` people, so the statements of the chunk being written
 * are not held up.
 *
 * `searchText`: whether to fold each person's search text here. Only new people need it, and
 * which lines are new is known only once they are matched, in the transaction: an import folds
 * it here while its chunks bring new people, and leaves it to PostgreSQL's insert trigger (about
 * 17 µs a new person there, against a few µs a line here) when they bring people already there, as
 * a re-import of the same file does.
 */
export async function stageText(people: readonly StagedPerson[], { searchText = true, slice = 256 }: { searchText?: boolean; slice?: number } = {}): Promise<StageText> {
  const parts: string[] = [];
  let part = '';
  for (let i = 0; i < people.length; i++) {
    part += stageLine(people[i]!, searchText);
    if (part.length >= 256 * 1024) {
      parts.push(part);
      part = '';
    }
    if (i % slice === slice - 1) await new Promise<void>((resolve) => setImmediate(resolve));
  }
  if (part.length > 0) parts.push(part);
  return { parts };
}

/** How each staged person of a chunk ended up. */
export interface MergeOutcome {
  line: number;
  personId: string;
  matchedBy: 'external_id' | 'email' | 'phone' | null;
  created: boolean;
  /** An existing person whose record changed (fields or new tags). */
  changed: boolean;
  /** A later person of the chunk matching the same existing person as an earlier one. */
  sharedTarget: boolean;
}

export interface MergeContext {
  orgId: string;
  dataSource: string;
  legalBasis: LegalBasis;
  /** Why the flags an import sets were set, shown on the profile ("import #12"). */
  flagReason: string;
  now: Date;
}

/**
 * Stages one chunk's people in the transaction's TEMP table (`import_stage`), the first step of
 * writing a chunk; `mergeStaged` does the rest. `held`: lines that share an external id, e-mail
 * or number with a line of the previous chunk, still being merged by another transaction (see
 * `mergeStaged`).
 */
export async function stageChunk(tx: Tx, people: readonly StagedPerson[], stage: StageText | undefined, held: readonly number[] = []): Promise<void> {
  if (people.length === 0) return;
  await sql`
    CREATE TEMP TABLE import_stage (
      line integer PRIMARY KEY,
      external_id text, first_name text, last_name text, birth_date date, email text,
      mobile_e164 text, mobile_raw text, mobile_valid boolean, phone_e164 text, phone_raw text, phone_valid boolean,
      address_line1 text, address_line2 text, postal_code text, city text, commune_code text,
      polling_station_code text, constituency_code text, support_level smallint,
      is_volunteer boolean NOT NULL, do_not_call boolean NOT NULL, do_not_email boolean NOT NULL, do_not_text boolean NOT NULL,
      tags text, custom_fields jsonb NOT NULL, extra_emails text, extra_phones jsonb, search_text text,
      held boolean NOT NULL DEFAULT false
    ) ON COMMIT DROP`.execute(tx);
  // The person each matched line found, apart from the wide stage: noting a match there rewrote
  // the whole staged row (about a sixth of a re-import's PostgreSQL time went to those rewrites).
  // same / tags_missing: what the match by external id saw of the person (see `matchStaged`).
  await sql`
    CREATE TEMP TABLE import_match (
      line integer PRIMARY KEY, person_id bigint NOT NULL, matched_by text NOT NULL, same boolean, tags_missing boolean
    ) ON COMMIT DROP`.execute(tx);
  await copyInto(tx, `COPY import_stage (${STAGE_COLUMNS.join(', ')}) FROM STDIN`, stage?.parts ?? people.map((p) => stageLine(p, true)));
  // No ANALYZE of the temp table: the planner sizes it from its pages, which is enough for these
  // joins, and analysing cost more (~15 ms per 1,000 rows) than it ever saved.
  if (held.length > 0) await sql`UPDATE import_stage SET held = true WHERE line = ANY(${held}::int[])`.execute(tx);
}

/** How a chunk's merge waits for the previous chunk's, when an import runs them at once (see `mergeStaged`). */
export interface ChunkOrder {
  /** Resolves once the previous chunk has inserted all its new people, or has failed; never rejects. */
  previousInserted: Promise<unknown>;
  /** Resolves once the previous chunk has committed; rejects with its error when it failed. */
  previousCommitted: Promise<unknown>;
  /** The people the previous chunk changed (`MergeOutcome.changed`); complete once it has committed. */
  previousChanged: ReadonlySet<string>;
  /** Called once this chunk has inserted all its new people. */
  inserted(): void;
  /** The staged lines that are `held` (`stageChunk`). */
  held: readonly number[];
}

const ALONE: ChunkOrder = { previousInserted: Promise.resolve(), previousCommitted: Promise.resolve(), previousChanged: new Set(), inserted: () => {}, held: [] };

/** A line matched to an existing person, as `matchStaged` noted it. */
interface Match {
  line: number;
  person_id: string;
  matched_by: NonNullable<MergeOutcome['matchedBy']>;
  /** The merge would leave the person as they were: true or false when matched by external id, else unknown (null). */
  same: boolean | null;
  /** Some tag of the line is not yet on the person: true or false when matched by external id, else unknown (null). */
  tags_missing: boolean | null;
}

/**
 * Merges the staged chunk (`stageChunk`, same transaction) into the people database and says
 * for each line whether it was created, changed or already there. The chunk's tags must exist
 * (`createTags`, committed beforehand).
 *
 * An import starts a chunk while the previous one is still being merged by another transaction,
 * so that PostgreSQL works on both at once. Until the previous chunk has committed, this one only
 * does what cannot depend on it: its lines that share no external id, e-mail or number with the
 * previous chunk's lines (not `held`) are matched to the people as they are, and those that match
 * nobody are inserted as new people (once the previous chunk has inserted its own, so that ids
 * follow the file). Then, the previous chunk committed, it matches its held lines, inserts those
 * that match nobody, and updates the people it matched, rank by rank (existing people, which the
 * previous chunk may have written too). Chunks still commit in the file's order, and a line always
 * sees the previous chunk's version of a person whose identifiers it shares.
 */
export async function mergeStaged(tx: Tx, people: readonly StagedPerson[], context: MergeContext, order: ChunkOrder = ALONE): Promise<MergeOutcome[]> {
  if (people.length === 0) {
    order.inserted();
    await order.previousCommitted;
    return [];
  }
  const { orgId } = context;
  const matched = await matchStaged(tx, context, null);
  // A staged person with no person_id after the matching is new: they get their id in the
  // statement that inserts them, never written back to the stage (a second pass over every row).
  await order.previousInserted;
  const created = await insertNewPeople(tx, context, null);
  if (order.held.length === 0) order.inserted();
  // A failed previous chunk fails (and rolls back) this one too: the retry resumes after the last
  // committed line.
  await order.previousCommitted;
  if (order.held.length > 0) {
    matched.push(...(await matchStaged(tx, context, order.held)));
    created.push(...(await insertNewPeople(tx, context, order.held)));
    order.inserted();
  }

  // Two lines of the chunk matching one stored person are merged into it one after the other, by
  // their rank among the lines that found that person.
  matched.sort((a, b) => a.line - b.line);
  const seen = new Map<string, number>();
  const rank = matched.map((m) => {
    const r = (seen.get(m.person_id) ?? 0) + 1;
    seen.set(m.person_id, r);
    return r;
  });
  // The person is written only when the merge may change them: not when the match by external id
  // (beside the previous chunk) found them already as the merge would leave them, unless they are
  // merged a second time in this chunk, or the previous chunk has changed them since.
  const byRank: number[][] = [];
  matched.forEach((m, i) => {
    if (m.same === true && rank[i] === 1 && !order.previousChanged.has(m.person_id)) return;
    (byRank[rank[i]! - 1] ??= []).push(m.line);
  });
  const changed = new Set<string>();
  for (const lines of byRank) {
    if (lines !== undefined) for (const id of await updateMatchedPeople(tx, context, lines)) changed.add(id);
  }
  // Tags: the lines that may bring one the person lacks (an import never removes one, so a line
  // that found them all stays so; one the previous chunk has just added is skipped on conflict).
  const staged = new Map<number, StagedPerson>();
  for (const p of people) staged.set(p.line, p);
  const withTags = matched.filter((m) => m.tags_missing !== false && staged.get(m.line)!.tags.length > 0).map((m) => m.line);
  if (withTags.length > 0) for (const id of await tagMatchedPeople(tx, orgId, withTags)) changed.add(id);
  const withExtras = matched.filter((m) => {
    const p = staged.get(m.line)!;
    return p.extraEmails.length > 0 || p.extraPhones.length > 0;
  });
  if (withExtras.length > 0) for (const id of await addExtraContacts(tx, orgId, withExtras.map((m) => m.line))) changed.add(id);

  const outcomes: MergeOutcome[] = [
    ...matched.map((r, i) => ({
      line: r.line,
      personId: r.person_id,
      matchedBy: r.matched_by,
      created: false,
      changed: changed.has(r.person_id),
      sharedTarget: rank[i]! > 1,
    })),
    ...created.map((r) => ({ line: r.line, personId: r.person_id, matchedBy: null, created: true, changed: false, sharedTarget: false })),
  ];
  return outcomes.sort((a, b) => a.line - b.line);
}

/** The staged lines of `held` (the lines listed), or all the others (null). */
function scope(alias: string, held: readonly number[] | null) {
  return held === null ? sql`${sql.ref(alias)}.held = false` : sql`${sql.ref(alias)}.line = ANY(${held}::int[])`;
}

/**
 * Matches the staged lines (those `held`, or the others: null) to existing people: external id,
 * then e-mail, then phone, each statement taking only the lines the previous ones left unmatched.
 *
 * The match by external id, which finds nearly every line of a re-import, also notes whether the
 * merge would leave the person as they are (`same`) and whether the line brings a tag the person
 * lacks (`tags_missing`): the person's row is read there anyway, and an import runs this beside the
 * previous chunk's transaction, where `updateMatchedPeople` would read it again after it.
 */
async function matchStaged(tx: Tx, c: MergeContext, held: readonly number[] | null): Promise<Match[]> {
  const { orgId } = c;
  const columns = mergedColumns(c);
  const next = sql.join(columns.map(([, expr]) => expr));
  const current = sql.join(columns.map(([name]) => sql`p.${sql.raw(name)}`));
  const byId = await sql<Match>`
    INSERT INTO import_match (line, person_id, matched_by, same, tags_missing)
    SELECT s.line, p.id, 'external_id', ROW(${next}) IS NOT DISTINCT FROM ROW(${current}),
      s.tags IS NOT NULL AND EXISTS (
        SELECT 1 FROM unnest(string_to_array(s.tags, ${TAG_SEPARATOR})) AS t(name)
        JOIN tags tg ON tg.org_id = ${orgId} AND lower(tg.name) = lower(t.name)
        WHERE NOT EXISTS (SELECT 1 FROM person_tags x WHERE x.org_id = ${orgId} AND x.tag_id = tg.id AND x.person_id = p.id))
    FROM import_stage s JOIN people p ON p.org_id = ${orgId} AND p.external_id = s.external_id
    WHERE ${scope('s', held)} AND s.external_id IS NOT NULL
    RETURNING line, person_id::text AS person_id, matched_by, same, tags_missing`.execute(tx);
  // The lines still unmatched, for the next statements.
  const unmatched = sql`${scope('s2', held)} AND NOT EXISTS (SELECT 1 FROM import_match m WHERE m.line = s2.line)`;

  // The line's e-mails (primary, then additional) against the person's primary e-mail, then
  // against their additional ones (person_emails_normalized): each an equality join on an index.
  const byEmail = await sql<Match>`
    INSERT INTO import_match (line, person_id, matched_by)
    SELECT m.line, m.id, 'email'
    FROM (
      SELECT DISTINCT ON (c.line) c.line, c.id
      FROM (
        SELECT s2.line, p.id, s2.external_id AS s_ext, p.external_id AS p_ext
          FROM import_stage s2 JOIN people p ON p.org_id = ${orgId} AND p.email_normalized = s2.email
          WHERE ${unmatched} AND s2.email IS NOT NULL
        UNION ALL
        SELECT s2.line, p.id, s2.external_id, p.external_id
          FROM import_stage s2
          JOIN person_emails pe ON pe.org_id = ${orgId} AND pe.email_normalized = s2.email
          JOIN people p ON p.org_id = ${orgId} AND p.id = pe.person_id
          WHERE ${unmatched} AND s2.email IS NOT NULL
        UNION ALL
        SELECT s2.line, p.id, s2.external_id, p.external_id
          FROM import_stage s2 CROSS JOIN LATERAL unnest(string_to_array(s2.extra_emails, ${TAG_SEPARATOR})) AS e(address)
          JOIN people p ON p.org_id = ${orgId} AND p.email_normalized = e.address
          WHERE ${unmatched} AND s2.extra_emails IS NOT NULL
        UNION ALL
        SELECT s2.line, p.id, s2.external_id, p.external_id
          FROM import_stage s2 CROSS JOIN LATERAL unnest(string_to_array(s2.extra_emails, ${TAG_SEPARATOR})) AS e(address)
          JOIN person_emails pe ON pe.org_id = ${orgId} AND pe.email_normalized = e.address
          JOIN people p ON p.org_id = ${orgId} AND p.id = pe.person_id
          WHERE ${unmatched} AND s2.extra_emails IS NOT NULL
      ) c
      WHERE c.s_ext IS NULL OR c.p_ext IS NULL
      ORDER BY c.line, c.id
    ) m
    RETURNING line, person_id::text AS person_id, matched_by, same, tags_missing`.execute(tx);

  // Four plain equality joins rather than one join on an OR: each walks its own index.
  const byPhone = await sql<Match>`
    INSERT INTO import_match (line, person_id, matched_by)
    SELECT m.line, m.id, 'phone'
    FROM (
      SELECT DISTINCT ON (c.line) c.line, c.id
      FROM (
        SELECT s2.line, p.id, s2.external_id AS s_ext, p.external_id AS p_ext, s2.first_name AS s_first, p.first_name AS p_first
          FROM import_stage s2 JOIN people p ON p.org_id = ${orgId} AND p.mobile_e164 = s2.mobile_e164 WHERE ${unmatched}
        UNION ALL
        SELECT s2.line, p.id, s2.external_id, p.external_id, s2.first_name, p.first_name
          FROM import_stage s2 JOIN people p ON p.org_id = ${orgId} AND p.phone_e164 = s2.mobile_e164 WHERE ${unmatched}
        UNION ALL
        SELECT s2.line, p.id, s2.external_id, p.external_id, s2.first_name, p.first_name
          FROM import_stage s2 JOIN people p ON p.org_id = ${orgId} AND p.mobile_e164 = s2.phone_e164 WHERE ${unmatched}
        UNION ALL
        SELECT s2.line, p.id, s2.external_id, p.external_id, s2.first_name, p.first_name
          FROM import_stage s2 JOIN people p ON p.org_id = ${orgId} AND p.phone_e164 = s2.phone_e164 WHERE ${unmatched}
        UNION ALL
        -- Any valid number of the line against the people's additional phones (person_phones_e164),
        -- and the line's additional numbers against the people's primary ones.
        SELECT n.line, p.id, n.external_id, p.external_id, n.first_name, p.first_name
          FROM (
            SELECT s2.line, s2.external_id, s2.first_name, x.e164
              FROM import_stage s2 CROSS JOIN LATERAL (
                SELECT s2.mobile_e164 AS e164 UNION ALL SELECT s2.phone_e164
                UNION ALL SELECT y.e164 FROM jsonb_to_recordset(coalesce(s2.extra_phones, '[]')) AS y(e164 text)
              ) x
              WHERE ${unmatched} AND x.e164 IS NOT NULL
          ) n
          JOIN person_phones pf ON pf.org_id = ${orgId} AND pf.e164 = n.e164
          JOIN people p ON p.org_id = ${orgId} AND p.id = pf.person_id
        UNION ALL
        SELECT s2.line, p.id, s2.external_id, p.external_id, s2.first_name, p.first_name
          FROM import_stage s2 CROSS JOIN LATERAL jsonb_to_recordset(s2.extra_phones) AS y(e164 text)
          JOIN people p ON p.org_id = ${orgId} AND (p.mobile_e164 = y.e164 OR p.phone_e164 = y.e164)
          WHERE ${unmatched} AND s2.extra_phones IS NOT NULL
      ) c
      WHERE (c.s_ext IS NULL OR c.p_ext IS NULL)
        AND (c.s_first IS NULL OR c.p_first = '' OR lower(split_part(c.s_first, ' ', 1)) = lower(split_part(c.p_first, ' ', 1)))
      ORDER BY c.line, c.id
    ) m
    RETURNING line, person_id::text AS person_id, matched_by, same, tags_missing`.execute(tx);
  return [...byId.rows, ...byEmail.rows, ...byPhone.rows];
}

/**
 * Inserts the chunk's new people (staged, matched to nobody) with their tags, additional e-mails
 * and phones, in one statement: the ids are drawn as the stage is read once, and the people rows
 * and the rows pointing to them are written from that one read. Returns each new person's line and id.
 */
async function insertNewPeople(tx: Tx, c: MergeContext, held: readonly number[] | null): Promise<{ line: number; person_id: string }[]> {
  const { rows } = await sql<{ line: number; person_id: string }>`
    WITH fresh AS MATERIALIZED (
      SELECT s.*, nextval((SELECT pg_get_serial_sequence('people', 'id')::regclass)) AS new_id
      FROM import_stage s
      WHERE ${scope('s', held)} AND NOT EXISTS (SELECT 1 FROM import_match m WHERE m.line = s.line)
    ), new_people AS (
      INSERT INTO people (
        org_id, id, external_id, first_name, last_name, birth_date, email,
        mobile_e164, mobile_raw, mobile_valid, phone_e164, phone_raw, phone_valid,
        address_line1, address_line2, postal_code, city, commune_code, polling_station_code, constituency_code, support_level,
        is_volunteer, do_not_call, do_not_call_at, do_not_call_reason, do_not_email, do_not_email_at, do_not_email_reason,
        do_not_text, do_not_text_at, do_not_text_reason, data_source, legal_basis, custom_fields, created_at, updated_at, search_text)
      SELECT ${c.orgId}, s.new_id, s.external_id, coalesce(s.first_name, ''), coalesce(s.last_name, ''), s.birth_date, s.email,
        s.mobile_e164, s.mobile_raw, coalesce(s.mobile_valid, false), s.phone_e164, s.phone_raw, coalesce(s.phone_valid, false),
        s.address_line1, s.address_line2, s.postal_code, s.city, s.commune_code, s.polling_station_code, s.constituency_code, s.support_level,
        s.is_volunteer,
        s.do_not_call, CASE WHEN s.do_not_call THEN ${c.now}::timestamptz END, CASE WHEN s.do_not_call THEN ${c.flagReason} END,
        s.do_not_email, CASE WHEN s.do_not_email THEN ${c.now}::timestamptz END, CASE WHEN s.do_not_email THEN ${c.flagReason} END,
        s.do_not_text, CASE WHEN s.do_not_text THEN ${c.now}::timestamptz END, CASE WHEN s.do_not_text THEN ${c.flagReason} END,
        ${c.dataSource}, ${c.legalBasis}, s.custom_fields, ${c.now}, ${c.now}, s.search_text
      FROM fresh s
    ), new_tags AS (
      -- A new person has no links yet: DISTINCT is all it takes to insert each link once. Their
      -- level is the staged one (created here, no one else can change it): given, it spares each
      -- link the trigger's look-up (0022_person_tags_level.sql).
      INSERT INTO person_tags (org_id, tag_id, person_id, support_level)
      SELECT DISTINCT ${c.orgId}::uuid, tg.id, s.new_id, coalesce(s.support_level, 0)
      FROM fresh s
      CROSS JOIN LATERAL unnest(string_to_array(s.tags, ${TAG_SEPARATOR})) AS t(name)
      JOIN tags tg ON tg.org_id = ${c.orgId} AND lower(tg.name) = lower(t.name)
      WHERE s.tags IS NOT NULL
    ), new_emails AS (
      INSERT INTO person_emails (org_id, person_id, email)
      SELECT DISTINCT ON (s.new_id, e.address) ${c.orgId}::uuid, s.new_id, e.address
      FROM fresh s
      CROSS JOIN LATERAL unnest(string_to_array(s.extra_emails, ${TAG_SEPARATOR})) AS e(address)
      WHERE s.extra_emails IS NOT NULL AND lower(s.email) IS DISTINCT FROM e.address
      ON CONFLICT (org_id, person_id, email_normalized) DO NOTHING
    ), new_phones AS (
      INSERT INTO person_phones (org_id, person_id, kind, e164, raw, valid)
      SELECT DISTINCT ON (s.new_id, coalesce(x.e164, x.raw)) ${c.orgId}::uuid, s.new_id, x.kind, x.e164, x.raw, x.valid
      FROM fresh s
      CROSS JOIN LATERAL jsonb_to_recordset(s.extra_phones) AS x(kind text, e164 text, raw text, valid boolean)
      WHERE s.extra_phones IS NOT NULL
        AND (x.e164 IS NULL OR (x.e164 IS DISTINCT FROM s.mobile_e164 AND x.e164 IS DISTINCT FROM s.phone_e164))
      ORDER BY s.new_id, coalesce(x.e164, x.raw)
    )
    SELECT line, new_id::text AS person_id FROM fresh`.execute(tx);
  return rows;
}

/**
 * The new value of each column of a matched person, by the merge rule above (`p` is the stored
 * person, `s` the staged one). Written once and used both to set and to compare.
 */
function mergedColumns(c: MergeContext) {
  const keepValidPhone = (slot: 'mobile' | 'phone', column: string) =>
    sql`CASE WHEN s.${sql.raw(slot)}_raw IS NOT NULL AND (s.${sql.raw(slot)}_valid OR NOT p.${sql.raw(slot)}_valid)
        THEN s.${sql.raw(column)} ELSE p.${sql.raw(column)} END`;
  const flagAt = (flag: string) => sql`CASE WHEN s.${sql.raw(flag)} AND NOT p.${sql.raw(flag)} THEN ${c.now}::timestamptz ELSE p.${sql.raw(`${flag}_at`)} END`;
  const flagReason = (flag: string) => sql`CASE WHEN s.${sql.raw(flag)} AND NOT p.${sql.raw(flag)} THEN ${c.flagReason} ELSE p.${sql.raw(`${flag}_reason`)} END`;
  const fill = (column: string) => sql`coalesce(s.${sql.raw(column)}, p.${sql.raw(column)})`;
  return [
    ['external_id', sql`coalesce(p.external_id, s.external_id)`],
    ...(['first_name', 'last_name', 'birth_date', 'email', 'address_line1', 'address_line2', 'postal_code', 'city', 'commune_code', 'polling_station_code', 'constituency_code', 'support_level'] as const).map(
      (column) => [column, fill(column)] as const,
    ),
    ['mobile_e164', keepValidPhone('mobile', 'mobile_e164')],
    ['mobile_raw', keepValidPhone('mobile', 'mobile_raw')],
    ['mobile_valid', keepValidPhone('mobile', 'mobile_valid')],
    ['phone_e164', keepValidPhone('phone', 'phone_e164')],
    ['phone_raw', keepValidPhone('phone', 'phone_raw')],
    ['phone_valid', keepValidPhone('phone', 'phone_valid')],
    ['is_volunteer', sql`p.is_volunteer OR s.is_volunteer`],
    ...(['do_not_call', 'do_not_email', 'do_not_text'] as const).flatMap((flag) => [
      [flag, sql`p.${sql.raw(flag)} OR s.${sql.raw(flag)}`] as const,
      [`${flag}_at`, flagAt(flag)] as const,
      [`${flag}_reason`, flagReason(flag)] as const,
    ]),
    ['custom_fields', sql`p.custom_fields || s.custom_fields`],
  ] as const;
}

/** Merges the staged lines listed (each of a different person) into the people they matched; returns those changed. */
async function updateMatchedPeople(tx: Tx, c: MergeContext, lines: readonly number[]): Promise<string[]> {
  const columns = mergedColumns(c);
  const set = sql.join(columns.map(([name, expr]) => sql`${sql.raw(name)} = ${expr}`));
  const next = sql.join(columns.map(([, expr]) => expr));
  const current = sql.join(columns.map(([name]) => sql`p.${sql.raw(name)}`));
  const { rows } = await sql<{ id: string }>`
    UPDATE people p SET ${set}, updated_at = ${c.now}
    FROM import_stage s JOIN import_match m ON m.line = s.line
    WHERE p.org_id = ${c.orgId} AND p.id = m.person_id AND m.line = ANY(${lines}::int[])
      AND ROW(${next}) IS DISTINCT FROM ROW(${current})
    RETURNING p.id::text AS id`.execute(tx);
  return rows.map((r) => r.id);
}

/**
 * Creates the tags the chunk names that the organization does not have yet. The names come from
 * the chunk in memory (a handful), not from a scan of the stage. An import runs it in a
 * transaction of its own before the chunk's: two chunks' transactions are open at once, and a tag
 * created in one would hold the other until it commits. A chunk that fails then leaves its new
 * tags, unused.
 */
export async function createTags(tx: Tx, orgId: string, people: readonly StagedPerson[]): Promise<void> {
  // Split as the stage's `tags` column is split, so both sides see the same names.
  const names = [...new Set(people.flatMap((p) => (p.tags.length > 0 ? p.tags.join(TAG_SEPARATOR).split(TAG_SEPARATOR) : [])))];
  if (names.length === 0) return;
  await sql`
    INSERT INTO tags (org_id, name)
    SELECT DISTINCT ON (lower(t.name)) ${orgId}::uuid, t.name
    FROM unnest(${names}::text[]) AS t(name)
    ORDER BY lower(t.name), t.name
    ON CONFLICT (org_id, lower(name)) DO NOTHING`.execute(tx);
}

/** Links the people the lines listed matched to the lines' tags; returns those who gained one. */
async function tagMatchedPeople(tx: Tx, orgId: string, lines: readonly number[]): Promise<string[]> {
  const { rows } = await sql<{ person_id: string }>`
    WITH links AS (
      INSERT INTO person_tags (org_id, tag_id, person_id)
      SELECT DISTINCT ${orgId}::uuid, tg.id, m.person_id
      FROM import_stage s JOIN import_match m ON m.line = s.line
      CROSS JOIN LATERAL unnest(string_to_array(s.tags, ${TAG_SEPARATOR})) AS t(name)
      JOIN tags tg ON tg.org_id = ${orgId} AND lower(tg.name) = lower(t.name)
      WHERE m.line = ANY(${lines}::int[]) AND s.tags IS NOT NULL
        -- Links the person already has are left out before the insert: each inserted row costs
        -- the level trigger's look-up, which a re-import of the same file need not pay.
        AND NOT EXISTS (SELECT 1 FROM person_tags x WHERE x.org_id = ${orgId} AND x.tag_id = tg.id AND x.person_id = m.person_id)
      ON CONFLICT DO NOTHING
      RETURNING person_id
    )
    SELECT DISTINCT person_id::text AS person_id FROM links`.execute(tx);
  return rows.map((r) => r.person_id);
}

/**
 * Adds the additional e-mails and phones of the lines listed to the people they matched (new people
 * get theirs as they are inserted), leaving out those the person already has, as primary or
 * additional; returns the people who gained one.
 */
async function addExtraContacts(tx: Tx, orgId: string, lines: readonly number[]): Promise<string[]> {
  const emails = await sql<{ person_id: string }>`
    INSERT INTO person_emails (org_id, person_id, email)
    SELECT DISTINCT ON (m.person_id, e.address) ${orgId}::uuid, m.person_id, e.address
    FROM import_stage s JOIN import_match m ON m.line = s.line
    CROSS JOIN LATERAL unnest(string_to_array(s.extra_emails, ${TAG_SEPARATOR})) AS e(address)
    JOIN people p ON p.org_id = ${orgId} AND p.id = m.person_id
    WHERE m.line = ANY(${lines}::int[]) AND s.extra_emails IS NOT NULL AND p.email_normalized IS DISTINCT FROM e.address
    ON CONFLICT (org_id, person_id, email_normalized) DO NOTHING
    RETURNING person_id::text AS person_id`.execute(tx);
  const phones = await sql<{ person_id: string }>`
    INSERT INTO person_phones (org_id, person_id, kind, e164, raw, valid)
    SELECT DISTINCT ON (m.person_id, coalesce(x.e164, x.raw)) ${orgId}::uuid, m.person_id, x.kind, x.e164, x.raw, x.valid
    FROM import_stage s JOIN import_match m ON m.line = s.line
    CROSS JOIN LATERAL jsonb_to_recordset(s.extra_phones) AS x(kind text, e164 text, raw text, valid boolean)
    JOIN people p ON p.org_id = ${orgId} AND p.id = m.person_id
    WHERE m.line = ANY(${lines}::int[]) AND s.extra_phones IS NOT NULL
      AND (x.e164 IS NULL OR (x.e164 IS DISTINCT FROM p.mobile_e164 AND x.e164 IS DISTINCT FROM p.phone_e164))
      AND NOT EXISTS (
        SELECT 1 FROM person_phones q
        WHERE q.org_id = ${orgId} AND q.person_id = m.person_id AND (q.e164 = x.e164 OR (x.e164 IS NULL AND q.e164 IS NULL AND q.raw = x.raw)))
    ORDER BY m.person_id, coalesce(x.e164, x.raw)
    RETURNING person_id::text AS person_id`.execute(tx);
  return [...new Set([...emails.rows, ...phones.rows].map((r) => r.person_id))];
}
