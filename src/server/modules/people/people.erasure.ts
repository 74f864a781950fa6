import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { foldSearchText } from '../../../shared/people/filter.js';
import type { Tx } from '../../platform/db/database.js';

/**
 * Where a person's name, e-mail or phone can land outside the rows that point at them through a
 * foreign key, and how an erasure finds and removes it (GDPR art. 17) or an export hands it over
 * (art. 15):
 *
 * | place | what can hold them | erasure |
 * | --- | --- | --- |
 * | `import_errors` | the faulty cell of a line (an invalid phone kept raw, a bad e-mail) | row deleted |
 * | `imports.sample`, `imports.merge_sample` | first rows of a file not yet imported; "line 12 merged into Jean Dupont" | their entries removed |
 * | `jobs` payload, state, result, error | a batch's filter ("search: dupont"), an import's merge sample | strings redacted, entries removed |
 * | `audit_log.details` | the filter of a CSV export or a batch | strings redacted |
 * | `lists.filter`, `call_campaigns.source_filter` | a saved search for their name or number | strings redacted |
 * | `outbox` | a message to their address, or naming them to someone else (a proxy holder) | row deleted |
 * | `calls.answers` | free-text answers typed by the caller | dropped, choices kept (0014) |
 * | other people's `contacts.notes`, `people.custom_fields` | "called Jean Dupont's brother on 06…", a custom "emergency contact" | the note or value replaced by "[effacé]" (e-mail, number or full name only) |
 * | `import_file_chunks` | an uploaded file not imported (yet, or failed) holding their e-mail or number | the file deleted, the import marked failed |
 *
 * Rows of other features that point at the person go through their foreign key (deleted, or kept
 * with the reference nulled and `notes` cleared): see people.repository.ts.
 *
 * What counts as "them": their e-mail addresses, their phone numbers in any form (the national
 * significant digits are looked for among the digits of a text, so "06 12 34 56 78", "+33612345678"
 * and "0612345678" all match), and their full name in either order. A bare last or first name is
 * too common to erase from other people's messages; it is looked for only as a whole word of a
 * saved search (a filter's `text`, a job's or audit entry's strings) and as a whole cell of an
 * import report.
 */

/** What identifies a person in free text. */
export interface PersonTraces {
  personId: string;
  /**
   * Lower-case strings whose presence means them: each e-mail, each phone as its national
   * significant digits ("612345678", inside "0612345678", "+33612345678", "0033…") and, for a
   * French number, grouped by pairs ("6 12 34 56 78", "6.12.34.56.78", "6-12-34-56-78", inside
   * "06 12 34 56 78" and "+33 6 12 34 56 78"), and the full name in either order, as stored and
   * folded (no accents).
   */
  strings: string[];
  /** Folded first and last names of three letters or more, looked for as whole words. */
  names: string[];
  /** The same names lower-cased as stored and folded: what a text must contain first. */
  nameForms: string[];
  /** Only e-mails and numbers: what an uploaded file's bytes are searched for. */
  fileStrings: string[];
  /** Lower-cased e-mails (a message's recipient). */
  emails: string[];
}

const REDACTED = '[effacé]';

function phoneForms(nsn: string): string[] {
  if (nsn.length !== 9) return [nsn];
  const first = nsn.slice(0, 1);
  const pairs = nsn.slice(1).match(/../g) ?? [];
  return [nsn, ...[' ', '.', '-'].map((sep) => [first, ...pairs].join(sep))];
}

