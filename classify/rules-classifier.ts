// The rules classifier: the profile's keyword rules for kind, admissibility (with the referral
// table of seed 001), nature, urgency and its reason (seed 000's six types), and the queue. Used
// alone for now and, where rules are safer (urgency favours recall), beside the learned model.
import type { Profile } from '../core/profiles/schema.ts';
import { keywordMatcher, normalise } from './normalise.ts';
import { ProfileRules } from './profile-rules.ts';
import { routeQueue } from './route.ts';

export interface ClassifierInput {
  subject: string | null;
  text: string;
  channel: string;
  /** OCR or speech-to-text confidence 0-100, null for typed text. */
  textConfidence: number | null;
}

export interface Classification {
  kind: 'plainte' | 'requete' | 'commentaire' | 'information';
  admissibility: string;
  referral: string | null;
  nature: string;
  urgency: 'urgente' | 'normale';
  urgencyReason: string | null;
  queue: string;
  confidence: number;
  rules: string[];
  terms: string[];
  modelVersion: string;
}

export const RULES_VERSION = 'rules-1';
export { MIN_CONFIDENCE, MIN_TEXT_CONFIDENCE } from './route.ts';
type Matcher = (t: string) => string[];

export class RulesClassifier {
  private natures: { code: string; queue: string; match: Matcher }[];
  private profileRules: ProfileRules;
  private kinds: Map<string, Matcher>;

  constructor(readonly profile: Profile) {
    this.natures = profile.natures.map((n) => ({ code: n.code, queue: n.queue, match: keywordMatcher(n.keywords) }));
    this.profileRules = new ProfileRules(profile);
    this.kinds = new Map(profile.kinds.map((k) => [k.code, keywordMatcher(k.keywords)]));
  }

  classify(input: ClassifierInput): Classification {
    const subject = normalise(input.subject ?? '');
    const body = normalise(input.text);
    const text = `${subject} ${subject} ${body}`; // the subject counts twice: it is the citizen's own summary
    const rules: string[] = [];
    const terms = new Set<string>();

    // Nature: the most keyword hits wins; the subject's words count double.
    const scored = this.natures
      .map((n) => ({ ...n, hits: n.match(text), score: n.match(subject).length + n.match(body).length }))
      .sort((a, b) => b.score - a.score);
    const top = scored[0]!;
    const second = scored[1]?.score ?? 0;
    let nature = this.profile.defaultNature;
    let confidence = 0.2;
    if (top.score > 0) {
      nature = top.code;
      confidence = Math.min(0.97, (top.score / (top.score + second + 0.5)) * Math.min(1, 0.55 + 0.15 * top.score));
      rules.push(`nature:${top.code}`);
      top.hits.forEach((h) => terms.add(h));
    } else {
      rules.push('nature:defaut');
    }

    // Urgency: any rule fires → urgent (recall first: a missed gas smell costs more than a false
    // alarm); admissibility and referrals (seed 001, Critères d'irrecevabilité; seed 000).
    const r = this.profileRules.apply(input);
    const { urgencyReason, admissibility, referral } = r;
    if (urgencyReason) rules.push(`urgence:${urgencyReason}`);
    rules.push(...r.rules);
    r.terms.forEach((t) => terms.add(t));

    // Kind (seed 004: plainte vs requête; 311's commentaire and information).
    const kindScore = (code: string) => (this.kinds.get(code)?.(text) ?? []).length;
    const k = { plainte: kindScore('plainte'), requete: kindScore('requete'), commentaire: kindScore('commentaire'), information: kindScore('information') };
    let kind: Classification['kind'] = 'plainte';
    if (k.commentaire > 0 && k.plainte === 0 && k.commentaire >= k.requete) kind = 'commentaire';
    else if ((k.information > 0 || /\?\s*$/.test(body)) && k.plainte === 0 && k.requete <= k.information) kind = 'information';
    else if (k.requete > k.plainte) kind = 'requete';
    rules.push(`type:${kind}`);

    const queue = routeQueue(this.profile, { nature, admissibility, confidence, urgencyReason, textConfidence: input.textConfidence }, rules);

    return {
      kind,
      admissibility,
      referral,
      nature,
      urgency: urgencyReason ? 'urgente' : 'normale',
      urgencyReason,
      queue,
      confidence: Math.round(confidence * 1000) / 1000,
      rules,
      terms: [...terms].slice(0, 12),
      modelVersion: RULES_VERSION,
    };
  }
}
