// Classification metrics for one decision: per-class precision, recall and F1, macro-F1 (over the
// classes present in the gold labels or predicted), accuracy and the confusion matrix.

export interface ClassMetrics {
  precision: number;
  recall: number;
  f1: number;
  support: number;
  predicted: number;
}

export interface HeadMetrics {
  n: number;
  accuracy: number;
  macroF1: number;
  classes: string[];
  perClass: Record<string, ClassMetrics>;
  /** confusion[gold][predicted] = count, in `classes` order. */
  confusion: number[][];
}

const r4 = (v: number) => Math.round(v * 10_000) / 10_000;

export function headMetrics(gold: readonly string[], predicted: readonly string[], knownClasses: readonly string[] = []): HeadMetrics {
  if (gold.length !== predicted.length) throw new Error('gold et prédictions de longueurs différentes');
  const classes = [...new Set([...knownClasses, ...gold, ...predicted])];
  const at = new Map(classes.map((c, i) => [c, i]));
  const confusion = classes.map(() => classes.map(() => 0));
  let correct = 0;
  gold.forEach((g, i) => {
    const p = predicted[i]!;
    confusion[at.get(g)!]![at.get(p)!]!++;
    if (g === p) correct++;
  });
  const perClass: Record<string, ClassMetrics> = {};
  const f1s: number[] = [];
  classes.forEach((c, i) => {
    const tp = confusion[i]![i]!;
    const support = confusion[i]!.reduce((a, b) => a + b, 0);
    const predictedN = confusion.reduce((a, row) => a + row[i]!, 0);
    const precision = predictedN ? tp / predictedN : 0;
    const recall = support ? tp / support : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    perClass[c] = { precision: r4(precision), recall: r4(recall), f1: r4(f1), support, predicted: predictedN };
    if (support > 0 || predictedN > 0) f1s.push(f1);
  });
  return {
    n: gold.length,
    accuracy: r4(gold.length ? correct / gold.length : 0),
    macroF1: r4(f1s.length ? f1s.reduce((a, b) => a + b, 0) / f1s.length : 0),
    classes,
    perClass,
    confusion,
  };
}
