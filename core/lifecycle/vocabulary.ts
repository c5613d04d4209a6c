// The words of the case file in French: judgements and their criteria (seed 001), the
// neighbour-behaviour steps (seed 000), the roles that may lift anonymity (seed 001), and one
// label per event type for the timeline and the citizen's export (seed 002: access to one's file).
import type { ESCALATION_STEPS, EventType, FINDINGS, FOUNDED_CRITERIA, UNFOUNDED_CRITERIA } from '../events/schemas.ts';

export const FINDING_LABELS: Record<(typeof FINDINGS)[number], string> = {
  fondee: 'Fondée',
  non_fondee: 'Non fondée',
  partiellement_fondee: 'Partiellement fondée',
};

/** Seed 001, Critères d'appréciation. */
export const CRITERIA_LABELS: Record<(typeof FOUNDED_CRITERIA)[number] | (typeof UNFOUNDED_CRITERIA)[number], string> = {
  engagements_generaux: 'Non-respect des engagements sur la qualité des services (engagements généraux)',
  normes_service: 'Cas en deçà des normes de service établies (engagements spécifiques)',
  erreur: 'Erreur commise par une personne représentant l’organisme (oubli, information erronée, méprise)',
  ecart_normes: 'Écart ou contradiction manifeste avec les lois, règlements, politiques et normes',
  culture_service: 'Situation contraire à une culture de bon service à la clientèle',
  aucun_prejudice: 'Aucun préjudice pour la personne ou pour un ensemble de citoyens l’incluant',
};

/** Seed 000, Étapes à suivre 1 (problèmes comportementaux, de voisinage; « Problème réglementaire : Idem »). */
export const ESCALATION_LABELS: Record<(typeof ESCALATION_STEPS)[number], string> = {
  sensibilisation: 'Sensibilisation des locataires (rencontre, accroche-porte, communiqué, offre de médiation)',
  enquete: 'Enquête sur la plainte',
  tentative_resolution: 'Tentative pour résoudre la plainte',
  premier_avis: 'Premier avis par écrit',
  transfert_sociocommunautaire: 'Transmission à la coordonnatrice sociocommunautaire',
  mise_en_demeure: 'Envoi d’une mise en demeure',
};

/** Natures that follow seed 000's step procedure when the profile lists no `steps` of its own. */
export const STEP_NATURES = ['voisinage', 'reglementaire'] as const;

/**
 * Seed 001, Principes directeurs et confidentialité: « L'identité de la plaignante ou du plaignant
 * est protégée par défaut » — only the person responsible for complaints (or the direction) may lift it.
 */
export const REVEAL_ROLES = ['responsable_plaintes', 'direction'] as const;

export const EVENT_LABELS: Partial<Record<EventType, string>> = {
  'case.opened.v1': 'Dossier ouvert (message reçu)',
  'case.classified.v1': 'Classement (type, nature, urgence)',
  'case.routed.v1': 'Acheminé vers une file, délais fixés',
  'case.acknowledgement-due.v1': 'Accusé de réception à envoyer',
  'case.acknowledgement-sent.v1': 'Accusé de réception envoyé',
  'case.message-added.v1': 'Message ajouté au dossier',
  'case.staff-action.v1': 'Action du personnel',
  'case.status-changed.v1': 'Changement d’état',
  'case.closed.v1': 'Dossier fermé',
  'case.assigned.v1': 'Prise en charge ou assignation',
  'case.note-added.v1': 'Note d’intervention',
  'case.info-requested.v1': 'Complément demandé au citoyen (délais suspendus)',
  'case.citizen-answered.v1': 'Réponse du citoyen reçue (délais repris)',
  'case.answer-sent.v1': 'Réponse envoyée au citoyen',
  'case.judged.v1': 'Bien-fondé de la plainte établi',
  'case.referred.v1': 'Redirigé vers un autre organisme',
  'case.reopened.v1': 'Dossier rouvert',
  'case.escalated.v1': 'Étape de la procédure de voisinage',
  'case.deadline-extended.v1': 'Délai prolongé',
  'case.extension-notice-due.v1': 'Avis de délai additionnel à envoyer au citoyen',
  'case.viewed.v1': 'Dossier consulté',
  'case.identity-revealed.v1': 'Anonymat levé',
  'case.walled-off.v1': 'Employé écarté du dossier',
  'case.clock-due-soon.v1': 'Échéance proche',
  'case.clock-overdue.v1': 'Délai dépassé',
  'case.survey-sent.v1': 'Sondage de satisfaction envoyé',
  'case.survey-answered.v1': 'Sondage de satisfaction reçu',
  'case.merged.v1': 'Doublon fusionné au dossier conservé',
  'case.duplicate-attached.v1': 'Doublon fusionné à ce dossier',
};
