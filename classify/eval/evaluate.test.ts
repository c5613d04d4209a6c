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
  // 696 held-out messages (126 urgent). Reached on 2026-11-23: urgent recall 0.992 (125 of 126),
  // nature macro-F1 0.915, admissibility 0.958, urgent precision 0.67. The urgent message missed
  // (a threat against the snow contractor) carries no urgency word and the model gives it less
  // than the threshold chosen on the training split alone (nested cross-validation, train.ts).
  // Before sentence ends were kept in the cleaned words, recall was 0.984: a farewell letter
  // (b2e-0097) was missed because « ne sera pas payé » negated the next sentence. That message had
  // been read during error analysis when it was still in the training split (adding the b3
  // batches moved it to the test split), so count this test's margin as one message thinner.
  it(`urgent recall ≥ ${TARGETS.urgentRecall}`, () => {
    expect(report.urgentRecall).toBeGreaterThanOrEqual(TARGETS.urgentRecall);
    expect(report.missedUrgent.length).toBeLessThanOrEqual(1);
  });

  it('urgent precision stays well above the rules-alone era (0.41): false alarms are costly too', () => {
    expect(report.urgentPrecision).toBeGreaterThanOrEqual(0.6);
  });

  it(`admissibility accuracy ≥ ${TARGETS.admissibilityAccuracy}`, () => {
    expect(report.heads.admissibility.accuracy).toBeGreaterThanOrEqual(TARGETS.admissibilityAccuracy);
  });

  it(`nature macro-F1 ≥ ${TARGETS.natureMacroF1}`, () => {
    expect(report.heads.nature.macroF1).toBeGreaterThanOrEqual(TARGETS.natureMacroF1);
  });

  it('the queue is right for nearly nine messages in ten (the profile table applied to the gold labels)', () => {
    expect(report.heads.queue.accuracy).toBeGreaterThanOrEqual(0.86);
  });

  it('the report renders as French tables', () => {
    const text = renderReportFr(report);
    expect(text).toContain('Rappel des urgences');
    expect(text).toContain('Matrice de confusion');
    expect(text).toMatch(/Nature : F1 macro\s+\d,\d{3}/);
  });
});
