import { describe, expect, it } from 'vitest';
import { benchClassifier, synthesise } from './bench.ts';

describe('benchClassifier (small run; `npm run bench` runs the full one)', () => {
  it('measures classifications per second, training time and model load time', () => {
    const r = benchClassifier({ trainExamples: 1_000, classifications: 300 });
    expect(r.trainExamples).toBe(1_000);
    expect(r.classified).toBe(300);
    expect(r.classificationsPerSecond).toBeGreaterThan(0);
    expect(r.trainSeconds).toBeGreaterThan(0);
    expect(r.modelLoadMs).toBeGreaterThan(0);
    expect(r.modelBytes).toBeGreaterThan(10_000);
  });

  it('synthesises a larger corpus deterministically', () => {
    const base = [{ id: 'a', subject: null, text: 'le robinet de la cuisine coule depuis lundi matin', channel: 'email', kind: 'plainte' as const, admissibility: 'recevable', referral: null, nature: 'entretien', urgency: 'normale' as const, urgencyReason: null }];
    expect(synthesise(base, 5)).toEqual(synthesise(base, 5));
    expect(synthesise(base, 5).map((e) => e.id)).toEqual(['a', 'a~1', 'a~2', 'a~3', 'a~4']);
  });
});
