import type { TFunction } from 'i18next';
import type { z } from 'zod';
import type { FieldError } from '../../../shared/errors.js';

/**
 * Turns zod issues into `{ path, message }` pairs in the user's language, so a campaign organizer
 * reads "Ce champ est obligatoire." under the field at fault rather than a parser's English.
 */
export function translateIssues(issues: readonly z.core.$ZodIssue[], t: TFunction, prefix: string[] = []): FieldError[] {
  return issues.map((issue) => ({
    path: [...prefix, ...issue.path.map(String)].join('.') || '(body)',
    message: messageFor(issue, t),
  }));
}

function messageFor(issue: z.core.$ZodIssue, t: TFunction): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return t('validation:required');
      return t('validation:invalid_type', { expected: issue.expected });
    case 'too_small': {
      const kind = issue.origin === 'string' ? 'string' : issue.origin === 'array' || issue.origin === 'set' ? 'array' : 'number';
      if (kind === 'string' && Number(issue.minimum) === 1) return t('validation:required');
      return t(`validation:too_small_${kind}`, { minimum: String(issue.minimum) });
    }
    case 'too_big': {
      const kind = issue.origin === 'string' ? 'string' : issue.origin === 'array' || issue.origin === 'set' ? 'array' : 'number';
      return t(`validation:too_big_${kind}`, { maximum: String(issue.maximum) });
    }
    case 'invalid_format':
      if (issue.format === 'email') return t('validation:invalid_email');
      if (issue.format === 'uuid' || issue.format === 'guid') return t('validation:invalid_uuid');
      if (issue.format === 'url') return t('validation:invalid_url');
      return t('validation:invalid_format');
    case 'invalid_value':
      return t('validation:invalid_value', { options: issue.values.map(String).join(', ') });
    case 'unrecognized_keys':
      return t('validation:unrecognized_keys', { keys: issue.keys.join(', ') });
    case 'invalid_union':
    case 'invalid_key':
    case 'invalid_element':
    case 'not_multiple_of':
      return t('validation:invalid_format');
    case 'custom':
      // Custom refinements carry an i18n key ("validation:…" or "people:…") as their message.
      return issue.message.includes(':') ? String(t(issue.message, issue.params ?? {})) : t('validation:custom');
  }
}