/** The traces of a person from their stored identifiers. */
export function tracesOf(person: {
  id: string;
  firstName: string;
  lastName: string;
  emails: readonly (string | null)[];
  phones: readonly (string | null)[];
}): PersonTraces {
  const fold = (s: string) => foldSearchText(s.normalize('NFC')).replace(/\s+/g, ' ').trim();
  const lower = (s: string) => s.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();
  const digits = new Set<string>();
  for (const value of person.phones) {
    if (value === null || value.trim() === '') continue;
    const parsed = parsePhoneNumberFromString(value, 'FR');
    const nsn = parsed?.nationalNumber ?? value.replace(/\D/g, '').replace(/^0+/, '');
    if (nsn.length >= 6) digits.add(nsn);
  }
  const emails = person.emails.flatMap((e) => (e === null || e.trim() === '' ? [] : [e.trim().toLowerCase()]));
  const phones = [...digits].flatMap(phoneForms);
  const fullNames =
    person.firstName.trim() !== '' && person.lastName.trim() !== ''
      ? [fold, lower].flatMap((f) => [`${f(person.firstName)} ${f(person.lastName)}`, `${f(person.lastName)} ${f(person.firstName)}`])
      : [];
  const names = [fold(person.firstName), fold(person.lastName)].filter((n) => n.length >= 3);
  const nameForms = [person.firstName, person.lastName].flatMap((n) => [fold(n), lower(n)]).filter((n) => n.length >= 3);
  return {
    personId: person.id,
    strings: [...new Set([...emails, ...phones, ...fullNames])],
    names: [...new Set(names)],
    nameForms: [...new Set(nameForms)],
    fileStrings: [...new Set([...emails, ...phones])],
    emails: [...new Set(emails)],
  };
}

function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, '\\$&');
}

function regexEscape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const likeAny = (strings: readonly string[]) => strings.map((s) => `%${likeEscape(s)}%`);

/**
 * SQL: whether a text expression holds one of the person's strings (see {@link PersonTraces}),
 * or, with `names`, their first or last name as a whole word. Plain `ILIKE ANY`, so a table of a
 * million rows is read at the speed of a scan; the word test runs only where the name is found.
 */
export function mentionsSql(expr: RawBuilder<unknown>, t: PersonTraces, options: { names?: boolean } = {}): RawBuilder<SqlBool> {
  const parts: RawBuilder<SqlBool>[] = [];
  if (t.strings.length > 0) parts.push(sql<SqlBool>`${expr} ILIKE ANY (${likeAny(t.strings)}::text[])`);
  if (options.names && t.names.length > 0) {
    parts.push(sql<SqlBool>`(${expr} ILIKE ANY (${likeAny(t.nameForms)}::text[]) AND relais_fold(${expr}) ~ ${`\\m(${t.names.map(regexEscape).join('|')})\\M`})`);
  }
  if (parts.length === 0) return sql<SqlBool>`false`;
  return sql<SqlBool>`(${sql.join(parts, sql` OR `)})`;
}

/** The same test as {@link mentionsSql}, in memory (for the strings inside a JSON document). */
export function mentions(text: string, t: PersonTraces, options: { names?: boolean } = {}): boolean {
  const lower = text.normalize('NFC').toLowerCase();
  if (t.strings.some((s) => lower.includes(s))) return true;
  if (options.names && t.names.length > 0 && t.nameForms.some((n) => lower.includes(n))) {
    const folded = foldSearchText(text.normalize('NFC'));
    return new RegExp(`(^|[^\\p{L}\\p{N}_])(${t.names.map(regexEscape).join('|')})($|[^\\p{L}\\p{N}_])`, 'u').test(folded);
  }
  return false;
}

/**
 * A copy of a JSON document where every string mentioning the person is replaced by "[effacé]",
 * and every object naming them by id (`personId`, an import's merge sample entry) is dropped from
 * its array.
 */
export function redactJson(value: unknown, t: PersonTraces, options: { names?: boolean } = { names: true }): unknown {
  if (typeof value === 'string') return mentions(value, t, options) ? REDACTED : value;
  if (Array.isArray(value)) {
    return value.filter((v) => !(isRecord(v) && String(v.personId ?? '') === t.personId)).map((v) => redactJson(v, t, options));
  }
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactJson(v, t, options)]));
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A jsonb column in which the person may be mentioned, with the key of its table. */
interface JsonPlace {
  table: 'jobs' | 'audit_log' | 'lists' | 'call_campaigns' | 'imports';
  columns: readonly string[];
  /** Rows that cannot hold free text, left unread. */
  skip?: RawBuilder<SqlBool>;
}

