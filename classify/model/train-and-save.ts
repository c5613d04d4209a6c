// Training a profile's model on the training side of the held-out split and putting it in service
// (classify/models/<profile>/<version>.json and current.json).
import path from 'node:path';
import { REPO_ROOT } from '../../core/config.ts';
import { loadProfile } from '../../core/profiles/load.ts';
import { loadCorpus } from '../eval/corpus.ts';
import { splitCorpus } from '../eval/split.ts';
import { DEFAULT_MODELS_DIR, saveModel, type ClassifierModel } from './model-file.ts';
import { trainModel, type TrainOptions } from './train.ts';

export interface TrainAndSaveOptions extends TrainOptions {
  profileId: string;
  corpusDir?: string;
  modelsDir?: string;
  profilesDir?: string;
}

export function trainAndSave(opts: TrainAndSaveOptions): { model: ClassifierModel; file: string; seconds: number } {
  const started = performance.now();
  const profile = loadProfile(opts.profilesDir ?? path.join(REPO_ROOT, 'profiles'), opts.profileId);
  const { train } = splitCorpus(loadCorpus(profile.id, opts.corpusDir));
  const model = trainModel(profile, train, opts);
  const file = saveModel(opts.modelsDir ?? DEFAULT_MODELS_DIR, model);
  return { model, file, seconds: (performance.now() - started) / 1000 };
}
