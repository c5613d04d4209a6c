import { describe, expect, it } from 'vitest';
import { headMetrics } from './metrics.ts';

describe('headMetrics', () => {
  it('per-class precision, recall, F1, macro-F1, accuracy and the confusion matrix', () => {
    const gold = ['a', 'a', 'a', 'b', 'b', 'c'];
    const pred = ['a', 'a', 'b', 'b', 'a', 'c'];
    const m = headMetrics(gold, pred, ['a', 'b', 'c', 'd']);
    expect(m.accuracy).toBeCloseTo(4 / 6, 4);
    expect(m.perClass.a).toMatchObject({ precision: 0.6667, recall: 0.6667, support: 3, predicted: 3 });
    expect(m.perClass.b).toMatchObject({ precision: 0.5, recall: 0.5, f1: 0.5 });
    expect(m.perClass.c!.f1).toBe(1);
    // "d" is neither expected nor predicted: it does not drag the macro average down.
    expect(m.macroF1).toBeCloseTo((2 / 3 + 0.5 + 1) / 3, 3);
    expect(m.confusion).toEqual([
      [2, 1, 0, 0],
      [1, 1, 0, 0],
      [0, 0, 1, 0],
      [0, 0, 0, 0],
    ]);
  });
});
