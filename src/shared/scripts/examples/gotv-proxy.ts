import type { ScriptDocumentInput } from '../script.schema.js';

/** The languages every example script is written in (French first: the default locale). */
export type ExampleLocale = 'fr' | 'en';

/**
 * A get-out-the-vote call a few days before election day: will the person vote, do they know their
 * polling station, and, if they cannot go, would they give a proxy (or carry one for a neighbour).
 * Both languages share every id, so answers and funnels add up across locales.
 */
export function gotvProxyScript(locale: ExampleLocale): ScriptDocumentInput {
  const t = (fr: string, en: string): string => (locale === 'fr' ? fr : en);
  const pathId = 'gotv-calls';
  return {
    startSectionId: 'intro',
    sections: [
      {
        id: 'intro',
        title: t('Présentation', 'Introduction'),
        body: t(
          "Bonjour {{person.firstName}}, je m'appelle {{caller.firstName}}, je suis bénévole pour la liste Relais pour Lyon. Je vous appelle au sujet des élections municipales de dimanche prochain. Avez-vous une minute ?",
          "Hello {{person.firstName}}, my name is {{caller.firstName}}, I'm a volunteer with the Relais pour Lyon list. I'm calling about next Sunday's municipal election. Do you have a minute?",
        ),
        talkingPoints: [
          t('Souriez, parlez lentement, restez bref : deux minutes suffisent.', 'Smile, speak slowly, keep it short: two minutes is enough.'),
        ],
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
              {
                id: 'wrong-number',
                label: t('Mauvais numéro', 'Wrong number'),
                goto: 'wrong-number',
                actions: [{ type: 'add_tags', tags: ['wrong-number'] }, { type: 'path_move', pathId, stepId: 'update-contact-info' }],
              },
            ],
          },
        ],
        next: 'will-vote',
      },
      {
        id: 'will-vote',
        title: t('Intention de vote', 'Voting plans'),
        body: t(
          'Le premier tour a lieu dimanche prochain. Pensez-vous aller voter ?',
          'The first round is next Sunday. Are you planning to vote?',
        ),
        talkingPoints: [
          t("Aux municipales, quelques voix d'écart suffisent souvent à faire basculer une ville.", 'In municipal elections, a handful of votes often decides the result.'),
        ],
        questions: [
          {
            id: 'q-will-vote',
            label: t('Va-t-elle voter dimanche ?', 'Will they vote on Sunday?'),
            kind: 'choice',
            required: true,
            choices: [
              {
                id: 'yes',
                label: t('Oui, je vais voter', "Yes, I'll vote"),
                goto: 'polling-station',
                actions: [{ type: 'path_move', pathId, complete: { reasonId: 'will-vote' } }],
              },
              { id: 'away', label: t('Je serai absent·e ce jour-là', "I'll be away that day"), goto: 'proxy-ask' },
              { id: 'cannot', label: t('Je ne pourrai pas me déplacer', "I won't be able to get there"), goto: 'proxy-ask' },
              {
                id: 'not-interested',
                label: t('Je ne compte pas voter', "I don't plan to vote"),
                goto: 'thanks',
                actions: [{ type: 'add_tags', tags: ['abstention'] }, { type: 'path_move', pathId, complete: { reasonId: 'will-not-vote' } }],
              },
            ],
          },
        ],
      },
      {
        id: 'polling-station',
        title: t('Bureau de vote', 'Polling station'),
        body: t('Parfait ! Savez-vous où se trouve votre bureau de vote ?', 'Great! Do you know where your polling station is?'),
        talkingPoints: [
          t(
            'Le bureau de vote est indiqué sur la carte électorale, ou sur service-public.fr (service « Interroger sa situation électorale »).',
            'The polling station is printed on the voter card, or on service-public.fr (the "Interroger sa situation électorale" service).',
          ),
          t(
            "Une pièce d'identité est obligatoire pour voter dans les communes de 1 000 habitants et plus ; la carte électorale ne l'est pas.",
            'Photo ID is required to vote in towns of 1,000 inhabitants or more; the voter card is not.',
          ),
        ],
        questions: [
          {
            id: 'q-knows-station',
            label: t('Connaît-elle son bureau de vote ?', 'Do they know their polling station?'),
            kind: 'choice',
            choices: [
              { id: 'yes', label: t('Oui', 'Yes') },
              { id: 'no', label: t('Non, je lui ai expliqué où le trouver', 'No, I explained how to find it'), actions: [{ type: 'add_tags', tags: ['polling-station-info-given'] }] },
            ],
          },
        ],
        next: 'carry-proxy',
      },
      {
        id: 'carry-proxy',
        title: t('Porter une procuration', 'Carrying a proxy'),
        body: t(
          'Dernière chose : des habitants de {{person.commune}} ne pourront pas se déplacer dimanche. Accepteriez-vous de voter pour l’un d’eux, avec une procuration ?',
          'One last thing: some people in {{person.commune}} cannot get to the polls on Sunday. Would you vote on behalf of one of them, with a proxy?',
        ),
        talkingPoints: [
          t(
            "Vous votez dans le bureau de vote de la personne qui vous donne procuration, en plus de votre propre vote.",
            'You vote at the polling station of the person who gives you the proxy, on top of your own vote.',
          ),
          t('En principe, on ne peut porter qu’une seule procuration établie en France.', 'As a rule, one person can carry only one proxy made in France.'),
        ],
        questions: [
          {
            id: 'q-carry-proxy',
            label: t('Peut-elle porter une procuration ?', 'Can they carry a proxy?'),
            kind: 'choice',
            choices: [
              { id: 'yes', label: t('Oui, je peux porter une procuration', 'Yes, I can carry a proxy'), actions: [{ type: 'proxy_offer' }] },
              { id: 'no', label: t('Non merci', 'No thank you') },
            ],
          },
        ],
        next: 'thanks',
      },
      {
        id: 'proxy-ask',
        title: t('Donner procuration', 'Giving a proxy'),
        body: t(
          "Pas de souci. Vous pouvez quand même faire entendre votre voix en donnant procuration à une personne de confiance. Souhaitez-vous qu'un bénévole de la liste vous aide à trouver quelqu'un qui vote près de chez vous ?",
          "No problem. You can still have your say by giving a proxy to someone you trust. Would you like a volunteer from the list to help you find someone who votes near you?",
        ),
        talkingPoints: [
          t(
            'La demande se fait sur maprocuration.gouv.fr, puis se valide au commissariat ou à la gendarmerie. Mieux vaut la faire au plus tôt.',
            'The request is made on maprocuration.gouv.fr, then confirmed at a police or gendarmerie station. The sooner the better.',
          ),
        ],
        faq: [
          {
            question: t('Dois-je connaître la personne ?', 'Do I need to know the person?'),
            answer: t(
              "Non. Elle doit simplement être inscrite sur les listes électorales ; elle votera dans votre bureau de vote, à votre place.",
              'No. They only need to be registered to vote; they will vote at your polling station on your behalf.',
            ),
          },
        ],
        questions: [
          {
            id: 'q-proxy',
            label: t('Veut-elle donner procuration ?', 'Do they want to give a proxy?'),
            kind: 'choice',
            required: true,
            choices: [
              { id: 'needs', label: t('Oui, aidez-moi à trouver quelqu’un', 'Yes, help me find someone'), goto: 'proxy-follow-up', actions: [{ type: 'proxy_need' }] },
              { id: 'arranged', label: t("J'ai déjà quelqu'un", 'I already have someone'), actions: [{ type: 'add_tags', tags: ['proxy-arranged'] }] },
              { id: 'no', label: t('Non merci', 'No thank you') },
            ],
          },
        ],
        next: 'thanks',
      },
      {
        id: 'proxy-follow-up',
        title: t('Suite de la procuration', 'Proxy follow-up'),
        body: t(
          "Merci ! Un bénévole de la liste vous rappellera pour vous mettre en relation avec une personne qui vote près de votre bureau. Quand peut-on vous joindre ?",
          'Thank you! A volunteer from the list will call you back to put you in touch with someone who votes near your polling station. When is a good time to reach you?',
        ),
        questions: [
          { id: 'q-proxy-availability', label: t('Disponibilités pour être rappelé·e', 'Best time to call back'), kind: 'text' },
        ],
        next: 'thanks',
      },
      {
        id: 'callback',
        title: t('Rappeler plus tard', 'Call back later'),
        body: t(
          'Bien sûr. Quel moment vous arrangerait ? Merci, et bonne journée !',
          'Of course. When would suit you? Thank you, and have a nice day!',
        ),
        questions: [{ id: 'q-callback-time', label: t('Moment pour rappeler', 'When to call back'), kind: 'text' }],
        end: true,
      },
      {
        id: 'thanks',
        title: t('Remerciements', 'Thank you'),
        body: t('Merci beaucoup {{person.firstName}}, et à dimanche ! Bonne journée.', 'Thank you very much {{person.firstName}}, see you on Sunday! Have a nice day.'),
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
      {
        id: 'wrong-number',
        title: t('Mauvais numéro', 'Wrong number'),
        body: t('Excusez-moi pour le dérangement, bonne journée.', 'Sorry for the trouble, have a nice day.'),
        end: true,
      },
    ],
  };
}
