// `doleances retrain [--profile id]`: retrain now from the staff's reclassifications (the nightly
// job does the same while Doléances runs); prints the decision and both evaluations' key figures.
import path from 'node:path';
import { openKeyring } from '../../core/crypto/keyring.ts';
import { createLogger } from '../../core/logger.ts';
import { loadProfile } from '../../core/profiles/load.ts';
import { retrainFromCorrections } from '../../classify/retrain-job.ts';
import { openWarehouse } from '../../store/warehouse.ts';
import type { CommandContext } from '../main.ts';

export async function run({ config, values }: CommandContext): Promise<number> {
  const profile = loadProfile(config.profilesDir, typeof values.profile === 'string' ? values.profile : config.profileId);
  const db = await openWarehouse(config.paths.warehouse, { readOnly: true });
  try {
    const d = await retrainFromCorrections({ db, keyring: openKeyring(config), profile, profilesDir: config.profilesDir, modelsDir: path.join(config.dataDir, 'models'), logger: createLogger('warn') });
    if (!d) {
      process.stdout.write('Aucune correction du personnel à apprendre (ou pas de corpus pour ce profil).\n');
      return 0;
    }
    const fig = (r: typeof d.current.report) => `rappel des urgences ${r.urgentRecall.toFixed(3)}, F1 macro nature ${r.heads.nature.macroF1.toFixed(3)}`;
    process.stdout.write(
      values.json
        ? `${JSON.stringify({ promoted: d.promoted, reason: d.reason, current: d.current.version, candidate: d.candidate.version, correctionsUsed: d.correctionsUsed })}\n`
        : `${d.promoted ? 'Nouveau modèle mis en service' : 'Modèle actuel conservé'} : ${d.reason}\n  en service : ${d.current.version} (${fig(d.current.report)})\n  candidat   : ${d.candidate.version} (${fig(d.candidate.report)})\n  corrections utilisées : ${d.correctionsUsed}\n`,
    );
    return 0;
  } finally {
    db.close();
  }
}
