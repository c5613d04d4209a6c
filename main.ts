// The composition root: config comes in, adapters are built, the stages of the requested roles
// are wired, and everything stops in reverse order. Roles: `ingest` (connectors), `classify`,
// `store` (the single DuckDB writer, with the web pages that read it), or `all` in one process.
// On the embedded log only `all` makes sense: one process owns the log.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Config } from './core/config.ts';
import { openKeyring, type Keyring } from './core/crypto/keyring.ts';
import { DoleancesError } from './core/errors.ts';
import { openLog } from './core/log/open.ts';
import type { Log } from './core/log/types.ts';
import { createLogger, type Logger } from './core/logger.ts';
import { calendarOf, loadProfile } from './core/profiles/load.ts';
import type { Profile } from './core/profiles/schema.ts';
import { loadClassifierFor } from './classify/load.ts';
import { startRetrainSchedule, SwappableClassifier } from './classify/retrain-job.ts';
import { startClassifyStage } from './classify/stage.ts';
import { startStaffWeb } from './dashboards/server.ts';
import { createMailer } from './dashboards/mail/mailer.ts';
import { startSurveyStage, surveyLookups } from './dashboards/survey/stage.ts';
import { startReportScheduler } from './analytics/scheduler.ts';
import { isTelephonyConfigured, openTelephony } from './ingest/twilio/telephony.ts';
import { twilioRoutes } from './ingest/twilio/routes.ts';
import { startTwilioReconciliation } from './ingest/twilio/reconcile.ts';
import { startSmsAckStage } from './ingest/twilio/sms-ack.ts';
import { DropFolder } from './ingest/drop-folder/watcher.ts';
import { startImapIngest } from './ingest/imap/index.ts';
import { startAckStage } from './notify/ack-stage.ts';
import type { Duck } from './store/duck.ts';
import { startStoreStage } from './store/stage.ts';
import { profilesFrom } from './store/projector.ts';
import { startClockScheduler } from './store/scheduler.ts';
import { openWarehouse, projectorFor } from './store/warehouse.ts';

export const ROLES = ['ingest', 'classify', 'store'] as const;
export type Role = (typeof ROLES)[number];

export interface Running {
  url: string | null;
  log: Log;
  /** The warehouse, in a process that has the `store` role. */
  db: Duck;
  logger: Logger;
  stop(): Promise<void>;
}

export interface StartOptions {
  roles?: readonly Role[];
  web?: boolean;
  dropFolder?: boolean;
  logger?: Logger;
}

export function parseRoles(spec: string): Role[] {
  if (spec === 'all') return [...ROLES];
  const roles = spec.split(',').map((r) => r.trim());
  for (const r of roles) {
    if (!(ROLES as readonly string[]).includes(r)) throw new DoleancesError('CLI_USAGE', `Rôle inconnu « ${r} » (rôles : all, ${ROLES.join(', ')})`);
  }
  return roles as Role[];
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

async function startIngest(config: Config, log: Log, keyring: Keyring, profile: Profile, logger: Logger, dropFolder: boolean) {
  const stops: (() => Promise<void>)[] = [];
  if (dropFolder) {
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
      { inbox: config.paths.inbox, ledgerFile: path.join(config.paths.state, 'drop-folder.ledger'), pollMs: config.dropPollMs },
    );
    await drop.start();
    stops.push(() => drop.stop());
  }
  if (config.mailboxesFile) {
    const imap = await startImapIngest({ config, log, logger: logger.child({ component: 'imap' }), keyring, profileId: profile.id });
    stops.push(() => imap.stop());
  }
  return stops;
}

