import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../core/config.ts';
import { loadProfile } from '../../core/profiles/load.ts';
import { loadCorpus } from './corpus.ts';
import { crossValidate } from './cross-validate.ts';
import { splitCorpus } from './split.ts';

describe('cross-validation on the training split', () => {
  it('predicts every training message out of fold and lists the mistakes', () => {
    const profile = loadProfile(path.join(REPO_ROOT, 'profiles'), 'omh-trois-rivieres');
    const { train } = splitCorpus(loadCorpus(profile.id));
    const { report, errors } = crossValidate(profile, train, { folds: 3 });
    expect(report.heads.nature.n).toBe(train.length);
    expect(report.urgentRecall).toBeGreaterThan(0.9);
    const ids = new Set(train.map((e) => e.id));
    expect(errors.every((e) => ids.has(e.id))).toBe(true);
  });
});
