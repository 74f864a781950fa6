/**
 * Word lists for the demo campaign's people: first names as they were given in France across
 * generations, common French surnames, street names, and the campaign's tags. Data only.
 */

/** The generation a first name belongs to: born about 1940–1962, 1963–1985, 1986–2006. */
export type NameEra = 'elder' | 'middle' | 'young';

/** First names by sex and generation, 25 per list (150 in all), from the most given in France. */
export const FIRST_NAMES: Readonly<Record<'f' | 'm', Readonly<Record<NameEra, readonly string[]>>>> = {
  f: {
    elder: [
      'Marie', 'Jeanne', 'Françoise', 'Monique', 'Catherine', 'Nicole', 'Jacqueline', 'Sylvie', 'Martine',
      'Christiane', 'Danielle', 'Michèle', 'Annie', 'Chantal', 'Brigitte', 'Josiane', 'Colette', 'Odette',
      'Ginette', 'Bernadette', 'Évelyne', 'Simone', 'Yvette', 'Geneviève', 'Élisabeth',
    ],
    middle: [
      'Isabelle', 'Nathalie', 'Valérie', 'Sandrine', 'Christelle', 'Stéphanie', 'Véronique', 'Céline',
      'Aurélie', 'Virginie', 'Laurence', 'Karine', 'Sophie', 'Émilie', 'Julie', 'Caroline', 'Audrey',
      'Élodie', 'Mélanie', 'Séverine', 'Hélène', 'Anne', 'Delphine', 'Claire', 'Cécile',
    ],
    young: [
      'Camille', 'Léa', 'Manon', 'Chloé', 'Emma', 'Inès', 'Sarah', 'Laura', 'Marine', 'Pauline', 'Anaïs',
      'Clara', 'Océane', 'Lucie', 'Mathilde', 'Justine', 'Jade', 'Louise', 'Amandine', 'Charlotte',
      'Juliette', 'Morgane', 'Noémie', 'Yasmine', 'Lina',
    ],
  },
  m: {
    elder: [
      'Jean', 'Pierre', 'Michel', 'André', 'Bernard', 'Jacques', 'Alain', 'Gérard', 'René', 'Claude',
      'Daniel', 'Roger', 'Robert', 'Marcel', 'Christian', 'Patrick', 'Serge', 'Guy', 'Gilbert',
      'Jean-Pierre', 'Jean-Claude', 'Francis', 'Yves', 'Raymond', 'Henri',
    ],
    middle: [
      'Philippe', 'Thierry', 'Éric', 'Laurent', 'Stéphane', 'Frédéric', 'Olivier', 'Christophe', 'Pascal',
      'Didier', 'Sébastien', 'David', 'Nicolas', 'Franck', 'Jérôme', 'Vincent', 'Cédric', 'Arnaud',
      'Julien', 'Guillaume', 'Fabrice', 'Mickaël', 'Ludovic', 'Karim', 'Mohamed',
    ],
    young: [
      'Thomas', 'Lucas', 'Hugo', 'Théo', 'Maxime', 'Alexandre', 'Antoine', 'Kévin', 'Romain', 'Quentin',
      'Clément', 'Nathan', 'Mathis', 'Enzo', 'Louis', 'Baptiste', 'Valentin', 'Adrien', 'Florian',
      'Benjamin', 'Paul', 'Yanis', 'Mehdi', 'Rayan', 'Gabriel',
    ],
  },
};

/**
 * About 200 of the most common surnames in France, most common first (the order sets how often
 * each is drawn), accents as they are written in the civil registers.
 */
export const LAST_NAMES: readonly string[] = [
  'Martin', 'Bernard', 'Thomas', 'Petit', 'Robert', 'Richard', 'Durand', 'Dubois', 'Moreau', 'Laurent',
  'Simon', 'Michel', 'Lefèvre', 'Leroy', 'Roux', 'David', 'Bertrand', 'Morel', 'Fournier', 'Girard',
  'Bonnet', 'Dupont', 'Lambert', 'Fontaine', 'Rousseau', 'Vincent', 'Muller', 'Lefebvre', 'Faure', 'André',
  'Mercier', 'Blanc', 'Guérin', 'Boyer', 'Garnier', 'Chevalier', 'François', 'Legrand', 'Gauthier', 'Garcia',
  'Perrin', 'Robin', 'Clément', 'Morin', 'Nicolas', 'Henry', 'Roussel', 'Mathieu', 'Gautier', 'Masson',
  'Marchand', 'Duval', 'Denis', 'Dumont', 'Marie', 'Lemaire', 'Noël', 'Meyer', 'Dufour', 'Meunier',
  'Brun', 'Blanchard', 'Giraud', 'Joly', 'Rivière', 'Lucas', 'Brunet', 'Gaillard', 'Barbier', 'Arnaud',
  'Martinez', 'Gérard', 'Roche', 'Renard', 'Schmitt', 'Roy', 'Leroux', 'Colin', 'Vidal', 'Caron',
  'Picard', 'Roger', 'Fabre', 'Aubert', 'Lemoine', 'Renaud', 'Dumas', 'Lacroix', 'Olivier', 'Philippe',
  'Bourgeois', 'Pierre', 'Benoît', 'Rey', 'Leclerc', 'Payet', 'Rolland', 'Leclercq', 'Guillaume', 'Lecomte',
  'Lopez', 'Jean', 'Dupuy', 'Guillot', 'Hubert', 'Berger', 'Carpentier', 'Sanchez', 'Dupuis', 'Moulin',
  'Louis', 'Deschamps', 'Huet', 'Vasseur', 'Perez', 'Boucher', 'Fleury', 'Royer', 'Klein', 'Jacquet',
  'Adam', 'Paris', 'Poirier', 'Marty', 'Aubry', 'Guyot', 'Carré', 'Charles', 'Renault', 'Charpentier',
  'Ménard', 'Maillard', 'Baron', 'Bertin', 'Bailly', 'Hervé', 'Schneider', 'Fernandez', 'Le Gall', 'Collet',
  'Léger', 'Bouvier', 'Julien', 'Prévost', 'Millet', 'Perrot', 'Daniel', 'Le Roux', 'Cousin', 'Germain',
  'Breton', 'Besson', 'Langlois', 'Rémy', 'Le Goff', 'Pelletier', 'Lévêque', 'Perrier', 'Leblanc', 'Barré',
  'Lebrun', 'Marchal', 'Weber', 'Mallet', 'Hamon', 'Boulanger', 'Jacob', 'Monnier', 'Michaud', 'Rodriguez',
  'Guichard', 'Gillet', 'Étienne', 'Grondin', 'Poulain', 'Tessier', 'Chevallier', 'Collin', 'Chauvin', 'Da Silva',
  'Bouchet', 'Gay', 'Lemaître', 'Bénard', 'Maréchal', 'Humbert', 'Reynaud', 'Antoine', 'Hoarau', 'Perret',
  'Barthélemy', 'Cordier', 'Pichon', 'Lejeune', 'Gilbert', 'Lamy', 'Delaunay', 'Pasquier', 'Carlier', 'Laporte',
  'Nguyen', 'Diallo', 'Ferreira', 'Dos Santos', 'Haddad', 'Benali', "N'Diaye", 'Traoré', 'Kowalski', 'Müller',
];

