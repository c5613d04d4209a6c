// The classifier's benchmark (issue 6): classifications per second on one core, training time on
// 10,000 messages (the corpus repeated with seeded perturbations: OCR confusions, speech fillers,
// dropped and swapped words), and the time to load a model file. `npm run bench` calls it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../../core/config.ts';
import { loadProfile } from '../../core/profiles/load.ts';
import { loadCorpus } from '../eval/corpus.ts';
import { splitCorpus } from '../eval/split.ts';
import { HybridClassifier } from './hybrid-classifier.ts';
import { loadModel, saveModel } from './model-file.ts';
import { seededRandom } from './sparse-model.ts';
import { trainModel, type LabelledExample } from './train.ts';

export interface BenchResult {
  profileId: string;
  classificationsPerSecond: number;
  classified: number;
  trainExamples: number;
  trainSeconds: number;
  modelLoadMs: number;
  modelBytes: number;
  targets: { classificationsPerSecond: number; trainSeconds: number; met: boolean };
}

const FILLERS = ['euh', 'ben', 'là', 'tsé', 'pis'];

/** A message changed the way real ones differ: typos, OCR confusions, speech fillers. */
function perturb(e: LabelledExample, random: () => number, n: number): LabelledExample {
  const words = e.text.split(/\s+/);
  const out: string[] = [];
  for (const w of words) {
    const r = random();
    if (r < 0.03) continue; // dropped
    if (r < 0.06) out.push(FILLERS[Math.floor(random() * FILLERS.length)]!);
    if (r < 0.1) out.push(w.replace(/l/g, '1').replace(/m/, 'rn'));
    else if (r < 0.12 && out.length) out.splice(out.length - 1, 0, w);
    else out.push(w);
  }
  return { ...e, id: `${e.id ?? 'x'}~${n}`, text: out.join(' ') };
}

export function synthesise(examples: readonly LabelledExample[], count: number, seed = 42): LabelledExample[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, i) => (i < examples.length ? examples[i]! : perturb(examples[i % examples.length]!, random, i)));
}

export function benchClassifier(opts: { profileId?: string; trainExamples?: number; classifications?: number; corpusDir?: string } = {}): BenchResult {
  const profileId = opts.profileId ?? 'omh-trois-rivieres';
  const profile = loadProfile(path.join(REPO_ROOT, 'profiles'), profileId);
  const { train, test } = splitCorpus(loadCorpus(profileId, opts.corpusDir));

  const big = synthesise(train, opts.trainExamples ?? 10_000);
  let started = performance.now();
  trainModel(profile, big, { createdAt: '2000-01-01T00:00:00.000Z' });
  const trainSeconds = (performance.now() - started) / 1000;

  // Load time of the model trained on the real training split, as loadClassifier would read it.
  const model = trainModel(profile, train, { createdAt: '2000-01-01T00:00:00.000Z' });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'doleances-bench-'));
  let modelLoadMs = 0;
  let modelBytes = 0;
  try {
    const file = saveModel(dir, model);
    modelBytes = fs.statSync(file).size;
    started = performance.now();
    loadModel(file);
    modelLoadMs = performance.now() - started;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }

  const classifier = new HybridClassifier(profile, model);
  const inputs = synthesise(test, opts.classifications ?? 5_000, 7).map((e) => ({ subject: e.subject, text: e.text, channel: e.channel, textConfidence: null }));
  for (const input of inputs.slice(0, 200)) classifier.classify(input); // warm-up
  started = performance.now();
  for (const input of inputs) classifier.classify(input);
  const classificationsPerSecond = inputs.length / ((performance.now() - started) / 1000);

  const targets = { classificationsPerSecond: 2000, trainSeconds: 30, met: false };
  targets.met = classificationsPerSecond >= targets.classificationsPerSecond && trainSeconds <= targets.trainSeconds;
  return {
    profileId,
    classificationsPerSecond: Math.round(classificationsPerSecond),
    classified: inputs.length,
    trainExamples: big.length,
    trainSeconds: Math.round(trainSeconds * 100) / 100,
    modelLoadMs: Math.round(modelLoadMs * 10) / 10,
    modelBytes,
    targets,
  };
}
