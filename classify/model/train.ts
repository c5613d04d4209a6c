// Training the classifier from labelled messages: OCR lexicon and feature dictionary from the
// training messages, one head per decision, and the urgency threshold chosen on out-of-fold
// predictions of the training set itself (never the held-out test split) so that the model, the
// second safety net beside the profile's urgency rules, keeps recall first. Same data, options and
// seed → same model, byte for byte.
import { createHash } from 'node:crypto';
import type { Profile } from '../../core/profiles/schema.ts';
import { analyse, stemmedWords, termCounts, words, type TextInput } from './features.ts';
import { KeywordFeatures } from './keyword-features.ts';
import { HEADS, NO_URGENCY, type ClassifierModel, type HeadName } from './model-file.ts';
import { predictProba, seededRandom, shuffleInPlace, trainNaiveBayes, trainSoftmax, type LinearHead, type SoftmaxOptions } from './sparse-model.ts';
import { Vocabulary, type SparseVector } from './vocabulary.ts';

export interface Labels {
  kind: 'plainte' | 'requete' | 'commentaire' | 'information';
  admissibility: string;
  referral: string | null;
  nature: string;
  urgency: 'urgente' | 'normale';
  urgencyReason: string | null;
}

export interface LabelledExample extends TextInput, Labels {
  id?: string;
  /** Corpus only: email, speech (speech-to-text) or ocr. */
  style?: string;
}

export interface TrainOptions {
  seed?: number;
  /** A term must be in this many training messages to become a feature. */
  minDocs?: number;
  createdAt?: string;
  /** How many of the examples are staff corrections (recorded in the model file). */
  correctionCount?: number;
  /** Logistic regression (default) or naive Bayes for every head. */
  algorithm?: 'softmax' | 'naive_bayes';
  softmax?: SoftmaxOptions;
  nb?: { alpha?: number; scale?: number };
  /** Weight terms by inverse document frequency (default true). */
  idf?: boolean;
  /** Weight of the profile's keyword-list features (0: none). */
  keywordWeight?: number;
  /**
   * Out-of-fold urgent recall the model alone must reach on the training set (default 1: every
   * urgent training message, predicted by a model that did not see it, passes the threshold).
   */
  urgencyRecall?: number;
  folds?: number;
  /** Fixed urgency threshold (skips the out-of-fold choice). */
  urgencyThreshold?: number;
}

const OCR_CHANNELS = new Set(['fax', 'letter']);
/** Chosen by cross-validation on the training split (classify/eval/cross-validate.ts). */
const DEFAULT_KEYWORD_WEIGHT = 5;
const DEFAULT_SOFTMAX: SoftmaxOptions = { l2: 1e-3, epochs: 20, learningRate: 0.5 };

/** Words known to be spelled right: typed or dictated messages and the profile's keywords. */
function buildLexicon(profile: Profile, examples: readonly LabelledExample[]): Set<string> {
  const lexicon = new Set<string>();
  for (const e of examples) {
    if (e.style === 'ocr' || (e.style === undefined && OCR_CHANNELS.has(e.channel))) continue;
    for (const w of words(`${e.subject ?? ''} ${e.text}`)) if (w.length >= 3 && !/[0-9_]/.test(w)) lexicon.add(w);
  }
  const lists = [...profile.natures, ...profile.urgencyReasons, ...profile.admissibility, ...profile.kinds, ...profile.referrals];
  for (const l of lists) for (const k of l.keywords) for (const w of words(k)) if (w.length >= 3 && !/[0-9_]/.test(w)) lexicon.add(w);
  return lexicon;
}

