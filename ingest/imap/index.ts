// The IMAP connector: every folder of every mailbox in config.mailboxesFile is watched by its own
// connection (watcher.ts) and its new mail becomes intake events (sync.ts). Shared by all of them:
// the seen ledger (the same mail in two mailboxes is one case) and the archive. State lives under
// config.paths.state/imap/: one checkpoint file per mailbox and the ledger.
import path from 'node:path';
import type { Config } from '../../core/config.ts';
import type { Keyring } from '../../core/crypto/keyring.ts';
import { DoleancesError } from '../../core/errors.ts';
import type { Log } from '../../core/log/types.ts';
import type { Logger } from '../../core/logger.ts';
import { DEFAULT_FAX_PATTERNS } from '../parse/email-fax.ts';
import type { EmailParseOptions } from '../parse/email.ts';
import { normaliseEmail } from '../text.ts';
import { CheckpointStore } from './checkpoint.ts';
import { loadMailboxes, type MailboxConfig } from './config.ts';
import { SeenLedger } from './seen-ledger.ts';
import { FolderWatcher } from './watcher.ts';

export interface ImapTuning {
  batchSize: number;
  batchBytes: number;
  commandTimeoutMs: number;
  connectionTimeoutMs: number;
  minBackoffMs: number;
  maxBackoffMs: number;
}

export const DEFAULT_IMAP_TUNING: ImapTuning = {
  batchSize: 50,
  batchBytes: 8 * 1024 * 1024,
  commandTimeoutMs: 60_000,
  connectionTimeoutMs: 30_000,
  minBackoffMs: 500,
  maxBackoffMs: 60_000,
};

export interface ImapIngestDeps {
  config: Config;
  log: Log;
  logger: Logger;
  keyring: Keyring;
  profileId: string;
  /** Mailboxes to watch instead of reading config.mailboxesFile (tests, bench). */
  mailboxes?: MailboxConfig[];
  tuning?: Partial<ImapTuning>;
  now?: () => Date;
}

/** How the parser sees one mailbox: its fax services and every address that is ours. */
export function emailOptionsFor(m: MailboxConfig, mailFrom: string | undefined): EmailParseOptions {
  const own = [normaliseEmail(mailFrom), normaliseEmail(m.auth.user), ...m.ownAddresses.map(normaliseEmail)].filter((a): a is string => !!a);
  return {
    faxSenders: m.fax.senders ?? DEFAULT_FAX_PATTERNS.faxSenders,
    faxSubjects: m.fax.subjects ?? DEFAULT_FAX_PATTERNS.faxSubjects,
    ownAddresses: [...new Set(own)],
  };
}

export async function startImapIngest(deps: ImapIngestDeps): Promise<{ stop(): Promise<void> }> {
  const { config } = deps;
  const mailboxes = deps.mailboxes ?? (config.mailboxesFile ? loadMailboxes(config.mailboxesFile) : null);
  if (!mailboxes) throw new DoleancesError('CONFIG_INVALID', 'DOLEANCES_MAILBOXES_FILE : aucun fichier de boîtes aux lettres configuré.', { details: { field: 'DOLEANCES_MAILBOXES_FILE' } });
  const t = { ...DEFAULT_IMAP_TUNING, ...deps.tuning };
  const ledger = new SeenLedger(path.join(config.paths.state, 'imap', 'seen.ledger'));
  const watchers: FolderWatcher[] = [];
  for (const m of mailboxes) {
    const checkpoints = new CheckpointStore(config.paths.state, m.id);
    const ingest = {
      keyring: deps.keyring,
      profileId: deps.profileId,
      archiveRoot: config.paths.archive,
      connector: 'imap',
      quarantineDir: config.paths.quarantine,
      dataDir: config.dataDir,
      emailOptions: emailOptionsFor(m, config.mailFrom),
      now: deps.now ?? (() => new Date()),
    };
    for (const folder of m.folders) {
      const w = new FolderWatcher(
        m,
        { log: deps.log, mailboxId: m.id, folder, handledFolder: m.handledFolder, maxFileBytes: config.maxFileBytes, checkpoints, ledger, ingest, batchSize: t.batchSize, batchBytes: t.batchBytes, commandTimeoutMs: t.commandTimeoutMs },
        { connectionTimeoutMs: t.connectionTimeoutMs, minBackoffMs: t.minBackoffMs, maxBackoffMs: t.maxBackoffMs },
        deps.logger,
      );
      w.start();
      watchers.push(w);
    }
  }
  deps.logger.info({ component: 'imap', mailboxes: mailboxes.length, folders: watchers.length }, 'IMAP intake started');
  return {
    async stop() {
      await Promise.all(watchers.map((w) => w.stop()));
      ledger.close();
    },
  };
}
