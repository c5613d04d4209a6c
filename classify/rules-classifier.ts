// The rules classifier: the profile's keyword rules for kind, admissibility (with the referral
// table of seed 001), nature, urgency and its reason (seed 000's six types), and the queue. Used
// alone for now and, where rules are safer (urgency favours recall), beside the learned model.
import type { Profile } from '../core/profiles/schema.ts';
import { keywordMatcher, normalise } from './normalise.ts';
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
/** Admissibility codes that outrank a referral when both fire (seed 001, Critères d'irrecevabilité). */
const ADMISSIBILITY_PRIORITY = ['propos_haineux', 'litige_judiciaire', 'acces_information'];

type Matcher = (t: string) => string[];

export class RulesClassifier {
  private natures: { code: string; queue: string; match: Matcher }[];
  private urgency: { code: string; match: Matcher }[];
  private admissibility: { code: string; match: Matcher }[];
  private referrals: { body: string; match: Matcher }[];
  private kinds: Map<string, Matcher>;

  constructor(readonly profile: Profile) {
    this.natures = profile.natures.map((n) => ({ code: n.code, queue: n.queue, match: keywordMatcher(n.keywords) }));
    this.urgency = profile.urgencyReasons.map((u) => ({ code: u.code, match: keywordMatcher(u.keywords) }));
    this.admissibility = profile.admissibility.map((a) => ({ code: a.code, match: keywordMatcher(a.keywords) }));
    this.referrals = profile.referrals.map((r) => ({ body: r.body, match: keywordMatcher(r.keywords) }));
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

    // Urgency: any rule fires → urgent (recall first: a missed gas smell costs more than a false alarm).
    const urgent = this.urgency.map((u) => ({ code: u.code, hits: u.match(text) })).filter((u) => u.hits.length > 0).sort((a, b) => b.hits.length - a.hits.length);
    const urgencyReason = urgent[0]?.code ?? null;
    if (urgencyReason) {
      rules.push(`urgence:${urgencyReason}`);
      urgent[0]!.hits.forEach((h) => terms.add(h));
    }

    // Admissibility (seed 001, Critères d'irrecevabilité; seed 000, « Ne constitue pas une plainte »).
    let admissibility = 'recevable';
    let referral: string | null = null;
    const adm = this.admissibility.map((a) => ({ code: a.code, hits: a.match(text) })).filter((a) => a.hits.length > 0);
    const ranked = ADMISSIBILITY_PRIORITY.map((c) => adm.find((a) => a.code === c)).find(Boolean);
    if (ranked) {
      admissibility = ranked.code;
      rules.push(`recevabilite:${ranked.code}`);
      ranked.hits.forEach((h) => terms.add(h));
    } else {
      const ref = this.referrals.map((r) => ({ body: r.body, hits: r.match(text) })).filter((r) => r.hits.length > 0).sort((a, b) => b.hits.length - a.hits.length)[0];
      if (ref && this.profile.admissibility.some((a) => a.code === 'hors_competence')) {
        admissibility = 'hors_competence';
        referral = ref.body;
        rules.push(`renvoi:${ref.body}`);
        ref.hits.forEach((h) => terms.add(h));
      }
    }

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
