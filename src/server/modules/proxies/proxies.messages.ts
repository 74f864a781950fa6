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
  unknown_round: {
    fr: 'La campagne ne recueille pas de procurations pour ce tour : choisissez l’un des tours proposés.',
    en: 'The campaign does not collect proxies for this round: choose one of the rounds offered.',
  },
  round_closed: {
    fr: 'La date limite pour établir une procuration pour ce tour est passée.',
    en: 'The deadline to establish a proxy for this round has passed.',
  },
  deadline_after_round: { fr: 'La date limite doit précéder le jour du tour (ou être ce jour-là).', en: 'The deadline must fall on or before the day of the round.' },
  deadline_in_past: { fr: 'Cette date limite est déjà passée.', en: 'This deadline has already passed.' },
  no_open_round: {
    fr: 'Aucun tour n’est ouvert : ajoutez les tours de l’élection dans les réglages des procurations.',
    en: 'No round is open: add the election rounds in the proxy settings.',
  },
  round_date_taken: { fr: 'Un tour existe déjà à cette date.', en: 'There is already a round on this date.' },
  round_in_use: {
    fr: 'Des demandes, offres ou procurations portent encore sur ce tour : changez sa date plutôt que de le supprimer.',
    en: 'Requests, offers or proxies still name this round: change its date rather than deleting it.',
  },
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

export const formatRound = (date: string, locale: Locale) =>
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

/** What a reminder needs besides the match's facts: which round, and the campaign's deadline for it. */
export interface ReminderRound {
  date: string;
  label: string;
  /** The English label, when the organizer gave one. */
  label_en?: string | null;
  deadline: string;
}

const roundName = (round: ReminderRound, l: Locale) => (l === 'en' && round.label_en ? round.label_en : round.label);

/**
 * The automatic reminder a few days before a round's deadline, to both sides of a match accepted
 * but not yet established: the giver gets the steps again, the holder is asked to check with them.
 */
export function establishReminder(side: 'giver' | 'holder', f: MessageFacts, round: ReminderRound): { subject: string; text: string } {
  const l = side === 'giver' ? f.giver.locale : f.holder.locale;
  const day = formatRound(round.date, l);
  const deadline = formatRound(round.deadline, l);
  if (side === 'giver') {
    const base = giverMessage(f);
    const line =
      l === 'fr'
        ? `Rappel : votre procuration pour le ${roundName(round, l)} (${day}) n’est pas encore établie. Faites-la au plus tard le ${deadline}. Voici de nouveau les étapes.`
        : `Reminder: your proxy for the ${roundName(round, l)} (${day}) is not established yet. Please do it by ${deadline}. Here are the steps again.`;
    return { subject: l === 'fr' ? `Rappel — établissez votre procuration avant le ${deadline}` : `Reminder — establish your proxy by ${deadline}`, text: `${line}\n\n${base.text}` };
  }
  const identity = f.holder.voterNumber ? (l === 'fr' ? `votre numéro national d’électeur (${f.holder.voterNumber})` : `your national voter number (${f.holder.voterNumber})`) : l === 'fr' ? 'votre état civil complet (nom, prénoms, date de naissance)' : 'your full civil status (names, date of birth)';
  if (l === 'fr') {
    return {
      subject: `Rappel — la procuration de ${f.giver.firstName} n’est pas encore établie`,
      text: [
        `Bonjour ${f.holder.firstName},`,
        '',
        `La procuration que ${f.giver.firstName} doit vous donner pour le ${roundName(round, l)} (${day}) n’est pas encore établie. La campagne souhaite qu’elle le soit au plus tard le ${deadline}.`,
        `Pouvez-vous prendre contact avec ${f.giver.firstName} (${contactLine(f.giver)}) ? Il ou elle aura besoin de ${identity}.`,
        '',
        `Bureau de vote : ${stationLine(f.station)}.`,
      ].join('\n'),
    };
  }
  return {
    subject: `Reminder — ${f.giver.firstName}'s proxy is not established yet`,
    text: [
      `Hello ${f.holder.firstName},`,
      '',
      `The proxy ${f.giver.firstName} is to give you for the ${roundName(round, l)} (${day}) is not established yet. The campaign would like it done by ${deadline}.`,
      `Could you get in touch with ${f.giver.firstName} (${contactLine(f.giver)})? They will need ${identity}.`,
      '',
      `Polling station: ${stationLine(f.station)}.`,
    ].join('\n'),
  };
}

/**
 * The automatic reminder the day before a round, to both sides of an established proxy: the holder
 * where and when to vote (the giver's polling station and its address), the giver who votes for them.
 */
export function dayBeforeReminder(side: 'giver' | 'holder', f: MessageFacts, round: ReminderRound): { subject: string; text: string } {
  const l = side === 'giver' ? f.giver.locale : f.holder.locale;
  const day = formatRound(round.date, l);
  if (side === 'holder') {
    if (l === 'fr') {
      return {
        subject: `Demain, vous votez pour ${f.giver.firstName}`,
        text: [
          `Bonjour ${f.holder.firstName},`,
          '',
          `Demain, ${day} (${roundName(round, l)}), vous votez pour ${f.giver.firstName}.`,
          `Où : au bureau de vote de ${f.giver.firstName}, pas au vôtre — ${stationLine(f.station)}.`,
          'Quand : pendant les heures d’ouverture du bureau (en général de 8 h à 18 h, jusqu’à 20 h dans certaines grandes villes).',
          'Apportez votre pièce d’identité. Vous signez la liste d’émargement en face du nom de la personne qui vous a donné procuration.',
          `Pour joindre ${f.giver.firstName} : ${contactLine(f.giver)}.`,
        ].join('\n'),
      };
    }
    return {
      subject: `Tomorrow you vote for ${f.giver.firstName}`,
      text: [
        `Hello ${f.holder.firstName},`,
        '',
        `Tomorrow, ${day} (${roundName(round, l)}), you vote for ${f.giver.firstName}.`,
        `Where: at ${f.giver.firstName}'s polling station, not yours — ${stationLine(f.station)}.`,
        'When: while the polling station is open (usually 8 am to 6 pm, until 8 pm in some large cities).',
        'Bring your identity document. You sign the register next to the name of the person who gave you the proxy.',
        `To reach ${f.giver.firstName}: ${contactLine(f.giver)}.`,
      ].join('\n'),
    };
  }
  if (l === 'fr') {
    return {
      subject: `Demain, ${f.holder.firstName} vote pour vous`,
      text: [
        `Bonjour ${f.giver.firstName},`,
        '',
        `Demain, ${day} (${roundName(round, l)}), ${f.holder.firstName} votera pour vous à votre bureau de vote : ${stationLine(f.station)}.`,
        `Pensez à lui confirmer votre choix. Pour le joindre : ${contactLine(f.holder)}.`,
        'Si vous pouvez finalement voter vous-même, vous le pouvez tant que votre mandataire n’a pas voté : prévenez-le.',
      ].join('\n'),
    };
  }
  return {
    subject: `Tomorrow ${f.holder.firstName} votes for you`,
    text: [
      `Hello ${f.giver.firstName},`,
      '',
      `Tomorrow, ${day} (${roundName(round, l)}), ${f.holder.firstName} will vote for you at your polling station: ${stationLine(f.station)}.`,
      `Remember to confirm your choice with them. To reach them: ${contactLine(f.holder)}.`,
      'If you can vote yourself after all, you may as long as your holder has not voted yet: tell them.',
    ].join('\n'),
  };
}
