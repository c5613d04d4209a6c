import { describe, expect, it } from 'vitest';
import { loadCorpus, parseExample } from './corpus.ts';
import { splitCorpus, stratumOf } from './split.ts';

const corpus = loadCorpus('omh-trois-rivieres');

describe('the held-out split', () => {
  it('is deterministic, disjoint and about 20 % of every nature × urgency stratum', () => {
    const a = splitCorpus(corpus);
    const b = splitCorpus([...corpus].reverse());
    expect(a.test.map((e) => e.id).sort()).toEqual(b.test.map((e) => e.id).sort());
    expect(a.train.length + a.test.length).toBe(corpus.length);
    const testIds = new Set(a.test.map((e) => e.id));
    expect(a.train.some((e) => testIds.has(e.id))).toBe(false);
    const count = (xs: typeof corpus, s: string) => xs.filter((e) => stratumOf(e) === s).length;
    for (const s of new Set(corpus.map(stratumOf))) {
      expect(Math.abs(count(a.test, s) - 0.2 * count(corpus, s))).toBeLessThanOrEqual(0.5);
    }
  });

  it('adding messages to the corpus moves few others', () => {
    const before = new Set(splitCorpus(corpus).test.map((e) => e.id));
    const extra = corpus.slice(0, 40).map((e) => ({ ...e, id: `${e.id}-bis` }));
    const after = splitCorpus([...corpus, ...extra]).test.filter((e) => !e.id!.endsWith('-bis'));
    const moved = after.filter((e) => !before.has(e.id)).length;
    expect(moved).toBeLessThanOrEqual(10);
  });

  it('the corpus lines are validated', () => {
    expect(() => parseExample('{"id":"x","channel":"email","text":"t","kind":"louange","admissibility":"recevable","nature":"autre","urgency":"normale"}', 'f:1')).toThrow(/type « louange »/);
  });
});
