// Learning from staff: every reclassification by a person is labelled data (store/corrections.ts).
// A nightly node-cron job retrains on the corpus plus those corrections, evaluates on the held-out
// split and promotes the candidate only if it is not worse (urgent recall first) — issue 6.
// Promoted models are versioned files under data/models/<profile>/, beside the shipped one.
import fs from 'node:fs';
import path from 'node:path';
import cron from 'node-cron';
import type { Keyring } from '../core/crypto/keyring.ts';
import type { Logger } from '../core/logger.ts';
import type { Profile } from '../core/profiles/schema.ts';
import type { Duck } from '../store/duck.ts';
import { staffCorrections } from '../store/corrections.ts';
import type { Classifier } from './case-events.ts';
import { loadClassifierFor } from './load.ts';
import { DEFAULT_MODELS_DIR } from './model/model-file.ts';
import { retrain, type RetrainDecision } from './model/retrain.ts';

export interface RetrainDeps {
  db: Duck;
  keyring: Keyring;
  profile: Profile;
  profilesDir: string;
  /** data/models: where promoted models go. */
  modelsDir: string;
  logger: Logger;
}

/** Retrain now; null when there is no correction to learn from (or no corpus for the profile). */
export async function retrainFromCorrections(deps: RetrainDeps): Promise<RetrainDecision | null> {
  const corrections = await staffCorrections(deps.db, deps.keyring);
  if (corrections.length === 0) return null;
  const shipped = path.join(DEFAULT_MODELS_DIR, deps.profile.id, 'current.json');
  const local = path.join(deps.modelsDir, deps.profile.id, 'current.json');
  if (!fs.existsSync(shipped) && !fs.existsSync(local)) return null;
  if (!fs.existsSync(local)) {
    // Compare the candidate with the model in service, which until now is the shipped one.
    fs.mkdirSync(path.dirname(local), { recursive: true });
    fs.copyFileSync(shipped, local);
  }
  return retrain({
    profileId: deps.profile.id,
    profilesDir: deps.profilesDir,
    modelsDir: deps.modelsDir,
    corrections: corrections.map((c) => ({ text: c.text, subject: c.subject, channel: c.channel, labels: c.labels })),
  });
}

/** A classifier whose implementation can be swapped when a retrained model is promoted. */
export class SwappableClassifier implements Classifier {
  constructor(public impl: Classifier) {}
  classify(input: Parameters<Classifier['classify']>[0]) {
    return this.impl.classify(input);
  }
}

export function startRetrainSchedule(deps: RetrainDeps & { classifier?: SwappableClassifier; schedule?: string }): { stop(): Promise<void> } {
  const task = cron.schedule(
    deps.schedule ?? '30 2 * * *',
    async () => {
      try {
        const decision = await retrainFromCorrections(deps);
        if (!decision) return;
        deps.logger.info({ promoted: decision.promoted, reason: decision.reason, corrections: decision.correctionsUsed, version: decision.candidate.version }, 'retraining done');
        if (decision.promoted && deps.classifier) deps.classifier.impl = await loadClassifierFor(deps.profile, deps.modelsDir);
      } catch (err) {
        deps.logger.error({ err: String(err) }, 'retraining failed');
      }
    },
    { timezone: deps.profile.timezone, noOverlap: true, name: `retrain-${deps.profile.id}` },
  );
  return {
    async stop() {
      await task.stop();
    },
  };
}
