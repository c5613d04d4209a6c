// A real single-node Apache Kafka broker (KRaft: broker and controller in one JVM, no ZooKeeper,
// no Docker) for the kafka test project and for developers without Docker (scripts/kafka/run.ts).
//
// The jars come from Maven Central through scripts/kafka/fetch.sh into .cache/kafka/<version>/libs/.
// Each broker gets two free loopback ports and its own temp dir (config, data, log file). It never
// outlives the process that started it: SIGKILL on process 'exit', and a watchdog (a bash process
// reading a pipe from us) that stops the JVM and removes the temp dir when that pipe closes, which
// the kernel does however we die (even SIGKILL).
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readdirSync, realpathSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kafka, logLevel } from 'kafkajs';

export interface KafkaBroker {
  /** kafkajs `brokers` list, e.g. ['127.0.0.1:40123']. */
  brokers: string[];
  port: number;
  /** Temp dir holding server.properties, the data (data/) and the log file; removed by stop(). */
  dataDir: string;
  /** The JVM's stdout and stderr (log4j at WARN, plus the started/stopped lines). */
  logFile: string;
  /** The Kafka version running, e.g. '3.9.1'. */
  kafkaVersion: string;
  /** SIGTERM, SIGKILL if still alive after a grace period, then the temp dir is deleted. Idempotent. */
  stop(): Promise<void>;
  /** Stops the JVM (data kept) and starts it again on the same ports with the same data. */
  restart(): Promise<void>;
}

export interface StartKafkaBrokerOptions {
  /** `num.partitions` for topics created without an explicit count. Default 1. */
  partitionsDefault?: number;
  /**
   * How long to wait for the JVM to answer once spawned, per start and per restart. Default 90 s.
   * (The first fetch of the jars from Maven Central, ~46 MB, comes before and is not counted.)
   */
  startTimeoutMs?: number;
}

const here = dirname(fileURLToPath(import.meta.url));
const fetchScript = join(here, 'fetch.sh');
const log4jConfig = join(here, 'log4j.properties');
const STOP_GRACE_MS = 20_000;
const PORT_ATTEMPTS = 3;

