import type { z } from 'zod';
import type { RouteDef } from '../../shared/contracts/route.js';
import type { ErrorCode } from '../../shared/errors.js';
import { routeTable, type RouteTable } from '../../shared/routes.js';
import { ApiError, errorFromResponse } from './api-error.js';

export { ApiError } from './api-error.js';

type AnyRoute = RouteDef<z.ZodType | undefined, z.ZodType | undefined, z.ZodType | undefined, z.ZodType>;

/** One input part: required when its schema has required fields, optional when all are, absent when there is no schema. */
type Part<Key extends string, Schema> = [Schema] extends [z.ZodType]
  ? object extends z.input<Schema>
    ? { [P in Key]?: z.input<Schema> }
    : { [P in Key]: z.input<Schema> }
  : { [P in Key]?: undefined };

/** What a call of route `R` takes: its body, query and path params as the server's schemas accept them. */
export type CallInput<R> =
  R extends RouteDef<infer Body, infer Query, infer Params, z.ZodType>
    ? Part<'body', Body> & Part<'query', Query> & Part<'params', Params> & { signal?: AbortSignal }
    : never;

/** What a call of route `R` resolves to: its response, parsed by the shared schema. */
export type CallResult<R> = R extends RouteDef<z.ZodType | undefined, z.ZodType | undefined, z.ZodType | undefined, infer S> ? z.output<S> : never;

/** The argument list of a call: the input may be left out when nothing in it is required. */
export type CallArgs<R> = object extends CallInput<R> ? [input?: CallInput<R>] : [input: CallInput<R>];

/** One method per route of the table: `api.login({ body })`. */
export type RouteMethods = { [K in keyof RouteTable]: (...args: CallArgs<RouteTable[K]>) => Promise<CallResult<RouteTable[K]>> };

export interface ApiClientOptions {
  /** The UI language, sent as `Accept-Language` so the server answers errors in it. */
  language: () => string;
  /** A message for an error that did not come from Relais (a proxy's page, a dropped connection). */
  fallbackMessage: (code: ErrorCode | 'network') => string;
  /** Told of every failed call, e.g. to notice a session that expired. */
  onError?: (error: ApiError) => void;
  fetch?: typeof fetch;
  baseUrl?: string;
}

/**
 * The web app's typed access to the API, built from the shared route table: paths, methods and
 * schemas cannot drift from the server's.
 *
 * @example
 * const session = await api.login({ body: { email, password } });
 * const { members } = await api.call(routeTable.listMembers);
 */
export class ApiClient {
  /** The CSRF token of the last session seen; sent on every write. */
  csrfToken: string | null = null;
  private readonly options: ApiClientOptions;

  constructor(options: ApiClientOptions) {
    this.options = options;
  }

  /** Calls one route: fills its path, sends its body as JSON and parses the answer with its schema. */
  async call<R extends AnyRoute>(route: R, ...args: CallArgs<R>): Promise<CallResult<R>> {
    const input = (args[0] ?? {}) as { body?: unknown; query?: unknown; params?: unknown; signal?: AbortSignal };
    const url = (this.options.baseUrl ?? '') + fillPath(route.path, input.params) + queryString(input.query);
    const headers: Record<string, string> = {
      Accept: 'application/json',
      'Accept-Language': this.options.language(),
    };
    const init: RequestInit = { method: route.method, credentials: 'same-origin', headers };
    if (input.signal) init.signal = input.signal;
    if (route.method !== 'GET') {
      if (this.csrfToken) headers['x-csrf-token'] = this.csrfToken;
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(input.body ?? {});
    }

    let response: Response;
    try {
      response = await (this.options.fetch ?? fetch)(url, init);
    } catch (cause) {
      if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
      throw this.fail(new ApiError('internal', this.options.fallbackMessage('network'), 0));
    }

    const payload = await readJson(response);
    if (!response.ok) throw this.fail(errorFromResponse(response.status, payload, this.options.fallbackMessage));
    const parsed = route.response.safeParse(response.status === 204 ? undefined : payload);
    if (!parsed.success) throw this.fail(new ApiError('internal', this.options.fallbackMessage('internal'), response.status));
    this.rememberCsrf(parsed.data);
    return parsed.data as CallResult<R>;
  }

  private fail(error: ApiError): ApiError {
    this.options.onError?.(error);
    return error;
  }

  private rememberCsrf(data: unknown): void {
    if (typeof data !== 'object' || data === null || !('csrfToken' in data)) return;
    const token: unknown = data.csrfToken;
    if (typeof token === 'string' || token === null) this.csrfToken = token;
  }
}

/** Makes a client with one method per route of the table. */
export function createApi(options: ApiClientOptions): ApiClient & RouteMethods {
  const client = new ApiClient(options);
  const methods: Record<string, (input?: unknown) => Promise<unknown>> = {};
  for (const [name, route] of Object.entries(routeTable) as [string, AnyRoute][]) {
    methods[name] = (input?: unknown) => (client.call as (r: AnyRoute, i?: unknown) => Promise<unknown>)(route, input);
  }
  return Object.assign(client, methods as RouteMethods);
}

/** `/api/members/:userId` + `{ userId }` → `/api/members/3f…`. */
export function fillPath(path: string, params: unknown): string {
  return path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, (_match, name: string) => {
    const value = params && typeof params === 'object' ? (params as Record<string, unknown>)[name] : undefined;
    if (value === undefined || value === null || value === '') throw new Error(`Missing path parameter "${name}" for ${path}`);
    return encodeURIComponent(String(value));
  });
}

/** Query values as the server reads them: arrays repeated, dates in ISO, empty values left out. */
export function queryString(query: unknown): string {
  if (!query || typeof query !== 'object') return '';
  const search = new URLSearchParams();
  const add = (key: string, value: unknown) => {
    if (value === undefined || value === null) return;
    search.append(key, value instanceof Date ? value.toISOString() : String(value));
  };
  for (const [key, value] of Object.entries(query)) {
    if (Array.isArray(value)) for (const item of value) add(key, item);
    else add(key, value);
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

async function readJson(response: Response): Promise<unknown> {
  if (response.status === 204) return undefined;
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
