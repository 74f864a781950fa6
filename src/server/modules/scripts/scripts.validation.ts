import type { TFunction } from 'i18next';
import type { z } from 'zod';
import type { FieldError } from '../../../shared/errors.js';
import { ScriptDocumentSchema, type ScriptDocument } from '../../../shared/scripts/script.schema.js';
import { AppError } from '../../platform/http/errors.js';
import { translateIssues } from '../../platform/http/validation.js';

/**
 * The shared schema words its cross-reference problems in English for developers; organizers get
 * them here as i18n keys, with the offending id, in their own language.
 */
const REFERENCE_MESSAGES: { pattern: RegExp; key: string }[] = [
  { pattern: /^Duplicate (?:section|question|choice) id "([^"]*)"/, key: 'validation:script_duplicate_id' },
  { pattern: /^(?:Start|Next|Target) section "([^"]*)" does not exist/, key: 'validation:script_unknown_section' },
  { pattern: /^An end section cannot have a next section/, key: 'validation:script_end_with_next' },
  { pattern: /^A choice in an end section cannot jump/, key: 'validation:script_end_no_jump' },
  { pattern: /^A choice question needs at least one choice/, key: 'validation:script_choices_required' },
  { pattern: /^A text question cannot have choices/, key: 'validation:script_text_no_choices' },
  { pattern: /^A path move either completes or abandons/, key: 'validation:script_path_move_both' },
];

/** Every problem of a script document as `{ path, message }`, paths under `prefix`, messages translated. */
export function scriptDocumentIssues(issues: readonly z.core.$ZodIssue[], t: TFunction, prefix: string[] = ['document']): FieldError[] {
  return issues.map((issue) => {
    const path = [...prefix, ...issue.path.map(String)].join('.');
    if (issue.code === 'custom') {
      for (const { pattern, key } of REFERENCE_MESSAGES) {
        const match = pattern.exec(issue.message);
        if (match) return { path, message: String(t(key, { id: match[1] ?? '' })) };
      }
    }
    if (issue.code === 'invalid_format' && issue.format === 'regex') return { path, message: String(t('validation:script_id_format')) };
    return translateIssues([issue], t, prefix)[0]!;
  });
}

/**
 * Validates a script document sent by the editor and applies its defaults; a bad document is a
 * 400 naming each field at fault (e.g. `document.sections.2.questions.0.choices.1.goto`).
 */
export function parseScriptDocument(input: unknown, t: TFunction): ScriptDocument {
  const result = ScriptDocumentSchema.safeParse(input);
  if (!result.success) throw new AppError('validation_failed', { fields: scriptDocumentIssues(result.error.issues, t) });
  return result.data;
}
