import type { Selectable } from 'kysely';
import type { ScriptCreate, ScriptDetail, ScriptSummary, ScriptUpdate, ScriptVersion, ScriptVersionSummary } from '../../../shared/contracts/scripts.js';
import { analyzeScript } from '../../../shared/scripts/script.analysis.js';
import { exampleScripts, type ExampleScriptName } from '../../../shared/scripts/examples.js';
import { ScriptDocumentSchema, type ScriptDocument } from '../../../shared/scripts/script.schema.js';
import type { AppContext } from '../../platform/context.js';
import { inOrg, type Tx } from '../../platform/db/database.js';
import type { ScriptLanguage, ScriptVersionsTable } from '../../platform/db/schema.js';
import type { OrgActor } from '../../platform/http/actor.js';
import { AppError, notFound } from '../../platform/http/errors.js';
import { translator } from '../../platform/i18n.js';
import * as repo from './scripts.repository.js';
import { parseScriptDocument } from './scripts.validation.js';

const EXAMPLE_NAMES: Record<ExampleScriptName, Record<ScriptLanguage, string>> = {
  gotvProxy: { fr: 'Appel de mobilisation et procurations', en: 'Get out the vote and vote proxies' },
  persuasion: { fr: 'Persuasion : convaincu, hésitant, autre choix', en: 'Persuasion: convinced, hesitant, other choice' },
};

/** The document a blank script starts with: one section that ends the call. */
function blankDocument(language: ScriptLanguage): ScriptDocument {
  return ScriptDocumentSchema.parse({
    startSectionId: 'intro',
    sections: [{ id: 'intro', title: language === 'fr' ? 'Introduction' : 'Introduction', body: '', end: true }],
  });
}

const isDbId = (id: string) => /^\d{1,18}$/.test(id);

function scope(actor: OrgActor) {
  return { orgId: actor.org.id, userId: actor.user.id };
}

function toSummary(row: repo.ScriptRow): ScriptSummary {
  return {
    id: row.id,
    name: row.name,
    language: row.language,
    updatedAt: row.updated_at.toISOString(),
    latestVersion:
      row.version_id === null || row.version === null || row.published_at === null
        ? null
        : { id: row.version_id, version: row.version, publishedAt: row.published_at.toISOString(), publishedBy: row.published_by },
    hasUnpublishedChanges: row.changed,
  };
}

function toDetail(row: repo.ScriptRow): ScriptDetail {
  // Stored drafts were validated on the way in; parsing again yields the typed document.
  const document = ScriptDocumentSchema.parse(row.document);
  return { ...toSummary(row), document, draftRevision: row.draft_revision, analysis: analyzeScript(document) };
}

function toVersion(row: Selectable<ScriptVersionsTable>): ScriptVersion {
  return {
    id: row.id,
    scriptId: row.script_id,
    version: row.version,
    name: row.name,
    language: row.language,
    document: ScriptDocumentSchema.parse(row.document),
    publishedAt: row.published_at.toISOString(),
    publishedBy: row.published_by,
  };
}

async function loadDetail(tx: Tx, orgId: string, scriptId: string): Promise<ScriptDetail> {
  const [row] = await repo.selectScripts(tx, orgId, scriptId);
  if (!row) throw notFound();
  return toDetail(row);
}

/** The organization's call scripts, by name, each with its latest published version. */
export async function listScripts(ctx: AppContext, actor: OrgActor): Promise<ScriptSummary[]> {
  const rows = await inOrg(ctx.database.db, scope(actor), (tx) => repo.selectScripts(tx, actor.org.id));
  return rows.map(toSummary);
}

/**
 * Starts a script: from a shipped example (in the requested locale, else the organization's), from
 * a document, or blank. Nothing is published yet.
 */
export async function createScript(ctx: AppContext, actor: OrgActor, input: ScriptCreate): Promise<ScriptDetail> {
  const t = translator(actor.locale);
  if (input.fromExample && input.document) {
    throw new AppError('validation_failed', { fields: [{ path: 'document', message: String(t('validation:unrecognized_keys', { keys: 'document' })) }] });
  }
  const document = input.document ? parseScriptDocument(input.document, t) : undefined;
  return inOrg(ctx.database.db, scope(actor), async (tx) => {
    const orgLocale = await repo.organizationLocale(tx, actor.org.id);
    const language = input.locale ?? input.language ?? orgLocale;
    let name = input.name;
    let doc = document;
    if (input.fromExample) {
      doc = exampleScripts[input.fromExample][language];
      name ??= EXAMPLE_NAMES[input.fromExample][language];
    }
    if (!name) throw new AppError('validation_failed', { fields: [{ path: 'name', message: String(t('validation:script_name_required')) }] });
    const { id } = await repo.insertScript(tx, actor.org.id, {
      name,
      language: input.language ?? language,
      document: doc ?? blankDocument(language),
      userId: actor.user.id,
      now: ctx.clock(),
    });
    return loadDetail(tx, actor.org.id, id);
  });
}

/** A script's draft, with the editor's warnings. */
export function getScript(ctx: AppContext, actor: OrgActor, scriptId: string): Promise<ScriptDetail> {
  return inOrg(ctx.database.db, scope(actor), (tx) => loadDetail(tx, actor.org.id, scriptId));
}

/**
 * Saves the draft. Published versions are separate rows and stay as they were: calls keep the
 * meaning of their answers. A stale `expectedRevision` (someone saved meanwhile) is a conflict.
 */