const javaBin = (): string =>
  process.env.KAFKA_JAVA ?? (process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java');

// The broker runs C1-only (-XX:TieredStopAtLevel=1): it starts about twice as fast, and tests push
// little data through it. KAFKA_TEST_JVM_OPTS is appended last, so it can override any of these,
// e.g. KAFKA_TEST_JVM_OPTS='-Xmx1g -XX:TieredStopAtLevel=4' (split on spaces).
const extraJvmOpts = (): string[] => (process.env.KAFKA_TEST_JVM_OPTS ?? '').split(/\s+/).filter(Boolean);
const toolJvmOpts = ['-Xmx256m', '-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-Djava.awt.headless=true'];
const brokerJvmOpts = (dataDir: string): string[] => [
  '-Xms128m',
  '-Xmx512m',
  '-XX:+UseG1GC',
  '-XX:MaxGCPauseMillis=20',
  '-XX:TieredStopAtLevel=1',
  '-XX:+ExitOnOutOfMemoryError',
  '-Djava.awt.headless=true',
  `-Dlog4j.configuration=file:${log4jConfig}`,
  `-Dkafka.logs.dir=${dataDir}`,
];

// ---------------------------------------------------------------------------------------------
// Class-data sharing: the JVM spends most of the broker's start loading ~60 jars' classes. The
// first broker that stops cleanly leaves a dynamic CDS archive in the libs folder
// (-XX:ArchiveClassesAtExit); later starts map it (-XX:SharedArchiveFile) and start in about a
// third of the time. The archive is keyed by the JDK; one that no longer matches (JDK or jars
// changed) is ignored by the JVM, which then just starts the slow way. KAFKA_TEST_CDS=0 turns it off.

function jdkKey(): string {
  let bin = javaBin();
  if (!bin.includes('/')) {
    for (const dir of (process.env.PATH ?? '').split(':')) {
      if (dir && existsSync(join(dir, bin))) {
        bin = join(dir, bin);
        break;
      }
    }
  }
  try {
    const real = realpathSync(bin);
    const libjvm = join(dirname(dirname(real)), 'lib', 'server', 'libjvm.so');
    const st = statSync(existsSync(libjvm) ? libjvm : real);
    return createHash('sha1').update(`${real}|${st.size}|${st.mtimeMs}`).digest('hex').slice(0, 10);
  } catch {
    return 'unknown';
  }
}

/** The storage formatter shares the broker's classpath, so it can map the same archive. */
function toolCds(libs: string): string[] {
  const archive = cdsArchive(libs);
  return archive && existsSync(archive) ? [`-XX:SharedArchiveFile=${archive}`] : [];
}

interface Cds {
  opts: string[];
  /** Called once the JVM has exited: keeps a freshly dumped archive if the exit was clean. */
  onExit?: (code: number | null, signal: NodeJS.Signals | null) => void;
}

function cdsArchive(libs: string): string | undefined {
  if (process.env.KAFKA_TEST_CDS === '0') return undefined;
  return join(libs, `broker-cds-${jdkKey()}.jsa`);
}

function brokerCds(libs: string): Cds {
  const archive = cdsArchive(libs);
  if (!archive) return { opts: [] };
  if (existsSync(archive)) return { opts: [`-XX:SharedArchiveFile=${archive}`] };
  // Leftovers of JVMs killed before they could dump.
  try {
    for (const f of readdirSync(libs)) {
      const p = join(libs, f);
      if (f.endsWith('.jsa.tmp') && Date.now() - statSync(p).mtimeMs > 10 * 60_000) rmSync(p, { force: true });
    }
  } catch {}
  const tmp = `${archive}.${process.pid}-${randomBytes(4).toString('hex')}.jsa.tmp`;
  return {
    opts: [`-XX:ArchiveClassesAtExit=${tmp}`],
    onExit: (code, signal) => {
      try {
        // 143: exited through its shutdown hooks after our SIGTERM. Killed (SIGKILL): the dump,
        // if any, may be cut short.
        if (signal === null && (code === 0 || code === 143) && statSync(tmp).size > 0 && !existsSync(archive)) {
          renameSync(tmp, archive);
        }
      } catch {}
      rmSync(tmp, { force: true });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Jars

let libsPromise: Promise<string> | undefined;

/** Runs scripts/kafka/fetch.sh (a no-op when the jars are there) and returns the classpath dir. */
export function ensureKafkaLibs(): Promise<string> {
  libsPromise ??= new Promise<string>((resolvePromise, reject) => {
    const child = spawn('bash', [fetchScript], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      err += d;
      process.stderr.write(d); // the first fetch takes a while: show progress
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const dir = out.trim().split('\n').pop()?.trim() ?? '';
      if (code === 0 && dir && existsSync(dir)) resolvePromise(dir);
      else reject(new Error(`scripts/kafka/fetch.sh failed (exit ${code}):\n${err.slice(-4000)}`));
    });
  });
  libsPromise.catch(() => (libsPromise = undefined)); // let a later call try again
  return libsPromise;
}

// ---------------------------------------------------------------------------------------------
// Helpers

function freePort(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => (port ? resolvePromise(port) : reject(new Error('no free port'))));
    });
  });
}

