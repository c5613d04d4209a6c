// A real, throw-away Dovecot 2.3 IMAP server for tests: loopback only, random port, temp maildirs.
//
// Each instance lives in its own temp dir (config, passwd-file, maildirs, base_dir, state_dir, logs:
// scripts/dovecot/layout.ts) and runs `dovecot -F -c <dir>/dovecot.conf` (config.ts) as a child of
// this process (master.ts). Nothing of the system dovecot (service, /etc/dovecot, /run/dovecot,
// /var/lib/dovecot) is used or touched. Other processes reach a running instance by its baseDir
// alone with `dovecotAdmin` (admin.ts).
//
// Needs root (dovecot's master binds and drops privileges): login processes run as `dovenull`,
// auth as `dovecot`, mail processes as the mail user (DOLEANCES_DOVECOT_MAIL_USER, default
// `doleancesmail`). `scripts/dovecot/install.sh` installs dovecot-imapd and creates that user.
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { doveadmAt, recreateMailboxAt, validateFolder } from './admin.ts';
import { HOST, instanceName, renderConfig } from './config.ts';
import { MAIL_USER, prepareDir, resolveMailUser, type MailIds, type Paths } from './layout.ts';
import { masterCommand, spawnMaster, stopMaster } from './master.ts';
import { addUserToFile, DEFAULT_DOVECOT_USERS, validateUser, writeUsersFile, type DovecotUser } from './passwd.ts';
import { getFreePort, waitReady } from './readiness.ts';
import { findBin } from './system.ts';

export { dovecotAdmin, type DovecotAdmin } from './admin.ts';
export { DEFAULT_DOVECOT_USERS, type DovecotUser } from './passwd.ts';

export interface DovecotServer {
  host: string;
  port: number;
  /** Every account of the passwd-file (the ones given at start, then the ones added). */
  users: DovecotUser[];
  /** The instance's temp dir (removed by stop()). */
  baseDir: string;
  configFile: string;
  logFile: string;
  /** PID of the running dovecot master (changes on restart()). */
  readonly pid: number;
  /** Milliseconds the last start/restart took until a LOGIN worked. */
  readonly startupMs: number;
  /** Stops dovecot (SIGTERM, then `doveadm stop`, then SIGKILL) and removes baseDir. Idempotent. */
  stop(): Promise<void>;
  /** Stops dovecot and starts it again on the same port, keeping maildirs and accounts. */
  restart(): Promise<void>;
  /** Adds an account to the passwd-file; it can log in as soon as this resolves. */
  addUser(user: string, password: string): Promise<void>;
  /**
   * Deletes and recreates `folder` so that its UIDVALIDITY changes; its messages are lost.
   * INBOX cannot be deleted in Dovecot: for it, every message is expunged and UIDVALIDITY is
   * bumped with `doveadm mailbox update --uid-validity`. Resolves to the new UIDVALIDITY.
   */
  recreateMailbox(user: string, folder: string): Promise<number>;
  /** Runs `doveadm -c <conf> ...args` (as root) and resolves to its stdout. */
  doveadm(args: string[]): Promise<string>;
  /** Last `lines` lines of the dovecot log (and of the master's stderr). */
  logTail(lines?: number): string;
}

export interface StartDovecotOptions {
  /** Accounts to create (default: plaintes/plaintes-secret and requetes/requetes-secret). */
  users?: DovecotUser[];
  /** How long to wait for the greeting and a working LOGIN (default 20 000 ms). */
  startTimeoutMs?: number;
  /** Fixed port instead of a random free one. */
  port?: number;
  /** Extra folders created (and subscribed) automatically for every user, e.g. ['Traités']. */
  autoFolders?: string[];
  /** auth_debug + mail_debug in the log. */
  debug?: boolean;
}

function tailLines(text: string, lines: number): string {
  const all = text.split('\n');
  if (all.length && all[all.length - 1] === '') all.pop();
  return all.slice(-lines).join('\n');
}

class Instance implements DovecotServer {
  host = HOST;
  users: DovecotUser[];
  baseDir: string;
  configFile: string;
  logFile: string;
  startupMs = 0;
  /** Changes at every launch: in the greeting and in the process titles (instance_name). */
  token = '';
  private child: ChildProcess | undefined;
  private output = '';
  private stopped = false;
  private userLock: Promise<unknown> = Promise.resolve();

  constructor(
    readonly p: Paths,
    public port: number,
    private readonly ids: MailIds,
    private readonly startTimeoutMs: number,
    users: DovecotUser[],
    private readonly opts: StartDovecotOptions,
  ) {
    this.users = users;
    this.baseDir = p.baseDir;
    this.configFile = p.conf;
    this.logFile = p.log;
  }

