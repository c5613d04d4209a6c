// `doleances eval --profile <id> [--json]`: the classifier in service and the rules alone on the
// held-out split of the profile's corpus: per-class precision, recall, F1, macro-F1, the
// confusion matrices, urgent recall, against the targets of issue 6.
import fs from 'node:fs';
import path from 'node:path';
import { DoleancesError } from '../../core/errors.ts';
import { DEFAULT_CORPUS_DIR } from '../../classify/eval/corpus.ts';
import { runEval } from '../../classify/eval/evaluate.ts';
import { modelsDirFor } from '../../classify/load.ts';
import type { CommandContext } from '../main.ts';

export async function run({ config, values }: CommandContext): Promise<number> {
  const profileId = typeof values.profile === 'string' ? values.profile : config.profileId;
  if (!fs.existsSync(path.join(DEFAULT_CORPUS_DIR, profileId))) {
    throw new DoleancesError('NOT_FOUND', `Aucun corpus d'entraînement pour le profil « ${profileId} » (classify/corpus/${profileId}/).`);
  }
  const { report, rules, text } = runEval({ profileId, profilesDir: config.profilesDir, modelsDir: modelsDirFor(profileId, path.join(config.dataDir, 'models')) });
  process.stdout.write(values.json ? `${JSON.stringify({ report, rules })}\n` : `${text}\n`);
  return 0;
}
