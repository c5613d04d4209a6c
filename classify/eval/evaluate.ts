// Evaluation of a classifier on labelled messages (the held-out split): per decision precision,
// recall, F1, macro-F1, accuracy and confusion matrix, urgent recall (the number that matters
// most), the targets, and `runEval` for `bin/doleances eval --profile <id>`.
import path from 'node:path';
import fs from 'node:fs';
import { REPO_ROOT } from '../../core/config.ts';
import { loadProfile } from '../../core/profiles/load.ts';
import type { Profile } from '../../core/profiles/schema.ts';
import type { Classifier } from '../case-events.ts';
import { RulesClassifier } from '../rules-classifier.ts';
import { HybridClassifier } from '../model/hybrid-classifier.ts';
import { DEFAULT_MODELS_DIR, loadModel, modelPath, NO_URGENCY } from '../model/model-file.ts';
import { trainAndSave } from '../model/train-and-save.ts';
import type { LabelledExample } from '../model/train.ts';
import { loadCorpus } from './corpus.ts';
import { headMetrics, type HeadMetrics } from './metrics.ts';
import { renderReportFr } from './render.ts';
import { splitCorpus } from './split.ts';

export { trainAndSave };

export const TARGETS = { urgentRecall: 0.98, natureMacroF1: 0.9, admissibilityAccuracy: 0.9 } as const;

export interface EvalReport {
  profileId: string;
  classifier: string;
  split: { train: number; test: number };
  /** Set when the figures are out-of-fold predictions inside the training split, not the test split. */
  crossValidation?: { folds: number };
  heads: Record<'kind' | 'admissibility' | 'nature' | 'urgency' | 'urgencyReason' | 'referral' | 'queue', HeadMetrics>;
  urgentRecall: number;
  urgentPrecision: number;
  missedUrgent: string[];
  targets: { urgentRecall: boolean; natureMacroF1: boolean; admissibilityAccuracy: boolean; all: boolean };
}

/** The queue a message should reach given its gold labels (what the profile's table says). */
export function expectedQueue(profile: Profile, e: LabelledExample): string {
  if (e.admissibility !== 'recevable') return profile.inadmissibleQueue;
  return profile.natures.find((n) => n.code === e.nature)?.queue ?? profile.triageQueue;
}

export function evaluateClassifier(profile: Profile, classifier: Classifier, examples: readonly LabelledExample[], name: string, trainSize = 0): EvalReport {
  const gold: Record<keyof EvalReport['heads'], string[]> = { kind: [], admissibility: [], nature: [], urgency: [], urgencyReason: [], referral: [], queue: [] };
  const pred: typeof gold = { kind: [], admissibility: [], nature: [], urgency: [], urgencyReason: [], referral: [], queue: [] };
  const missedUrgent: string[] = [];
  for (const e of examples) {
    const c = classifier.classify({ subject: e.subject, text: e.text, channel: e.channel, textConfidence: null });
    const add = (h: keyof typeof gold, g: string, p: string) => {
      gold[h].push(g);
      pred[h].push(p);
    };
    add('kind', e.kind, c.kind);
    add('admissibility', e.admissibility, c.admissibility);
    add('nature', e.nature, c.nature);
    add('urgency', e.urgency, c.urgency);
    add('urgencyReason', e.urgency === 'urgente' ? (e.urgencyReason ?? NO_URGENCY) : NO_URGENCY, c.urgencyReason ?? NO_URGENCY);
    if (e.admissibility === 'hors_competence') add('referral', e.referral ?? '(aucun)', c.referral ?? '(aucun)');
    add('queue', expectedQueue(profile, e), c.queue);
    if (e.urgency === 'urgente' && c.urgency !== 'urgente') missedUrgent.push(e.id ?? '?');
  }
  const heads = {
    kind: headMetrics(gold.kind, pred.kind, profile.kinds.map((k) => k.code)),
    admissibility: headMetrics(gold.admissibility, pred.admissibility, profile.admissibility.map((a) => a.code)),
    nature: headMetrics(gold.nature, pred.nature, profile.natures.map((n) => n.code)),
    urgency: headMetrics(gold.urgency, pred.urgency, ['urgente', 'normale']),
    urgencyReason: headMetrics(gold.urgencyReason, pred.urgencyReason, [NO_URGENCY, ...profile.urgencyReasons.map((u) => u.code)]),
    referral: headMetrics(gold.referral, pred.referral, profile.referrals.map((r) => r.body)),
    queue: headMetrics(gold.queue, pred.queue, profile.queues.map((q) => q.id)),
  };
  const urgentRecall = heads.urgency.perClass.urgente?.recall ?? 0;
  const targets = {
    urgentRecall: urgentRecall >= TARGETS.urgentRecall,
    natureMacroF1: heads.nature.macroF1 >= TARGETS.natureMacroF1,
    admissibilityAccuracy: heads.admissibility.accuracy >= TARGETS.admissibilityAccuracy,
    all: false,
  };
  targets.all = targets.urgentRecall && targets.natureMacroF1 && targets.admissibilityAccuracy;
  return {
    profileId: profile.id,
    classifier: name,
    split: { train: trainSize, test: examples.length },
    heads,
    urgentRecall,
    urgentPrecision: heads.urgency.perClass.urgente?.precision ?? 0,
    missedUrgent,
    targets,
  };
}

export interface RunEvalOptions {
  profileId: string;
  corpusDir?: string;
  modelsDir?: string;
  profilesDir?: string;
  /** Train (on the training split) and save a model when the profile has none. Default true. */
  trainIfMissing?: boolean;
}

/**
 * Evaluates the profile's model in service (classify/models/<profile>/current.json) and, for
 * comparison, the rules alone, on the held-out split. Returns both reports and a French rendering.
 */
export function runEval(opts: RunEvalOptions): { report: EvalReport; rules: EvalReport; text: string } {
  const profile = loadProfile(opts.profilesDir ?? path.join(REPO_ROOT, 'profiles'), opts.profileId);
  const modelsDir = opts.modelsDir ?? DEFAULT_MODELS_DIR;
  const { train, test } = splitCorpus(loadCorpus(profile.id, opts.corpusDir));
  const file = modelPath(modelsDir, profile.id);
  if (!fs.existsSync(file)) {
    if (opts.trainIfMissing === false) throw new Error(`aucun modèle pour « ${profile.id} » (${file})`);
    trainAndSave({ profileId: profile.id, corpusDir: opts.corpusDir, modelsDir, profilesDir: opts.profilesDir });
  }
  const model = loadModel(file);
  const report = evaluateClassifier(profile, new HybridClassifier(profile, model), test, model.version, train.length);
  const rules = evaluateClassifier(profile, new RulesClassifier(profile), test, 'règles seules', train.length);
  return { report, rules, text: renderReportFr(report, rules) };
}