const JSON_PLACES: readonly JsonPlace[] = [
  { table: 'jobs', columns: ['payload', 'state', 'result'] },
  // Reads of a record (one per person a caller is shown: most of the log) keep ids only.
  { table: 'audit_log', columns: ['details'], skip: sql<SqlBool>`action = 'person.read'` },
  { table: 'lists', columns: ['filter'] },
  { table: 'call_campaigns', columns: ['source_filter'] },
  { table: 'imports', columns: ['sample', 'merge_sample'] },
];

function jsonMentionSql(column: string, t: PersonTraces): RawBuilder<SqlBool> {
  const expr = sql`${sql.ref(column)}::text`;
  // Merge samples name the person by id too: {"personId": "42", …}.
  return sql<SqlBool>`(${mentionsSql(expr, t, { names: true })} OR ${sql.ref(column)}::text LIKE ${`%"personId": "${t.personId}"%`})`;
}

async function jsonRowsMentioning(tx: Tx, orgId: string, place: JsonPlace, t: PersonTraces) {
  const where = sql.join(place.columns.map((c) => jsonMentionSql(c, t)), sql` OR `);
  const { rows } = await sql<Record<string, unknown> & { id: string }>`
    SELECT id::text AS id, ${sql.join(place.columns.map((c) => sql.ref(c)))} FROM ${sql.table(place.table)}
    WHERE org_id = ${orgId} AND (${where})${place.skip ? sql` AND NOT (${place.skip})` : sql``}
    ORDER BY id`.execute(tx);
  return rows;
}

/** Rows of other features that mention the person without pointing at them, for a GDPR export. */
export async function findMentions(tx: Tx, orgId: string, t: PersonTraces): Promise<Record<string, Record<string, unknown>[]>> {
  const found: Record<string, Record<string, unknown>[]> = {};
  const add = (table: string, rows: Record<string, unknown>[]) => {
    if (rows.length > 0) (found[table] ??= []).push(...rows);
  };
  const issues = await sql<Record<string, unknown>>`
    SELECT import_id::text AS "importId", line, severity, code, column_name AS "column", value
    FROM import_errors WHERE org_id = ${orgId} AND value IS NOT NULL AND (${importErrorMatch(t)})
    ORDER BY import_id, line`.execute(tx);
  add('import_errors', issues.rows);
  for (const place of JSON_PLACES) {
    const rows = await jsonRowsMentioning(tx, orgId, place, t);
    // Only the parts that are about them: a job's whole payload may be a filter over thousands.
    add(
      place.table,
      rows.map((row) => ({ id: row.id, ...Object.fromEntries(place.columns.flatMap((c) => (row[c] != null && jsonMentions(row[c], t) ? [[c, partsMentioning(row[c], t)]] : []))) })),
    );
  }
  const mail = await sql<Record<string, unknown>>`
    SELECT id::text AS id, to_address AS "to", subject, text_body AS "textBody", status, created_at AS "createdAt"
    FROM outbox WHERE org_id = ${orgId} AND (person_id IS DISTINCT FROM ${t.personId}::bigint) AND (${outboxMatch(t)})
    ORDER BY created_at`.execute(tx);
  add('outbox', mail.rows);
  const matches = await sql<Record<string, unknown>>`
    SELECT to_jsonb(m) AS row FROM proxy_matches m
    WHERE m.org_id = ${orgId}
      AND (m.request_id IN (SELECT id FROM proxy_requests WHERE org_id = ${orgId} AND person_id = ${t.personId}::bigint)
        OR m.offer_id IN (SELECT id FROM proxy_offers WHERE org_id = ${orgId} AND person_id = ${t.personId}::bigint))`.execute(tx);
  add('proxy_matches', matches.rows.map((r) => r.row as Record<string, unknown>));
  const notes = await sql<Record<string, unknown>>`
    SELECT id::text AS id, notes, made_at AS "madeAt" FROM contacts
    WHERE org_id = ${orgId} AND person_id IS DISTINCT FROM ${t.personId}::bigint AND notes IS NOT NULL AND ${mentionsSql(sql`notes`, t)}
    ORDER BY made_at`.execute(tx);
  add('contacts', notes.rows);
  const custom = await othersCustomFieldsMentioning(tx, orgId, t);
  add('people', custom.map((r) => ({ customFields: Object.fromEntries(Object.entries(r.custom_fields).filter(([, v]) => typeof v === 'string' && mentions(v, t))) })));
  return found;
}

