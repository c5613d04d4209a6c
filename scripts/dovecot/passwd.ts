// The accounts of a test instance: Dovecot's passwd-file (`users` in the instance dir), PLAIN
// passwords, every account mapped to the one mail user. Accounts can be added while it runs.
import { chmod, chown, readFile, rename, writeFile } from 'node:fs/promises';
import type { MailIds, Paths } from './layout.ts';
import { run, sleep } from './system.ts';

export interface DovecotUser {
  user: string;
  password: string;
}

export const DEFAULT_DOVECOT_USERS: readonly DovecotUser[] = Object.freeze([
  { user: 'plaintes', password: 'plaintes-secret' },
  { user: 'requetes', password: 'requetes-secret' },
]);

const USER_RE = /^[A-Za-z0-9][A-Za-z0-9._@+-]{0,127}$/;

export function validateUser(u: DovecotUser): void {
  if (!USER_RE.test(u.user)) throw new Error(`invalid dovecot test user name ${JSON.stringify(u.user)} (allowed: ${USER_RE})`);
  if (!u.password || /[:\r\n\0]/.test(u.password)) throw new Error(`invalid password for ${u.user}: empty or contains ':' / newline`);
}

function usersFileText(users: DovecotUser[], p: Paths, ids: MailIds): string {
  return users.map((u) => `${u.user}:{PLAIN}${u.password}:${ids.uid}:${ids.gid}::${p.home}/${u.user}::\n`).join('');
}

export async function writeUsersFile(p: Paths, users: DovecotUser[], ids: MailIds): Promise<void> {
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

export async function addUserToFile(p: Paths, user: string, password: string, ids: MailIds): Promise<DovecotUser[]> {
  validateUser({ user, password });
  const users = (await readUsersFile(p)).filter((u) => u.user !== user);
  users.push({ user, password });
  await writeUsersFile(p, users, ids);
  await waitForPasswdReload(Date.now());
  return users;
}
