import { useTranslation } from 'react-i18next';
import type { UiKey } from '../../shared/i18n/index.js';
import type { Locale } from '../../shared/i18n/locales.js';
import { isLocale } from '../../shared/i18n/locales.js';

export type Translate = (key: UiKey, values?: Record<string, string | number>) => string;

/** The web app's translator, checked against the French texts: a typo in a key is a type error. */
export function useT(): { t: Translate; locale: Locale } {
  const { t, i18n } = useTranslation('ui');
  const lng = i18n.resolvedLanguage ?? i18n.language;
  const translate = t as unknown as (key: string, values?: Record<string, string | number>) => string;
  return { t: (key, values) => translate(key, values), locale: isLocale(lng) ? lng : 'fr' };
}