/** Other people whose custom fields hold the person's e-mail, number or full name. */
async function othersCustomFieldsMentioning(tx: Tx, orgId: string, t: PersonTraces) {
  const { rows } = await sql<{ id: string; custom_fields: Record<string, unknown> }>`
    SELECT id::text AS id, custom_fields FROM people
    WHERE org_id = ${orgId} AND id <> ${t.personId}::bigint AND custom_fields <> '{}'::jsonb AND ${mentionsSql(sql`custom_fields::text`, t)}
    ORDER BY id`.execute(tx);
  return rows;
}

/** Of a list (an import's sample rows, its merge sample), the entries about the person; anything else whole. */
function partsMentioning(value: unknown, t: PersonTraces): unknown {
  return Array.isArray(value) ? value.filter((v) => jsonMentions([v], t)) : value;
}

function jsonMentions(value: unknown, t: PersonTraces): boolean {
  return JSON.stringify(redactJson(value, t)) !== JSON.stringify(value);
}

function importErrorMatch(t: PersonTraces): RawBuilder<SqlBool> {
  const cellIsName =
    t.names.length > 0 ? sql<SqlBool>`(value ILIKE ANY (${likeAny(t.nameForms)}::text[]) AND relais_fold(btrim(value)) = ANY (${t.names}::text[]))` : sql<SqlBool>`false`;
  return sql<SqlBool>`${mentionsSql(sql`value`, t)} OR ${cellIsName}`;
}

function outboxMatch(t: PersonTraces): RawBuilder<SqlBool> {
  const to = t.emails.length > 0 ? sql<SqlBool>`lower(to_address) = ANY (${t.emails}::text[])` : sql<SqlBool>`false`;
  return sql<SqlBool>`${to} OR ${mentionsSql(sql`subject`, t)} OR ${mentionsSql(sql`text_body`, t)} OR ${mentionsSql(sql`coalesce(html_body, '')`, t)}`;
}

/** What {@link eraseMentions} removed, for the audit entry. */
export interface MentionsErased {
  importIssues: number;
  /** Uploaded files not imported that held them, deleted. */
  pendingFiles: number;
  redactedRows: number;
  messages: number;
  calls: number;
}

/**
 * Removes every mention of the person listed above, inside the erasure's transaction, before the
 * person row is deleted (calls are cut from them here, with their free-text answers).
 */
