// Processes of the test broker: a command run to completion (the storage formatter, openssl), and
// the broker's JVM, which must never outlive the process that started it: SIGKILL on process
// 'exit', and a watchdog (a bash process reading a pipe from us) that stops the JVM and removes the
// temp dir when that pipe closes, which the kernel does however we die (even SIGKILL).
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';

const STOP_GRACE_MS = 20_000;

/** A long-running command: what to run, and what to do once it has exited. */
export interface Command {
  bin: string;
  args: string[];
  onExit?: (code: number | null, signal: NodeJS.Signals | null) => void;
}

/** Runs a command to completion (SIGKILL after `timeoutMs`): its exit code and its stdout+stderr. */
export function run(cmd: string, args: string[], timeoutMs: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (output += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (output += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, output });
    });
  });
}

export async function logTail(logFile: string, lines = 60): Promise<string> {
  try {
    const text = await readFile(logFile, 'utf8');
    return text.split('\n').slice(-lines).join('\n').trim() || '(log is empty)';
  } catch {
    return '(no log file)';
  }
}

export interface Running {
  java: ChildProcess;
  watchdog: ChildProcess | undefined;
  exited: Promise<void>;
  exitCode: number | null;
  exitSignal: NodeJS.Signals | null;
}

export const live = new Set<{ running: Running | undefined; dataDir: string }>();
let exitHookInstalled = false;

export function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const b of live) {
      try {
        b.running?.watchdog?.kill('SIGKILL');
      } catch {}
      try {
        b.running?.java.kill('SIGKILL');
      } catch {}
      try {
        rmSync(b.dataDir, { recursive: true, force: true, maxRetries: 3 });
      } catch {}
    }
  });
}

// Blocks on its stdin, a pipe only we hold the other end of. When we die, in any way, the pipe
// closes: it then sends SIGTERM to the JVM, SIGKILL after a grace period, and removes the temp dir.
// stop() kills the watchdog itself (SIGKILL) first, so a normal stop never trips it.
const WATCHDOG = `
while IFS= read -r _; do :; done
kill -TERM "$1" 2>/dev/null
for _ in $(seq 100); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
kill -KILL "$1" 2>/dev/null
case "$2" in */doleances-kafka-*) rm -rf -- "$2" ;; esac
`;

/** Starts `command` in `dataDir`, its output appended to `logFile`, guarded by a watchdog. */
export function spawnGuarded(command: Command, dataDir: string, logFile: string): Running {
  const { bin, args } = command;
  const fd = openSync(logFile, 'a');
  writeSync(fd, `\n===== ${new Date().toISOString()} ${bin} ${args.join(' ')}\n`);
  let java: ChildProcess;
  try {
    java = spawn(bin, args, { stdio: ['ignore', fd, fd], cwd: dataDir });
  } finally {
    closeSync(fd);
  }
  let markExited!: () => void;
  const running: Running = {
    java,
    watchdog: undefined,
    exitCode: null,
    exitSignal: null,
    exited: new Promise<void>((r) => (markExited = r)),
  };
  java.on('exit', (code, signal) => {
    running.exitCode = code;
    running.exitSignal = signal;
    command.onExit?.(code, signal);
    running.watchdog?.kill('SIGKILL'); // nothing left to guard (and the JVM's pid may be reused)
    markExited();
  });
  java.on('error', (e) => {
    running.exitCode = -1;
    void writeFile(logFile, `could not run ${bin}: ${e.message}\n`, { flag: 'a' }).finally(markExited);
  });
  if (java.pid !== undefined) {
    const watchdog = spawn('bash', ['-c', WATCHDOG, 'kafka-watchdog', String(java.pid), dataDir], {
      stdio: ['pipe', 'ignore', 'ignore'],
      detached: true, // not in our process group: a Ctrl-C to us must not trip it
    });
    watchdog.on('error', () => {});
    watchdog.unref();
    (watchdog.stdin as unknown as { unref?: () => void } | null)?.unref?.();
    running.watchdog = watchdog;
  }
  return running;
}

export async function stopProcess(running: Running, graceMs = STOP_GRACE_MS): Promise<void> {
  running.watchdog?.kill('SIGKILL');
  if (running.exitCode !== null || running.exitSignal !== null) return;
  running.java.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const timedOut = await Promise.race([
    running.exited.then(() => false),
    new Promise<boolean>((r) => (timer = setTimeout(() => r(true), graceMs))),
  ]);
  clearTimeout(timer);
  if (timedOut) {
    running.java.kill('SIGKILL');
    await running.exited;
  }
}