  get pid(): number {
    return this.child?.pid ?? 0;
  }

  logTail(lines = 40): string {
    let log = '';
    try {
      log = readFileSync(this.p.log, 'utf8');
    } catch {
      log = '(no log file yet)';
    }
    const out = this.output.trim();
    return `--- ${this.p.log} (last ${lines} lines) ---\n${tailLines(log, lines)}` + (out ? `\n--- dovecot stdout/stderr ---\n${tailLines(out, lines)}` : '');
  }

  /** Spawns the master and waits until a LOGIN works. Throws (after killing it) otherwise. */
  async launch(): Promise<void> {
    const cmd = masterCommand(this.p.conf);
    const t0 = Date.now();
    this.output = '';
    this.token = randomBytes(6).toString('hex');
    const name = instanceName(this.port, this.token);
    await writeFile(this.p.conf, renderConfig(this.p, this.port, this.ids, this.token, this.opts), { mode: 0o644 });
    const child = spawnMaster(cmd, name, (text) => {
      this.output = (this.output + text).slice(-20_000);
    });
    this.child = child;

    try {
      await waitReady(child, t0 + this.startTimeoutMs, {
        port: this.port,
        token: this.token,
        firstUser: () => this.users[0],
        startTimeoutMs: this.startTimeoutMs,
        logTail: () => this.logTail(),
      });
    } catch (e) {
      await stopMaster(child, name, this.p);
      throw e;
    }
    this.startupMs = Date.now() - t0;
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    try {
      if (this.child) await stopMaster(this.child, instanceName(this.port, this.token), this.p);
    } finally {
      this.child = undefined;
      await rm(this.p.baseDir, { recursive: true, force: true, maxRetries: 3 });
    }
  }

  async restart(): Promise<void> {
    if (this.stopped) throw new Error('dovecot test server already stopped');
    if (this.child) await stopMaster(this.child, instanceName(this.port, this.token), this.p);
    this.child = undefined;
    // Same port: dovecot sets SO_REUSEADDR, so TIME_WAIT sockets of the old instance don't matter.
    await this.launch();
  }

  addUser(user: string, password: string): Promise<void> {
    const job = this.userLock.then(async () => {
      this.users = await addUserToFile(this.p, user, password, this.ids);
    });
    this.userLock = job.catch(() => undefined);
    return job;
  }

  recreateMailbox(user: string, folder: string): Promise<number> {
    return recreateMailboxAt(this.p, user, folder);
  }

  doveadm(args: string[]): Promise<string> {
    return doveadmAt(this.p, args);
  }
}

/**
 * Starts a private Dovecot IMAP server on 127.0.0.1 (random free port unless opts.port), with
 * the given accounts, and resolves once a LOGIN works. Rejects with the log tail otherwise.
 */
export async function startDovecot(opts: StartDovecotOptions = {}): Promise<DovecotServer> {
  if (process.platform !== 'linux') throw new Error('dovecot test server: Linux only');
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    throw new Error('dovecot test server must run as root (dovecot drops to dovenull/dovecot/' + MAIL_USER + ')');
  }
  if (!findBin('dovecot', 'DOVECOT_BIN')) throw new Error('dovecot not found: run sudo bash scripts/dovecot/install.sh');
  const users = (opts.users ?? DEFAULT_DOVECOT_USERS).map((u) => ({ ...u }));
  users.forEach(validateUser);
  if (new Set(users.map((u) => u.user)).size !== users.length) throw new Error('duplicate dovecot test user');
  (opts.autoFolders ?? []).forEach(validateFolder);
  const ids = await resolveMailUser();
  const startTimeoutMs = opts.startTimeoutMs ?? 20_000;

  const attempts = opts.port ? 1 : 3;
  let lastError: unknown;
  for (let i = 0; i < attempts; i++) {
    const port = opts.port ?? (await getFreePort());
    const p = await prepareDir(ids);
    const inst = new Instance(p, port, ids, startTimeoutMs, users, opts);
    try {
      await writeUsersFile(p, users, ids);
      await inst.launch();
      return inst;
    } catch (e) {
      lastError = e;
      const portTaken = /Address already in use/i.test(String((e as Error).message));
      // keep the dir of a failed start? No: the error message carries the log tail.
      await rm(p.baseDir, { recursive: true, force: true }).catch(() => undefined);
      if (!portTaken) break;
    }
  }
  throw lastError;
}
