import type { ErrorCode } from '../../errors.js';
import type { validation as fr } from '../fr/errors.js';

/** API error messages, in English. */
export const errors: Record<ErrorCode, string> = {
  validation_failed: 'Some fields are not valid.',
  bad_request: 'Bad request.',
  unauthenticated: 'Please sign in to continue.',
  invalid_credentials: 'Wrong e-mail or password.',
  forbidden: 'You are not allowed to do this.',
  csrf_failed: 'Your session expired in this tab: reload the page.',
  no_organization: 'Choose an organization first.',
  not_found: 'Not found.',
  conflict: 'This change conflicts with another one.',
  email_taken: 'An account already uses this e-mail.',
  link_invalid: 'This link was already used or has expired. Ask for a new one.',
  payload_too_large: 'What you sent is too large.',
  unsupported_media_type: 'This content type is not accepted.',
  rate_limited: 'Too many attempts. Try again in a few minutes.',
  internal: 'Something unexpected went wrong. Please try again later.',
};

/** Per-field validation messages. */
export const validation: Record<keyof typeof fr, string> = {
  required: 'This field is required.',
  invalid_type: 'Wrong type of value (expected: {{expected}}).',
  too_small_string: 'At least {{minimum}} character(s).',
  too_big_string: 'At most {{maximum}} character(s).',
  too_small_number: 'Must be at least {{minimum}}.',
  too_big_number: 'Must be at most {{maximum}}.',
  too_small_array: 'At least {{minimum}} item(s).',
  too_big_array: 'At most {{maximum}} item(s).',
  invalid_email: 'Invalid e-mail address.',
  invalid_uuid: 'Invalid identifier.',
  invalid_url: 'Invalid web address.',
  invalid_format: 'Invalid format.',
  invalid_value: 'Value not allowed (choices: {{options}}).',
  unrecognized_keys: 'Unknown field: {{keys}}.',
  invalid_json: 'The request body must be valid JSON.',
  custom: 'Invalid value.',
  taken: 'Already in use.',
  wrong_password: 'Current password is wrong.',
  unknown_permission_set: 'Unknown permission set.',
};
