// The pipeline pieces the IMAP tests run in-process, as main.ts builds them: an embedded log in a
// temp data dir, the classify stage, the store stage on a real DuckDB file, and the IMAP connector
// pointed at a real Dovecot. Plus a per-test Dovecot account and an APPEND helper.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ImapFlow } from 'imapflow';
import { loadClassifierFor } from '../../../classify/load.ts';
import { startClassifyStage } from '../../../classify/stage.ts';
import type { Config } from '../../../core/config.ts';
import { openKeyring } from '../../../core/crypto/keyring.ts';
import { EmbeddedLog } from '../../../core/log/embedded.ts';
import type { Keyring } from '../../../core/crypto/keyring.ts';
import type { Log, Subscription } from '../../../core/log/types.ts';
import type { Profile } from '../../../core/profiles/schema.ts';
import { calendarOf, loadProfile } from '../../../core/profiles/load.ts';
import { startImapIngest, type ImapTuning } from '../../../ingest/imap/index.ts';
import { mailboxSchema, type MailboxConfig } from '../../../ingest/imap/config.ts';
import type { Duck } from '../../../store/duck.ts';
import { startStoreStage } from '../../../store/stage.ts';
import { openWarehouse, projectorFor } from '../../../store/warehouse.ts';
import { silentLogger, tempDataDir, testConfig, waitFor } from '../../helpers/app.ts';

export interface Account {
  user: string;
  password: string;
}

export interface Server {
  host: string;
  port: number;
}

export const FAST: Partial<ImapTuning> = { minBackoffMs: 100, maxBackoffMs: 1000, connectionTimeoutMs: 5000, commandTimeoutMs: 10_000 };

export function freshAccount(prefix = 'boite'): Account {
  const user = `${prefix}-${randomBytes(4).toString('hex')}`;
  return { user, password: `${user}-secret` };
}

export function mailboxFor(server: Server, acc: Account, extra: Record<string, unknown> = {}): MailboxConfig {
  return mailboxSchema.parse({ id: acc.user, host: server.host, port: server.port, tls: false, auth: { user: acc.user, password: acc.password }, pollSeconds: 2, ...extra });
}

export interface Pipeline {
  config: Config;
  log: Log;
  keyring: Keyring;
  profile: Profile;
  db: Duck;
  reader: Duck;
  stop(): Promise<void>;
  stopImap(): Promise<void>;
  /** Starts the connector again on the same log and state (after stopImap). */
  startImap(mailboxes?: MailboxConfig[]): Promise<void>;
  /** Another stage on this pipeline's log, stopped (first) by stop(). */
  also(stage: { stop(): Promise<void> }): void;
}

/** Classify + store stages and the IMAP connector over one data dir (reusable across restarts). */
export async function startPipeline(mailboxes: MailboxConfig[], opts: { dataDir?: string; env?: Record<string, string>; imap?: boolean } = {}): Promise<Pipeline> {
  const config = testConfig(opts.dataDir ?? tempDataDir('dol-imap-'), { DOLEANCES_MAIL_FROM: 'Doléances <plaintes@doleances.local>', ...opts.env });
  const keyring = openKeyring(config);
  const profile = loadProfile(config.profilesDir, config.profileId);
  const log = await EmbeddedLog.open(config.paths.log);
  const db = await openWarehouse(config.paths.warehouse);
  const subs: Subscription[] = [];
  subs.push(await startStoreStage(log, projectorFor(db), silentLogger));
  subs.push(await startClassifyStage(log, { profile, calendar: calendarOf(profile), classifier: await loadClassifierFor(profile), keyring, logger: silentLogger }));
  let imap: { stop(): Promise<void> } | undefined;
  const extra: { stop(): Promise<void> }[] = [];
  const startImap = async (boxes = mailboxes) => {
    imap = await startImapIngest({ config, log, logger: silentLogger, keyring, profileId: profile.id, mailboxes: boxes, tuning: FAST });
  };
  if (opts.imap !== false) await startImap();
  const stopImap = async () => {
    await imap?.stop();
    imap = undefined;
  };
  return {
    config,
    log,
    keyring,
    profile,
    db,
    reader: await db.reader(),
    stopImap,
    startImap,
    also: (s) => void extra.push(s),
    async stop() {
      await stopImap();
      for (const s of [...extra.splice(0).reverse(), ...subs.reverse()]) await s.stop();
      await db.close();
      await log.close();
    },
  };
}

export async function connect(server: Server, acc: Account): Promise<ImapFlow> {
  const client = new ImapFlow({ host: server.host, port: server.port, secure: false, auth: { user: acc.user, pass: acc.password }, logger: false, disableAutoIdle: true });
  client.on('error', () => {});
  await client.connect();
  return client;
}

/** APPENDs raw messages to a folder (RFC 3501 §6.3.11), as a mail server delivering them would. */
export async function append(server: Server, acc: Account, messages: (Buffer | string)[], folder = 'INBOX'): Promise<void> {
  const client = await connect(server, acc);
  try {
    for (const m of messages) await client.append(folder, typeof m === 'string' ? Buffer.from(m) : m);
  } finally {
    await client.logout().catch(() => undefined);
    client.close();
  }
}

export async function folderCount(server: Server, acc: Account, folder: string): Promise<number> {
  const client = await connect(server, acc);
  try {
    const st = await client.status(folder, { messages: true }).catch(() => false as const);
    return st ? (st.messages ?? 0) : 0;
  } finally {
    await client.logout().catch(() => undefined);
    client.close();
  }
}

export const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/mail');
export const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, fs.readdirSync(FIXTURES).find((f) => f.startsWith(name))!));

/** A plain French complaint with a unique Message-ID (or none). */
export function complaint(n: number | string, opts: { messageId?: string | null; from?: string; subject?: string } = {}): string {
  const id = opts.messageId === undefined ? `<plainte-${n}-${randomBytes(4).toString('hex')}@exemple.test>` : opts.messageId;
  return [
    `From: Citoyenne ${n} <${opts.from ?? `citoyenne${n}@exemple.test`}>`,
    'To: plaintes@doleances.local',
    `Subject: ${opts.subject ?? `Fuite d'eau au ${n}, rue Saint-Maurice`}`,
    'Date: Mon, 16 Nov 2026 09:15:00 -0500',
    ...(id ? [`Message-ID: ${id}`] : []),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    `Bonjour,\r\n\r\nIl y a une fuite d'eau sous l'évier de mon logement au ${n}, rue Saint-Maurice depuis trois jours.\r\nMerci d'envoyer quelqu'un.\r\n`,
  ].join('\r\n');
}

export async function intakes(db: Duck): Promise<{ disposition: string; case_id: string | null; reason: string | null; error_code: string | null; quarantine_path: string | null }[]> {
  return db.all(`SELECT disposition, case_id, reason, error_code, quarantine_path FROM intakes ORDER BY received_at`);
}

export { waitFor };
