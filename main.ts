// The composition root: reads nothing itself (config comes in), builds the adapters, wires the
// stages, and stops them in the reverse order. Everything runs in one process on the embedded log.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Config } from './core/config.ts';
import { openKeyring } from './core/crypto/keyring.ts';
import { EmbeddedLog } from './core/log/embedded.ts';
import type { Log, Subscription } from './core/log/types.ts';
import { createLogger, type Logger } from './core/logger.ts';
import { calendarOf, loadProfile } from './core/profiles/load.ts';
import { loadClassifierFor } from './classify/load.ts';
import { startClassifyStage } from './classify/stage.ts';
import { createApp, startWeb } from './dashboards/server.ts';
import { DropFolder } from './ingest/drop-folder/watcher.ts';
import type { Duck } from './store/duck.ts';
import { startStoreStage } from './store/stage.ts';
import { openWarehouse, projectorFor } from './store/warehouse.ts';

export interface Running {
  url: string | null;
  log: Log;
  db: Duck;
  logger: Logger;
  stop(): Promise<void>;
}

export interface StartOptions {
  web?: boolean;
  dropFolder?: boolean;
  logger?: Logger;
}

/** On the very first start, the examples land in the drop folder so there is something to see. */
async function seedExamples(config: Config, logger: Logger): Promise<void> {
  const marker = path.join(config.paths.state, 'examples-seeded');
  if (!config.seedExamples || (await fs.stat(marker).catch(() => null))) return;
  await fs.mkdir(config.paths.inbox, { recursive: true });
  const entries = await fs.readdir(config.examplesDir, { withFileTypes: true }).catch(() => []);
  let n = 0;
  for (const e of entries) {
    if (!e.isFile() || e.name.startsWith('.') || /^readme/i.test(e.name)) continue;
    await fs.copyFile(path.join(config.examplesDir, e.name), path.join(config.paths.inbox, e.name));
    n++;
  }
  await fs.mkdir(config.paths.state, { recursive: true });
  await fs.writeFile(marker, new Date().toISOString());
  logger.info({ count: n }, 'examples copied to the drop folder');
}

export async function startDoleances(config: Config, opts: StartOptions = {}): Promise<Running> {
  const logger = opts.logger ?? createLogger(config.logLevel);
  const keyring = openKeyring(config);
  const profile = loadProfile(config.profilesDir, config.profileId);
  const calendar = calendarOf(profile);
  const classifier = await loadClassifierFor(profile);

  const log = await EmbeddedLog.open(config.paths.log);
  const stops: (() => Promise<void> | void)[] = [() => log.close()];
  const stopAll = async () => {
    for (const s of stops.splice(0).reverse()) await s();
  };
  try {
    const db = await openWarehouse(config.paths.warehouse);
    stops.push(() => db.close());
    const subs: Subscription[] = [];
    subs.push(await startStoreStage(log, projectorFor(db), logger));
    subs.push(await startClassifyStage(log, { profile, calendar, classifier, keyring, logger }));
    stops.push(async () => {
      for (const s of subs.reverse()) await s.stop();
    });

    if (opts.dropFolder !== false) {
      await seedExamples(config, logger);
      const drop = new DropFolder(
        {
          log,
          logger: logger.child({ component: 'drop-folder' }),
          keyring,
          profileId: profile.id,
          archiveRoot: config.paths.archive,
          connector: 'drop-folder',
          quarantineDir: config.paths.quarantine,
          dataDir: config.dataDir,
          maxFileBytes: config.maxFileBytes,
        },
        { inbox: config.paths.inbox, processedDir: config.paths.processed, ledgerFile: path.join(config.paths.state, 'drop-folder.ledger'), pollMs: config.dropPollMs },
      );
      await drop.start();
      stops.push(() => drop.stop());
    }

    let url: string | null = null;
    if (opts.web !== false) {
      const web = await startWeb(createApp(await db.reader(), profile), config.host, config.port);
      url = web.url;
      stops.push(() => new Promise<void>((r) => web.server.close(() => r())));
    }
    return { url, log, db, logger, stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
