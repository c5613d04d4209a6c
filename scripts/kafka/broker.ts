// A real single-node Apache Kafka broker (KRaft: broker and controller in one JVM, no ZooKeeper,
// no Docker) for the kafka test project and for developers without Docker (scripts/kafka/run.ts).
//
// The jars come from Maven Central through scripts/kafka/fetch.sh into .cache/kafka/<version>/libs/
// (scripts/kafka/jvm.ts). Each broker gets free loopback ports and its own temp dir (config, data,
// log file), and never outlives the process that started it (scripts/kafka/process.ts). On request
// it also listens with SASL_SSL, as a secured production cluster would (scripts/kafka/security.ts).
import { randomBytes } from 'node:crypto';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Kafka, logLevel, type KafkaConfig } from 'kafkajs';
import { brokerCommand, ensureKafkaLibs, formatStorage } from './jvm.ts';
import { installExitHook, live, logTail, spawnGuarded, stopProcess, type Running } from './process.ts';
import { SECURE_LISTENER, SASL_MECHANISMS, saslSslProperties, scramFormatArgs, writeTlsFiles, type SaslSslListener, type SaslSslOptions } from './security.ts';

export { ensureKafkaLibs } from './jvm.ts';
export type { SaslSslListener, SaslSslOptions } from './security.ts';

export interface KafkaBroker {
  /** kafkajs `brokers` list, e.g. ['127.0.0.1:40123']. */
  brokers: string[];
  port: number;
  /** Temp dir holding server.properties, the data (data/) and the log file; removed by stop(). */
  dataDir: string;
  /** The JVM's stdout and stderr (log4j at WARN, plus the started/stopped lines). */
  logFile: string;
  /** The SASL_SSL listener, when asked for with `saslSsl`. */
  saslSsl: SaslSslListener | undefined;
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
  /** Also listen with SASL_SSL (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512) for these users. */
  saslSsl?: SaslSslOptions;
}

const PORT_ATTEMPTS = 3;

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

async function freePorts(n: number): Promise<number[]> {
  const ports: number[] = [];
  while (ports.length < n) {
    const p = await freePort();
    if (!ports.includes(p)) ports.push(p);
  }
  return ports;
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

interface Listeners {
  port: number;
  controllerPort: number;
  secure?: { port: number; keystoreFile: string; users: Record<string, string> };
}

function serverProperties(o: Listeners & { logDir: string; partitions: number }): string {
  const secure = o.secure ? `,${SECURE_LISTENER}://127.0.0.1:${o.secure.port}` : '';
  return `# Written by scripts/kafka/broker.ts: single-node KRaft broker for tests.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:${o.controllerPort}
listeners=PLAINTEXT://127.0.0.1:${o.port},CONTROLLER://127.0.0.1:${o.controllerPort}${secure}
advertised.listeners=PLAINTEXT://127.0.0.1:${o.port}${secure}
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT${o.secure ? `,${SECURE_LISTENER}:SASL_SSL` : ''}
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
${o.secure ? saslSslProperties(o.secure) : ''}`;
}

/** How a client reaches one listener: the plaintext one, or the secure one with TLS and SASL. */
type Probe = Pick<KafkaConfig, 'brokers' | 'ssl' | 'sasl'> & { brokers: string[] };

/**
 * Resolves once the broker answers describeCluster (with itself in it) and a metadata request,
 * on every listener probed.
 */
async function waitUntilReady(probes: Probe[], running: Running, logFile: string, timeoutMs: number): Promise<void> {
  for (const probe of probes) await waitForListener(probe, running, logFile, timeoutMs);
}

async function waitForListener(probe: Probe, running: Running, logFile: string, timeoutMs: number): Promise<void> {
  const { brokers } = probe;
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
      ...probe,
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
      const [port, controllerPort, securePort] = await freePorts(opts.saslSsl ? 3 : 2);
      const listeners: Listeners = { port: port!, controllerPort: controllerPort! };
      let saslSsl: SaslSslListener | undefined;
      const probes: Probe[] = [{ brokers: [`127.0.0.1:${port}`] }];
      if (opts.saslSsl) {
        const { caFile, keystoreFile } = await writeTlsFiles(join(dataDir, 'tls'));
        listeners.secure = { port: securePort!, keystoreFile, users: opts.saslSsl.users };
        saslSsl = { brokers: [`127.0.0.1:${securePort}`], port: securePort!, caFile, mechanisms: SASL_MECHANISMS };
        const [username, password] = Object.entries(opts.saslSsl.users)[0]!;
        probes.push({ brokers: saslSsl.brokers, ssl: { ca: [await readFile(caFile, 'utf8')] }, sasl: { mechanism: 'scram-sha-256', username, password } });
      }
      await mkdir(logDir);
      await writeFile(propsFile, serverProperties({ ...listeners, logDir, partitions }));
      const formatted = await formatStorage(libs, propsFile, randomClusterId(), opts.saslSsl ? scramFormatArgs(opts.saslSsl.users) : []);
      await writeFile(logFile, formatted, { flag: 'a' });

      entry.running = spawnGuarded(brokerCommand(libs, dataDir, propsFile), dataDir, logFile);
      await waitUntilReady(probes, entry.running, logFile, startTimeoutMs);
      return makeHandle({ entry, brokers: probes[0]!.brokers, port: port!, saslSsl, probes, dataDir, logFile, propsFile, libs, kafkaVersion, startTimeoutMs });
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
  saslSsl: SaslSslListener | undefined;
  probes: Probe[];
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
    saslSsl: o.saslSsl,
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
          entry.running = spawnGuarded(brokerCommand(o.libs, dataDir, o.propsFile), dataDir, logFile);
          try {
            await waitUntilReady(o.probes, entry.running, logFile, Math.max(1_000, deadline - Date.now()));
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