export async function eraseMentions(tx: Tx, orgId: string, t: PersonTraces): Promise<MentionsErased> {
  const issues = await sql`DELETE FROM import_errors WHERE org_id = ${orgId} AND value IS NOT NULL AND (${importErrorMatch(t)})`.execute(tx);
  let redactedRows = 0;
  for (const place of JSON_PLACES) {
    for (const row of await jsonRowsMentioning(tx, orgId, place, t)) {
      const set = place.columns.map((c) => sql`${sql.ref(c)} = ${row[c] == null ? null : JSON.stringify(redactJson(row[c], t))}::jsonb`);
      await sql`UPDATE ${sql.table(place.table)} SET ${sql.join(set)} WHERE org_id = ${orgId} AND id = ${row.id}::bigint`.execute(tx);
      redactedRows++;
    }
  }
  await sql`UPDATE jobs SET error = ${REDACTED} WHERE org_id = ${orgId} AND error IS NOT NULL AND (${mentionsSql(sql`error`, t)})`.execute(tx);
  const messages = await sql`DELETE FROM outbox WHERE org_id = ${orgId} AND (person_id = ${t.personId}::bigint OR ${outboxMatch(t)})`.execute(tx);
  const calls = await eraseCallAnswers(tx, orgId, t.personId);
  // Others' records that speak of them: only their e-mail, number or full name, never a bare name.
  const notes = await sql`
    UPDATE contacts SET notes = ${REDACTED}
    WHERE org_id = ${orgId} AND person_id IS DISTINCT FROM ${t.personId}::bigint AND notes IS NOT NULL AND ${mentionsSql(sql`notes`, t)}`.execute(tx);
  redactedRows += Number(notes.numAffectedRows ?? 0);
  for (const row of await othersCustomFieldsMentioning(tx, orgId, t)) {
    await sql`UPDATE people SET custom_fields = ${JSON.stringify(redactJson(row.custom_fields, t, { names: false }))}::jsonb
      WHERE org_id = ${orgId} AND id = ${row.id}::bigint`.execute(tx);
    redactedRows++;
  }
  const pendingFiles = await erasePendingFiles(tx, orgId, t);
  return { importIssues: Number(issues.numAffectedRows ?? 0), pendingFiles, redactedRows, messages: Number(messages.numAffectedRows ?? 0), calls };
}

/**
 * Uploaded files that were not imported (waiting for their mapping, or failed) and hold one of the
 * person's e-mails or numbers: the file is deleted and the import marked failed, or starting it
 * later would bring the person back. Bytes read as Latin-1 never fail to decode, and keep ASCII
 * (an address, digits) as it is whatever the file's encoding.
 */
async function erasePendingFiles(tx: Tx, orgId: string, t: PersonTraces): Promise<number> {
  const forms = t.fileStrings;
  if (forms.length === 0) return 0;
  const { rows } = await sql<{ import_id: string }>`
    SELECT DISTINCT c.import_id::text AS import_id
    FROM import_file_chunks c
    JOIN imports i ON i.org_id = c.org_id AND i.id = c.import_id
    WHERE c.org_id = ${orgId} AND i.status IN ('uploaded', 'failed')
      AND EXISTS (SELECT 1 FROM unnest(${forms}::text[]) f WHERE strpos(lower(convert_from(c.data, 'LATIN1')), f) > 0)`.execute(tx);
  for (const { import_id } of rows) {
    await sql`DELETE FROM import_file_chunks WHERE org_id = ${orgId} AND import_id = ${import_id}::bigint`.execute(tx);
    await sql`UPDATE imports SET status = 'failed', sample = '[]', finished_at = coalesce(finished_at, now()) WHERE org_id = ${orgId} AND id = ${import_id}::bigint`.execute(tx);
  }
  return rows.length;
}

/**
 * Cuts the person's calls from them and keeps only the answers that are a choice of the script
 * version the call followed (what the metrics count); text answers go with the notes.
 */
async function eraseCallAnswers(tx: Tx, orgId: string, personId: string): Promise<number> {
  const result = await sql`
    UPDATE calls c SET person_id = NULL, notes = NULL, answers = coalesce((
      SELECT jsonb_object_agg(a.key, a.value) FROM jsonb_each(c.answers) a
      WHERE jsonb_typeof(a.value) = 'string' AND EXISTS (
        SELECT 1 FROM script_versions v,
          jsonb_array_elements(coalesce(v.document -> 'sections', '[]')) s,
          jsonb_array_elements(coalesce(s -> 'questions', '[]')) q
        WHERE v.org_id = c.org_id AND v.id = c.script_version_id AND q ->> 'id' = a.key AND q ->> 'kind' = 'choice')), '{}'::jsonb)
    WHERE c.org_id = ${orgId} AND c.person_id = ${personId}::bigint`.execute(tx);
  return Number(result.numAffectedRows ?? 0);
}
