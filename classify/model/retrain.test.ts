import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../eval/corpus.ts';
import { runEval } from '../eval/evaluate.ts';
import { splitCorpus } from '../eval/split.ts';
import { modelPath } from './model-file.ts';
import { notWorse, retrain, type Correction } from './retrain.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'doleances-retrain-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const { test } = splitCorpus(loadCorpus('omh-trois-rivieres'));

const corrections: Correction[] = [
  {
    subject: 'Odeur de gaz au sous-sol',
    text: 'Ça sent le gaz très fort près de la fournaise au sous-sol depuis une heure.',
    channel: 'email',
    labels: { kind: 'plainte', admissibility: 'recevable', referral: null, nature: 'entretien', urgency: 'urgente', urgencyReason: 'sinistre' },
  },
  {
    subject: null,
    text: 'La ville a laissé les bacs de recyclage renversés dans la rue après la collecte.',
    channel: 'voicemail',
    labels: { kind: 'plainte', admissibility: 'hors_competence', referral: 'Ville de Trois-Rivières', nature: 'autre', urgency: 'normale', urgencyReason: null },
  },
];

describe('retrain from staff corrections', () => {
  it('promotes a candidate that is not worse, writing <version>.json and current.json', () => {
    const d = retrain({ profileId: 'omh-trois-rivieres', corrections, modelsDir: tmp, createdAt: '2026-02-01T00:00:00.000Z' });
    expect(d.current.version).toBe('rules-1'); // no model yet: compared with the rules alone
    expect(d.promoted).toBe(true);
    expect(d.correctionsUsed).toBe(2);
    expect(d.candidate.file).toBe(modelPath(tmp, 'omh-trois-rivieres', d.candidate.version));
    expect(fs.existsSync(modelPath(tmp, 'omh-trois-rivieres'))).toBe(true);
    expect(d.candidate.report.urgentRecall).toBeGreaterThanOrEqual(d.current.report.urgentRecall);
  });

  it('keeps held-out messages out of training, and compares with the model in service', () => {
    const leaked: Correction = { subject: test[0]!.subject, text: test[0]!.text, channel: test[0]!.channel, labels: { ...test[0]! } };
    const d = retrain({ profileId: 'omh-trois-rivieres', corrections: [...corrections, leaked], modelsDir: tmp, createdAt: '2026-02-02T00:00:00.000Z' });
    expect(d.correctionsSkipped).toBe(1);
    expect(d.current.version).toMatch(/^omh-trois-rivieres-20260201-/);
    expect(d.promoted).toBe(true); // same training data: equal, so not worse
  });

  it('rejects corrections with codes the profile does not know', () => {
    const bad = { ...corrections[0]!, labels: { ...corrections[0]!.labels, nature: 'plomberie' } };
    expect(() => retrain({ profileId: 'omh-trois-rivieres', corrections: [bad], modelsDir: tmp })).toThrow(/nature « plomberie »/);
  });

  it('urgent recall comes first, then nature macro-F1', () => {
    const { report } = runEval({ profileId: 'omh-trois-rivieres', modelsDir: tmp });
    const worseRecall = { ...report, urgentRecall: report.urgentRecall - 0.05 };
    const betterNature = { ...report, heads: { ...report.heads, nature: { ...report.heads.nature, macroF1: report.heads.nature.macroF1 + 0.05 } } };
    expect(notWorse({ ...betterNature, urgentRecall: worseRecall.urgentRecall }, report).ok).toBe(false);
    expect(notWorse(betterNature, report).ok).toBe(true);
    expect(notWorse(report, betterNature).ok).toBe(false);
    expect(notWorse(report, report).ok).toBe(true);
  });

  it('runEval reports the model in service against the rules alone, in French', () => {
    const r = runEval({ profileId: 'omh-trois-rivieres', modelsDir: tmp });
    expect(r.report.classifier).toMatch(/^omh-trois-rivieres-20260202-/);
    expect(r.rules.classifier).toBe('règles seules');
    expect(r.text).toContain('Résumé par décision');
  });
});
