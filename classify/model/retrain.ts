// Retraining from staff corrections: a candidate model is trained on the training split plus the
// corrected messages, both it and the model in service are evaluated on the held-out split, and
// the candidate is put in service only if it is not worse — urgent recall first, then nature
// macro-F1. Corrections identical to a held-out message are left out so the test stays held out.
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../core/config.ts';
import { loadProfile } from '../../core/profiles/load.ts';
import type { Profile } from '../../core/profiles/schema.ts';
import { loadCorpus } from '../eval/corpus.ts';
import { evaluateClassifier, type EvalReport } from '../eval/evaluate.ts';
import { splitCorpus } from '../eval/split.ts';
import { RulesClassifier, RULES_VERSION } from '../rules-classifier.ts';
import { HybridClassifier } from './hybrid-classifier.ts';
import { DEFAULT_MODELS_DIR, loadModel, modelPath, saveModel } from './model-file.ts';
import { trainModel, type Labels, type LabelledExample, type TrainOptions } from './train.ts';

export interface Correction {
  text: string;
  subject: string | null;
  channel: string;
  labels: Labels;
}

export interface RetrainOptions extends TrainOptions {
  profileId: string;
  corrections: Correction[];
  corpusDir?: string;
  modelsDir?: string;
  profilesDir?: string;
}

export interface RetrainDecision {
  promoted: boolean;
  reason: string;
  /** The model in service before (the rules alone when there was none). */
  current: { version: string; report: EvalReport };
  candidate: { version: string; report: EvalReport; file: string | null };
  correctionsUsed: number;
  correctionsSkipped: number;
}

function checkLabels(profile: Profile, l: Labels, i: number): void {
  const bad = (field: string, value: unknown) => new Error(`correction ${i + 1} : ${field} « ${String(value)} » inconnu du profil ${profile.id}`);
  if (!profile.kinds.some((k) => k.code === l.kind)) throw bad('type', l.kind);
  if (!profile.natures.some((n) => n.code === l.nature)) throw bad('nature', l.nature);
  if (!profile.admissibility.some((a) => a.code === l.admissibility)) throw bad('recevabilité', l.admissibility);
  if (l.urgency !== 'urgente' && l.urgency !== 'normale') throw bad('urgence', l.urgency);
  if (l.urgencyReason !== null && !profile.urgencyReasons.some((u) => u.code === l.urgencyReason)) throw bad("motif d'urgence", l.urgencyReason);
  if (l.referral !== null && !profile.referrals.some((r) => r.body === l.referral)) throw bad('renvoi', l.referral);
}

/** Not worse: urgent recall first (never give any up), then nature macro-F1. */
export function notWorse(candidate: EvalReport, current: EvalReport): { ok: boolean; reason: string } {
  const fmt = (v: number) => v.toFixed(3);
  if (candidate.urgentRecall < current.urgentRecall) {
    return { ok: false, reason: `rappel des urgences en baisse (${fmt(candidate.urgentRecall)} < ${fmt(current.urgentRecall)})` };
  }
  if (candidate.urgentRecall > current.urgentRecall) {
    return { ok: true, reason: `rappel des urgences en hausse (${fmt(candidate.urgentRecall)} > ${fmt(current.urgentRecall)})` };
  }
  const [c, o] = [candidate.heads.nature.macroF1, current.heads.nature.macroF1];
  if (c < o) return { ok: false, reason: `F1 macro de la nature en baisse (${fmt(c)} < ${fmt(o)}), rappel des urgences égal` };
  return { ok: true, reason: `rappel des urgences égal, F1 macro de la nature ${c > o ? 'en hausse' : 'égal'} (${fmt(c)} ≥ ${fmt(o)})` };
}

export function retrain(opts: RetrainOptions): RetrainDecision {
  const profile = loadProfile(opts.profilesDir ?? path.join(REPO_ROOT, 'profiles'), opts.profileId);
  const modelsDir = opts.modelsDir ?? DEFAULT_MODELS_DIR;
  const { train, test } = splitCorpus(loadCorpus(profile.id, opts.corpusDir));

  const heldOut = new Set(test.map((e) => `${e.subject ?? ''}\u0000${e.text}`));
  const extra: LabelledExample[] = [];
  let skipped = 0;
  opts.corrections.forEach((c, i) => {
    checkLabels(profile, c.labels, i);
    if (heldOut.has(`${c.subject ?? ''}\u0000${c.text}`)) skipped++;
    else extra.push({ id: `correction-${i + 1}`, subject: c.subject, text: c.text, channel: c.channel, ...c.labels });
  });

  const currentFile = modelPath(modelsDir, profile.id);
  const currentModel = fs.existsSync(currentFile) ? loadModel(currentFile) : null;
  const currentClassifier = currentModel ? new HybridClassifier(profile, currentModel) : new RulesClassifier(profile);
  const currentVersion = currentModel?.version ?? RULES_VERSION;
  const current = { version: currentVersion, report: evaluateClassifier(profile, currentClassifier, test, currentVersion, train.length) };

  const { profileId: _p, corrections: _c, corpusDir: _d, modelsDir: _m, profilesDir: _f, ...trainOpts } = opts;
  const model = trainModel(profile, [...train, ...extra], { ...trainOpts, correctionCount: extra.length });
  const report = evaluateClassifier(profile, new HybridClassifier(profile, model), test, model.version, train.length + extra.length);
  const verdict = notWorse(report, current.report);
  const file = verdict.ok ? saveModel(modelsDir, model) : null;
  return {
    promoted: verdict.ok,
    reason: verdict.reason,
    current,
    candidate: { version: model.version, report, file },
    correctionsUsed: extra.length,
    correctionsSkipped: skipped,
  };
}
