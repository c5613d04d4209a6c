// doveadm on a test instance, usable from any process since it needs only the instance's baseDir:
// the `dovecotAdmin(baseDir)` handle (add an account, recreate a mailbox so its UIDVALIDITY
// changes, read UIDVALIDITY, run any doveadm command).
import { pathsOf, resolveMailUser, type MailIds, type Paths } from './layout.ts';
import { addUserToFile } from './passwd.ts';
import { findBin, run } from './system.ts';

export function validateFolder(name: string): void {
  if (!name || /["\\\r\n\0]/.test(name)) throw new Error(`invalid folder name ${JSON.stringify(name)}`);
}

export function doveadmBin(): string {
  const bin = findBin('doveadm', 'DOVEADM_BIN');
  if (!bin) throw new Error('doveadm not found: run sudo bash scripts/dovecot/install.sh');
  return bin;
}

export async function doveadmAt(p: Paths, args: string[]): Promise<string> {
  return (await run(doveadmBin(), ['-c', p.conf, ...args])).stdout;
}

async function uidValidityAt(p: Paths, user: string, folder: string): Promise<number> {
  const out = await doveadmAt(p, ['-f', 'flow', 'mailbox', 'status', '-u', user, 'uidvalidity', folder]);
  const m = /uidvalidity=(\d+)/.exec(out);
  if (!m) throw new Error(`cannot read UIDVALIDITY of ${user}/${folder}: ${out}`);
  return Number(m[1]);
}

export async function recreateMailboxAt(p: Paths, user: string, folder: string): Promise<number> {
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
