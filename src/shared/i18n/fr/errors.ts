import type { ErrorCode } from '../../errors.js';

/** Messages d'erreur de l'API, en français. */
export const errors: Record<ErrorCode, string> = {
  validation_failed: 'Certains champs ne sont pas valides.',
  bad_request: 'Requête incorrecte.',
  unauthenticated: 'Connectez-vous pour continuer.',
  invalid_credentials: 'E-mail ou mot de passe incorrect.',
  forbidden: "Vous n'avez pas l'autorisation de faire cela.",
  csrf_failed: 'Votre session a expiré dans cet onglet : rechargez la page.',
  no_organization: "Choisissez d'abord une organisation.",
  not_found: 'Introuvable.',
  conflict: 'Cette modification entre en conflit avec une autre.',
  email_taken: 'Un compte utilise déjà cet e-mail.',
  link_invalid: 'Ce lien a déjà servi ou a expiré. Demandez-en un nouveau.',
  payload_too_large: 'Le contenu envoyé est trop volumineux.',
  unsupported_media_type: "Ce format de contenu n'est pas accepté.",
  rate_limited: 'Trop de tentatives. Réessayez dans quelques minutes.',
  internal: 'Une erreur inattendue est survenue. Réessayez plus tard.',
};

/** Messages de validation par champ. */
export const validation = {
  required: 'Ce champ est obligatoire.',
  invalid_type: 'Valeur de type incorrect (attendu : {{expected}}).',
  too_small_string: 'Au moins {{minimum}} caractère(s).',
  too_big_string: 'Au plus {{maximum}} caractère(s).',
  too_small_number: 'Doit être supérieur ou égal à {{minimum}}.',
  too_big_number: 'Doit être inférieur ou égal à {{maximum}}.',
  too_small_array: 'Au moins {{minimum}} élément(s).',
  too_big_array: 'Au plus {{maximum}} élément(s).',
  invalid_email: 'Adresse e-mail invalide.',
  invalid_uuid: 'Identifiant invalide.',
  invalid_url: 'Adresse web invalide.',
  invalid_format: 'Format invalide.',
  invalid_value: 'Valeur non autorisée (choix possibles : {{options}}).',
  unrecognized_keys: 'Champ inconnu : {{keys}}.',
  invalid_json: 'Le corps de la requête doit être du JSON valide.',
  custom: 'Valeur invalide.',
  taken: 'Déjà utilisé.',
  wrong_password: 'Mot de passe actuel incorrect.',
  unknown_permission_set: 'Jeu de permissions inconnu.',
};
