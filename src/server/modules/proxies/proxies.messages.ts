import type { Locale } from '../../../shared/i18n/locales.js';

/**
 * The proxies module's own texts in French and English: field errors of the public forms (already
 * translated, so the error sink passes them through) and the messages each side receives.
 */
const FIELD_ERRORS = {
  consent_required: {
    fr: 'Cochez la case pour accepter que la campagne utilise ces informations pour organiser la procuration.',
    en: 'Tick the box to agree that the campaign uses this information to arrange the proxy.',
  },
  contact_required: { fr: 'Donnez au moins un e-mail ou un numéro de téléphone.', en: 'Give at least an e-mail address or a phone number.' },
  invalid_phone: { fr: 'Numéro de téléphone invalide : il commence par 0 ou par +indicatif.', en: 'Invalid phone number: it starts with 0 or with +country code.' },
  unknown_commune: { fr: 'Commune inconnue (code INSEE, par exemple 69123 pour Lyon).', en: 'Unknown municipality (INSEE code, e.g. 69123 for Lyon).' },
  round_in_past: { fr: 'Cette date de tour est déjà passée.', en: 'This round date has already passed.' },
  invalid_date: { fr: 'Date invalide (format AAAA-MM-JJ).', en: 'Invalid date (format YYYY-MM-DD).' },
  held_in_france_above_held: {
    fr: 'Vous ne pouvez pas avoir plus de procurations établies en France que de procurations au total.',
    en: 'You cannot hold more proxies established in France than proxies in total.',
  },
  already_at_limit: {
    fr: 'Vous détenez déjà deux procurations, le maximum légal : vous ne pouvez pas en recevoir une autre.',
    en: 'You already hold two proxies, the legal maximum: you cannot take another one.',
  },
  holder_full: {
    fr: 'Ce mandataire a déjà le nombre maximal de procurations autorisé par la loi pour ces tours.',
    en: 'This holder already has the most proxies the law allows for these rounds.',
  },
  not_proposed: { fr: 'Seule une proposition peut être acceptée ou refusée.', en: 'Only a proposal can be accepted or rejected.' },
  wrong_order: {
    fr: 'Ce statut ne peut pas suivre le statut actuel de la procuration.',
    en: 'This status cannot follow the proxy’s current status.',
  },
} satisfies Record<string, Record<Locale, string>>;

export type ProxyFieldError = keyof typeof FIELD_ERRORS;

/** A field error's text in the visitor's language. */
export function fieldMessage(key: ProxyFieldError, locale: Locale): string {
  return FIELD_ERRORS[key][locale];
}

export interface MessageParty {
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  locale: Locale;
}

export interface MessageFacts {
  giver: MessageParty;
  holder: MessageParty & { birthDate: string | null; voterNumber: string | null };
  rounds: readonly string[];
  station: { code: string | null; name: string; address: string; communeName: string };
}

