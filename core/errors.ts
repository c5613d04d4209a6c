// One error type for the whole system: a stable `code` callers and tests can rely on, a
// `retriable` flag the retry helper and the log consumers honour, and the underlying `cause`.
// Every code is listed in ERROR_CODES with its meaning; errors.test.ts fails on an unlisted code.

export const ERROR_CODES = {
  CONFIG_INVALID: 'La configuration est invalide (le champ fautif est nommé).',
  PROFILE_INVALID: 'Un profil de politique est invalide (le champ fautif est nommé).',
  PROFILE_NOT_FOUND: 'Aucun profil de politique ne porte cet identifiant.',
  EVENT_INVALID: "Un événement ne respecte pas son schéma versionné.",
  EVENT_UNKNOWN_TYPE: "Type d'événement inconnu.",
  LOG_CLOSED: 'Le journal est fermé.',
  LOG_LOCKED: 'Le journal intégré est déjà ouvert par un autre processus.',
  LOG_CORRUPT: 'Le journal intégré contient un enregistrement illisible.',
  LOG_IO: "Erreur d'entrée-sortie sur le journal.",
  INTAKE_UNSUPPORTED: "Format de fichier non pris en charge par l'accueil.",
  INTAKE_UNREADABLE: "Le fichier reçu ne peut pas être lu.",
  INTAKE_EMPTY: 'Le message reçu ne contient aucun texte exploitable.',
  INTAKE_TOO_LARGE: 'Le fichier dépasse la taille maximale configurée.',
  OCR_FAILED: "La reconnaissance optique de caractères a échoué.",
  CRYPTO_KEY_MISSING: "La clé de chiffrement demandée n'existe pas.",
  CRYPTO_TAMPERED: 'Un champ chiffré a été altéré ou la clé est mauvaise.',
  STORE_LOCKED: "L'entrepôt DuckDB est déjà ouvert par un autre processus.",
  STORE_FAILED: "L'écriture dans l'entrepôt a échoué.",
  HANDLER_FAILED: "Le traitement d'un message a échoué.",
  CLI_USAGE: 'Commande ou option invalide.',
  NOT_FOUND: 'Ressource introuvable.',
  KAFKA_UNAVAILABLE: 'Le courtier Kafka est injoignable ou a refusé la requête (souvent passager : réessayé).',
  KAFKA_TOPIC_MISSING: "Le sujet Kafka n'existe pas (préfixe KAFKA_TOPIC_PREFIX ou création des sujets).",
  AUTH_REQUIRED: 'Connexion requise (session absente ou expirée).',
  AUTH_FORBIDDEN: "Ce rôle n'a pas accès à cette page ou à ce dossier.",
  AUTH_CSRF: 'Jeton anti-falsification (CSRF) absent ou invalide : formulaire rejeté.',
  AUTH_RATE_LIMITED: 'Trop de tentatives de connexion : réessayez plus tard.',
  AUTH_WEAK_PASSWORD: 'Mot de passe trop court.',
  AUTH_INVALID_INPUT: "Donnée de formulaire invalide (le champ fautif est nommé).",
  MAIL_SEND_FAILED: "L'envoi du courriel par SMTP a échoué (souvent passager : réessayé).",
  IMAP_UNAVAILABLE: "Le serveur IMAP est injoignable, a refusé la connexion ou l'a coupée (réessayé avec un délai croissant).",
  ACK_UNDELIVERABLE: "Un accusé de réception n'a pas pu être remis (non-remise définitive, RFC 3464) : l'adresse du contact est à marquer comme invalide.",
  ACK_RATE_LIMITED: "Accusé de réception non envoyé : trop d'accusés récents vers la même adresse (protection contre les boucles entre systèmes).",
  TWILIO_BAD_REQUEST: 'Rappel Twilio mal formé (CallSid absent ou invalide).',
  TWILIO_UNAVAILABLE: "L'API REST Twilio est injoignable ou surchargée (souvent passager : réessayé).",
  TWILIO_REJECTED: "L'API REST Twilio a refusé la requête (code d'erreur Twilio dans les détails).",
  CASE_TRANSITION_INVALID: "Action impossible dans l'état actuel du dossier (l'état et les états permis sont nommés).",
  CASE_ACTION_INVALID: "Action sur un dossier refusée : argument manquant ou invalide (le champ fautif est nommé).",
  CASE_WALLED_OFF: "Cet employé est écarté de ce dossier (plainte le visant) : aucune action ni consultation.",
  CASE_ROLE_REQUIRED: "Lever l'anonymat demande un rôle autorisé et un motif écrit (seed 001, confidentialité).",
  CONTACT_SHREDDED: 'Les renseignements personnels de ce contact ont été détruits (fin de la période de conservation).',
  INTAKE_DESTROYED: "L'original de ce message sans dossier a été détruit (fin de la période de conservation) ; seules ses métadonnées restent.",
  REPORT_PDF_FAILED: "Le rapport n'a pas pu être imprimé en PDF (Chromium absent ou en échec).",
  REPORT_FAILED: 'La production du rapport mensuel a échoué (le mois est nommé; réessayé au prochain passage du planificateur).',
  SURVEY_TOKEN_INVALID: 'Lien de sondage invalide (signature ou format).',
  SURVEY_EXPIRED: 'Lien de sondage expiré.',
  SURVEY_ALREADY_ANSWERED: 'Ce sondage a déjà reçu une réponse (une seule réponse par dossier).',
  SURVEY_INVALID_INPUT: 'Réponse au sondage invalide (note de 1 à 5 attendue, commentaire de 2000 caractères au plus).',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class DoleancesError extends Error {
  override readonly name = 'DoleancesError';
  readonly code: ErrorCode;
  readonly retriable: boolean;
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    opts: { retriable?: boolean; cause?: unknown; details?: Record<string, unknown> } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.code = code;
    this.retriable = opts.retriable ?? false;
    this.details = opts.details;
  }
}

export function isRetriable(err: unknown): boolean {
  return err instanceof DoleancesError ? err.retriable : false;
}

export function errorCode(err: unknown): string {
  if (err instanceof DoleancesError) return err.code;
  return 'HANDLER_FAILED';
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