/** The most frequent written form of each stem (ties: alphabetical), to show terms to people. */
function buildSurfaces(examples: readonly LabelledExample[], lexicon: Set<string>): Map<string, string> {
  const seen = new Map<string, Map<string, number>>();
  for (const e of examples) {
    const { words: ws, stems } = stemmedWords(`${e.subject ?? ''} ${e.text}`, lexicon);
    stems.forEach((s, i) => {
      const forms = seen.get(s) ?? new Map<string, number>();
      forms.set(ws[i]!, (forms.get(ws[i]!) ?? 0) + 1);
      seen.set(s, forms);
    });
  }
  const out = new Map<string, string>();
  for (const [s, forms] of seen) {
    const best = [...forms].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]!;
    if (best[0] !== s) out.set(s, best[0]);
  }
  return out;
}

function labelOf(head: HeadName, e: LabelledExample): string | null {
  switch (head) {
    case 'urgency':
      return e.urgency;
    case 'urgencyReason':
      return e.urgency === 'urgente' ? (e.urgencyReason ?? NO_URGENCY) : NO_URGENCY;
    case 'referral':
      return e.admissibility === 'hors_competence' ? e.referral : null;
    default:
      return e[head];
  }
}

export function headClasses(profile: Profile, head: HeadName): string[] {
  switch (head) {
    case 'kind':
      return profile.kinds.map((k) => k.code);
    case 'admissibility':
      return profile.admissibility.map((a) => a.code);
    case 'nature':
      return profile.natures.map((n) => n.code);
    case 'urgency':
      return ['normale', 'urgente'];
    case 'urgencyReason':
      return [NO_URGENCY, ...profile.urgencyReasons.map((u) => u.code)];
    case 'referral':
      return profile.referrals.map((r) => r.body);
  }
}

const HEAD_OPTIONS: Partial<Record<HeadName, SoftmaxOptions>> = {
  nature: { balanced: true }, // macro-F1: the rarer natures count as much as the others
  referral: { balanced: true },
};

function trainHead(profile: Profile, head: HeadName, X: readonly SparseVector[], examples: readonly LabelledExample[], dim: number, opts: TrainOptions): LinearHead | null {
  const classes = headClasses(profile, head);
  const xs: SparseVector[] = [];
  const ys: number[] = [];
  examples.forEach((e, i) => {
    const c = classes.indexOf(labelOf(head, e) ?? '');
    if (c >= 0) {
      xs.push(X[i]!);
      ys.push(c);
    }
  });
  if (new Set(ys).size < 2) return null;
  if (opts.algorithm === 'naive_bayes') return trainNaiveBayes(xs, ys, classes, dim, opts.nb);
  return trainSoftmax(xs, ys, classes, dim, { seed: opts.seed ?? 1, ...DEFAULT_SOFTMAX, ...HEAD_OPTIONS[head], ...opts.softmax });
}

/**
 * The highest threshold on P(urgente) at which the model alone reaches the wanted recall on
 * out-of-fold predictions of the training set; lower is safer, so a margin is taken under it.
 */
function chooseUrgencyThreshold(profile: Profile, X: readonly SparseVector[], examples: readonly LabelledExample[], dim: number, opts: TrainOptions): number {
  const folds = opts.folds ?? 5;
  const target = opts.urgencyRecall ?? 1;
  const order = shuffleInPlace(examples.map((_, i) => i), seededRandom((opts.seed ?? 1) + 7));
  const fold = new Int32Array(examples.length);
  order.forEach((i, k) => (fold[i] = k % folds));
  const pUrgent = new Float64Array(examples.length);
  for (let f = 0; f < folds; f++) {
    const inFold = examples.map((_, i) => i).filter((i) => fold[i] !== f);
    const head = trainHead(profile, 'urgency', inFold.map((i) => X[i]!), inFold.map((i) => examples[i]!), dim, opts);
    if (!head) return MIN_URGENCY_THRESHOLD;
    examples.forEach((_, i) => {
      if (fold[i] === f) pUrgent[i] = predictProba(head, X[i]!)[1]!;
    });
  }
  // The model alone must reach the recall: the rules were written from these same messages, so
  // their recall here is optimistic; on new messages the model is the second safety net.
  const urgent = examples.map((e, i) => (e.urgency === 'urgente' ? pUrgent[i]! : -1)).filter((p) => p >= 0).sort((a, b) => b - a);
  if (urgent.length === 0) return MIN_URGENCY_THRESHOLD;
  const t = urgent[Math.max(0, Math.ceil(target * urgent.length) - 1)]!;
  return Math.min(MAX_URGENCY_THRESHOLD, Math.max(MIN_URGENCY_THRESHOLD, Math.floor(t * URGENCY_MARGIN * 1000) / 1000));
}

