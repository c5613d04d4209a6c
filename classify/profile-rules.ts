// The profile's keyword rules that both classifiers apply as they are (rules-classifier.ts and the
// hybrid model): the urgency lists, the admissibility criteria and the referral
// table. The nature and kind lists are left to the model (it reads them as features), so a message
// is not scanned a second time by a dozen long lists: the hybrid must classify 2,000 messages a
// second.
import type { Profile } from '../core/profiles/schema.ts';
import { keywordMatcher, normalise } from './normalise.ts';

/** Admissibility codes that outrank a referral when both fire (seed 001, Critères d'irrecevabilité). */
export const ADMISSIBILITY_PRIORITY = ['propos_haineux', 'litige_judiciaire', 'acces_information'];

type Matcher = (t: string) => string[];

export interface RuleOutcome {
  urgencyReason: string | null;
  admissibility: string;
  referral: string | null;
  /** recevabilite:<code> / renvoi:<body>, as the rules classifier writes them. */
  rules: string[];
  /** The matched keywords, to show staff. */
  terms: string[];
}

export class ProfileRules {
  private readonly urgency: { code: string; match: Matcher }[];
  private readonly admissibility: { code: string; match: Matcher }[];
  private readonly referrals: { body: string; match: Matcher }[];
  private readonly hasReferral: boolean;

  constructor(profile: Profile) {
    this.urgency = profile.urgencyReasons.map((u) => ({ code: u.code, match: keywordMatcher(u.keywords) }));
    this.admissibility = profile.admissibility.map((a) => ({ code: a.code, match: keywordMatcher(a.keywords) }));
    this.referrals = profile.referrals.map((r) => ({ body: r.body, match: keywordMatcher(r.keywords) }));
    this.hasReferral = profile.admissibility.some((a) => a.code === 'hors_competence');
  }

  apply(input: { subject: string | null; text: string }): RuleOutcome {
    const subject = normalise(input.subject ?? '');
    const text = `${subject} ${subject} ${normalise(input.text)}`;
    const terms = new Set<string>();
    const rules: string[] = [];
    const urgent = this.urgency.map((u) => ({ code: u.code, hits: u.match(text) })).filter((u) => u.hits.length > 0).sort((a, b) => b.hits.length - a.hits.length);
    const urgencyReason = urgent[0]?.code ?? null;
    urgent[0]?.hits.forEach((h) => terms.add(h));
    let admissibility = 'recevable';
    let referral: string | null = null;
    const adm = this.admissibility.map((a) => ({ code: a.code, hits: a.match(text) })).filter((a) => a.hits.length > 0);
    const ranked = ADMISSIBILITY_PRIORITY.map((c) => adm.find((a) => a.code === c)).find(Boolean);
    if (ranked) {
      admissibility = ranked.code;
      rules.push(`recevabilite:${ranked.code}`);
      ranked.hits.forEach((h) => terms.add(h));
    } else if (this.hasReferral) {
      const ref = this.referrals.map((r) => ({ body: r.body, hits: r.match(text) })).filter((r) => r.hits.length > 0).sort((a, b) => b.hits.length - a.hits.length)[0];
      if (ref) {
        admissibility = 'hors_competence';
        referral = ref.body;
        rules.push(`renvoi:${ref.body}`);
        ref.hits.forEach((h) => terms.add(h));
      }
    }
    return { urgencyReason, admissibility, referral, rules, terms: [...terms] };
  }
}
