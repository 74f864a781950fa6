import type { Locale } from '../../../shared/i18n/locales.js';

/**
 * A round's day as voters read it ("dimanche 11 avril 2027"). Rounds are calendar dates with no
 * time zone, so they are formatted at noon UTC: the same day wherever the browser is.
 *
 * @example roundDay('2027-04-11', 'en') // → 'Sunday 11 April 2027' (ICU may add a comma)
 */
export function roundDay(date: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${date}T12:00:00Z`));
}
