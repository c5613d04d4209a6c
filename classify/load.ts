// Which classifier a profile gets: the learned hybrid model when one exists for it — first one
// retrained here from staff corrections (data/models/<profile>/current.json), else the one shipped
// with the code (classify/models/<profile>/current.json) — otherwise the profile's rules alone.
import fs from 'node:fs';
import path from 'node:path';
import type { Profile } from '../core/profiles/schema.ts';
import type { Classifier } from './case-events.ts';
import { loadClassifier } from './model/hybrid-classifier.ts';
import { DEFAULT_MODELS_DIR } from './model/model-file.ts';

export function modelsDirFor(profileId: string, localModelsDir?: string): string {
  if (localModelsDir && fs.existsSync(path.join(localModelsDir, profileId, 'current.json'))) return localModelsDir;
  return DEFAULT_MODELS_DIR;
}

export async function loadClassifierFor(profile: Profile, localModelsDir?: string): Promise<Classifier> {
  return loadClassifier(profile, modelsDirFor(profile.id, localModelsDir));
}
