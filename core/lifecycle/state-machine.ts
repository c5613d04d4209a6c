// The lifecycle of a case as a pure state machine: which action is allowed in which status, and the
// status it leads to. Commands (core/lifecycle/commands/) validate against it before emitting
// events; the projector and foldCaseState derive the status from events with `statusAfter`.
// Statuses: core/events/schemas.ts CASE_STATUSES; French labels: core/i18n/format.ts STATUS_LABELS.
//  - seed 000, Fonctionnement: a complaint is received, followed up, answered in writing, closed;
//  - seed 001: founded / unfounded judgement, inadmissible (irrecevable), referral to another body,
//    « classée sans suite » when the facts cannot be known (anonymous complaint);
//  - seed 004: « Informer le citoyen des étapes à franchir » (every step is a status the file shows).
// A duplicate merged into the case it duplicates ends « fusionné »: a status of its own, entered by
// case.merged.v1 only, never reopened (the kept case carries the matter; reopen that one).
import type { CaseStatus, DoleancesEvent, EventOf } from '../events/schemas.ts';
import { DoleancesError } from '../errors.ts';
import { STATUS_LABELS } from '../i18n/format.ts';

/** The closures a case can be reopened from. */
export const CLOSED_STATUSES: readonly CaseStatus[] = ['fermee', 'redirigee', 'irrecevable', 'classee_sans_suite'];
export const OPEN_STATUSES: readonly CaseStatus[] = ['recue', 'accuse_envoye', 'en_traitement', 'en_attente_citoyen', 'reponse_envoyee', 'rouverte'];
/** A duplicate merged into another case: terminal. */
export const MERGED_STATUS: CaseStatus = 'fusionne';
const ALL: readonly CaseStatus[] = [...OPEN_STATUSES, ...CLOSED_STATUSES, MERGED_STATUS];

/** No longer open: closed (reopenable) or merged into another case. */
export const isClosed = (s: CaseStatus | string | null | undefined): boolean => CLOSED_STATUSES.includes(s as CaseStatus) || s === MERGED_STATUS;

export const ACTIONS = [
  'take', 'assign', 'note', 'ask', 'answered', 'answer', 'judge', 'close', 'redirect', 'inadmissible', 'drop',
  'reopen', 'reclassify', 'escalate', 'extend', 'view', 'reveal', 'wall-off', 'merge',
] as const;
export type Action = (typeof ACTIONS)[number];

export const ACTION_LABELS: Record<Action, string> = {
  take: 'prendre en charge',
  assign: 'assigner',
  note: 'ajouter une note',
  ask: 'demander un complément au citoyen',
  answered: 'consigner la réponse du citoyen',
  answer: 'envoyer la réponse',
  judge: 'statuer sur le bien-fondé',
  close: 'fermer',
  redirect: 'rediriger vers un autre organisme',
  inadmissible: 'déclarer irrecevable',
  drop: 'classer sans suite',
  reopen: 'rouvrir',
  reclassify: 'reclasser',
  escalate: "passer à l'étape suivante",
  extend: 'prolonger un délai',
  view: 'consulter',
  reveal: "lever l'anonymat",
  'wall-off': 'écarter un employé',
  merge: 'fusionner ce doublon à un autre dossier',
};

const START_WORK = (from: CaseStatus): CaseStatus => (from === 'recue' || from === 'accuse_envoye' || from === 'rouverte' ? 'en_traitement' : from);
const WORKING: readonly CaseStatus[] = ['recue', 'accuse_envoye', 'en_traitement', 'en_attente_citoyen', 'reponse_envoyee', 'rouverte'];

/** For each action: the statuses it is allowed from, and the status it leads to (same when absent). */
export const TRANSITIONS: Record<Action, { from: readonly CaseStatus[]; to?: (from: CaseStatus) => CaseStatus }> = {
  take: { from: WORKING, to: START_WORK },
  assign: { from: WORKING, to: START_WORK },
  note: { from: ALL },
  // Seed 001 « demander la permission », seed 000 « cueillette d'informations »: the clocks pause.
  ask: { from: ['recue', 'accuse_envoye', 'en_traitement', 'reponse_envoyee', 'rouverte'], to: () => 'en_attente_citoyen' },
  answered: { from: ['en_attente_citoyen'], to: () => 'en_traitement' },
  // Seed 004: « Régler le plus de questions possible dès le premier contact »: an answer may come first.
  answer: { from: ['recue', 'accuse_envoye', 'en_traitement', 'reponse_envoyee', 'rouverte'], to: () => 'reponse_envoyee' },
  judge: { from: ['en_traitement', 'en_attente_citoyen', 'reponse_envoyee', 'rouverte'] },
  // Seed 000 « répondre par écrit », seed 001 « informe la personne plaignante du résultat »: closing follows the answer.
  close: { from: ['reponse_envoyee'], to: () => 'fermee' },
  redirect: { from: OPEN_STATUSES, to: () => 'redirigee' },
  inadmissible: { from: ['recue', 'accuse_envoye', 'en_traitement', 'en_attente_citoyen', 'rouverte'], to: () => 'irrecevable' },
  drop: { from: OPEN_STATUSES, to: () => 'classee_sans_suite' },
  reopen: { from: CLOSED_STATUSES, to: () => 'rouverte' },
  reclassify: { from: OPEN_STATUSES },
  escalate: { from: WORKING, to: START_WORK },
  extend: { from: OPEN_STATUSES },
  view: { from: ALL },
  reveal: { from: ALL },
  'wall-off': { from: ALL },
  // A duplicate still open is merged into the case it duplicates; the kept case must be open too
  // (core/lifecycle/commands/merge.ts checks it).
  merge: { from: OPEN_STATUSES, to: () => MERGED_STATUS },
};

const fr = (s: CaseStatus) => STATUS_LABELS[s]?.fr ?? s;

/** The status an action leads to from `from`, or a CASE_TRANSITION_INVALID error in French. */
export function transition(caseId: string, from: CaseStatus, action: Action): CaseStatus {
  const t = TRANSITIONS[action];
  if (!t.from.includes(from)) {
    throw new DoleancesError(
      'CASE_TRANSITION_INVALID',
      `Impossible de ${ACTION_LABELS[action]} : le dossier ${caseId} est « ${fr(from)} » (permis depuis : ${t.from.map((s) => `« ${fr(s)} »`).join(', ')}).`,
      { details: { caseId, from, action } },
    );
  }
  return t.to ? t.to(from) : from;
}

const STATUS_ON_CLOSE: Record<EventOf<'case.closed.v1'>['data']['outcome'], CaseStatus> = {
  fondee: 'fermee',
  non_fondee: 'fermee',
  partiellement_fondee: 'fermee',
  reglee: 'fermee',
  redirigee: 'redirigee',
  irrecevable: 'irrecevable',
  classee_sans_suite: 'classee_sans_suite',
};

/** The status after an event: the single rule the projector and foldCaseState share. */
export function statusAfter(status: CaseStatus | null, e: Pick<DoleancesEvent, 'type' | 'data'>): CaseStatus | null {
  switch (e.type) {
    case 'case.opened.v1':
      return 'recue';
    case 'case.status-changed.v1':
      return (e.data as EventOf<'case.status-changed.v1'>['data']).to;
    case 'case.closed.v1':
      return STATUS_ON_CLOSE[(e.data as EventOf<'case.closed.v1'>['data']).outcome];
    case 'case.acknowledgement-sent.v1':
      return status === 'recue' ? 'accuse_envoye' : status;
    case 'case.merged.v1':
      return MERGED_STATUS;
    default:
      return status;
  }
}
