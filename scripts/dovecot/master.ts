// The dovecot master of a test instance as a child process (`dovecot -F -c <conf>`): spawned so it
// never outlives this process (setpriv's parent-death signal, else a shell watchdog, plus an exit
// hook), and stopped with every process of the instance, as a real service stop would.
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { doveadmBin } from './admin.ts';
import type { Paths } from './layout.ts';
import { findBin, instancePids, run, signalAll, sleep } from './system.ts';

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

export interface MasterCommand {
  file: string;
  args: string[];
  /** Run under `setpriv --pdeathsig`, so no watchdog is needed. */
  pdeathsig: boolean;
}

/** The command line of the master for `conf`. Throws if dovecot is not installed. */
export function masterCommand(conf: string): MasterCommand {
  const dovecot = findBin('dovecot', 'DOVECOT_BIN');
  if (!dovecot) throw new Error('dovecot not found: run sudo bash scripts/dovecot/install.sh');
  const setpriv = findBin('setpriv', 'SETPRIV_BIN');
  // setpriv --pdeathsig: the kernel sends SIGTERM to dovecot if this process dies, even by SIGKILL.
  return setpriv
    ? { file: setpriv, args: ['--pdeathsig', 'TERM', '--', dovecot, '-F', '-c', conf], pdeathsig: true }
    : { file: dovecot, args: ['-F', '-c', conf], pdeathsig: false };
}

/** Spawns the master of instance `name`; its stdout and stderr go to `onOutput`. */
export function spawnMaster(cmd: MasterCommand, name: string, onOutput: (text: string) => void): ChildProcess {
  const child = spawn(cmd.file, cmd.args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LANG: 'C.UTF-8' } });
  liveMasters.add({ child, name });
  installExitHook();
  const collect = (d: Buffer) => onOutput(d.toString('utf8'));
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  child.on('error', (e) => collect(Buffer.from(`spawn error: ${e.message}\n`)));
  // A forgotten server must not keep the test process alive; the exit hook kills it.
  child.unref();
  (child.stdout as unknown as { unref?: () => void } | null)?.unref?.();
  (child.stderr as unknown as { unref?: () => void } | null)?.unref?.();
  if (!cmd.pdeathsig) spawnWatchdog(child);
  return child;
}

/** Without setpriv: a tiny shell loop that SIGTERMs dovecot when this process is gone. */
function spawnWatchdog(child: ChildProcess): void {
  if (!child.pid) return;
  const w = spawn(
    '/bin/sh',
    ['-c', `while kill -0 ${process.pid} 2>/dev/null && kill -0 ${child.pid} 2>/dev/null; do sleep 1; done; kill -TERM ${child.pid} 2>/dev/null`],
    { stdio: 'ignore', detached: true },
  );
  w.unref();
}

async function waitExit(child: ChildProcess, ms: number): Promise<boolean> {
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
export async function stopMaster(child: ChildProcess, name: string, p: Paths): Promise<void> {
  const pid = child.pid;
  if (!pid) return;
  if (child.exitCode === null && child.signalCode === null) {
    signalAll([pid, ...instancePids(name)], 'SIGTERM');
    if (!(await waitExit(child, 8000))) {
      await run(doveadmBin(), ['-c', p.conf, 'stop'], 5000).catch(() => undefined);
      if (!(await waitExit(child, 3000))) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          /* gone */
        }
        await waitExit(child, 3000);
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
  rmSync(path.join(p.run, 'master.pid'), { force: true });
}
