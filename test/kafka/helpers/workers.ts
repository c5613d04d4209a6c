// Doléances worker processes for the Kafka fault suites: `bin/doleances start --role …` as a
// user would run them, each with a data directory of its own, all sharing the broker, a topic
// prefix and the data keys. stdout gives readiness (and the store's URL); stderr is kept (last
// 64 KB) to explain a failure.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../../../core/config.ts';

const BIN = path.join(REPO_ROOT, 'bin', 'doleances');

export interface Cluster {
  brokers: string[];
  prefix: string;
  keys: string;
  /** Extra environment for every worker (e.g. KAFKA_TOPIC_PARTITIONS). */
  env?: Record<string, string>;
}

export interface Worker {
  role: string;
  dataDir: string;
  child: ChildProcess;
  /** The store's web address, once ready (null for other roles). */
  url: string | null;
  stderr(): string;
  /** SIGTERM (clean stop) or SIGKILL; resolves with the exit code or signal. */
  stop(signal?: NodeJS.Signals): Promise<number | string | null>;
}

export function workerEnv(cluster: Cluster, dataDir: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    KAFKA_BROKERS: cluster.brokers.join(','),
    KAFKA_TOPIC_PREFIX: cluster.prefix,
    DOLEANCES_DATA_KEYS: cluster.keys,
    DOLEANCES_DATA_DIR: dataDir,
    DOLEANCES_SEED_EXAMPLES: 'false',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'warn',
    ...cluster.env,
  };
}

const created = new Set<string>();

export function newDataDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  created.add(dir);
  return dir;
}

/** Deletes every data directory newDataDir made in this test file (once its processes are gone). */
export function removeDataDirs(): void {
  for (const dir of created) fs.rmSync(dir, { recursive: true, force: true });
  created.clear();
}

export async function startWorker(cluster: Cluster, role: string, dataDir = newDataDir(`dol-${role.replace(/,/g, '-')}-`), extraEnv: Record<string, string> = {}): Promise<Worker> {
  const child = spawn(process.execPath, [BIN, 'start', '--role', role], { env: { ...workerEnv(cluster, dataDir), ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-65_536)));
  const exited = new Promise<number | string | null>((r) => child.once('exit', (code, signal) => r(signal ?? code)));
  let exit: number | string | null | undefined;
  void exited.then((e) => (exit = e));
  const deadline = Date.now() + 60_000;
  let line: string | undefined;
  while (!(line = /Doléances en marche : (\S+)/.exec(out)?.[1])) {
    if (exit !== undefined) throw new Error(`worker ${role} exited (${exit}) before it was ready:\n${err.slice(-4000)}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`worker ${role} not ready in 60 s:\n${err.slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    role,
    dataDir,
    child,
    url: line.startsWith('http') ? line : null,
    stderr: () => err,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (exit !== undefined) return exit;
      child.kill(signal);
      return exited;
    },
  };
}

/** The number of cases the store reports on /healthz. */
export async function healthCases(store: Worker): Promise<number> {
  const res = await fetch(`${store.url}healthz`);
  return ((await res.json()) as { cases: number }).cases;
}

/** Runs one `bin/doleances …` command against the cluster; resolves with its exit and output. */
export function runCli(cluster: Cluster, args: string[], dataDir: string, extraEnv: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...workerEnv(cluster, dataDir), ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