export async function startDoleances(config: Config, opts: StartOptions = {}): Promise<Running> {
  const logger = opts.logger ?? createLogger(config.logLevel);
  const roles = new Set(opts.roles ?? ROLES);
  if (config.kafkaBrokers.length === 0 && roles.size !== ROLES.length) {
    throw new DoleancesError('CLI_USAGE', 'Les rôles séparés demandent Kafka (KAFKA_BROKERS) : le journal intégré appartient à un seul processus.');
  }
  if (roles.size !== ROLES.length && config.dataKeys.length === 0) {
    // Classify opens what ingest sealed: separate processes need one key (DOLEANCES_DATA_KEYS).
    logger.warn({ keyFile: config.keyFile }, 'separate roles without DOLEANCES_DATA_KEYS: every process must read this same key file');
  }
  const keyring = openKeyring(config);
  const profile = loadProfile(config.profilesDir, config.profileId);
  const log = await openLog(config, logger);
  const stops: (() => Promise<void> | void)[] = [() => log.close()];
  const stopAll = async () => {
    for (const s of stops.splice(0).reverse()) await s();
  };
  try {
    let db: Duck | undefined;
    let url: string | null = null;
    if (roles.has('store')) {
      const warehouse = await openWarehouse(config.paths.warehouse);
      db = warehouse;
      stops.push(() => warehouse.close());
      const profiles = profilesFrom(config.profilesDir);
      const sub = await startStoreStage(log, projectorFor(warehouse, { keyring, profiles }), logger);
      stops.push(() => sub.stop());
      // Deadline clocks (issue 7): "due soon" / "overdue" events, resumption, retention.
      const clocks = startClockScheduler({ db: warehouse, log, profile, profiles, keyring, archiveRoot: config.paths.archive, quarantineDir: config.paths.quarantine, logger });
      stops.push(() => clocks.stop());
      // Acknowledgements by email (issue 4): one sender for the whole deployment, with its outbox.
      if (config.smtpUrl && config.mailFrom) {
        const ack = await startAckStage(log, { config, profile, keyring, logger: logger.child({ component: 'ack' }) });
        stops.push(() => ack.stop());
      }
    }
    const classifier = new SwappableClassifier(await loadClassifierFor(profile, path.join(config.dataDir, 'models')));
    if (db) {
      const retraining = startRetrainSchedule({ db, keyring, profile, profilesDir: config.profilesDir, modelsDir: path.join(config.dataDir, 'models'), logger, classifier });
      stops.push(() => retraining.stop());
    }
    if (roles.has('classify')) {
      const sub = await startClassifyStage(log, { profile, calendar: calendarOf(profile), classifier, keyring, logger });
      stops.push(() => sub.stop());
    }
    if (roles.has('ingest')) stops.push(...(await startIngest(config, log, keyring, profile, logger, opts.dropFolder !== false)));
    if (db && opts.web !== false) {
      const warehouse = db;
      const reader = await warehouse.reader();
      const mailer = createMailer(config);
      // Telephony (issue 5): webhooks, reconciliation and SMS acknowledgements, in the web process.
      const publicRoutes = [];
      if (isTelephonyConfigured(config)) {
        const telephony = openTelephony(config, { log, keyring, profile, logger: logger.child({ component: 'twilio' }) });
        stops.push(() => telephony.close());
        publicRoutes.push({ path: '/twilio', app: twilioRoutes(telephony) });
        const rec = startTwilioReconciliation(telephony);
        stops.push(() => rec.stop());
        const sms = await startSmsAckStage(log, telephony);
        stops.push(() => sms.stop());
      }
      const web = await startStaffWeb({ config, profile, warehouse, log, keyring, logger, bootstrapAdmin: config.bootstrapAdmin, publicRoutes });
      url = web.url;
      stops.push(() => web.stop());
      // The board's monthly report (issue 8), with catch-up of missed months, and the surveys.
      const reports = startReportScheduler({
        db: reader,
        profile,
        reportsDir: config.paths.reports,
        logger,
        keyring,
        mail: config.smtpUrl && config.boardEmails.length ? { smtpUrl: config.smtpUrl, from: config.mailFrom ?? 'plaintes@localhost', recipients: [...config.boardEmails] } : undefined,
      });
      stops.push(() => reports.stop());
      const survey = await startSurveyStage(log, {
        keyring,
        profile,
        logger,
        surveyUrl: new URL('sondage/', config.publicUrl ? `${config.publicUrl.replace(/\/$/, '')}/` : url).href,
        ...surveyLookups(reader, keyring),
        sendEmail: mailer.configured ? (m) => mailer.send(m) : undefined,
      });
      stops.push(() => survey.stop());
    }
    return {
      url,
      log,
      get db(): Duck {
        if (!db) throw new DoleancesError('STORE_FAILED', 'Ce processus n’a pas le rôle « store » : pas d’entrepôt ouvert.');
        return db;
      },
      logger,
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
