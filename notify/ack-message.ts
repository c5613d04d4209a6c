// The acknowledgement a citizen receives by email, in Québec French and in the body's own words
// (profile.acknowledgement with its {answerDue}, profile.recourse): the case number, what happens
// next, the date of the written answer. Marked as automatic so that no system answers it
// (RFC 3834 §5: Auto-Submitted: auto-replied; Exchange's X-Auto-Response-Suppress), tagged
// X-Doleances so that it is recognised if it ever comes back, and given the Message-ID
// <ack.CASEID@domain> that replies quote in In-Reply-To / References (ingest/parse/email.ts).
import { formatDate } from '../core/i18n/format.ts';
import { queueLabel } from '../core/profiles/load.ts';
import type { Profile } from '../core/profiles/schema.ts';

export interface AckMessage {
  from: string;
  to: string;
  subject: string;
  text: string;
  messageId: string;
  headers: Record<string, string>;
}

export function ackSubject(caseId: string): string {
  return `Accusé de réception [Dossier ${caseId}]`;
}

export function ackMessageId(caseId: string, domain: string): string {
  return `<ack.${caseId}@${domain}>`;
}

/** The domain of our sending address, for Message-IDs (RFC 5322 §3.6.4: id-right is a domain). */
export function domainOf(address: string): string {
  return /@([^>\s]+)>?\s*$/.exec(address)?.[1]?.toLowerCase() ?? 'doleances.local';
}

export interface AckFacts {
  caseId: string;
  /** When the written answer is due (the `answer` clock of case.routed.v1), if known. */
  answerDue: string | null;
  queue: string | null;
}

export function composeAck(profile: Profile, facts: AckFacts, from: string, to: string): AckMessage {
  const due = facts.answerDue ? formatDate(facts.answerDue, profile.timezone, 'fr') : 'dans les délais prévus à notre politique';
  const words = profile.acknowledgement.fr.replaceAll('{answerDue}', due);
  const org = profile.organisation;
  const lines = [
    'Bonjour,',
    '',
    words,
    '',
    `Votre numéro de dossier : ${facts.caseId}`,
    facts.queue
      ? `Prochaine étape : votre dossier a été confié à l’équipe « ${queueLabel(profile, facts.queue, 'fr')} », qui l’examinera et communiquera avec vous au besoin.`
      : 'Prochaine étape : votre dossier sera examiné par l’équipe responsable, qui communiquera avec vous au besoin.',
    // Said once: in the body's own words when they carry {answerDue}, else here.
    facts.answerDue && !profile.acknowledgement.fr.includes('{answerDue}') ? `Date limite de la réponse écrite : ${due}.` : '',
    '',
    'Pour ajouter des renseignements à votre dossier, répondez simplement à ce courriel en conservant le numéro de dossier dans l’objet.',
    '',
    `Recours : ${profile.recourse.fr}`,
    '',
    profile.name.fr,
    [org.address, org.phone ? `tél. ${org.phone}` : ''].filter(Boolean).join(' · '),
    '',
    'Ce message a été envoyé automatiquement.',
  ].filter((l, i, all) => l !== '' || all[i - 1] !== '');
  return {
    from,
    to,
    subject: ackSubject(facts.caseId),
    text: `${lines.join('\n').trim()}\n`,
    messageId: ackMessageId(facts.caseId, domainOf(from)),
    headers: {
      'Auto-Submitted': 'auto-replied',
      'X-Auto-Response-Suppress': 'All',
      'X-Doleances': 'ack',
      'X-Doleances-Case': facts.caseId,
    },
  };
}
