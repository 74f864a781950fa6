/** Textes de l'application web, en français (la langue par défaut). */
export const ui = {
  app: {
    name: 'Relais',
    loading: 'Chargement…',
    networkError: 'Le serveur ne répond pas. Vérifiez votre connexion et réessayez.',
    retry: 'Réessayer',
  },
  language: {
    label: 'Langue',
    fr: 'Français',
    en: 'English',
  },
  nav: {
    label: 'Navigation principale',
    toggle: 'Afficher ou masquer le menu',
    dashboard: 'Tableau de bord',
    people: 'Personnes',
    lists: 'Listes',
    paths: 'Parcours',
    scripts: 'Scripts',
    campaigns: "Campagnes d'appels",
    events: 'Événements',
    proxies: 'Procurations',
    metrics: 'Statistiques',
    outbox: "Boîte d'envoi",
    members: 'Membres',
    settings: 'Paramètres',
  },
  org: {
    label: 'Organisation',
  },
  userMenu: {
    label: 'Mon compte',
    signedInAs: 'Connecté en tant que {{email}}',
    changePassword: 'Changer le mot de passe',
    logout: 'Se déconnecter',
  },
  login: {
    title: 'Connexion',
    intro: 'Connectez-vous pour retrouver votre campagne.',
    email: 'E-mail',
    password: 'Mot de passe',
    submit: 'Se connecter',
    magicHint: "Vous avez reçu un lien de connexion ? Ouvrez-le directement : il vous connecte sans mot de passe.",
  },
  magic: {
    signingIn: 'Connexion en cours…',
    invalidTitle: 'Lien de connexion inutilisable',
    invalidText: 'Ce lien de connexion a déjà servi ou a expiré. Demandez un nouveau lien à la personne qui vous a invité.',
    failedTitle: 'Connexion impossible',
    toLogin: 'Aller à la page de connexion',
  },
  password: {
    title: 'Changer le mot de passe',
    current: 'Mot de passe actuel',
    new: 'Nouveau mot de passe',
    newHint: 'Au moins 10 caractères.',
    confirm: 'Confirmer le mot de passe',
    // Must not contain the word of the field's label, so that finding a field by its label stays unambiguous.
    reveal: 'Afficher ou masquer les caractères',
    mismatch: 'Les deux mots de passe ne sont pas identiques.',
    submit: 'Changer le mot de passe',
    success: 'Votre mot de passe a été changé. Vos autres sessions ont été déconnectées.',
  },
  dashboard: {
    welcome: 'Bonjour {{name}} !',
    organization: 'Vous agissez pour {{org}}.',
    noOrganization: "Vous n'êtes membre d'aucune organisation pour l'instant. Demandez une invitation à l'équipe de votre campagne.",
    intro: 'Les modules de Relais arrivent un à un : retrouvez-les dans le menu.',
  },
  comingSoon: {
    text: 'Ce module arrive bientôt.',
    detail: "Il apparaîtra ici dès qu'il sera prêt.",
  },
  forbidden: {
    title: 'Accès refusé',
    text: "Vos droits dans cette organisation ne permettent pas d'ouvrir cette page.",
  },
  notFound: {
    title: 'Page introuvable',
    text: "Cette page n'existe pas.",
    home: "Retour à l'accueil",
  },
  members: {
    listTitle: 'Membres de l’organisation',
    count_one: '{{count}} membre',
    count_other: '{{count}} membres',
    name: 'Nom',
    email: 'E-mail',
    permissionSet: 'Droits',
    joinedAt: 'Membre depuis',
    permissionSetOf: 'Droits de {{name}}',
    updated: 'Les droits de {{name}} ont été modifiés.',
    empty: 'Aucun membre pour le moment.',
    inviteTitle: 'Inviter un bénévole',
    inviteIntro: 'Relais crée un lien de connexion personnel, à usage unique, que vous envoyez vous-même au bénévole.',
    inviteName: 'Nom du bénévole',
    inviteEmail: 'E-mail du bénévole',
    invitePermissionSet: 'Droits',
    inviteSubmit: 'Créer le lien d’invitation',
    inviteDone: 'Invitation créée pour {{name}}',
    inviteLink: 'Lien de connexion',
    inviteExpires: 'Ce lien fonctionne une seule fois, jusqu’au {{date}}.',
    copy: 'Copier le lien',
    copied: 'Lien copié',
  },
  permissionSets: {
    administrator: 'Administrateur',
    organizer: 'Organisateur',
    caller: 'Appelant',
    event_host: "Hôte d'événement",
    viewer: 'Observateur',
  },
};

type Messages<T> = { [K in keyof T]: T[K] extends string ? string : Messages<T[K]> };

/** The shape every other language's texts must have: the same keys as French, any strings. */
export type UiMessages = Messages<typeof ui>;

type KeyPaths<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : KeyPaths<T[K], `${Prefix}${K}.`>;
}[keyof T & string];
type PluralBase<K extends string> = K extends `${infer Base}_${'one' | 'other'}` ? Base : K;

/** Every key of the web app's texts, e.g. `nav.people`; plural keys also by their base (`members.count`). */
export type UiKey = KeyPaths<typeof ui> | PluralBase<KeyPaths<typeof ui>>;
