// A real, throw-away Dovecot 2.3 IMAP server for tests: loopback only, random port, temp maildirs.
//
// Each instance lives in its own temp dir (config, passwd-file, maildirs, base_dir, state_dir, logs)
// and runs `dovecot -F -c <dir>/dovecot.conf` as a child of this process. Nothing of the system
// dovecot (service, /etc/dovecot, /run/dovecot, /var/lib/dovecot) is used or touched.
//
// Needs root (dovecot's master binds and drops privileges): login processes run as `dovenull`,
// auth as `dovecot`, mail processes as the mail user (DOLEANCES_DOVECOT_MAIL_USER, default
// `doleancesmail`). `scripts/dovecot/install.sh` installs dovecot-imapd and creates that user.
//
// Layout of <baseDir> (fixed, so `dovecotAdmin(baseDir)` works from any process, e.g. a vitest
// worker talking to the server started by a globalSetup):
//   dovecot.conf  users (passwd-file)  mail/<user>/ (maildirs)  home/<user>/  run/ (base_dir)
//   state/  log/dovecot.log  owner.json
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ImapFlow } from 'imapflow';

export interface DovecotUser {
  user: string;
  password: string;
}

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

export const DEFAULT_DOVECOT_USERS: readonly DovecotUser[] = Object.freeze([
  { user: 'plaintes', password: 'plaintes-secret' },
  { user: 'requetes', password: 'requetes-secret' },
]);

const HOST = '127.0.0.1';
const instanceName = (port: number, token: string) => `doleances-test-${port}-${token}`;
const DIR_PREFIX = 'doleances-dovecot-';
const MAIL_USER = process.env.DOLEANCES_DOVECOT_MAIL_USER || 'doleancesmail';
const USER_RE = /^[A-Za-z0-9][A-Za-z0-9._@+-]{0,127}$/;

// ---------------------------------------------------------------------------------------------
// small helpers

interface ExecResult {
  stdout: string;
  stderr: string;
}

function run(file: string, args: string[], timeoutMs = 30_000): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: timeoutMs, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) {
        const e = new Error(`${file} ${args.join(' ')} failed: ${err.message.trim()}\n${stderr}`.trim());
        reject(Object.assign(e, { stdout, stderr, code: (err as NodeJS.ErrnoException).code }));
      } else resolve({ stdout, stderr });
    });
  });
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function findBin(name: string, envVar: string): string {
  const fromEnv = process.env[envVar];
  if (fromEnv) return fromEnv;
  const dirs = [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/usr/bin', '/sbin', '/bin', '/usr/local/sbin', '/usr/local/bin'];
  for (const d of dirs) {
    if (!d) continue;
    const p = path.join(d, name);
    if (existsSync(p)) return p;
  }
  return '';
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PIDs of the processes of one dovecot instance, found by their process title
 * ("dovecot-<instance_name>/imap", ".../imap-login", ".../auth", ...) in /proc (Linux only).
 */
function instancePids(instanceName: string): number[] {
  const prefix = `dovecot-${instanceName}/`;
  const out: number[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return out;
  }
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    try {
      if (readFileSync(`/proc/${e}/cmdline`, 'latin1').startsWith(prefix)) out.push(Number(e));
    } catch {
      /* process vanished */
    }
  }
  return out;
}

function signalAll(pids: Iterable<number>, sig: NodeJS.Signals): void {
  for (const p of pids) {
    try {
      process.kill(p, sig);
    } catch {
      /* gone */
    }
  }
}

function getFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen({ host: HOST, port: 0, exclusive: true }, () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => (port ? resolve(port) : reject(new Error('could not get a free port'))));
    });
  });
}

/** Connects and resolves to the IMAP greeting line containing `token`; rejects on another greeting. */
function readGreeting(port: number, token: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = net.connect({ host: HOST, port });
    let buf = '';
    const done = (err: Error | null, line?: string) => {
      clearTimeout(timer);
      sock.destroy();
      if (err) reject(err);
      else resolve(line ?? '');
    };
    const timer = setTimeout(() => done(new Error('no greeting in time')), timeoutMs);
    sock.setEncoding('latin1');
    sock.on('data', (d: string) => {
      buf += d;
      // Dovecot may first send "* OK Waiting for authentication process to respond.." then the
      // real greeting once auth is up: wait for the one carrying this instance's token.
      const lines = buf.split('\r\n');
      for (const l of lines.slice(0, -1)) {
        if (l.includes(token)) return done(null, l);
        if (/^\* (OK|PREAUTH)\b.*ready/i.test(l)) return done(new Error(`port ${port} answered with another server's greeting: ${l}`));
      }
    });
    sock.on('error', (e) => done(e));
    sock.on('close', () => done(new Error(`connection closed before greeting (got ${JSON.stringify(buf)})`)));
  });
}

