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