/** Bounds of the threshold, and the margin taken under the out-of-fold one. */
const MIN_URGENCY_THRESHOLD = 0.01;
const MAX_URGENCY_THRESHOLD = 0.35;
const URGENCY_MARGIN = 0.8;

function classCounts(examples: readonly LabelledExample[]): ClassifierModel['training']['classCounts'] {
  const out: Record<string, Record<string, number>> = {};
  for (const head of HEADS) {
    const counts: Record<string, number> = {};
    for (const e of examples) {
      const l = labelOf(head, e);
      if (l !== null) counts[l] = (counts[l] ?? 0) + 1;
    }
    out[head] = counts;
  }
  return out;
}

export function trainModel(profile: Profile, examples: readonly LabelledExample[], opts: TrainOptions = {}): ClassifierModel {
  const seed = opts.seed ?? 1;
  const createdAt = opts.createdAt ?? new Date().toISOString();
  const lexicon = buildLexicon(profile, examples);
  const keywords = opts.keywordWeight === 0 ? null : new KeywordFeatures(profile);
  const docs = examples.map((e) => {
    const a = analyse(e, lexicon);
    const terms = termCounts(a);
    return keywords ? keywords.addTo(a, terms) : terms;
  });
  const built = Vocabulary.build(docs, opts.minDocs ?? 2, opts.idf ?? true);
  const boost = opts.keywordWeight ?? DEFAULT_KEYWORD_WEIGHT;
  const vocabulary = new Vocabulary(built.terms, Array.from(built.idf, (v, i) => (built.terms[i]!.startsWith('#kw:') ? v * boost : v)));
  const X = docs.map((d) => vocabulary.vectorise(d));
  const dim = vocabulary.size;
  const heads = {
    kind: trainHead(profile, 'kind', X, examples, dim, opts),
    admissibility: trainHead(profile, 'admissibility', X, examples, dim, opts),
    nature: trainHead(profile, 'nature', X, examples, dim, opts),
    urgency: trainHead(profile, 'urgency', X, examples, dim, opts),
    urgencyReason: trainHead(profile, 'urgencyReason', X, examples, dim, opts),
    referral: trainHead(profile, 'referral', X, examples, dim, opts),
  };
  const digest = createHash('sha256')
    .update(JSON.stringify({ seed, minDocs: opts.minDocs ?? 2, softmax: { ...DEFAULT_SOFTMAX, ...opts.softmax }, keywords: keywords?.digest ?? null, keywordWeight: boost, examples: examples.map((e) => [e.subject, e.text, e.channel, labelOf('urgencyReason', e), e.kind, e.admissibility, e.referral, e.nature]) }))
    .digest('hex')
    .slice(0, 8);
  return {
    version: `${profile.id}-${createdAt.slice(0, 10).replace(/-/g, '')}-${digest}`,
    profileId: profile.id,
    createdAt,
    features: { keywords: keywords !== null, keywordsDigest: keywords?.digest ?? null },
    vocabulary,
    lexicon,
    surfaces: buildSurfaces(examples, lexicon),
    heads,
    urgencyThreshold: opts.urgencyThreshold ?? chooseUrgencyThreshold(profile, X, examples, dim, opts),
    training: { examples: examples.length, corrections: opts.correctionCount ?? 0, seed, classCounts: classCounts(examples) },
  };
}