const formatRound = (date: string, locale: Locale) =>
  new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${date}T12:00:00Z`),
  );
const contactLine = (p: MessageParty) => [p.phone, p.email].filter(Boolean).join(' · ');
const stationLine = (s: MessageFacts['station']) => [s.name || s.code, s.address, s.communeName].filter(Boolean).join(', ');

/**
 * What the giver is told: who will vote for them, how to reach them, and exactly how to establish
 * the proxy with the holder's details (national voter number, else full civil status). Nothing more.
 */
export function giverMessage(f: MessageFacts): { subject: string; text: string } {
  const l = f.giver.locale;
  const rounds = f.rounds.map((r) => formatRound(r, l)).join(l === 'fr' ? ' et ' : ' and ');
  const identity =
    f.holder.voterNumber !== null
      ? l === 'fr'
        ? `son numéro national d’électeur (NNE) : ${f.holder.voterNumber}`
        : `their national voter number (NNE): ${f.holder.voterNumber}`
      : l === 'fr'
        ? `son état civil : ${f.holder.lastName.toUpperCase()} ${f.holder.firstName}${f.holder.birthDate ? `, né·e le ${f.holder.birthDate}` : ' (demandez-lui sa date de naissance)'}`
        : `their civil status: ${f.holder.lastName.toUpperCase()} ${f.holder.firstName}${f.holder.birthDate ? `, born on ${f.holder.birthDate}` : ' (ask them their date of birth)'}`;
  if (l === 'fr') {
    return {
      subject: 'Votre procuration : une personne votera pour vous',
      text: [
        `Bonjour ${f.giver.firstName},`,
        '',
        `${f.holder.firstName} votera pour vous le ${rounds}, à votre bureau de vote : ${stationLine(f.station)}.`,
        `Pour le joindre : ${contactLine(f.holder)}.`,
        '',
        'Pour établir la procuration :',
        '1. Faites la demande en ligne sur https://www.maprocuration.gouv.fr (ou remplissez le formulaire Cerfa n° 14952).',
        `2. Donnez ${identity}.`,
        '3. Présentez-vous avec une pièce d’identité dans un commissariat, une gendarmerie ou un consulat (ou chez un notaire / en mairie selon les dispositifs ouverts) pour la faire valider.',
        `4. Prévenez ${f.holder.firstName} et la campagne dès que vous avez reçu le courriel de confirmation.`,
        '',
        'Faites-le au plus tôt : la procuration doit être enregistrée avant le jour du vote.',
      ].join('\n'),
    };
  }
  return {
    subject: 'Your proxy vote: someone will vote for you',
    text: [
      `Hello ${f.giver.firstName},`,
      '',
      `${f.holder.firstName} will vote for you on ${rounds}, at your polling station: ${stationLine(f.station)}.`,
      `To reach them: ${contactLine(f.holder)}.`,
      '',
      'To establish the proxy:',
      '1. Apply online at https://www.maprocuration.gouv.fr (or fill in form Cerfa no. 14952).',
      `2. Give ${identity}.`,
      '3. Go with an identity document to a police station, gendarmerie or consulate to have it validated.',
      `4. Tell ${f.holder.firstName} and the campaign as soon as you receive the confirmation e-mail.`,
      '',
      'Do it as early as possible: the proxy must be registered before polling day.',
    ].join('\n'),
  };
}

/** What the holder is told: whose vote they carry, where and when to vote, how to reach the giver. */
export function holderMessage(f: MessageFacts): { subject: string; text: string } {
  const l = f.holder.locale;
  const rounds = f.rounds.map((r) => formatRound(r, l)).join(l === 'fr' ? ' et ' : ' and ');
  if (l === 'fr') {
    return {
      subject: 'Merci ! Vous allez voter par procuration',
      text: [
        `Bonjour ${f.holder.firstName},`,
        '',
        `Vous voterez pour ${f.giver.firstName} le ${rounds}.`,
        `Bureau de vote : ${stationLine(f.station)}.`,
        `Pour joindre ${f.giver.firstName} : ${contactLine(f.giver)}.`,
        '',
        `1. ${f.giver.firstName} établit la procuration avec votre numéro national d’électeur ou votre état civil.`,
        '2. Vous recevrez sa confirmation ; vous pouvez vérifier sur https://www.service-public.fr (« Interroger sa situation électorale »).',
        '3. Le jour du vote, présentez-vous au bureau de vote ci-dessus avec votre pièce d’identité, et votez selon son choix.',
        '',
        'Rappel : personne ne peut détenir plus de deux procurations, dont une seule établie en France.',
      ].join('\n'),
    };
  }
  return {
    subject: 'Thank you! You will vote by proxy',
    text: [
      `Hello ${f.holder.firstName},`,
      '',
      `You will vote for ${f.giver.firstName} on ${rounds}.`,
      `Polling station: ${stationLine(f.station)}.`,
      `To reach ${f.giver.firstName}: ${contactLine(f.giver)}.`,
      '',
      `1. ${f.giver.firstName} establishes the proxy with your national voter number or civil status.`,
      '2. You will receive their confirmation; you can check on https://www.service-public.fr ("Interroger sa situation électorale").',
      '3. On polling day, go to the polling station above with your identity document and vote as they chose.',
      '',
      'Reminder: nobody may hold more than two proxies, of which only one established in France.',
    ].join('\n'),
  };
}

/** A reminder: one line saying what is due and when, then the original message again. */
export function reminderMessage(kind: 'establish' | 'round', base: { subject: string; text: string }, round: string, locale: Locale): { subject: string; text: string } {
  const when = formatRound(round, locale);
  const line =
    kind === 'establish'
      ? locale === 'fr'
        ? `Rappel : le tour du ${when} approche et votre procuration n’est pas encore établie. Voici de nouveau les étapes.`
        : `Reminder: the round of ${when} is near and your proxy is not established yet. Here are the steps again.`
      : locale === 'fr'
        ? `Rappel : vous votez par procuration le ${when}.`
        : `Reminder: you vote by proxy on ${when}.`;
  return { subject: `${locale === 'fr' ? 'Rappel' : 'Reminder'} — ${base.subject}`, text: `${line}\n\n${base.text}` };
}
