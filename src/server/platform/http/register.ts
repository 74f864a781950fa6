import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { RouteDef } from '../../../shared/contracts/route.js';
import { translator } from '../i18n.js';
import type { Actor, OrgActor } from './actor.js';
import { AppError } from './errors.js';
import { translateIssues } from './validation.js';

type Infer<T> = [T] extends [never] ? undefined : T extends z.ZodType ? z.output<T> : undefined;

export interface HandlerInput<R extends RouteDef> {
  actor: R['access'] extends 'public' ? Actor : R['access'] extends 'authenticated' ? Actor & { user: NonNullable<Actor['user']> } : OrgActor;
  body: Infer<Exclude<R['body'], undefined>>;
  query: Infer<Exclude<R['query'], undefined>>;
  params: Infer<Exclude<R['params'], undefined>>;
  request: FastifyRequest;
  reply: FastifyReply;
}

export type Handler<R extends RouteDef> = (input: HandlerInput<R>) => Promise<z.input<R['response']>>;

/** How the app learns who is calling: given by the auth module, cached per request. */
export type ActorResolver = (request: FastifyRequest) => Promise<Actor>;
/** Checks the CSRF header of a cookie-authenticated write. */
export type CsrfCheck = (actor: Actor, request: FastifyRequest) => boolean;

declare module 'fastify' {
  interface FastifyRequest {
    actor?: Actor;
  }
  interface FastifyContextConfig {
    routeDef?: RouteDef;
  }
}

/**
 * Registers one route of the route table: checks its access rule, validates its input with zod
 * (errors translated, naming the field), then hands (actor, input) to the handler.
 */
export function registerRoute<R extends RouteDef>(
  app: FastifyInstance,
  def: R,
  deps: { resolveActor: ActorResolver; checkCsrf: CsrfCheck },
  handler: Handler<R>,
): void {
  app.route({
    method: def.method,
    url: def.path,
    config: { routeDef: def },
    schema: {
      summary: def.summary,
      tags: def.tags,
      ...(def.body ? { body: def.body } : {}),
      ...(def.query ? { querystring: def.query } : {}),
      ...(def.params ? { params: def.params } : {}),
      response: { [def.status ?? 200]: def.response },
    },
    handler: async (request, reply) => {
      const actor = await deps.resolveActor(request);
      request.actor = actor;
      checkAccess(def, actor);
      if (def.method !== 'GET' && actor.session && !deps.checkCsrf(actor, request)) throw new AppError('csrf_failed');
      const t = translator(actor.locale);
      const parse = (schema: z.ZodType | undefined, value: unknown, where: string) => {
        if (!schema) return undefined;
        const result = schema.safeParse(value ?? (where === 'body' ? undefined : {}));
        if (!result.success) {
          throw new AppError('validation_failed', { fields: translateIssues(result.error.issues, t, where === 'body' ? [] : [where]) });
        }
        return result.data;
      };
      const params = parse(def.params, request.params, 'params');
      const query = parse(def.query, request.query, 'query');
      const body = parse(def.body, request.body, 'body');
      const result = await handler({ actor, body, query, params, request, reply } as HandlerInput<R>);
      reply.status(def.status ?? 200);
      return result;
    },
  });
}

function checkAccess(def: RouteDef, actor: Actor): void {
  if (def.access === 'public') return;
  if (!actor.user) throw new AppError('unauthenticated');
  if (def.access === 'authenticated') return;
  if (!actor.org) throw new AppError('no_organization');
  if (!actor.org.capabilities.has(def.access)) throw new AppError('forbidden');
}

/** Binds route registration to one app and one way of knowing the actor. */
export function routeRegistrar(app: FastifyInstance, deps: { resolveActor: ActorResolver; checkCsrf: CsrfCheck }) {
  return <R extends RouteDef>(def: R, handler: Handler<R>) => registerRoute(app, def, deps, handler);
}
export type RegisterRoute = ReturnType<typeof routeRegistrar>;
