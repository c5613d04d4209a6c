// K-fold cross-validation inside the training split: the honest way to tune features, rules and
// keywords without ever looking at the held-out test split. Folds are stratified like the split
// (nature × urgency) and deterministic.
import type { Profile } from '../../core/profiles/schema.ts';
import { HybridClassifier } from '../model/hybrid-classifier.ts';
import { seededRandom, shuffleInPlace } from '../model/sparse-model.ts';
import { trainModel, type LabelledExample, type TrainOptions } from '../model/train.ts';
import { evaluateClassifier, type EvalReport } from './evaluate.ts';
import { stratumOf } from './split.ts';

/** An out-of-fold mistake on a training message, for error analysis (never on the test split). */
export interface FoldError {
  id: string;
  head: string;
  gold: string;
  predicted: string;
}

export function crossValidate(profile: Profile, train: readonly LabelledExample[], opts: TrainOptions & { folds?: number } = {}): { report: EvalReport; errors: FoldError[] } {
  const k = opts.folds ?? 5;
  const random = seededRandom(opts.seed ?? 1);
  const fold = new Map<LabelledExample, number>();
  const strata = new Map<string, LabelledExample[]>();
  for (const e of train) strata.set(stratumOf(e), [...(strata.get(stratumOf(e)) ?? []), e]);
  let next = 0;
  for (const key of [...strata.keys()].sort()) for (const e of shuffleInPlace([...strata.get(key)!], random)) fold.set(e, next++ % k);

  const predictions: { e: LabelledExample; c: ReturnType<HybridClassifier['classify']> }[] = [];
  for (let f = 0; f < k; f++) {
    const model = trainModel(profile, train.filter((e) => fold.get(e) !== f), { ...opts, createdAt: '2000-01-01T00:00:00Z' });
    const clf = new HybridClassifier(profile, model);
    for (const e of train.filter((x) => fold.get(x) === f)) predictions.push({ e, c: clf.classify({ ...e, textConfidence: null }) });
  }
  const key = (x: { subject: string | null; text: string }) => `${x.subject ?? ''}\u0000${x.text}`;
  const byText = new Map(predictions.map((p) => [key(p.e), p.c]));
  const replay = { classify: (input: { text: string; subject: string | null }) => byText.get(key(input))! };
  const report = { ...evaluateClassifier(profile, replay, train, `validation croisée ${k} plis`, train.length), crossValidation: { folds: k } };
  const errors: FoldError[] = [];
  for (const { e, c } of predictions) {
    for (const head of ['nature', 'admissibility', 'urgency', 'kind'] as const) {
      if (e[head] !== c[head]) errors.push({ id: e.id ?? '?', head, gold: e[head], predicted: c[head] });
    }
    if (e.urgency === 'urgente' && c.urgency === 'urgente' && e.urgencyReason !== c.urgencyReason) errors.push({ id: e.id ?? '?', head: 'urgencyReason', gold: e.urgencyReason ?? '', predicted: c.urgencyReason ?? '' });
  }
  return { report, errors };
}
