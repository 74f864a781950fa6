import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { defaultNamespace, resources } from '../../shared/i18n/index.js';
import { DEFAULT_LOCALE, isLocale, localeFromAcceptLanguage, type Locale } from '../../shared/i18n/locales.js';

const STORAGE_KEY = 'relais.locale';

/** The language before anyone signs in: a saved choice, else the browser's if English, else French. */
export function initialLocale(): Locale {
  const saved = readSaved();
  if (saved) return saved;
  if (typeof navigator === 'undefined') return DEFAULT_LOCALE;
  return localeFromAcceptLanguage((navigator.languages.length ? navigator.languages : [navigator.language]).join(','));
}

/** Starts i18next for the web app; synchronous, since every text is bundled. */
export function initI18n(): typeof i18next {
  void i18next.use(initReactI18next).init({
    initAsync: false,
    resources,
    lng: initialLocale(),
    fallbackLng: DEFAULT_LOCALE,
    supportedLngs: ['fr', 'en'],
    ns: ['ui', 'errors', 'validation'],
    defaultNS: defaultNamespace,
    interpolation: { escapeValue: false },
  });
  document.documentElement.lang = i18next.language;
  i18next.on('languageChanged', (lng) => {
    document.documentElement.lang = lng;
  });
  return i18next;
}

/** The language shown now. */
export function currentLocale(): Locale {
  const lng = i18next.resolvedLanguage ?? i18next.language;
  return isLocale(lng) ? lng : DEFAULT_LOCALE;
}

/** Shows the app in `locale`, and remembers it on this device for the next visit. */
export async function applyLocale(locale: Locale, remember = true): Promise<void> {
  if (remember) {
    try {
      localStorage.setItem(STORAGE_KEY, locale);
    } catch {
      // Private browsing may refuse storage; the choice then lasts for this page only.
    }
  }
  if (currentLocale() !== locale) await i18next.changeLanguage(locale);
}

function readSaved(): Locale | null {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return isLocale(value) ? value : null;
  } catch {
    return null;
  }
}
