/**
 * Every error code the API can answer with, and its HTTP status. The client switches on `code`;
 * `message` is translated (i18n key `errors.<code>`).
 */
export const ERROR_STATUS = {
  validation_failed: 400,
  bad_request: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  forbidden: 403,
  csrf_failed: 403,
  no_organization: 403,
  not_found: 404,
  conflict: 409,
  email_taken: 409,
  link_invalid: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  import_file_empty: 400,
  import_file_unreadable: 400,
  import_already_started: 409,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface FieldError {
  path: string;
  message: string;
}

/** The one shape of every error body. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; fields: FieldError[] };
}
