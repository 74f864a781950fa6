import type { z } from 'zod';
import type { RouteAccess } from '../auth/capabilities.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * One API route, declared once and shared by the server (validation, access check, OpenAPI) and
 * the web app (typed client). `access` is mandatory: a route cannot exist without one.
 */
export interface RouteDef<
  Body extends z.ZodType | undefined = z.ZodType | undefined,
  Query extends z.ZodType | undefined = z.ZodType | undefined,
  Params extends z.ZodType | undefined = z.ZodType | undefined,
  Response extends z.ZodType = z.ZodType,
> {
  method: HttpMethod;
  /** Fastify-style path, e.g. `/api/people/:id`. */
  path: string;
  access: RouteAccess;
  summary: string;
  tags: string[];
  body?: Body;
  query?: Query;
  params?: Params;
  response: Response;
  /** Status of a successful answer (200 unless said). */
  status?: 200 | 201 | 202 | 204;
}

/** Declares a route with its types inferred. */
export function route<
  Body extends z.ZodType | undefined = undefined,
  Query extends z.ZodType | undefined = undefined,
  Params extends z.ZodType | undefined = undefined,
  Response extends z.ZodType = z.ZodType,
>(def: RouteDef<Body, Query, Params, Response>): RouteDef<Body, Query, Params, Response> {
  return def;
}

type Infer<T> = T extends z.ZodType ? z.infer<T> : undefined;
export type RouteBody<R> = R extends RouteDef<infer B, z.ZodType | undefined, z.ZodType | undefined, z.ZodType> ? Infer<B> : never;
export type RouteQuery<R> = R extends RouteDef<z.ZodType | undefined, infer Q, z.ZodType | undefined, z.ZodType> ? Infer<Q> : never;
export type RouteParams<R> = R extends RouteDef<z.ZodType | undefined, z.ZodType | undefined, infer P, z.ZodType> ? Infer<P> : never;
export type RouteResponse<R> = R extends RouteDef<z.ZodType | undefined, z.ZodType | undefined, z.ZodType | undefined, infer S> ? z.infer<S> : never;
