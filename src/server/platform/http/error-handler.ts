import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorBody, ErrorCode, FieldError } from '../../../shared/errors.js';
import { ERROR_STATUS } from '../../../shared/errors.js';
import { localeFromAcceptLanguage } from '../../../shared/i18n/locales.js';
import { translator } from '../i18n.js';
import { AppError } from './errors.js';

/**
 * The one error sink: coded errors reach the client translated, with the fields at fault;
 * Fastify's own 4xx (bad JSON, too large) are mapped to codes; anything else is logged and
 * answered as a 500 carrying only the request id.
 */
export function installErrorHandler(app: FastifyInstance, options: { spaIndex?: () => Buffer | null } = {}): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) return send(request, reply, error.code, error.fields, error.params);
    const status = error.statusCode ?? 500;
    if (status === 413) return send(request, reply, 'payload_too_large');
    if (status === 415) return send(request, reply, 'unsupported_media_type');
    if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || error instanceof SyntaxError) {
      return send(request, reply, 'bad_request', [{ path: '(body)', message: 'validation:invalid_json' }]);
    }
    if (status >= 400 && status < 500) return send(request, reply, status === 404 ? 'not_found' : 'bad_request');
    request.log.error({ err: error, reqId: request.id }, 'unhandled error');
    return send(request, reply, 'internal', [], { requestId: request.id });
  });

  app.setNotFoundHandler((request, reply) => {
    // The web app routes on the client: any other GET for a page gets its index.html.
    const index = request.method === 'GET' && !request.url.startsWith('/api/') ? options.spaIndex?.() : null;
    if (index) return reply.type('text/html; charset=utf-8').send(index);
    return send(request, reply, 'not_found');
  });
}

function send(request: FastifyRequest, reply: FastifyReply, code: ErrorCode, fields: FieldError[] = [], params: Record<string, unknown> = {}) {
  const t = translator(request.actor?.locale ?? localeFromAcceptLanguage(request.headers['accept-language']));
  const body: ErrorBody & { requestId?: string } = {
    error: {
      code,
      message: t(`errors:${code}`, params),
      // Services name field messages by i18n key ("validation:taken"); translate them here.
      fields: fields.map((f) => ({ path: f.path, message: /^[a-z]+:[a-z_]+$/.test(f.message) ? t(f.message, params) : f.message })),
    },
  };
  if (code === 'internal') body.requestId = request.id;
  return reply.status(ERROR_STATUS[code]).type('application/json; charset=utf-8').send(body);
}
