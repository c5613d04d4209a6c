// `doleances start`: everything in one process; prints the URL on one line; stops cleanly on
// Ctrl-C / SIGTERM (stages drained, log and warehouse closed).
import { parseRoles, startDoleances } from '../../main.ts';
import type { CommandContext } from '../main.ts';

export async function run({ config, values }: CommandContext): Promise<number> {
  const roles = parseRoles((values.role as string | undefined) ?? 'all');
  const app = await startDoleances(config, { roles });
  process.stdout.write(`Doléances en marche : ${app.url ?? `rôles ${roles.join(', ')}`} (profil ${config.profileId}, données ${config.dataDir})\n`);
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