async function twoFreePorts(): Promise<[number, number]> {
  const a = await freePort();
  let b = await freePort();
  while (b === a) b = await freePort();
  return [a, b];
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * A KRaft cluster id: 16 random bytes, base64url without padding, as `kafka-storage random-uuid`
 * prints. Like Kafka's own Uuid.randomUuid(), never one starting with '-': the storage tool's
 * argument parser would take it for an option.
 */
function randomClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

async function logTail(logFile: string, lines = 60): Promise<string> {
  try {
    const text = await readFile(logFile, 'utf8');
    return text.split('\n').slice(-lines).join('\n').trim() || '(log is empty)';
  } catch {
    return '(no log file)';
  }
}

function run(cmd: string, args: string[], timeoutMs: number): Promise<{ code: number | null; output: string }> {
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

function serverProperties(o: { port: number; controllerPort: number; logDir: string; partitions: number }): string {
  return `# Written by scripts/kafka/broker.ts: single-node KRaft broker for tests.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:${o.controllerPort}
listeners=PLAINTEXT://127.0.0.1:${o.port},CONTROLLER://127.0.0.1:${o.controllerPort}
advertised.listeners=PLAINTEXT://127.0.0.1:${o.port}
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=${o.logDir}
num.partitions=${o.partitions}
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=1
auto.create.topics.enable=false
group.initial.rebalance.delay.ms=0
num.network.threads=2
num.io.threads=4
num.recovery.threads.per.data.dir=1
log.cleaner.dedupe.buffer.size=16777216
log.retention.hours=24
`;
}

// ---------------------------------------------------------------------------------------------
// Processes that must not outlive us

interface Running {
  java: ChildProcess;
  watchdog: ChildProcess | undefined;
  exited: Promise<void>;
  exitCode: number | null;
  exitSignal: NodeJS.Signals | null;
}

const live = new Set<{ running: Running | undefined; dataDir: string }>();
let exitHookInstalled = false;

function installExitHook(): void {
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

function spawnBroker(libs: string, dataDir: string, propsFile: string, logFile: string): Running {
  const cds = brokerCds(libs);
  const args = [...brokerJvmOpts(dataDir), ...cds.opts, ...extraJvmOpts(), '-cp', `${libs}/*`, 'kafka.Kafka', propsFile];
  const fd = openSync(logFile, 'a');
  writeSync(fd, `\n===== ${new Date().toISOString()} ${javaBin()} ${args.join(' ')}\n`);
  let java: ChildProcess;
  try {
    java = spawn(javaBin(), args, { stdio: ['ignore', fd, fd], cwd: dataDir });
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
    cds.onExit?.(code, signal);
    running.watchdog?.kill('SIGKILL'); // nothing left to guard (and the JVM's pid may be reused)
    markExited();
  });
  java.on('error', (e) => {
    running.exitCode = -1;
    void writeFile(logFile, `could not run ${javaBin()}: ${e.message}\n`, { flag: 'a' }).finally(markExited);
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

async function stopProcess(running: Running, graceMs = STOP_GRACE_MS): Promise<void> {
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

/** Resolves once the broker answers describeCluster (with itself in it) and a metadata request. */
async function waitUntilReady(
  brokers: string[],
  running: Running,
  logFile: string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = 'no attempt yet';
  while (Date.now() < deadline) {
    if (running.exitCode !== null || running.exitSignal !== null) {
      throw new Error(
        `Kafka broker exited during startup (code ${running.exitCode}, signal ${running.exitSignal}).\n` +
          `--- ${logFile} (tail) ---\n${await logTail(logFile)}`,
      );
    }
    const admin = new Kafka({
      clientId: 'doleances-kafka-probe',
      brokers,
      logLevel: logLevel.NOTHING,
      connectionTimeout: 1_000,
      requestTimeout: 5_000,
      retry: { retries: 0 },
    }).admin();
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      if (!cluster.brokers.some((b) => b.nodeId === 1)) throw new Error('broker not yet registered');
      await admin.fetchTopicMetadata({ topics: [] });
      return;
    } catch (e) {
      lastError = e instanceof Error ? e.message : String(e);
    } finally {
      await admin.disconnect().catch(() => {});
    }
    await sleep(250);
  }
  throw new Error(
    `Kafka broker on ${brokers.join(',')} did not answer within ${timeoutMs} ms (last error: ${lastError}).\n` +
      `--- ${logFile} (tail) ---\n${await logTail(logFile)}`,
  );
}

// ---------------------------------------------------------------------------------------------

export async function startKafkaBroker(opts: StartKafkaBrokerOptions = {}): Promise<KafkaBroker> {
  const partitions = opts.partitionsDefault ?? 1;
  const startTimeoutMs = opts.startTimeoutMs ?? 90_000;
  const libs = await ensureKafkaLibs();
  const kafkaVersion = basename(dirname(libs));
  installExitHook();

  let lastError: unknown;
  for (let attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
    const dataDir = await mkdtemp(join(tmpdir(), 'doleances-kafka-'));
    const entry: { running: Running | undefined; dataDir: string } = { running: undefined, dataDir };
    live.add(entry);
    const logFile = join(dataDir, 'broker.log');
    const propsFile = join(dataDir, 'server.properties');
    const logDir = join(dataDir, 'data');
    try {
      const [port, controllerPort] = await twoFreePorts();
      await mkdir(logDir);
      await writeFile(propsFile, serverProperties({ port, controllerPort, logDir, partitions }));
      const format = await run(
        javaBin(),
        [...toolJvmOpts, ...toolCds(libs), `-Dlog4j.configuration=file:${log4jConfig}`, '-cp', `${libs}/*`,
          'kafka.tools.StorageTool', 'format', '-t', randomClusterId(), '-c', propsFile],
        60_000,
      );
      await writeFile(logFile, format.output, { flag: 'a' });
      if (format.code !== 0) throw new Error(`kafka.tools.StorageTool format failed (exit ${format.code}):\n${format.output}`);

      const brokers = [`127.0.0.1:${port}`];
      entry.running = spawnBroker(libs, dataDir, propsFile, logFile);
      await waitUntilReady(brokers, entry.running, logFile, startTimeoutMs);
      return makeHandle({ entry, brokers, port, dataDir, logFile, propsFile, libs, kafkaVersion, startTimeoutMs });
    } catch (e) {
      lastError = e;
      if (entry.running) await stopProcess(entry.running, 5_000);
      live.delete(entry);
      await rm(dataDir, { recursive: true, force: true }).catch(() => {});
      // Another process took one of our ports between the probe and the bind: try new ones.
      const msg = e instanceof Error ? e.message : String(e);
      if (!/Address already in use|BindException/.test(msg)) break;
    }
  }
  throw lastError instanceof Error ? lastError : new Error(String(lastError));
}

function makeHandle(o: {
  entry: { running: Running | undefined; dataDir: string };
  brokers: string[];
  port: number;
  dataDir: string;
  logFile: string;
  propsFile: string;
  libs: string;
  kafkaVersion: string;
  startTimeoutMs: number;
}): KafkaBroker {
  const { entry, dataDir, logFile } = o;
  let stopped = false;
  let busy: Promise<void> = Promise.resolve();
  // stop() and restart() run one after the other, never interleaved.
  const serial = (fn: () => Promise<void>): Promise<void> => {
    const next = busy.then(fn, fn);
    busy = next.catch(() => {});
    return next;
  };

  return {
    brokers: o.brokers,
    port: o.port,
    dataDir,
    logFile,
    kafkaVersion: o.kafkaVersion,
    stop: () =>
      serial(async () => {
        if (stopped) return;
        stopped = true;
        if (entry.running) await stopProcess(entry.running);
        entry.running = undefined;
        live.delete(entry);
        await rm(dataDir, { recursive: true, force: true, maxRetries: 3 });
      }),
    restart: () =>
      serial(async () => {
        if (stopped) throw new Error('restart() after stop(): the broker and its data are gone');
        if (entry.running) await stopProcess(entry.running);
        // The ports were ours a moment ago; if the kernel is slow to let go, try again briefly.
        const deadline = Date.now() + o.startTimeoutMs;
        for (;;) {
          entry.running = spawnBroker(o.libs, dataDir, o.propsFile, logFile);
          try {
            await waitUntilReady(o.brokers, entry.running, logFile, Math.max(1_000, deadline - Date.now()));
            return;
          } catch (e) {
            await stopProcess(entry.running, 5_000);
            const msg = e instanceof Error ? e.message : String(e);
            if (!/Address already in use|BindException/.test(msg) || Date.now() > deadline) throw e;
            await sleep(500);
          }
        }
      }),
  };
}
