// The trained classifier as data: feature dictionary, OCR lexicon, readable forms of the stems, one
// linear head per decision (kind, admissibility, nature, urgency, urgency reason, referral body) and the
// urgency threshold; saved as a versioned JSON file (classify/models/<profile>/<version>.json, and
// current.json for the one in service) and loaded back.
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../core/config.ts';
import { analyse, termCounts, type TextInput } from './features.ts';
import type { KeywordFeatures } from './keyword-features.ts';
import { headFromJson, headToJson, type LinearHead, type LinearHeadJson } from './sparse-model.ts';
import { Vocabulary, type SparseVector } from './vocabulary.ts';

export const DEFAULT_MODELS_DIR = path.join(REPO_ROOT, 'classify', 'models');
export const MODEL_FORMAT = 'doleances-classifier';
export const MODEL_FORMAT_VERSION = 1;
export const HEADS = ['kind', 'admissibility', 'nature', 'urgency', 'urgencyReason', 'referral'] as const;
export type HeadName = (typeof HEADS)[number];
/** The urgencyReason class of a message that is not urgent. */
export const NO_URGENCY = 'none';

export interface TrainingInfo {
  examples: number;
  corrections: number;
  seed: number;
  classCounts: Record<string, Record<string, number>>;
}

export interface FeatureConfig {
  /** Whether the profile's keyword lists are features (see keyword-features.ts). */
  keywords: boolean;
  /** The keyword lists the model was trained with (informative: edited lists still work). */
  keywordsDigest: string | null;
}

export interface ClassifierModel {
  version: string;
  features: FeatureConfig;
  profileId: string;
  createdAt: string;
  vocabulary: Vocabulary;
  lexicon: Set<string>;
  /** Readable word for each stem (its most frequent form in training). */
  surfaces: Map<string, string>;
  heads: Record<HeadName, LinearHead | null>;
  /** P(urgente) from the urgency head at or above this → urgent (chosen for recall on training folds). */
  urgencyThreshold: number;
  /**
   * A hit of the profile's urgency keyword lists makes the message urgent when P(urgente) is at or
   * above this (chosen with urgencyThreshold; 0 in files from before it existed: any hit).
   */
  urgencyRuleThreshold: number;
  training: TrainingInfo;
}

interface ModelJson {
  format: typeof MODEL_FORMAT;
  formatVersion: number;
  version: string;
  profileId: string;
  createdAt: string;
  features: FeatureConfig;
  urgencyThreshold: number;
  urgencyRuleThreshold?: number;
  training: TrainingInfo;
  vocabulary: string[];
  idf: number[];
  lexicon: string[];
  surfaces: [string, string][];
  heads: Record<HeadName, LinearHeadJson | null>;
}

export function featurise(model: ClassifierModel, input: TextInput, keywords?: KeywordFeatures | null): SparseVector {
  return featuriseDetailed(model, input, keywords).x;
}

/**
 * The vector, which of the profile's keyword lists matched the cleaned text, and the cleaned words
 * of subject and body joined by spaces (what the explicit urgency phrases are matched on).
 */
export function featuriseDetailed(model: ClassifierModel, input: TextInput, keywords?: KeywordFeatures | null): { x: SparseVector; hits: Map<string, number>; cleaned: string } {
  const a = analyse(input, model.lexicon);
  const terms = termCounts(a);
  const hits = keywords ? keywords.hits(a) : new Map<string, number>();
  if (model.features.keywords) for (const [f, n] of hits) terms.set(f, n);
  return { x: model.vocabulary.vectorise(terms), hits, cleaned: [...a.subject, '.', ...a.body].join(' ') };
}

/** A feature index as words a person can read ("fuit eau" → "fuite eau"). */
export function readableTerm(model: ClassifierModel, feature: number): string {
  const term = model.vocabulary.terms[feature] ?? '';
  if (term.startsWith('#')) return term;
  return term
    .split(' ')
    .map((s) => model.surfaces.get(s) ?? s)
    .join(' ');
}

export function modelToJson(m: ClassifierModel): ModelJson {
  const heads = Object.fromEntries(HEADS.map((h) => [h, m.heads[h] ? headToJson(m.heads[h]) : null])) as Record<HeadName, LinearHeadJson | null>;
  return {
    format: MODEL_FORMAT,
    formatVersion: MODEL_FORMAT_VERSION,
    version: m.version,
    profileId: m.profileId,
    createdAt: m.createdAt,
    urgencyThreshold: m.urgencyThreshold,
    urgencyRuleThreshold: m.urgencyRuleThreshold,
    training: m.training,
    features: m.features,
    vocabulary: [...m.vocabulary.terms],
    idf: Array.from(m.vocabulary.idf, (v) => Math.round(v * 1e5) / 1e5),
    lexicon: [...m.lexicon].sort(),
    surfaces: [...m.surfaces].sort((a, b) => (a[0] < b[0] ? -1 : 1)),
    heads,
  };
}

export function modelFromJson(raw: unknown, origin = 'modèle'): ClassifierModel {
  const j = raw as Partial<ModelJson> | null;
  if (!j || j.format !== MODEL_FORMAT) throw new Error(`${origin} : ce n'est pas un modèle Doléances`);
  if (j.formatVersion !== MODEL_FORMAT_VERSION) throw new Error(`${origin} : format ${j.formatVersion} non pris en charge (attendu ${MODEL_FORMAT_VERSION})`);
  const vocabulary = new Vocabulary(j.vocabulary ?? [], j.idf);
  const heads = Object.fromEntries(HEADS.map((h) => [h, j.heads?.[h] ? headFromJson(j.heads[h]) : null])) as Record<HeadName, LinearHead | null>;
  for (const h of ['kind', 'admissibility', 'nature', 'urgency', 'urgencyReason'] as const) {
    if (!heads[h]) throw new Error(`${origin} : tête « ${h} » absente`);
    if (heads[h].dim !== vocabulary.size) throw new Error(`${origin} : tête « ${h} » de dimension ${heads[h].dim} ≠ vocabulaire ${vocabulary.size}`);
  }
  return {
    version: j.version ?? 'inconnue',
    profileId: j.profileId ?? '',
    createdAt: j.createdAt ?? '',
    features: j.features ?? { keywords: false, keywordsDigest: null },
    vocabulary,
    lexicon: new Set(j.lexicon ?? []),
    surfaces: new Map(j.surfaces ?? []),
    heads,
    urgencyThreshold: j.urgencyThreshold ?? 0.2,
    urgencyRuleThreshold: j.urgencyRuleThreshold ?? 0,
    training: j.training ?? { examples: 0, corrections: 0, seed: 0, classCounts: {} },
  };
}

export function modelPath(modelsDir: string, profileId: string, name = 'current'): string {
  return path.join(modelsDir, profileId, `${name}.json`);
}

export function loadModel(file: string): ClassifierModel {
  return modelFromJson(JSON.parse(fs.readFileSync(file, 'utf8')), file);
}

/** Writes <version>.json and, unless told otherwise, current.json (the model in service). */
export function saveModel(modelsDir: string, m: ClassifierModel, opts: { makeCurrent?: boolean } = {}): string {
  const text = JSON.stringify(modelToJson(m));
  const file = modelPath(modelsDir, m.profileId, m.version);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  if (opts.makeCurrent ?? true) {
    const current = modelPath(modelsDir, m.profileId);
    fs.writeFileSync(`${current}.tmp`, text);
    fs.renameSync(`${current}.tmp`, current);
  }
  return file;
}
