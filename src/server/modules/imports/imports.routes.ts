import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Readable } from 'node:stream';
import { importRoutes as routes } from '../../../shared/contracts/imports.js';
import type { AppContext } from '../../platform/context.js';
import type { OrgActor } from '../../platform/http/actor.js';
import { AppError } from '../../platform/http/errors.js';
import type { RegisterRoute } from '../../platform/http/register.js';
import { exportPeople } from './export.service.js';
import * as imports from './imports.service.js';

/** Content types an upload may carry; the body then reaches the handler as a stream, unread. */
export const UPLOAD_CONTENT_TYPES = ['text/csv', 'application/csv', 'text/tab-separated-values', 'application/vnd.ms-excel', 'application/octet-stream'];

const scopeOf = (actor: OrgActor) => ({ orgId: actor.org.id, userId: actor.user.id });

function sendCsv(reply: FastifyReply, download: { fileName: string; stream: Readable }): Readable {
  const ascii = download.fileName.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '');
  reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(download.fileName)}`)
    .header('cache-control', 'no-store');
  return download.stream;
}

/** CSV import (upload, mapping, job, error report) and export of people. */
export function registerImportRoutes(app: FastifyInstance, register: RegisterRoute, ctx: AppContext): void {
  // Uploads are streamed to the database as they arrive: never buffered, never held whole.
  app.addContentTypeParser(UPLOAD_CONTENT_TYPES, (_request, payload, done) => done(null, payload));

  register(routes.uploadImport, async ({ actor, query, request }) => {
    const body = request.body as unknown;
    if (body === null || typeof body !== 'object' || !(Symbol.asyncIterator in body)) throw new AppError('unsupported_media_type');
    return imports.uploadImport(ctx, scopeOf(actor), { fileName: query.fileName, body: body as AsyncIterable<Uint8Array> });
  });
  register(routes.listImports, async ({ actor }) => ({ imports: await imports.listImports(ctx, scopeOf(actor)) }));
  register(routes.getImport, ({ actor, params }) => imports.getImport(ctx, scopeOf(actor), params.importId));
  register(routes.startImport, ({ actor, params, body }) => imports.startImport(ctx, scopeOf(actor), params.importId, body));
  register(routes.deleteImport, async ({ actor, params }) => {
    await imports.deleteImport(ctx, scopeOf(actor), params.importId);
    return { ok: true as const };
  });
  register(routes.importErrorReport, async ({ actor, params, query, reply }) =>
    sendCsv(reply, await imports.errorReport(ctx, scopeOf(actor), params.importId, { locale: actor.locale, delimiter: query.delimiter === 'comma' ? ',' : ';' })),
  );
  register(routes.exportPeople, async ({ actor, query, reply }) => sendCsv(reply, await exportPeople(ctx, scopeOf(actor), query, actor.locale)));
}
