// `doleances start`: everything in one process; prints the URL on one line; stops cleanly on
// Ctrl-C / SIGTERM (stages drained, log and warehouse closed).
import { DoleancesError } from '../../core/errors.ts';
import { startDoleances } from '../../main.ts';
import type { CommandContext } from '../main.ts';

export async function run({ config, values }: CommandContext): Promise<number> {
  const role = (values.role as string | undefined) ?? 'all';
  if (role !== 'all') throw new DoleancesError('CLI_USAGE', `Rôle « ${role} » : seul « all » existe sur le journal intégré (les rôles séparés demandent Kafka).`);
  const app = await startDoleances(config);
  process.stdout.write(`Doléances en marche : ${app.url} (profil ${config.profileId}, données ${config.dataDir})\n`);
  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      app.logger.info({ signal }, 'stopping');
      app.stop().then(resolve, (err) => {
        app.logger.error({ err: String(err) }, 'error while stopping');
        resolve();
      });
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  process.stdout.write('Doléances arrêté.\n');
  return 0;
}
