import i18next from 'i18next';
import { createApi } from './client.js';
import type { ApiError } from './api-error.js';

type ErrorListener = (error: ApiError) => void;
const listeners = new Set<ErrorListener>();

/** The web app's one API client, speaking the UI's language. */
export const api = createApi({
  language: () => i18next.resolvedLanguage ?? i18next.language ?? 'fr',
  fallbackMessage: (code) => (code === 'network' ? i18next.t('ui:app.networkError') : i18next.t(`errors:${code}`)),
  onError: (error) => {
    for (const listener of listeners) listener(error);
  },
});

/** Hears every failed call (the session uses it to notice it has expired); returns the unsubscribe. */
export function onApiError(listener: ErrorListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
