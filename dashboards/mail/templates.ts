// Reply templates in Québec French (with an English version for staff who work in English; what is
// sent to a citizen is French unless the agent chooses otherwise). Placeholders: {reference} (the
// case id citizens quote), {organisation}, {responsable}, {recours} (the profile's recourse text,
// seed 001/000: the complainant is told of their recourse). Seed 000: « répondre par écrit »,
// « expliquer au plaignant les droits et recours dont il dispose ».
import type { Profile } from '../../core/profiles/schema.ts';

export interface ReplyTemplate {
  id: string;
  label: { fr: string; en: string };
  subject: string;
  body: string;
}

export const TEMPLATES: ReplyTemplate[] = [
  {
    id: 'reponse',
    label: { fr: 'Réponse à la plainte', en: 'Answer to the complaint' },
    subject: 'Votre dossier {reference}',
    body: `Bonjour,

Nous avons terminé l'analyse de votre demande (dossier {reference}).

[Résumé des vérifications faites et de la décision]

{recours}

Veuillez agréer nos salutations distinguées.

{organisation}`,
  },
  {
    id: 'suivi',
    label: { fr: 'Suivi en cours', en: 'Follow-up in progress' },
    subject: 'Suivi de votre dossier {reference}',
    body: `Bonjour,

Nous faisons suite à votre message (dossier {reference}). Votre demande est en traitement et nous vous donnerons des nouvelles dès que possible.

[Précisions sur les prochaines étapes]

Veuillez agréer nos salutations distinguées.

{organisation}`,
  },
  {
    id: 'information',
    label: { fr: "Demande d'information", en: 'Request for information' },
    subject: 'Renseignements requis — dossier {reference}',
    body: `Bonjour,

Afin de traiter votre demande (dossier {reference}), nous avons besoin des renseignements suivants :

[Question]

Vous pouvez répondre directement à ce courriel en conservant la référence {reference}.

Veuillez agréer nos salutations distinguées.

{organisation}`,
  },
  {
    id: 'redirection',
    label: { fr: 'Redirection vers un autre organisme', en: 'Referral to another body' },
    subject: 'Votre demande relève d’un autre organisme — dossier {reference}',
    body: `Bonjour,

Après analyse, votre demande (dossier {reference}) ne relève pas de notre compétence. Nous vous invitons à vous adresser à l'organisme suivant :

[Organisme et coordonnées]

Veuillez agréer nos salutations distinguées.

{organisation}`,
  },
];

export function fillTemplate(text: string, profile: Profile, caseId: string): string {
  const vars: Record<string, string> = {
    reference: caseId,
    organisation: profile.name.fr,
    responsable: profile.organisation.responsible ?? profile.name.fr,
    recours: profile.recourse.fr,
  };
  return text.replace(/\{(\w+)\}/g, (m, k: string) => vars[k] ?? m);
}

export function templateById(id: string): ReplyTemplate | undefined {
  return TEMPLATES.find((t) => t.id === id);
}
