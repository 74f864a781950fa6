import { ERROR_STATUS, type ErrorBody, type ErrorCode, type FieldError } from '../../shared/errors.js';

/**
 * A failed API call. `message` is the server's text, already in the user's language; switch on
 * `code` to react (e.g. `link_invalid`), and show `fields` under the inputs at fault.
 */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly fields: FieldError[];

  constructor(code: ErrorCode, message: string, status: number, fields: FieldError[] = []) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.fields = fields;
  }

  /** The message for one field (`email`, `query.page`…), if the server named it. */
  fieldError(path: string): string | undefined {
    return this.fields.find((field) => field.path === path)?.message;
  }

  /** The messages for fields the form does not show, so none is lost. */
  otherFieldErrors(shown: readonly string[]): FieldError[] {
    return this.fields.filter((field) => !shown.includes(field.path));
  }
}

/** Reads an error body, or makes one from the status when the answer is not Relais's (a proxy's 502). */
export function errorFromResponse(status: number, body: unknown, fallbackMessage: (code: ErrorCode) => string): ApiError {
  if (isErrorBody(body)) {
    const { code, message, fields } = body.error;
    return new ApiError(code, message, status, fields);
  }
  const code = codeForStatus(status);
  return new ApiError(code, fallbackMessage(code), status);
}

function isErrorBody(body: unknown): body is ErrorBody {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const error: unknown = body.error;
  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    typeof error.code === 'string' &&
    error.code in ERROR_STATUS &&
    'message' in error &&
    typeof error.message === 'string' &&
    'fields' in error &&
    Array.isArray(error.fields)
  );
}

function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 400:
      return 'bad_request';
    case 401:
      return 'unauthenticated';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 409:
      return 'conflict';
    case 410:
      return 'link_invalid';
    case 413:
      return 'payload_too_large';
    case 415:
      return 'unsupported_media_type';
    case 429:
      return 'rate_limited';
    default:
      return 'internal';
  }
}