/** Street names as they follow the street type ("rue " + "Victor Hugo", "avenue " + "de la Gare"). */
export const STREET_NAMES: readonly string[] = [
  'Victor Hugo', 'Jean Jaurès', 'de la République', 'du Général de Gaulle', 'Pasteur', 'Jean Moulin',
  'de la Gare', "de l'Église", 'des Écoles', 'du Moulin', 'de la Mairie', 'Gambetta', 'Jules Ferry',
  'de la Liberté', 'Émile Zola', 'du 8 Mai 1945', 'Voltaire', 'de Verdun', 'Carnot', 'de la Paix',
  'Anatole France', 'Aristide Briand', 'du Stade', 'des Lilas', 'des Tilleuls', 'de la Fontaine',
  'Louis Pasteur', 'du Maréchal Foch', 'Georges Clemenceau', 'de Paris', 'Marcel Pagnol', 'des Acacias',
  'Pierre Curie', 'Albert Camus', 'de la Poste', 'du Château', 'des Vignes', 'Saint-Martin',
  'Jean Macé', 'Paul Bert', 'Simone Veil', 'Lucie Aubrac', 'Charles de Gaulle', 'du Commerce',
];

/** Street types, most common first, each with how often it appears. */
export const STREET_TYPES: ReadonlyArray<readonly [string, number]> = [
  ['rue', 60], ['avenue', 12], ['boulevard', 5], ['place', 4], ['allée', 6], ['impasse', 5],
  ['chemin', 4], ['route', 4],
];

/** Second address lines, for flats and residences in towns. */
export const ADDRESS_COMPLEMENTS: readonly string[] = [
  'Bâtiment A', 'Bâtiment B', 'Bâtiment C', 'Escalier 2', 'Résidence Les Tilleuls', 'Résidence du Parc',
  'Résidence Les Jardins', 'Porte 3', 'Appartement 12', 'Appartement 24', 'Appartement 7', '3e étage',
];

/** E-mail providers French people use, each with its share; see DEMO_EMAIL_TLD. */
export const EMAIL_PROVIDERS: ReadonlyArray<readonly [string, number]> = [
  ['gmail', 34], ['orange', 18], ['free', 11], ['hotmail', 10], ['laposte', 7], ['sfr', 7], ['yahoo', 6],
  ['wanadoo', 4], ['outlook', 3],
];

/**
 * Demo people are fake, but a name like "julie.martin@gmail.com" may well be a real inbox: the
 * demo addresses use the `.example` top-level domain, reserved by RFC 2606 and never delivered,
 * so a test mailing from the demo campaign can never reach a real person.
 */
export const DEMO_EMAIL_TLD = 'example';

/** The campaign's tags, as an organizer would name them. */
export const DEMO_TAGS = [
  'bénévole', 'militant', 'donateur', 'porte-à-porte', 'marché du samedi', 'jeunes', 'retraités',
  'pétition école', 'réunion publique', 'newsletter',
] as const;
export type DemoTag = (typeof DEMO_TAGS)[number];

/** Why someone asked not to be called, as a caller would note it. */
export const DO_NOT_CALL_REASONS: readonly string[] = [
  'A demandé à ne plus être appelé',
  'Ne souhaite pas être démarché par téléphone',
  'Inscrit sur Bloctel, a demandé le retrait',
  'Hostile, a raccroché et demandé le retrait',
];

/** Why someone stopped e-mails. */
export const DO_NOT_EMAIL_REASONS: readonly string[] = [
  'Désinscrit de la lettre d’information',
  'A demandé la suppression de son adresse',
  'Adresse en erreur (rebond permanent)',
];
