import type { Locale } from '../i18n/locales.js';

/**
 * Keys of the default path's steps and reasons. Call outcomes find "called once, no answer" by its
 * key, whatever the organization renamed the step to.
 */
export type DefaultStepKey = 'to_call' | 'no_answer_1' | 'no_answer_2' | 'call_back_later' | 'update_contact_info' | 'needs_follow_up';
export type DefaultReasonKey = 'supporter' | 'opponent' | 'undecided' | 'contact_info_updated' | 'could_not_talk' | 'do_not_call';

export interface PathTemplate {
  steps: { key: DefaultStepKey; name: string }[];
  reasons: { key: DefaultReasonKey; kind: 'completion' | 'abandon'; label: string }[];
}

const STEPS: Record<DefaultStepKey, Record<Locale, string>> = {
  to_call: { fr: 'À appeler', en: 'To call' },
  no_answer_1: { fr: 'Appelé une fois, pas de réponse', en: 'Called once, no answer' },
  no_answer_2: { fr: 'Appelé deux fois, pas de réponse', en: 'Called twice, no answer' },
  call_back_later: { fr: 'À rappeler', en: 'Call back later' },
  update_contact_info: { fr: 'Coordonnées à mettre à jour', en: 'Update contact info' },
  needs_follow_up: { fr: 'À suivre', en: 'Needs follow-up' },
};

const REASONS: Record<DefaultReasonKey, { kind: 'completion' | 'abandon' } & Record<Locale, string>> = {
  supporter: { kind: 'completion', fr: 'Sympathisant', en: 'Supporter' },
  opponent: { kind: 'completion', fr: 'Opposant', en: 'Opponent' },
  undecided: { kind: 'completion', fr: 'Indécis', en: 'Undecided' },
  contact_info_updated: { kind: 'completion', fr: 'Coordonnées mises à jour', en: 'Contact info updated' },
  could_not_talk: { kind: 'abandon', fr: 'Injoignable', en: 'Could not talk' },
  do_not_call: { kind: 'abandon', fr: 'Ne souhaite plus être appelé', en: 'Asked not to be called again' },
};

/**
 * The call path campaigns know from NationBuilder, in the organization's language: six steps from
 * "to call" to "needs follow-up", four ways to complete it and two to abandon it.
 *
 * @example defaultPathTemplate('fr').steps[0] // → { key: 'to_call', name: 'À appeler' }
 */
export function defaultPathTemplate(locale: Locale): PathTemplate {
  return {
    steps: (Object.keys(STEPS) as DefaultStepKey[]).map((key) => ({ key, name: STEPS[key][locale] })),
    reasons: (Object.keys(REASONS) as DefaultReasonKey[]).map((key) => ({ key, kind: REASONS[key].kind, label: REASONS[key][locale] })),
  };
}
