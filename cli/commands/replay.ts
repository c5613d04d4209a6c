// `doleances replay`: rebuild the warehouse from the log (the log is the source of truth), the
// embedded log or Kafka (KAFKA_BROKERS), whichever the configuration opens. The instance (on
// Kafka: the store process) must be stopped, since it owns the warehouse; the previous file is
// kept as a dated backup.
import fs from 'node:fs/promises';
import { openLog } from '../../core/log/open.ts';
import { openKeyring } from '../../core/crypto/keyring.ts';
import { profilesFrom } from '../../store/projector.ts';
import { replayInto } from '../../store/replay.ts';
import type { CommandContext } from '../main.ts';

export async function run({ config }: CommandContext): Promise<number> {
  const log = await openLog(config);
  try {
    const target = `${config.paths.warehouse}.rebuild`;
    const started = Date.now();
    const { events, skipped } = await replayInto(log, target, { keyring: openKeyring(config), profiles: profilesFrom(config.profilesDir) });
    const exists = await fs.stat(config.paths.warehouse).catch(() => null);
    const backup = `${config.paths.warehouse}.${new Date().toISOString().replace(/[:.]/g, '-')}.bak`;
    if (exists) await fs.rename(config.paths.warehouse, backup);
    await fs.rm(`${config.paths.warehouse}.wal`, { force: true });
    await fs.rename(target, config.paths.warehouse);
    process.stdout.write(`Entrepôt reconstruit : ${events} événements rejoués en ${Date.now() - started} ms${skipped ? `, ${skipped} invalides ignorés (déjà en lettres mortes)` : ''}.${exists ? ` Ancien fichier : ${backup}` : ''}\n`);
    return 0;
  } finally {
    await log.close();
  }
}
