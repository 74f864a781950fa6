import { ApiError } from '../api/api-error.js';

/** The server's message for one field, to pass as an input's `error`. */
export function fieldError(error: unknown, path: string): string | undefined {
  return error instanceof ApiError ? error.fieldError(path) : undefined;
}
