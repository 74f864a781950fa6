import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler } from 'fastify-type-provider-zod';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { registerAuthRoutes } from './modules/auth/auth.routes.js';
import { registerCallbankRoutes } from './modules/callbank/index.js';
import { registerEventRoutes } from './modules/events/index.js';
import { registerMailRoutes } from './modules/mail/index.js';
import { registerMetricsRoutes } from './modules/metrics/index.js';
import * as auth from './modules/auth/auth.service.js';
import { registerListRoutes } from './modules/lists/index.js';
import { registerPeopleRoutes } from './modules/people/index.js';
import { registerPathRoutes } from './modules/paths/index.js';
import { registerProxyRoutes } from './modules/proxies/index.js';
import { registerScriptRoutes } from './modules/scripts/index.js';
import { registerImportRoutes } from './modules/imports/index.js';
import type { AppContext } from './platform/context.js';
import { installErrorHandler } from './platform/http/error-handler.js';
import { routeRegistrar } from './platform/http/register.js';
import { registerJobRoutes } from './platform/jobs/jobs.routes.js';

/** The built web app; `RELAIS_CLIENT_DIR` points elsewhere (a build made for one test run, for example). */
export const CLIENT_DIR = process.env.RELAIS_CLIENT_DIR
  ? path.resolve(process.env.RELAIS_CLIENT_DIR)
  : path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/client');

/** Platform routes outside the route table: the API's own documentation, public by nature. */
export const DOC_ROUTE_PREFIXES = ['/api/docs', '/api/openapi.json'];

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route the app registered, for the test that checks them against the route table. */
    registeredRoutes: { method: string; url: string }[];
  }
}

export interface BuildOptions {
  logger?: boolean | { level: string };
  /** Serve the built web app (off in most API tests). */
  serveClient?: boolean;
}

/**
 * Builds the Fastify app (no listen): every module's routes from the route table, OpenAPI docs,
 * the error sink and the web app.
 *
 * @example
 * const app = await buildApp(ctx);
 * const res = await app.inject({ method: 'GET', url: '/api/health' });
 */
export async function buildApp(ctx: AppContext, options: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 2 * 1024 * 1024,
    trustProxy: true,
    genReqId: () => crypto.randomUUID(),
  });
  // Inputs are validated in registerRoute (translated errors); responses are checked by zod here.
  app.setValidatorCompiler(() => (data) => ({ value: data }));
  app.setSerializerCompiler(serializerCompiler);
  const indexFile = path.join(CLIENT_DIR, 'index.html');
  const serveClient = options.serveClient === true && fs.existsSync(indexFile);
  const indexHtml = serveClient ? fs.readFileSync(indexFile) : null;
  installErrorHandler(app, { spaIndex: () => indexHtml });
  const registered: { method: string; url: string }[] = [];
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) registered.push({ method, url: r.url });
  });
  app.decorate('registeredRoutes', registered);

  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Relais API', version: '0.1.0', description: 'The JSON API of Relais. Writes with a session cookie need the x-csrf-token header.' },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.addHook('onSend', async (_request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    reply.header('x-frame-options', 'DENY');
  });

  const register = routeRegistrar(app, {
    resolveActor: (request) => auth.resolveActor(ctx, request),
    checkCsrf: (actor, request) => auth.checkCsrf(ctx, actor, request),
  });
  registerAuthRoutes(register, ctx, app);
  registerPeopleRoutes(register, ctx);
  registerJobRoutes(register, ctx);
  registerListRoutes(register, ctx);
  registerImportRoutes(app, register, ctx);
  registerCallbankRoutes(register, ctx);
  registerEventRoutes(register, ctx);
  registerMailRoutes(register, ctx);
  registerScriptRoutes(register, ctx);
  registerPathRoutes(register, ctx);
  registerProxyRoutes(register, ctx);
  registerMetricsRoutes(register, ctx, app);

  if (serveClient) await app.register(fastifyStatic, { root: CLIENT_DIR, wildcard: false, index: false });
  return app;
}
