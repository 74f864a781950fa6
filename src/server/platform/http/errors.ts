import { ERROR_STATUS, type ErrorCode, type FieldError } from '../../../shared/errors.js';

/**
 * A known, coded failure a service can raise. Only these reach the client with their message;
 * anything else is logged and answered as `internal`.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields: FieldError[];
  /** Extra values interpolated into the translated message. */
  readonly params: Record<string, unknown>;

  constructor(code: ErrorCode, options: { fields?: FieldError[]; params?: Record<string, unknown>; detail?: string } = {}) {
    super(options.detail ?? code);
    this.name = 'AppError';
    this.code = code;
    this.fields = options.fields ?? [];
    this.params = options.params ?? {};
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

/** Shorthand for the answer given both for a missing row and for one the actor may not see. */
export function notFound(): AppError {
  return new AppError('not_found');
}
