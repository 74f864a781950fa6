import type { ScriptDocumentInput } from '../script.schema.js';
import type { ExampleLocale } from './gotv-proxy.js';

/**
 * A persuasion call that branches on "convinced" / "hesitant" / "won't vote or votes for someone
 * else", records the support level, and ends each branch with a concrete next step: join an
 * action, receive the programme, or leave contact details. Both languages share every id.
 */
export function persuasionScript(locale: ExampleLocale): ScriptDocumentInput {
  const t = (fr: string, en: string): string => (locale === 'fr' ? fr : en);
  const pathId = 'phone-persuasion';
  const complete = (reasonId: string) => ({ type: 'path_move' as const, pathId, complete: { reasonId } });
  return {
    startSectionId: 'intro',
    sections: [
      {
        id: 'intro',
        title: t('Présentation', 'Introduction'),
        body: t(
          "Bonjour {{person.firstName}}, je suis {{caller.firstName}}, bénévole pour la liste Relais pour Lyon aux élections municipales. Auriez-vous deux minutes pour parler de l'avenir de {{person.commune}} ?",
          "Hello {{person.firstName}}, I'm {{caller.firstName}}, a volunteer with the Relais pour Lyon list for the municipal election. Could you spare two minutes to talk about the future of {{person.commune}}?",
        ),
        talkingPoints: [t('Présentez-vous comme bénévole : vous n’êtes ni candidat·e ni salarié·e.', "Introduce yourself as a volunteer: you're neither a candidate nor staff.")],
        faq: [
          {
            question: t('Comment avez-vous eu mon numéro ?', 'How did you get my number?'),
            answer: t(
              "Vous nous avez laissé vos coordonnées lors d'une de nos actions. Vous pouvez à tout moment demander à ne plus être appelé·e ou à faire supprimer vos données.",
              'You gave us your details at one of our events. You can ask at any time not to be called again or to have your data erased.',
            ),
          },
        ],
        questions: [
          {
            id: 'q-available',
            label: t('La personne peut-elle parler ?', 'Can the person talk?'),
            kind: 'choice',
            required: true,
            choices: [
              { id: 'yes', label: t('Oui', 'Yes') },
              {
                id: 'later',
                label: t('Pas maintenant, rappeler plus tard', 'Not now, call back later'),
                goto: 'callback',
                actions: [{ type: 'path_move', pathId, stepId: 'call-back-later' }],
              },
              {
                id: 'do-not-call',
                label: t('Ne plus jamais m’appeler', 'Never call me again'),
                goto: 'goodbye-do-not-call',
                actions: [{ type: 'do_not_call' }, { type: 'path_move', pathId, abandon: { reasonId: 'do-not-call' } }],
              },
            ],
          },
        ],
        next: 'opinion',
      },
      {
        id: 'opinion',
        title: t('Intention de vote', 'Voting intention'),
        body: t(
          "Avez-vous entendu parler de notre liste et de nos propositions pour {{person.commune}} ? Aujourd'hui, pour les municipales, vous diriez plutôt…",
          "Have you heard about our list and our plans for {{person.commune}}? Today, for the municipal election, would you say…",
        ),
        talkingPoints: [
          t('Rénover les écoles et végétaliser leurs cours avant la fin du mandat.', 'Renovate schools and green their playgrounds within the term.'),
          t('Ouvrir les crèches municipales plus tôt le matin et plus tard le soir.', 'Open municipal nurseries earlier in the morning and later in the evening.'),
          t('Un budget participatif voté par les habitants de chaque quartier.', 'A participatory budget voted on by the residents of each neighbourhood.'),
        ],
        faq: [
          {
            question: t('Qui finance la campagne ?', 'Who funds the campaign?'),
            answer: t(
              'Les dons de particuliers, plafonnés par la loi à 4 600 € par personne pour une élection. Les entreprises ne peuvent pas donner.',
              'Donations from individuals, capped by law at €4,600 per person for one election. Companies cannot donate.',
            ),
          },
          {
            question: t('Où lire le programme ?', 'Where can I read the programme?'),
            answer: t('Sur notre site, ou dans le livret que nous pouvons vous envoyer.', 'On our website, or in the booklet we can send you.'),
          },
        ],
        questions: [
          {
            id: 'q-intention',
            label: t('Intention de vote', 'Voting intention'),
            kind: 'choice',
            required: true,
            choices: [
              { id: 'convinced', label: t('Je vais voter pour la liste', "I'll vote for the list"), goto: 'convinced', actions: [{ type: 'set_support_level', level: 1 }, complete('supporter')] },
              { id: 'hesitant', label: t("J'hésite encore", "I'm still hesitating"), goto: 'hesitant', actions: [{ type: 'set_support_level', level: 3 }, complete('undecided')] },
              { id: 'other-list', label: t('Je vote pour une autre liste', "I'm voting for another list"), goto: 'other-choice', actions: [{ type: 'set_support_level', level: 4 }, complete('opponent')] },
              { id: 'wont-vote', label: t('Je ne vais pas voter', "I won't vote"), goto: 'other-choice', actions: [{ type: 'add_tags', tags: ['abstention'] }, complete('will-not-vote')] },
            ],
          },
        ],
      },
      {
        id: 'convinced',
        title: t('Convaincu·e', 'Convinced'),
        body: t(
          "Merci pour votre soutien ! Chaque coup de main compte : voulez-vous participer à une de nos prochaines actions, une soirée d'appels ou un porte-à-porte près de chez vous ?",
          'Thank you for your support! Every bit of help counts: would you like to join one of our next actions, a phone bank or a canvass near you?',
        ),
        talkingPoints: [t('Une soirée d’appels dure deux heures, on vous forme sur place.', 'A phone bank lasts two hours, with training on the spot.')],
        questions: [
          {
            id: 'q-join',
            label: t('Veut-elle participer ?', 'Do they want to take part?'),
            kind: 'choice',
            required: true,
            choices: [
              { id: 'event', label: t('Oui, je veux participer', 'Yes, I want to take part'), actions: [{ type: 'volunteer_interest' }] },
              {
                id: 'flyers',
                label: t('Je peux distribuer des tracts dans mon immeuble', 'I can hand out flyers in my building'),
                actions: [{ type: 'volunteer_interest' }, { type: 'add_tags', tags: ['flyer-distribution'] }],
              },
              { id: 'not-now', label: t("Pas pour l'instant", 'Not for now') },
            ],
          },
        ],
        next: 'thanks',
      },
      {
        id: 'hesitant',
        title: t('Hésitant·e', 'Hesitant'),
        body: t(
          "Je comprends, c'est une vraie décision. Qu'est-ce qui compte le plus pour vous à {{person.commune}} ? Puis-je vous faire envoyer notre programme ?",
          "I understand, it's a real decision. What matters most to you in {{person.commune}}? May I have our programme sent to you?",
        ),
        talkingPoints: [
          t("Écoutez d'abord, puis reliez sa priorité à une proposition précise.", 'Listen first, then link their priority to one specific proposal.'),
          t('Ne cherchez pas à convaincre à tout prix : un programme reçu vaut mieux qu’un débat.', 'Do not push: a programme received is worth more than an argument.'),
        ],
        questions: [
          { id: 'q-priority', label: t('Sujet prioritaire pour la personne', 'Their top issue'), kind: 'text' },
          {
            id: 'q-programme',
            label: t('Veut-elle recevoir le programme ?', 'Do they want the programme?'),
            kind: 'choice',
            required: true,
            choices: [
              { id: 'yes', label: t('Oui, envoyez-le-moi', 'Yes, send it to me'), actions: [{ type: 'add_tags', tags: ['programme-requested'] }] },
              { id: 'no', label: t('Non merci', 'No thank you') },
            ],
          },
          {
            id: 'q-leaning',
            label: t("Après l'échange, elle penche…", 'After the talk, they lean…'),
            kind: 'choice',
            choices: [
              { id: 'towards-us', label: t('Plutôt pour nous', 'Towards us'), actions: [{ type: 'set_support_level', level: 2 }] },
              { id: 'undecided', label: t('Toujours indécise', 'Still undecided'), actions: [{ type: 'set_support_level', level: 3 }] },
              { id: 'against', label: t('Plutôt contre', 'Rather against'), actions: [{ type: 'set_support_level', level: 4 }] },
            ],
          },
        ],
        next: 'thanks',
      },
      {
        id: 'other-choice',
        title: t('Autre choix ou abstention', 'Other choice or not voting'),
        body: t(
          'Merci de votre franchise, je respecte votre choix. Si vous le souhaitez, nous pouvons vous tenir informé·e de nos propositions. Voulez-vous nous laisser une adresse e-mail ?',
          'Thank you for being frank, I respect your choice. If you like, we can keep you informed about our plans. Would you like to leave us an e-mail address?',
        ),
        questions: [
          {
            id: 'q-stay-informed',
            label: t('Veut-elle être tenue informée ?', 'Do they want to stay informed?'),
            kind: 'choice',
            required: true,
            choices: [
              { id: 'yes', label: t('Oui', 'Yes'), goto: 'contact-details', actions: [{ type: 'add_tags', tags: ['newsletter'] }] },
              { id: 'no', label: t('Non merci', 'No thank you') },
            ],
          },
        ],
        next: 'thanks',
      },
      {
        id: 'contact-details',
        title: t('Coordonnées', 'Contact details'),
        body: t(
          "Merci ! Quelle adresse e-mail puis-je noter ? Vous pourrez vous désinscrire à tout moment.",
          'Thank you! Which e-mail address may I write down? You can unsubscribe at any time.',
        ),
        questions: [{ id: 'q-email', label: t('Adresse e-mail', 'E-mail address'), kind: 'text' }],
        next: 'thanks',
      },
      {
        id: 'callback',
        title: t('Rappeler plus tard', 'Call back later'),
        body: t('Bien sûr. Quel moment vous arrangerait ? Merci, et bonne journée !', 'Of course. When would suit you? Thank you, and have a nice day!'),
        questions: [{ id: 'q-callback-time', label: t('Moment pour rappeler', 'When to call back'), kind: 'text' }],
        end: true,
      },
      {
        id: 'thanks',
        title: t('Remerciements', 'Thank you'),
        body: t('Merci beaucoup pour cet échange, {{person.firstName}}. Bonne journée !', 'Thank you very much for the chat, {{person.firstName}}. Have a nice day!'),
        end: true,
      },
      {
        id: 'goodbye-do-not-call',
        title: t('Ne plus appeler', 'Do not call again'),
        body: t(
          "C'est noté, nous ne vous appellerons plus. Excusez-nous pour le dérangement, bonne journée.",
          "Noted, we won't call you again. Sorry for the trouble, have a nice day.",
        ),
        end: true,
      },
    ],
  };
}
