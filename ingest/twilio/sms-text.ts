// The SMS acknowledgement's text: the profile's French template (profile.telephony.smsText.fr)
// with the case number and the date of the answer deadline « 23 novembre 2026 »
// (core/i18n/format.ts). Seed 002: an acknowledgement within 48 hours; seed 000: the complainant
// is known by a phone number. The case number lets a reply or a call find the case at once.
import { formatDate } from '../../core/i18n/format.ts';
import type { Profile } from '../../core/profiles/schema.ts';

export function smsAcknowledgementText(profile: Profile, caseId: string, answerDueAt: string | null, lang: 'fr' | 'en' = 'fr'): string | null {
  const template = profile.telephony?.smsText[lang];
  if (!template) return null;
  const due = answerDueAt ? formatDate(answerDueAt, profile.timezone, lang) : null;
  // Without an answer deadline the sentence that carries it is dropped, not left with a hole.
  const text = due ? template.replaceAll('{answerDue}', due) : template.replace(/[^.!?]*\{answerDue\}[^.!?]*[.!?]?/g, '');
  return text.replaceAll('{caseId}', caseId).replace(/\s{2,}/g, ' ').trim();
}
