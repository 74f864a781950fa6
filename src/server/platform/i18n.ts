import i18next, { type TFunction } from 'i18next';
import * as en from '../../shared/i18n/en/errors.js';
import * as fr from '../../shared/i18n/fr/errors.js';
import type { Locale } from '../../shared/i18n/locales.js';

const instance = i18next.createInstance();
void instance.init({
  initAsync: false,
  lng: 'fr',
  fallbackLng: 'fr',
  resources: {
    fr: { errors: fr.errors, validation: fr.validation },
    en: { errors: en.errors, validation: en.validation },
  },
  interpolation: { escapeValue: false },
});

/** The server's translator for one locale: error messages, e-mails and exports speak the user's language. */
export function translator(locale: Locale): TFunction {
  return instance.getFixedT(locale);
}
