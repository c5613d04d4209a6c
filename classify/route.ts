// Which queue a classified message goes to, the same for the rules and the learned model:
// inadmissible → the complaints officer (seed 001, irrecevabilité; seed 000 « ne constitue pas
// une plainte »), uncertain or hard to read (OCR, speech-to-text) → triage, otherwise the queue of
// its nature in the profile's routing table (seed 000, table « Nature de la plainte »).
import type { Profile } from '../core/profiles/schema.ts';

/** Below this nature confidence, or below this text (OCR/STT) confidence, a person triages. */
export const MIN_CONFIDENCE = 0.4;
export const MIN_TEXT_CONFIDENCE = 60;

export function routeQueue(
  profile: Profile,
  c: { nature: string; admissibility: string; confidence: number; urgencyReason: string | null; textConfidence: number | null },
  rules: string[],
): string {
  if (c.admissibility !== 'recevable') {
    rules.push('file:recevabilite');
    return profile.inadmissibleQueue;
  }
  if (c.confidence < MIN_CONFIDENCE && !c.urgencyReason) {
    rules.push('file:triage-confiance');
    return profile.triageQueue;
  }
  if (c.textConfidence !== null && c.textConfidence < MIN_TEXT_CONFIDENCE) {
    rules.push('file:triage-ocr');
    return profile.triageQueue;
  }
  return profile.natures.find((n) => n.code === c.nature)?.queue ?? profile.triageQueue;
}
