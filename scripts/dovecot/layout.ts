// The temp dir of one Dovecot test instance, and the mail user that owns its maildirs.
//
// Layout of <baseDir> (fixed, so `dovecotAdmin(baseDir)` works from any process, e.g. a vitest
// worker talking to the server started by a globalSetup):
//   dovecot.conf  users (passwd-file)  mail/<user>/ (maildirs)  home/<user>/  run/ (base_dir)
//   state/  log/dovecot.log  owner.json
import { chmod, chown, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { isAlive, run } from './system.ts';

const DIR_PREFIX = 'doleances-dovecot-';
export const MAIL_USER = process.env.DOLEANCES_DOVECOT_MAIL_USER || 'doleancesmail';

export interface MailIds {
  uid: number;
  gid: number;
}

export async function resolveMailUser(): Promise<MailIds> {
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

export interface Paths {
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

export function pathsOf(baseDir: string): Paths {
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

/** Creates a new instance dir (after sweeping stale ones) with its subdirs and owner.json. */
export async function prepareDir(ids: MailIds): Promise<Paths> {
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
