import { z } from 'zod';
import { ScriptDocumentSchema } from '../scripts/script.schema.js';
import { route } from './route.js';

const DigitsId = z.string().regex(/^\d{1,18}$/);
export const ScriptLanguageSchema = z.enum(['fr', 'en']);
export const ExampleScriptNameSchema = z.enum(['gotvProxy', 'persuasion']);

/** The editor's warnings (see analyzeScript): they never block saving a draft. */
export const ScriptAnalysisSchema = z.object({
  unreachableSectionIds: z.array(z.string()),
  loops: z.array(z.array(z.string())),
  deadEnds: z.array(z.string()),
});

export const ScriptVersionSummarySchema = z.object({
  id: z.string(),
  version: z.number().int(),
  publishedAt: z.string(),
  publishedBy: z.string().nullable(),
});
export type ScriptVersionSummary = z.infer<typeof ScriptVersionSummarySchema>;

export const ScriptSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  language: ScriptLanguageSchema,
  updatedAt: z.string(),
  latestVersion: ScriptVersionSummarySchema.nullable(),
  /** The draft differs from the latest published version (or nothing was published yet). */
  hasUnpublishedChanges: z.boolean(),
});
export type ScriptSummary = z.infer<typeof ScriptSummarySchema>;

/** A script as the editor loads it: the draft, its revision, and what to warn about. */
export const ScriptDetailSchema = ScriptSummarySchema.extend({
  document: ScriptDocumentSchema,
  draftRevision: z.number().int(),
  analysis: ScriptAnalysisSchema,
});
export type ScriptDetail = z.infer<typeof ScriptDetailSchema>;

/** A frozen, published version: what a call campaign uses and a caller walks. */
export const ScriptVersionSchema = ScriptVersionSummarySchema.extend({
  scriptId: z.string(),
  name: z.string(),
  language: ScriptLanguageSchema,
  document: ScriptDocumentSchema,
});
export type ScriptVersion = z.infer<typeof ScriptVersionSchema>;

/**
 * A script document as sent by the editor. Kept loose at the edge on purpose: the service
 * validates it with ScriptDocumentSchema and answers every problem with its path and a translated
 * message ("sections.2.questions.0.choices.1.goto: this section does not exist").
 */
const ScriptDocumentBodySchema = z.record(z.string(), z.unknown()).meta({ description: 'A ScriptDocument (startSectionId, sections)' });

/**
 * Creating a script: from one of the shipped examples (`fromExample`, in `locale`, by default the
 * organization's), from a document, or empty (one blank section). `name` is required unless an
 * example gives one.
 */
export const ScriptCreateSchema = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  language: ScriptLanguageSchema.optional(),
  fromExample: ExampleScriptNameSchema.optional(),
  locale: ScriptLanguageSchema.optional(),
  document: ScriptDocumentBodySchema.optional(),
});
export type ScriptCreate = z.infer<typeof ScriptCreateSchema>;

/** Saving the draft; `expectedRevision` (the one loaded) turns a concurrent edit into a 409. */
export const ScriptUpdateSchema = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  language: ScriptLanguageSchema.optional(),
  document: ScriptDocumentBodySchema.optional(),
  expectedRevision: z.number().int().min(1).optional(),
});
export type ScriptUpdate = z.infer<typeof ScriptUpdateSchema>;

export const ScriptIdParamsSchema = z.object({ scriptId: DigitsId });
export const ScriptVersionParamsSchema = z.object({ scriptId: DigitsId, version: z.coerce.number().int().min(1).max(1_000_000) });
export const ScriptVersionIdParamsSchema = z.object({ versionId: DigitsId });

/** Call scripts: drafts, published versions, and the version a caller's screen walks. */
export const scriptRoutes = {
  listScripts: route({
    method: 'GET',
    path: '/api/scripts',
    access: 'scripts.manage',
    summary: "The organization's call scripts",
    tags: ['scripts'],
    response: z.object({ scripts: z.array(ScriptSummarySchema) }),
  }),
  createScript: route({
    method: 'POST',
    path: '/api/scripts',
    access: 'scripts.manage',
    summary: 'Create a script, empty, from a document, or from an example (gotvProxy, persuasion)',
    tags: ['scripts'],
    body: ScriptCreateSchema,
    response: ScriptDetailSchema,
    status: 201,
  }),
  getScript: route({
    method: 'GET',
    path: '/api/scripts/:scriptId',
    access: 'scripts.manage',
    summary: "A script's draft with the editor's warnings (unreachable sections, loops, dead ends)",
    tags: ['scripts'],
    params: ScriptIdParamsSchema,
    response: ScriptDetailSchema,
  }),
  updateScript: route({
    method: 'PUT',
    path: '/api/scripts/:scriptId',
    access: 'scripts.manage',
    summary: "Save a script's draft (validated; published versions are not touched)",
    tags: ['scripts'],
    params: ScriptIdParamsSchema,
    body: ScriptUpdateSchema,
    response: ScriptDetailSchema,
  }),
  publishScript: route({
    method: 'POST',
    path: '/api/scripts/:scriptId/versions',
    access: 'scripts.manage',
    summary: 'Publish the draft as a new frozen version (refused while the script has loops)',
    tags: ['scripts'],
    params: ScriptIdParamsSchema,
    response: ScriptVersionSchema,
    status: 201,
  }),
  listScriptVersions: route({
    method: 'GET',
    path: '/api/scripts/:scriptId/versions',
    access: 'scripts.manage',
    summary: "A script's published versions, newest first",
    tags: ['scripts'],
    params: ScriptIdParamsSchema,
    response: z.object({ versions: z.array(ScriptVersionSummarySchema) }),
  }),
  getScriptVersion: route({
    method: 'GET',
    path: '/api/scripts/:scriptId/versions/:version',
    access: 'scripts.manage',
    summary: 'One published version of a script, by number',
    tags: ['scripts'],
    params: ScriptVersionParamsSchema,
    response: ScriptVersionSchema,
  }),
  archiveScript: route({
    method: 'DELETE',
    path: '/api/scripts/:scriptId',
    access: 'scripts.manage',
    summary: 'Archive a script: it leaves the list; its published versions stay for the calls that used them',
    tags: ['scripts'],
    params: ScriptIdParamsSchema,
    response: z.object({ ok: z.literal(true) }),
  }),
  getPublishedScript: route({
    method: 'GET',
    path: '/api/script-versions/:versionId',
    access: 'calls.make',
    summary: "A published script version by id, for the caller's screen",
    tags: ['scripts'],
    params: ScriptVersionIdParamsSchema,
    response: ScriptVersionSchema,
  }),
};
