import i18next from 'i18next';
import { ImportSchema, type Import } from '../../../shared/contracts/imports.js';
import { api } from '../../api/api.js';
import { ApiError, errorFromResponse } from '../../api/api-error.js';

/**
 * Uploads a file as the raw request body (streamed by the browser, never read whole into the
 * page): the typed client only sends JSON, so this one call is made by hand, with the same CSRF
 * header and error handling.
 */
export async function uploadFile(file: File): Promise<Import> {
  const headers: Record<string, string> = {
    'Content-Type': 'text/csv',
    Accept: 'application/json',
    'Accept-Language': i18next.resolvedLanguage ?? 'fr',
  };
  if (api.csrfToken) headers['x-csrf-token'] = api.csrfToken;
  let response: Response;
  try {
    response = await fetch(`/api/imports?fileName=${encodeURIComponent(file.name)}`, { method: 'POST', credentials: 'same-origin', headers, body: file });
  } catch {
    throw new ApiError('internal', i18next.t('ui:app.networkError'), 0);
  }
  const payload: unknown = await response.json().catch(() => null);
  if (!response.ok) throw errorFromResponse(response.status, payload, (code) => i18next.t(`errors:${code}`));
  return ImportSchema.parse(payload);
}

/** Where the error report of an import is downloaded (a plain link: the browser streams it). */
export function errorReportUrl(importId: string): string {
  return `/api/imports/${importId}/errors.csv`;
}

/** Where an export is downloaded, for a list (or everyone) and chosen columns. */
export function exportUrl(options: { listId: string | null; columns: readonly string[]; delimiter: 'semicolon' | 'comma' }): string {
  const query = new URLSearchParams({ delimiter: options.delimiter });
  if (options.listId) query.set('listId', options.listId);
  if (options.columns.length > 0) query.set('columns', options.columns.join(','));
  return `/api/exports/people.csv?${query.toString()}`;
}
