// Host helpers of the Dovecot test server: run a command to completion, find a binary, and find or
// signal the processes of one instance through /proc (Linux only).
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

interface ExecResult {
  stdout: string;
  stderr: string;
}

export function run(file: string, args: string[], timeoutMs = 30_000): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: timeoutMs, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) {
        const e = new Error(`${file} ${args.join(' ')} failed: ${err.message.trim()}\n${stderr}`.trim());
        reject(Object.assign(e, { stdout, stderr, code: (err as NodeJS.ErrnoException).code }));
      } else resolve({ stdout, stderr });
    });
  });
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** `$envVar` if set, else the first `name` on PATH or in the usual sbin/bin dirs; '' if none. */
export function findBin(name: string, envVar: string): string {
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

export function isAlive(pid: number): boolean {
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
export function instancePids(instanceName: string): number[] {
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

export function signalAll(pids: Iterable<number>, sig: NodeJS.Signals): void {
  for (const p of pids) {
    try {
      process.kill(p, sig);
    } catch {
      /* gone */
    }
  }
}
