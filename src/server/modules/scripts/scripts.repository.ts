import { sql } from 'kysely';
import type { Tx } from '../../platform/db/database.js';
import type { ScriptLanguage } from '../../platform/db/schema.js';

/** A script row with its latest published version (if any), as listed and loaded by the editor. */
export interface ScriptRow {
  id: string;
  name: string;
  language: ScriptLanguage;
  document: unknown;
  draft_revision: number;
  updated_at: Date;
  version_id: string | null;
  version: number | null;
  published_at: Date | null;
  published_by: string | null;
  changed: boolean;
}

/** Scripts of the organization (or one of them), each with its latest version and whether the draft moved on. */
export async function selectScripts(tx: Tx, orgId: string, scriptId?: string): Promise<ScriptRow[]> {
  const result = await sql<ScriptRow>`
    SELECT s.id, s.name, s.language, s.document, s.draft_revision, s.updated_at,
           v.id AS version_id, v.version, v.published_at, v.published_by,
           (v.id IS NULL OR v.document IS DISTINCT FROM s.document) AS changed
    FROM scripts s
    LEFT JOIN LATERAL (
      SELECT sv.id, sv.version, sv.published_at, sv.published_by, sv.document
      FROM script_versions sv
      WHERE sv.org_id = s.org_id AND sv.script_id = s.id
      ORDER BY sv.version DESC
      LIMIT 1
    ) v ON true
    WHERE s.org_id = ${orgId} AND s.archived_at IS NULL
      ${scriptId === undefined ? sql`` : sql`AND s.id = ${scriptId}`}
    ORDER BY lower(s.name), s.id`.execute(tx);
  return result.rows;
}

export function insertScript(
  tx: Tx,
  orgId: string,
  values: { name: string; language: ScriptLanguage; document: unknown; userId: string | null; now: Date },
) {
  return tx
    .insertInto('scripts')
    .values({
      org_id: orgId,
      name: values.name,
      language: values.language,
      document: JSON.stringify(values.document),
      created_by: values.userId,
      updated_by: values.userId,
      created_at: values.now,
      updated_at: values.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** Locks the script row: publishing and saving the draft of one script happen one at a time. */
export function lockScript(tx: Tx, orgId: string, scriptId: string) {
  return tx
    .selectFrom('scripts')
    .select(['id', 'name', 'language', 'document', 'draft_revision'])
    .where('org_id', '=', orgId)
    .where('id', '=', scriptId)
    .where('archived_at', 'is', null)
    .forUpdate()
    .executeTakeFirst();
}

export function updateScriptDraft(
  tx: Tx,
  orgId: string,
  scriptId: string,
  values: { name?: string; language?: ScriptLanguage; document?: unknown; userId: string; now: Date },
) {
  return tx
    .updateTable('scripts')
    .set({
      ...(values.name !== undefined ? { name: values.name } : {}),
      ...(values.language !== undefined ? { language: values.language } : {}),
      ...(values.document !== undefined ? { document: JSON.stringify(values.document) } : {}),
      draft_revision: sql`draft_revision + 1`,
      updated_by: values.userId,
      updated_at: values.now,
    })
    .where('org_id', '=', orgId)
    .where('id', '=', scriptId)
    .execute();
}

/** The latest published version of a script, with its document, to compare with the draft. */
export function latestVersion(tx: Tx, orgId: string, scriptId: string) {
  return tx
    .selectFrom('script_versions')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('script_id', '=', scriptId)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export function insertVersion(
  tx: Tx,
  orgId: string,
  values: { scriptId: string; version: number; name: string; language: ScriptLanguage; document: unknown; userId: string | null; now: Date },
) {
  return tx
    .insertInto('script_versions')
    .values({
      org_id: orgId,
      script_id: values.scriptId,
      version: values.version,
      name: values.name,
      language: values.language,
      document: JSON.stringify(values.document),
      published_by: values.userId,
      published_at: values.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function selectVersions(tx: Tx, orgId: string, scriptId: string) {
  return tx
    .selectFrom('script_versions')
    .select(['id', 'version', 'published_at', 'published_by'])
    .where('org_id', '=', orgId)
    .where('script_id', '=', scriptId)
    .orderBy('version', 'desc')
    .execute();
}

export function selectVersionByNumber(tx: Tx, orgId: string, scriptId: string, version: number) {
  return tx
    .selectFrom('script_versions')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('script_id', '=', scriptId)
    .where('version', '=', version)
    .executeTakeFirst();
}

export function selectVersionById(tx: Tx, orgId: string, versionId: string) {
  return tx.selectFrom('script_versions').selectAll().where('org_id', '=', orgId).where('id', '=', versionId).executeTakeFirst();
}

export function scriptExists(tx: Tx, orgId: string, scriptId: string) {
  return tx.selectFrom('scripts').select('id').where('org_id', '=', orgId).where('id', '=', scriptId).where('archived_at', 'is', null).executeTakeFirst();
}

export async function organizationLocale(tx: Tx, orgId: string): Promise<'fr' | 'en'> {
  const row = await tx.selectFrom('organizations').select('locale').where('id', '=', orgId).executeTakeFirst();
  return row?.locale ?? 'fr';
}

export function archiveScriptRow(tx: Tx, orgId: string, scriptId: string, now: Date) {
  return tx
    .updateTable('scripts')
    .set({ archived_at: now })
    .where('org_id', '=', orgId)
    .where('id', '=', scriptId)
    .where('archived_at', 'is', null)
    .executeTakeFirst();
}

/** Who published which version: the audit log keeps what callers were told to say, and when. */
export function insertAudit(tx: Tx, orgId: string, entry: { userId: string | null; action: string; subjectType: string; subjectId: string; details: Record<string, unknown> }) {
  return tx
    .insertInto('audit_log')
    .values({ org_id: orgId, user_id: entry.userId, action: entry.action, subject_type: entry.subjectType, subject_id: entry.subjectId, details: JSON.stringify(entry.details) })
    .execute();
}
