// The hybrid classifier: the learned French model for what it does best (kind, nature, the urgency
// reason, admissibility in its own words) and the profile's rules where rules are safer — urgency
// favours recall (an explicit phrase, or the model at a threshold chosen for recall; with a small
// corpus also a profile urgency list the model finds plausible: missing a gas smell or a
// threatened child is the costliest error there is, but a broad list alone would drown staff in
// false alarms; see urgency-rules.ts),
// admissibility keywords and the referral table win, queues come from the profile. Same
// `classify` contract as RulesClassifier.
import fs from 'node:fs';
import type { Profile } from '../../core/profiles/schema.ts';
import { routeQueue } from '../route.ts';
import type { Classifier } from '../case-events.ts';
import { RulesClassifier, type Classification, type ClassifierInput } from '../rules-classifier.ts';
import { KeywordFeatures } from './keyword-features.ts';
import { ADMISSIBILITY_PRIORITY, ProfileRules } from '../profile-rules.ts';
import { DEFAULT_MODELS_DIR, featuriseDetailed, loadModel, modelPath, readableTerm, type ClassifierModel } from './model-file.ts';
import { contributions, predictProba, type LinearHead } from './sparse-model.ts';
import { isUrgent, strongUrgency } from './urgency-rules.ts';
import type { SparseVector } from './vocabulary.ts';

/** Admissibility codes the rules decide alone (seed 001, Critères d'irrecevabilité). */
const RULE_ADMISSIBILITY = ADMISSIBILITY_PRIORITY;

function argmax(p: Float64Array, from = 0): number {
  let best = from;
  for (let c = from + 1; c < p.length; c++) if (p[c]! > p[best]!) best = c;
  return best;
}

export class HybridClassifier implements Classifier {
  private readonly rules: ProfileRules;
  private readonly keywords: KeywordFeatures;

  constructor(
    readonly profile: Profile,
    readonly model: ClassifierModel,
  ) {
    if (model.profileId !== profile.id) throw new Error(`modèle ${model.version} entraîné pour « ${model.profileId} », pas « ${profile.id} »`);
    this.rules = new ProfileRules(profile);
    this.keywords = new KeywordFeatures(profile);
  }

  get version(): string {
    return this.model.version;
  }

  classify(input: ClassifierInput): Classification {
    const r = this.rules.apply(input);
    const { x, hits, cleaned } = featuriseDetailed(this.model, input, this.keywords);
    const { heads } = this.model;

    // Nature: the model; its probability is the confidence.
    const pn = predictProba(heads.nature!, x);
    const n = argmax(pn);
    const nature = heads.nature!.classes[n]!;
    const confidence = pn[n]!;

    // Urgency (urgency-rules.ts): an explicit present-tense phrase, the model alone, or one of the
    // profile's urgency lists when the model finds the message plausible enough.
    const pUrgent = predictProba(heads.urgency!, x)[1]!;
    const pu = predictProba(heads.urgencyReason!, x);
    // The urgency lists also read the cleaned text (OCR repaired, Québec forms), where the raw
    // rules miss « rnenace » or « y'a le feu ».
    const cleanedRule = this.profile.urgencyReasons
      .map((u) => ({ code: u.code, n: hits.get(`#kw:urgence:${u.code}`) ?? 0 }))
      .filter((u) => u.n > 0)
      .sort((a, b) => b.n - a.n)[0];
    const strong = strongUrgency(cleaned);
    const ruleReason = r.urgencyReason ?? cleanedRule?.code ?? null;
    const urgent = isUrgent(
      { pUrgent, rule: ruleReason !== null, strong: strong !== null && this.profile.urgencyReasons.some((u) => u.code === strong.reason) },
      { model: this.model.urgencyThreshold, rule: this.model.urgencyRuleThreshold },
    );
    let urgencyReason: string | null = null;
    const rules = [...r.rules];
    if (urgent) {
      if (strong && this.profile.urgencyReasons.some((u) => u.code === strong.reason)) {
        urgencyReason = strong.reason;
        rules.push(`urgence:phrase:${strong.reason}`);
      } else if (pUrgent >= this.model.urgencyThreshold || !ruleReason) {
        urgencyReason = heads.urgencyReason!.classes[argmax(pu, 1)]!;
        rules.push(`modele:urgence:${urgencyReason}`);
      } else {
        urgencyReason = ruleReason;
        rules.push(`urgence:${ruleReason}`);
      }
    }

    // Admissibility: the rules' criteria and referral table first, then the model.
    let admissibility = r.admissibility;
    let referral = r.referral;
    if (!RULE_ADMISSIBILITY.includes(admissibility) && admissibility !== 'hors_competence') {
      const pa = predictProba(heads.admissibility!, x);
      admissibility = heads.admissibility!.classes[argmax(pa)]!;
      if (admissibility !== 'recevable') rules.push(`modele:recevabilite:${admissibility}`);
      if (admissibility === 'hors_competence') referral = this.referralFor(x);
    }

    const pk = predictProba(heads.kind!, x);
    const kind = heads.kind!.classes[argmax(pk)] as Classification['kind'];

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
      rules: [`modele:nature:${nature}`, ...rules],
      terms: this.terms(x, heads.nature!, n, urgencyReason ? heads.urgencyReason! : null, urgencyReason, r.terms),
      modelVersion: this.model.version,
    };
  }

  /** The referral body for an out-of-jurisdiction message the keyword table did not place. */
  private referralFor(x: SparseVector): string | null {
    const head = this.model.heads.referral;
    if (!head) return null;
    return head.classes[argmax(predictProba(head, x))]!;
  }

  /** The rules' matched keywords, then the features that weighed most for the nature and urgency. */
  private terms(x: SparseVector, nature: LinearHead, n: number, urgency: LinearHead | null, reason: string | null, ruleTerms: string[]): string[] {
    const out = new Set<string>(ruleTerms.slice(0, 4));
    const top = contributions(nature, x, n).filter((c) => c.weight > 0).slice(0, 6);
    if (urgency && reason) {
      const u = urgency.classes.indexOf(reason);
      if (u > 0) top.unshift(...contributions(urgency, x, u).filter((c) => c.weight > 0).slice(0, 3));
    }
    for (const c of top) {
      const t = readableTerm(this.model, c.feature);
      if (!t.startsWith('#') && !t.startsWith('_')) out.add(t);
    }
    return [...out].slice(0, 10);
  }
}

/**
 * The classifier a profile gets: the hybrid when a model has been trained for it
 * (<modelsDir>/<profile>/current.json), otherwise the profile's rules alone. A model file that is
 * present but unreadable, or trained for another profile, stops start-up rather than quietly
 * falling back.
 */
export function loadClassifier(profile: Profile, modelsDir: string = DEFAULT_MODELS_DIR): HybridClassifier | RulesClassifier {
  const file = modelPath(modelsDir, profile.id);
  if (!fs.existsSync(file)) return new RulesClassifier(profile);
  return new HybridClassifier(profile, loadModel(file));
}
