import { describe, expect, it } from 'vitest';
import { headFromJson, headToJson, predictProba, trainNaiveBayes, trainSoftmax } from './sparse-model.ts';
import type { SparseVector } from './vocabulary.ts';

const v = (pairs: [number, number][]): SparseVector => ({ idx: Int32Array.from(pairs.map((p) => p[0])), val: Float64Array.from(pairs.map((p) => p[1])) });
// Features 0-1 say "a", 2-3 say "b", 4 is noise in both.
const X = [v([[0, 1], [4, 0.5]]), v([[1, 1]]), v([[0, 0.7], [1, 0.7]]), v([[2, 1], [4, 0.5]]), v([[3, 1]]), v([[2, 0.7], [3, 0.7]])];
const y = [0, 0, 0, 1, 1, 1];

describe('sparse linear models', () => {
  it('softmax regression separates the classes and trains deterministically', () => {
    const a = trainSoftmax(X, y, ['a', 'b'], 5, { seed: 3 });
    const b = trainSoftmax(X, y, ['a', 'b'], 5, { seed: 3 });
    expect(Array.from(a.W)).toEqual(Array.from(b.W));
    expect(predictProba(a, v([[0, 1]]))[0]).toBeGreaterThan(0.8);
    expect(predictProba(a, v([[3, 1]]))[1]).toBeGreaterThan(0.8);
  });

  it('naive Bayes shares the representation', () => {
    const nb = trainNaiveBayes(X, y, ['a', 'b'], 5);
    expect(predictProba(nb, v([[1, 1]]))[0]).toBeGreaterThan(0.8);
  });

  it('round-trips through JSON', () => {
    const h = trainSoftmax(X, y, ['a', 'b'], 5);
    const back = headFromJson(JSON.parse(JSON.stringify(headToJson(h))));
    const x = v([[0, 0.3], [2, 0.9]]);
    expect(predictProba(back, x)[1]).toBeCloseTo(predictProba(h, x)[1]!, 4);
    expect(() => headFromJson({ ...headToJson(h), W: [1, 2] })).toThrow(/incohérente/);
  });
});
