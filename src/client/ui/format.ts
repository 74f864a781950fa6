import { useMemo } from 'react';
import { useT } from '../i18n/use-t.js';

/** Dates and numbers in the user's language, through Intl. */
export interface Formatters {
  date: (iso: string | Date) => string;
  dateTime: (iso: string | Date) => string;
  number: (value: number) => string;
}

/** Formatters for the current language; they change when the language does. */
export function useFormat(): Formatters {
  const { locale } = useT();
  return useMemo(() => {
    const tag = locale === 'fr' ? 'fr-FR' : 'en-GB';
    const date = new Intl.DateTimeFormat(tag, { dateStyle: 'medium' });
    const dateTime = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short' });
    const number = new Intl.NumberFormat(tag);
    return {
      date: (value) => date.format(new Date(value)),
      dateTime: (value) => dateTime.format(new Date(value)),
      number: (value) => number.format(value),
    };
  }, [locale]);
}
