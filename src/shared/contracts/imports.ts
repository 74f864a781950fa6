import { z } from 'zod';
import { IMPORT_FIELDS, type ImportField } from '../people/import-fields.js';
import { EXPORT_COLUMN_KEYS, type ExportColumnKey } from '../people/export-columns.js';
import { FilterSchema, type FilterGroup } from '../people/filter.js';
import { LEGAL_BASES } from './people.js';
import { route } from './route.js';

const IdSchema = z.string().regex(/^[1-9]\d{0,17}$/);

/** Where a column of the file goes: a person field, a custom field named by `customKey`, or nowhere. */
export const ImportTargetSchema = z.enum([...(IMPORT_FIELDS as [ImportField, ...ImportField[]]), 'custom']);
export type ImportTarget = z.infer<typeof ImportTargetSchema>;

export const ColumnMappingSchema = z.object({
  column: z.number().int().min(0).max(999),
  field: ImportTargetSchema.nullable(),
  /** The custom field's name when `field` is 'custom' (defaults to the column's header). */
  customKey: z.string().trim().min(1).max(60).optional(),
});
export type ColumnMappingInput = z.infer<typeof ColumnMappingSchema>;

export const ProposedColumnSchema = z.object({
  column: z.number().int(),
  header: z.string(),
  field: z.enum(IMPORT_FIELDS as [ImportField, ...ImportField[]]).nullable(),
  match: z.enum(['exact', 'guess']).nullable(),
});

export const IMPORT_STATUSES = ['uploaded', 'queued', 'running', 'succeeded', 'failed'] as const;
export type ImportStatusName = (typeof IMPORT_STATUSES)[number];

export const ImportCountsSchema = z.object({
  /** Data lines read (the header not counted). */
  rows: z.number(),
  created: z.number(),
  /** Matched an existing person (or an earlier line) and changed something. */
  updated: z.number(),
  /** Matched an existing person and brought nothing new. */
  unchanged: z.number(),
  /** Lines that were the same person as an earlier line of the file. */
  duplicates: z.number(),
  skipped: z.number(),
  /** Erased objectors, never re-imported. */
  suppressed: z.number(),
  /** Lines imported with a value left out (an invalid phone, an unclear support level…). */
  warnings: z.number(),
});
export type ImportCounts = z.infer<typeof ImportCountsSchema>;

export const MergeExampleSchema = z.object({
  line: z.number(),
  personId: z.string(),
  name: z.string(),
  /** What the line was recognised by. */
  matchedBy: z.enum(['external_id', 'email', 'phone', 'file']),
  /** For 'file': the earlier line it was merged with. */
  sameAsLine: z.number().optional(),
});
export type MergeExample = z.infer<typeof MergeExampleSchema>;

