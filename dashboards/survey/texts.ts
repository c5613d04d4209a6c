// What the citizen receives when a case is closed: a short email, or an SMS for those who called,
// in French, with the survey link and its expiry. Seed 002 (Suivi: « s'assurer que le client est
// satisfait de la solution apportée ») and seed 004 (« mesurer périodiquement la satisfaction »).
import { formatDate } from '../../core/i18n/format.ts';
import type { Profile } from '../../core/profiles/schema.ts';

export function surveyEmail(p: Profile, caseId: string, url: string, expiresAt: Date): { subject: string; text: string } {
  return {
    subject: `Votre avis sur le traitement de votre dossier ${caseId}`,
    text: [
      'Bonjour,',
      '',
      `Votre dossier ${caseId} auprès de ${p.name.fr} est maintenant fermé.`,
      'Pourriez-vous nous dire, en une minute, si vous êtes satisfait de la façon dont il a été traité ?',
      'Une note de 1 à 5 et, si vous le voulez, un commentaire : vos réponses nous aident à améliorer nos services.',
      '',
      url,
      '',
      `Ce lien est personnel et valable jusqu'au ${formatDate(expiresAt, p.timezone)}. Répondre est facultatif;`,
      'votre réponse ne change rien au traitement de vos demandes futures.',
      '',
      p.name.fr,
      p.organisation.phone,
    ].join('\n'),
  };
}

/** One SMS segment where possible (the link is the long part). */
export function surveySms(p: Profile, caseId: string, url: string): string {
  return `${p.shortName} : votre dossier ${caseId} est fermé. Votre avis (1 à 5) en 1 minute : ${url}`;
}