export async function updateScript(ctx: AppContext, actor: OrgActor, scriptId: string, input: ScriptUpdate): Promise<ScriptDetail> {
  const document = input.document === undefined ? undefined : parseScriptDocument(input.document, translator(actor.locale));
  return inOrg(ctx.database.db, scope(actor), async (tx) => {
    const current = await repo.lockScript(tx, actor.org.id, scriptId);
    if (!current) throw notFound();
    if (input.expectedRevision !== undefined && input.expectedRevision !== current.draft_revision) throw new AppError('conflict');
    await repo.updateScriptDraft(tx, actor.org.id, scriptId, {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.language !== undefined ? { language: input.language } : {}),
      ...(document !== undefined ? { document } : {}),
      userId: actor.user.id,
      now: ctx.clock(),
    });
    return loadDetail(tx, actor.org.id, scriptId);
  });
}

/**
 * Freezes the draft as the next numbered version. Refused while the script has loops: the walker
 * stops a call that comes back to a section, so a published loop would strand callers mid-call.
 * Unreachable sections and dead ends are only warnings (an organizer may keep a spare section).
 * Publishing a draft identical to the latest version returns that version instead of a copy.
 */
export async function publishScript(ctx: AppContext, actor: OrgActor, scriptId: string): Promise<ScriptVersion> {
  const t = translator(actor.locale);
  return inOrg(ctx.database.db, scope(actor), async (tx) => {
    const current = await repo.lockScript(tx, actor.org.id, scriptId);
    if (!current) throw notFound();
    const document = ScriptDocumentSchema.parse(current.document);
    const { loops } = analyzeScript(document);
    if (loops.length > 0) {
      const index = new Map(document.sections.map((section, i) => [section.id, i]));
      throw new AppError('validation_failed', {
        fields: loops.map((loop) => ({
          path: `document.sections.${index.get(loop[0] ?? '') ?? 0}`,
          message: String(t('validation:script_loop', { loop: [...loop, loop[0]].join(' → ') })),
        })),
      });
    }
    const latest = await repo.latestVersion(tx, actor.org.id, scriptId);
    if (latest && JSON.stringify(latest.document) === JSON.stringify(current.document) && latest.name === current.name && latest.language === current.language) {
      return toVersion(latest);
    }
    const row = await repo.insertVersion(tx, actor.org.id, {
      scriptId,
      version: (latest?.version ?? 0) + 1,
      name: current.name,
      language: current.language,
      document,
      userId: actor.user.id,
      now: ctx.clock(),
    });
    await repo.insertAudit(tx, actor.org.id, {
      userId: actor.user.id,
      action: 'script.publish',
      subjectType: 'script_version',
      subjectId: row.id,
      details: { scriptId, version: row.version, name: row.name },
    });
    return toVersion(row);
  });
}

/**
 * Archives a script: it leaves the list and can no longer be edited or published; its versions
 * stay, since calls and campaigns point at them.
 */
export async function archiveScript(ctx: AppContext, actor: OrgActor, scriptId: string): Promise<void> {
  const result = await inOrg(ctx.database.db, scope(actor), (tx) => repo.archiveScriptRow(tx, actor.org.id, scriptId, ctx.clock()));
  if (result.numUpdatedRows === 0n) throw notFound();
}

/** A script's published versions, newest first. */
export async function listScriptVersions(ctx: AppContext, actor: OrgActor, scriptId: string): Promise<ScriptVersionSummary[]> {
  return inOrg(ctx.database.db, scope(actor), async (tx) => {
    if (!(await repo.scriptExists(tx, actor.org.id, scriptId))) throw notFound();
    const rows = await repo.selectVersions(tx, actor.org.id, scriptId);
    return rows.map((r) => ({ id: r.id, version: r.version, publishedAt: r.published_at.toISOString(), publishedBy: r.published_by }));
  });
}

/** One published version of a script, by its number. */
export async function getScriptVersion(ctx: AppContext, actor: OrgActor, scriptId: string, version: number): Promise<ScriptVersion> {
  const row = await inOrg(ctx.database.db, scope(actor), (tx) => repo.selectVersionByNumber(tx, actor.org.id, scriptId, version));
  if (!row) throw notFound();
  return toVersion(row);
}

/** A published version by id, for the caller's screen (scripts hold no personal data). */
export async function getPublishedScript(ctx: AppContext, actor: OrgActor, versionId: string): Promise<ScriptVersion> {
  const version = await inOrg(ctx.database.db, scope(actor), (tx) => findScriptVersion(tx, actor.org.id, versionId));
  if (!version) throw notFound();
  return version;
}

/**
 * A frozen script version inside the caller's transaction, or null: what a call campaign points
 * at, and what the server walks (walkScript) to check a saved call's answers.
 *
 * @example const version = await findScriptVersion(tx, orgId, campaign.script_version_id);
 * if (version && walkScript(version.document, answers).errors.length === 0) …
 */
export async function findScriptVersion(tx: Tx, orgId: string, versionId: string): Promise<ScriptVersion | null> {
  // A malformed id would make PostgreSQL fail the cast and abort the caller's whole transaction.
  if (!isDbId(versionId)) return null;
  const row = await repo.selectVersionById(tx, orgId, versionId);
  return row ? toVersion(row) : null;
}

/** The latest published version of a script inside the caller's transaction, or null if none. */
export async function findLatestScriptVersion(tx: Tx, orgId: string, scriptId: string): Promise<ScriptVersion | null> {
  if (!isDbId(scriptId)) return null;
  const row = await repo.latestVersion(tx, orgId, scriptId);
  return row ? toVersion(row) : null;
}
