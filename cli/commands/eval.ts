// `doleances eval --profile <id> [--train] [--cross-validate] [--json]`: the classifier in service
// and the rules alone on the held-out split of the profile's corpus: per-class precision, recall,
// F1, macro-F1, the confusion matrices, urgent recall, against the targets of issue 6.
// --train first retrains the shipped model (classify/models/<profile>/) from the corpus, after a
// body has edited its taxonomy or its examples. --cross-validate reports k-fold figures inside the
// training split instead: the way to try keywords, rules or labels without looking at the test split.
import fs from 'node:fs';
import path from 'node:path';
import { DoleancesError } from '../../core/errors.ts';
import { loadProfile } from '../../core/profiles/load.ts';
import { DEFAULT_CORPUS_DIR, loadCorpus } from '../../classify/eval/corpus.ts';
import { crossValidate } from '../../classify/eval/cross-validate.ts';
import { runEval } from '../../classify/eval/evaluate.ts';
import { renderReportFr } from '../../classify/eval/render.ts';
import { splitCorpus } from '../../classify/eval/split.ts';
import { modelsDirFor } from '../../classify/load.ts';
import { DEFAULT_MODELS_DIR } from '../../classify/model/model-file.ts';
import { trainAndSave } from '../../classify/model/train-and-save.ts';
import type { CommandContext } from '../main.ts';

export async function run({ config, values }: CommandContext): Promise<number> {
  const profileId = typeof values.profile === 'string' ? values.profile : config.profileId;
  if (!fs.existsSync(path.join(DEFAULT_CORPUS_DIR, profileId))) {
    throw new DoleancesError('NOT_FOUND', `Aucun corpus d'entraînement pour le profil « ${profileId} » (classify/corpus/${profileId}/).`);
  }
  if (values['cross-validate']) {
    const profile = loadProfile(config.profilesDir, profileId);
    const { train } = splitCorpus(loadCorpus(profileId));
    const { report, errors } = crossValidate(profile, train, { folds: 5 });
    if (values.json) process.stdout.write(`${JSON.stringify({ report, errors })}\n`);
    else {
      const lines = errors.map((e) => `  ${e.id} : ${e.head} attendu ${e.gold}, prédit ${e.predicted}`);
      process.stdout.write(`${renderReportFr(report)}\n\nErreurs hors pli (partition d'entraînement seulement) : ${errors.length}\n${lines.join('\n')}\n`);
    }
    return 0;
  }
  if (values.train) {
    const { model, file, seconds } = trainAndSave({ profileId, profilesDir: config.profilesDir, modelsDir: DEFAULT_MODELS_DIR });
    process.stderr.write(`Modèle ${model.version} entraîné sur ${model.training.examples} messages en ${seconds.toFixed(1)} s : ${file}\n`);
  }
  const local = path.join(config.dataDir, 'models');
  const modelsDir = values.train ? DEFAULT_MODELS_DIR : modelsDirFor(profileId, local);
  const { report, rules, text } = runEval({ profileId, profilesDir: config.profilesDir, modelsDir });
  process.stdout.write(values.json ? `${JSON.stringify({ report, rules })}\n` : `${text}\n`);
  return 0;
}