/** An import as the wizard shows it: the proposal to confirm, then progress and counts. */
export const ImportSchema = z.object({
  id: z.string(),
  fileName: z.string(),
  fileSize: z.number(),
  encoding: z.string(),
  delimiter: z.string(),
  headers: z.array(z.string()),
  /** The first lines of the file, for the mapping screen's preview (cleared once imported). */
  sample: z.array(z.array(z.string())),
  proposedMapping: z.array(ProposedColumnSchema),
  mapping: z.array(ColumnMappingSchema).nullable(),
  dataSource: z.string().nullable(),
  legalBasis: z.enum(LEGAL_BASES).nullable(),
  tags: z.array(z.string()),
  status: z.enum(IMPORT_STATUSES),
  jobId: z.string().nullable(),
  /** Bytes of the file read so far, for the progress bar. */
  progress: z.object({ done: z.number(), total: z.number().nullable() }).nullable(),
  counts: ImportCountsSchema,
  mergeSample: z.array(MergeExampleSchema),
  /** Lines in the error report (skipped lines and warnings). */
  issueCount: z.number(),
  error: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type Import = z.infer<typeof ImportSchema>;

export const ImportUploadQuerySchema = z.object({
  fileName: z.string().trim().min(1).max(255).default('import.csv'),
});

export const ImportStartSchema = z.object({
  mapping: z.array(ColumnMappingSchema).max(1000),
  legalBasis: z.enum(LEGAL_BASES),
  dataSource: z.string().trim().min(1).max(200),
  tags: z.array(z.string().trim().min(1).max(100)).max(20).default([]),
});
export type ImportStart = z.infer<typeof ImportStartSchema>;

export const ImportIdParamsSchema = z.object({ importId: IdSchema });

export const ImportListSchema = z.object({ imports: z.array(ImportSchema) });

export const CsvDelimiterNameSchema = z.enum(['semicolon', 'comma']).default('semicolon');

export const ErrorReportQuerySchema = z.object({ delimiter: CsvDelimiterNameSchema });

const ExportColumnKeySchema = z.enum(EXPORT_COLUMN_KEYS as [ExportColumnKey, ...ExportColumnKey[]]);

/**
 * What to export: the people of a saved list (`listId`), or of a filter (`filter`, the people
 * filter as JSON), or both (the list's people matching the filter), or everyone. `columns` is a
 * comma-separated list of column keys (see EXPORT_COLUMNS); the default is who and how to reach.
 */
export const PeopleExportQuerySchema = z.object({
  listId: IdSchema.optional(),
  filter: z
    .string()
    .max(8000)
    .optional()
    .transform((value, ctx): FilterGroup | undefined => {
      if (value === undefined || value.trim() === '') return undefined;
      let json: unknown;
      try {
        json = JSON.parse(value);
      } catch {
        ctx.addIssue({ code: 'custom', message: 'validation:invalid_json' });
        return z.NEVER;
      }
      const parsed = FilterSchema.safeParse(json);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          const message = issue.code === 'custom' && issue.message.startsWith('validation:') ? issue.message : 'validation:invalid_format';
          ctx.addIssue({ code: 'custom', message, path: issue.path.map(String) });
        }
        return z.NEVER;
      }
      return parsed.data;
    }),
  columns: z
    .string()
    .max(2000)
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value.trim() === '') return undefined;
      const keys = value.split(',').map((k) => k.trim()).filter((k) => k !== '');
      const parsed = z.array(ExportColumnKeySchema).min(1).safeParse(keys);
      if (!parsed.success) {
        ctx.addIssue({ code: 'custom', message: 'validation:invalid_value', params: { options: EXPORT_COLUMN_KEYS.join(', ') } });
        return z.NEVER;
      }
      return [...new Set(parsed.data)];
    }),
  delimiter: CsvDelimiterNameSchema,
});
export type PeopleExportQuery = z.infer<typeof PeopleExportQuerySchema>;

/** A CSV download: streamed bytes, described for the API documentation only. */
const CsvDownloadSchema = z.unknown().describe('text/csv; charset=utf-8, with a byte order mark');

/** CSV import of people (upload, mapping, job, error report) and CSV export. */
export const importRoutes = {
  uploadImport: route({
    method: 'POST',
    path: '/api/imports',
    access: 'people.import',
    summary: 'Upload a CSV file (raw body, Content-Type text/csv): answers the detected format and a proposed column mapping',
    tags: ['imports'],
    query: ImportUploadQuerySchema,
    response: ImportSchema,
    status: 201,
  }),
  listImports: route({
    method: 'GET',
    path: '/api/imports',
    access: 'people.import',
    summary: 'Recent imports of the organization',
    tags: ['imports'],
    response: ImportListSchema,
  }),
  getImport: route({
    method: 'GET',
    path: '/api/imports/:importId',
    access: 'people.import',
    summary: 'An import: proposed mapping, status, progress and counts',
    tags: ['imports'],
    params: ImportIdParamsSchema,
    response: ImportSchema,
  }),
  startImport: route({
    method: 'POST',
    path: '/api/imports/:importId/start',
    access: 'people.import',
    summary: 'Confirm the mapping, legal basis and data source, and start importing (a job)',
    tags: ['imports'],
    params: ImportIdParamsSchema,
    body: ImportStartSchema,
    response: ImportSchema,
    status: 202,
  }),
  deleteImport: route({
    method: 'DELETE',
    path: '/api/imports/:importId',
    access: 'people.import',
    summary: 'Delete an import that is not running: its stored file and its error report (imported people stay)',
    tags: ['imports'],
    params: ImportIdParamsSchema,
    response: z.object({ ok: z.literal(true) }),
  }),
  importErrorReport: route({
    method: 'GET',
    path: '/api/imports/:importId/errors.csv',
    access: 'people.import',
    summary: "The import's error report as CSV: line, what happened, column, value, reason in the reader's language",
    tags: ['imports'],
    params: ImportIdParamsSchema,
    query: ErrorReportQuerySchema,
    response: CsvDownloadSchema,
  }),
  exportPeople: route({
    method: 'GET',
    path: '/api/exports/people.csv',
    access: 'people.export',
    summary: 'Export people (a list, or everyone) as CSV in UTF-8 with a byte order mark, streamed; recorded in the audit log',
    tags: ['imports'],
    query: PeopleExportQuerySchema,
    response: CsvDownloadSchema,
  }),
};