function tailLines(text: string, lines: number): string {
  const all = text.split('\n');
  if (all.length && all[all.length - 1] === '') all.pop();
  return all.slice(-lines).join('\n');
}

function validateUser(u: DovecotUser): void {
  if (!USER_RE.test(u.user)) throw new Error(`invalid dovecot test user name ${JSON.stringify(u.user)} (allowed: ${USER_RE})`);
  if (!u.password || /[:\r\n\0]/.test(u.password)) throw new Error(`invalid password for ${u.user}: empty or contains ':' / newline`);
}

function validateFolder(name: string): void {
  if (!name || /["\\\r\n\0]/.test(name)) throw new Error(`invalid folder name ${JSON.stringify(name)}`);
}

interface MailIds {
  uid: number;
  gid: number;
}

async function resolveMailUser(): Promise<MailIds> {
  try {
    const uid = Number((await run('id', ['-u', MAIL_USER])).stdout.trim());
    const gid = Number((await run('id', ['-g', MAIL_USER])).stdout.trim());
    if (!Number.isInteger(uid) || !Number.isInteger(gid)) throw new Error('bad id output');
    return { uid, gid };
  } catch {
    throw new Error(
      `dovecot test server: mail user '${MAIL_USER}' does not exist. Run: sudo bash scripts/dovecot/install.sh`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// files of an instance

interface Paths {
  baseDir: string;
  conf: string;
  users: string;
  mail: string;
  home: string;
  run: string;
  state: string;
  logDir: string;
  log: string;
  owner: string;
}

function pathsOf(baseDir: string): Paths {
  return {
    baseDir,
    conf: path.join(baseDir, 'dovecot.conf'),
    users: path.join(baseDir, 'users'),
    mail: path.join(baseDir, 'mail'),
    home: path.join(baseDir, 'home'),
    run: path.join(baseDir, 'run'),
    state: path.join(baseDir, 'state'),
    logDir: path.join(baseDir, 'log'),
    log: path.join(baseDir, 'log', 'dovecot.log'),
    owner: path.join(baseDir, 'owner.json'),
  };
}

function tmpRoot(): string {
  const t = os.tmpdir();
  // unix socket paths (base_dir/login/...) must stay under ~100 bytes
  return t.length <= 40 && !/\s/.test(t) ? t : '/tmp';
}

function renderConfig(p: Paths, port: number, ids: MailIds, token: string, opts: StartDovecotOptions): string {
  const folders = (opts.autoFolders ?? [])
    .map((f) => `  mailbox "${f}" {\n    auto = subscribe\n  }\n`)
    .join('');
  const debug = opts.debug ? 'yes' : 'no';
  return `# Generated by scripts/dovecot/server.ts for tests. Do not edit.
instance_name = ${instanceName(port, token)}
base_dir = ${p.run}
state_dir = ${p.state}
log_path = ${p.log}
info_log_path = ${p.log}
debug_log_path = ${p.log}
log_timestamp = "%Y-%m-%d %H:%M:%S "

protocols = imap
# unique per instance: the readiness probe checks it is talking to this very dovecot
login_greeting = Doleances test ${token} ready.
listen = ${HOST}
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
auth_cache_size = 0
auth_verbose = yes
auth_debug = ${debug}
mail_debug = ${debug}

default_login_user = dovenull
default_internal_user = dovecot
first_valid_uid = ${Math.min(ids.uid, 500)}
first_valid_gid = ${Math.min(ids.gid, 1)}
mail_uid = ${ids.uid}
mail_gid = ${ids.gid}
mail_location = maildir:${p.mail}/%u
mail_fsync = never

# IDLE (enabled by default): notice changes fast, keepalive often.
mailbox_idle_check_interval = 1 secs
imap_idle_notify_interval = 1 secs

passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${p.users}
}
userdb {
  driver = passwd-file
  args = username_format=%u ${p.users}
}

namespace inbox {
  inbox = yes
  separator = /
  mailbox Drafts {
    auto = subscribe
    special_use = \\Drafts
  }
  mailbox Sent {
    auto = subscribe
    special_use = \\Sent
  }
  mailbox Junk {
    auto = subscribe
    special_use = \\Junk
  }
  mailbox Trash {
    auto = subscribe
    special_use = \\Trash
  }
${folders}}

service imap-login {
  inet_listener imap {
    address = ${HOST}
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
  # one long-lived login process serving every connection (fast, fewer forks)
  service_count = 0
  process_min_avail = 1
}
service imap {
  process_limit = 512
}
# No anvil auth penalty (it delays every login from 127.0.0.1 by up to 15 s after one failed
# LOGIN): the auth process cannot open this socket, so the penalty is disabled.
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
protocol imap {
  mail_max_userip_connections = 512
}
# Do not start services this test server never needs.
service imap-urlauth-login {
  inet_listener imap-urlauth {
    port = 0
  }
}
`;
}

function usersFileText(users: DovecotUser[], p: Paths, ids: MailIds): string {
  return users.map((u) => `${u.user}:{PLAIN}${u.password}:${ids.uid}:${ids.gid}::${p.home}/${u.user}::\n`).join('');
}

async function writeUsersFile(p: Paths, users: DovecotUser[], ids: MailIds): Promise<void> {
  const tmp = `${p.users}.tmp-${process.pid}-${Date.now()}`;
  await writeFile(tmp, usersFileText(users, p, ids), { mode: 0o640 });
  const dovecotGid = Number((await run('id', ['-g', 'dovecot'])).stdout.trim());
  await chown(tmp, 0, dovecotGid);
  await chmod(tmp, 0o640);
  await rename(tmp, p.users);
}

async function readUsersFile(p: Paths): Promise<DovecotUser[]> {
  const text = await readFile(p.users, 'utf8').catch(() => '');
  const out: DovecotUser[] = [];
  for (const line of text.split('\n')) {
    const m = /^([^:]+):\{PLAIN\}([^:]*):/.exec(line);
    if (m) out.push({ user: m[1]!, password: m[2]! });
  }
  return out;
}

/**
 * Dovecot's passwd-file is re-read when its mtime/size changes, but checked at most once per
 * second of the auth process's clock: wait for the wall-clock second to turn after the write so
 * that the next lookup sees the new file.
 */
async function waitForPasswdReload(writtenAtMs: number): Promise<void> {
  const next = (Math.floor(writtenAtMs / 1000) + 1) * 1000 + 30;
  const wait = next - Date.now();
  if (wait > 0) await sleep(wait);
}

async function addUserToFile(p: Paths, user: string, password: string, ids: MailIds): Promise<DovecotUser[]> {
  validateUser({ user, password });
  const users = (await readUsersFile(p)).filter((u) => u.user !== user);
  users.push({ user, password });
  await writeUsersFile(p, users, ids);
  await waitForPasswdReload(Date.now());
  return users;
}

// ---------------------------------------------------------------------------------------------
// doveadm helpers (usable from any process: they only need baseDir)

function doveadmBin(): string {
  const bin = findBin('doveadm', 'DOVEADM_BIN');
  if (!bin) throw new Error('doveadm not found: run sudo bash scripts/dovecot/install.sh');
  return bin;
}

async function doveadmAt(p: Paths, args: string[]): Promise<string> {
  return (await run(doveadmBin(), ['-c', p.conf, ...args])).stdout;
}

async function uidValidityAt(p: Paths, user: string, folder: string): Promise<number> {
  const out = await doveadmAt(p, ['-f', 'flow', 'mailbox', 'status', '-u', user, 'uidvalidity', folder]);
  const m = /uidvalidity=(\d+)/.exec(out);
  if (!m) throw new Error(`cannot read UIDVALIDITY of ${user}/${folder}: ${out}`);
  return Number(m[1]);
}

async function recreateMailboxAt(p: Paths, user: string, folder: string): Promise<number> {
  validateFolder(folder);
  if (folder.toUpperCase() === 'INBOX') {
    const before = await uidValidityAt(p, user, 'INBOX');
    await doveadmAt(p, ['expunge', '-u', user, 'mailbox', 'INBOX', 'all']);
    const next = Math.max(before + 1, Math.floor(Date.now() / 1000));
    await doveadmAt(p, ['mailbox', 'update', '-u', user, '--uid-validity', String(next), 'INBOX']);
    return uidValidityAt(p, user, 'INBOX');
  }
  try {
    await doveadmAt(p, ['mailbox', 'delete', '-u', user, '-s', folder]);
  } catch (e) {
    if (!/doesn't exist|not found|Mailbox doesn.t exist/i.test(String((e as Error).message))) throw e;
  }
  await doveadmAt(p, ['mailbox', 'create', '-u', user, '-s', folder]);
  return uidValidityAt(p, user, folder);
}

export interface DovecotAdmin {
  baseDir: string;
  configFile: string;
  addUser(user: string, password: string): Promise<void>;
  recreateMailbox(user: string, folder: string): Promise<number>;
  uidValidity(user: string, folder: string): Promise<number>;
  doveadm(args: string[]): Promise<string>;
}

/**
 * Admin handle on a running instance from its baseDir only (e.g. the one a vitest globalSetup
 * started and `inject('dovecot').baseDir` names). Cannot stop/restart it: that stays with the
 * process that started it.
 */
export function dovecotAdmin(baseDir: string): DovecotAdmin {
  const p = pathsOf(baseDir);
  let ids: Promise<MailIds> | undefined;
  return {
    baseDir,
    configFile: p.conf,
    async addUser(user, password) {
      ids ??= resolveMailUser();
      await addUserToFile(p, user, password, await ids);
    },
    recreateMailbox: (user, folder) => recreateMailboxAt(p, user, folder),
    uidValidity: (user, folder) => uidValidityAt(p, user, folder),
    doveadm: (args) => doveadmAt(p, args),
  };
}

// ---------------------------------------------------------------------------------------------
// child-process lifetime

const liveMasters = new Set<{ child: ChildProcess; name: string }>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Last resort if a test forgets stop(): a synchronous SIGTERM to every master still running.
  // (If this process is SIGKILLed, setpriv's parent-death signal does the same.)
  process.on('exit', () => {
    for (const { child, name } of liveMasters) {
      const pids = instancePids(name);
      if (child.pid && child.exitCode === null && child.signalCode === null) pids.push(child.pid);
      signalAll(pids, 'SIGTERM');
    }
  });
}

/** Removes temp dirs of earlier instances whose owning process died without cleaning up. */
async function removeStaleDirs(root: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(root);
  } catch {
    return;
  }
  for (const n of names) {
    if (!n.startsWith(DIR_PREFIX)) continue;
    const dir = path.join(root, n);
    try {
      const owner = JSON.parse(await readFile(path.join(dir, 'owner.json'), 'utf8')) as { pid?: number };
      if (owner.pid && isAlive(owner.pid)) continue;
      const master = Number((await readFile(path.join(dir, 'run', 'master.pid'), 'utf8').catch(() => '0')).trim());
      if (master && isAlive(master)) continue;
      await rm(dir, { recursive: true, force: true });
    } catch {
      /* not ours / in creation: leave it */
    }
  }
}

// ---------------------------------------------------------------------------------------------
// the server

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
    const dovecot = findBin('dovecot', 'DOVECOT_BIN');
    if (!dovecot) throw new Error('dovecot not found: run sudo bash scripts/dovecot/install.sh');
    const setpriv = findBin('setpriv', 'SETPRIV_BIN');
    const t0 = Date.now();
    this.output = '';
    this.token = randomBytes(6).toString('hex');
    const name = instanceName(this.port, this.token);
    await writeFile(this.p.conf, renderConfig(this.p, this.port, this.ids, this.token, this.opts), { mode: 0o644 });
    // setpriv --pdeathsig: the kernel sends SIGTERM to dovecot if this process dies, even by SIGKILL.
    const [cmd, args] = setpriv
      ? [setpriv, ['--pdeathsig', 'TERM', '--', dovecot, '-F', '-c', this.p.conf]]
      : [dovecot, ['-F', '-c', this.p.conf]];
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LANG: 'C.UTF-8' } });
    this.child = child;
    liveMasters.add({ child, name });
    installExitHook();
    const collect = (d: Buffer) => {
      this.output = (this.output + d.toString('utf8')).slice(-20_000);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    child.on('error', (e) => collect(Buffer.from(`spawn error: ${e.message}\n`)));
    // A forgotten server must not keep the test process alive; the exit hook kills it.
    child.unref();
    (child.stdout as unknown as { unref?: () => void } | null)?.unref?.();
    (child.stderr as unknown as { unref?: () => void } | null)?.unref?.();
    if (!setpriv) this.spawnWatchdog(child);

    try {
      await this.waitReady(child, t0 + this.startTimeoutMs);
    } catch (e) {
      await this.killChild(child, name);
      throw e;
    }
    this.startupMs = Date.now() - t0;
  }

  /** Without setpriv: a tiny shell loop that SIGTERMs dovecot when this process is gone. */
  private spawnWatchdog(child: ChildProcess): void {
    if (!child.pid) return;
    const w = spawn(
      '/bin/sh',
      ['-c', `while kill -0 ${process.pid} 2>/dev/null && kill -0 ${child.pid} 2>/dev/null; do sleep 1; done; kill -TERM ${child.pid} 2>/dev/null`],
      { stdio: 'ignore', detached: true },
    );
    w.unref();
  }

  private async waitReady(child: ChildProcess, deadline: number): Promise<void> {
    const exited = () => child.exitCode !== null || child.signalCode !== null;
    let lastErr = 'no attempt yet';
    let greeted = false;
    while (Date.now() < deadline) {
      if (exited()) {
        throw new Error(
          `dovecot exited during startup (code ${child.exitCode}, signal ${child.signalCode}) on ${HOST}:${this.port}` +
            ` [${child.spawnargs.join(' ')}]\n${this.logTail()}`,
        );
      }
      try {
        if (!greeted) {
          await readGreeting(this.port, this.token, Math.max(200, Math.min(3000, deadline - Date.now())));
          greeted = true;
        }
        const first = this.users[0];
        if (!first) return;
        const client = new ImapFlow({
          host: HOST,
          port: this.port,
          secure: false,
          auth: { user: first.user, pass: first.password },
          logger: false,
          connectionTimeout: 5000,
          greetingTimeout: 5000,
          disableAutoIdle: true,
        });
        client.on('error', () => {});
        try {
          await client.connect();
          await client.logout();
          return;
        } finally {
          client.close();
        }
      } catch (e) {
        lastErr = (e as Error).message || String(e);
        if ((e as { authenticationFailed?: boolean }).authenticationFailed) lastErr = `LOGIN as ${this.users[0]?.user} failed`;
        await sleep(100);
      }
    }
    throw new Error(
      `dovecot did not become ready on ${HOST}:${this.port} within ${this.startTimeoutMs} ms (last error: ${lastErr})\n${this.logTail()}`,
    );
  }

  private async waitExit(child: ChildProcess, ms: number): Promise<boolean> {
    if (child.exitCode !== null || child.signalCode !== null) return true;
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        child.off('exit', onExit);
        resolve(false);
      }, ms);
      const onExit = () => {
        clearTimeout(t);
        resolve(true);
      };
      child.once('exit', onExit);
    });
  }

  /**
   * Stops a master and waits until every process of the instance is gone. The master alone does
   * not end the imap processes of connected clients (an IDLEing one lingers): like a real service
   * stop (systemd kills the whole cgroup), every process of the instance gets SIGTERM at once, so
   * clients get "* BYE Server shutting down" and the connection drops.
   */
  private async killChild(child: ChildProcess, name: string): Promise<void> {
    const pid = child.pid;
    if (!pid) return;
    if (child.exitCode === null && child.signalCode === null) {
      signalAll([pid, ...instancePids(name)], 'SIGTERM');
      if (!(await this.waitExit(child, 8000))) {
        await run(doveadmBin(), ['-c', this.p.conf, 'stop'], 5000).catch(() => undefined);
        if (!(await this.waitExit(child, 3000))) {
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            /* gone */
          }
          await this.waitExit(child, 3000);
        }
      }
    }
    // None may linger: an old imap-login would keep the listening socket, an old imap process
    // would keep writing the maildirs.
    signalAll(instancePids(name), 'SIGTERM');
    for (const l of liveMasters) if (l.child === child) liveMasters.delete(l);
    const deadline = Date.now() + 5000;
    for (;;) {
      const left = instancePids(name);
      if (!left.length) break;
      if (Date.now() > deadline) {
        signalAll(left, 'SIGKILL');
        await sleep(200);
        break;
      }
      await sleep(25);
    }
    // A stale master.pid is harmless (dovecot checks the pid), but remove it anyway.
    rmSync(path.join(this.p.run, 'master.pid'), { force: true });
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    try {
      if (this.child) await this.killChild(this.child, instanceName(this.port, this.token));
    } finally {
      this.child = undefined;
      await rm(this.p.baseDir, { recursive: true, force: true, maxRetries: 3 });
    }
  }

  async restart(): Promise<void> {
    if (this.stopped) throw new Error('dovecot test server already stopped');
    if (this.child) await this.killChild(this.child, instanceName(this.port, this.token));
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

async function prepareDir(ids: MailIds): Promise<Paths> {
  const root = tmpRoot();
  await removeStaleDirs(root);
  const baseDir = await mkdtemp(path.join(root, DIR_PREFIX));
  const p = pathsOf(baseDir);
  // dovenull/dovecot/mail user must traverse baseDir; the rest is locked down per owner.
  await chmod(baseDir, 0o755);
  await writeFile(p.owner, JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() }) + '\n');
  for (const d of [p.run, p.state, p.logDir]) await mkdir(d, { mode: 0o755 });
  for (const d of [p.mail, p.home]) {
    await mkdir(d, { mode: 0o700 });
    await chown(d, ids.uid, ids.gid);
    await chmod(d, 0o700);
  }
  return p;
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
