import { Readable } from 'node:stream';
import type { Import, ImportStart } from '../../../shared/contracts/imports.js';
import type { AppContext } from '../../platform/context.js';
import { inOrg } from '../../platform/db/database.js';
import { drainJobs } from '../../platform/jobs/jobs.js';
import { getImport, startImport, uploadImport, type ImportScope } from './imports.service.js';

/** Uploads bytes, confirms the proposed mapping (or the given one) and runs the job inline. */
export async function importCsv(
  ctx: AppContext,
  scope: ImportScope,
  file: string | Buffer,
  options: Partial<ImportStart> & { chunkRows?: number; fileName?: string; pieceSize?: number } = {},
): Promise<Import> {
  const bytes = typeof file === 'string' ? Buffer.from(file, 'utf8') : file;
  const pieces: Buffer[] = [];
  const size = options.pieceSize ?? 7;
  for (let i = 0; i < bytes.length; i += size) pieces.push(bytes.subarray(i, i + size));
  const uploaded = await uploadImport(ctx, scope, { fileName: options.fileName ?? 'test.csv', body: Readable.from(pieces) });
  const mapping = options.mapping ?? uploaded.proposedMapping.map((c) => ({ column: c.column, field: c.field }));
  await startImport(
    ctx,
    scope,
    uploaded.id,
    { mapping, legalBasis: options.legalBasis ?? 'consent', dataSource: options.dataSource ?? 'test file', tags: options.tags ?? [] },
    options.chunkRows ? { chunkRows: options.chunkRows } : {},
  );
  await drainJobs(ctx);
  return getImport(ctx, scope, uploaded.id);
}

/** Every person of the organization, oldest first, with their tags. */
export async function peopleOf(ctx: AppContext, orgId: string) {
  return inOrg(ctx.database.db, { orgId }, async (tx) => {
    const people = await tx.selectFrom('people').selectAll().where('org_id', '=', orgId).orderBy('id').execute();
    const tags = await tx
      .selectFrom('person_tags as pt')
      .innerJoin('tags as t', (j) => j.onRef('t.org_id', '=', 'pt.org_id').onRef('t.id', '=', 'pt.tag_id'))
      .select(['pt.person_id', 't.name'])
      .where('pt.org_id', '=', orgId)
      .execute();
    return people.map((p) => ({ ...p, tags: tags.filter((t) => t.person_id === p.id).map((t) => t.name).sort() }));
  });
}
