import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../core/config.ts';
import { loadProfile } from '../../core/profiles/load.ts';
import { loadCorpus } from '../eval/corpus.ts';
import { splitCorpus } from '../eval/split.ts';
import { KeywordFeatures } from './keyword-features.ts';
import { featurise, loadModel, modelFromJson, modelPath, modelToJson, saveModel } from './model-file.ts';
import { predictProba } from './sparse-model.ts';
import { trainModel } from './train.ts';

const profile = loadProfile(path.join(REPO_ROOT, 'profiles'), 'omh-trois-rivieres');
const { train } = splitCorpus(loadCorpus(profile.id));
const createdAt = '2026-01-15T12:00:00.000Z';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'doleances-model-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('the trained model', () => {
  const model = trainModel(profile, train, { createdAt });

  it('trains deterministically: same data, options and seed give the same file', () => {
    const again = trainModel(profile, train, { createdAt });
    expect(JSON.stringify(modelToJson(again))).toBe(JSON.stringify(modelToJson(model)));
    expect(model.version).toMatch(/^omh-trois-rivieres-20260115-[0-9a-f]{8}$/);
    const other = trainModel(profile, train.slice(1), { createdAt });
    expect(other.version).not.toBe(model.version);
  });

  it('round-trips through its versioned JSON file', () => {
    const file = saveModel(tmp, model);
    expect(file).toBe(modelPath(tmp, profile.id, model.version));
    expect(fs.existsSync(modelPath(tmp, profile.id))).toBe(true);
    const loaded = loadModel(modelPath(tmp, profile.id));
    expect(loaded.version).toBe(model.version);
    expect(loaded.urgencyThreshold).toBe(model.urgencyThreshold);
    const keywords = new KeywordFeatures(profile);
    for (const e of train.slice(0, 25)) {
      const a = predictProba(model.heads.nature!, featurise(model, e, keywords));
      const b = predictProba(loaded.heads.nature!, featurise(loaded, e, keywords));
      a.forEach((p, c) => expect(b[c]).toBeCloseTo(p, 3));
    }
  });

  it('refuses a file that is not a model of this format', () => {
    expect(() => modelFromJson({ format: 'autre chose' })).toThrow(/pas un modèle/);
    expect(() => modelFromJson({ ...modelToJson(model), formatVersion: 99 })).toThrow(/format 99/);
  });
});
