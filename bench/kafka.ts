// The Kafka section of `npm run bench`: on one local broker (scripts/kafka/broker.ts, started and
// stopped here), the same N intake events go through
//   1. bare kafkajs: an idempotent acks=all producer and a consumer group, nothing else (the
//      ceiling the broker and client allow on this machine);
//   2. the Kafka log adapter alone: publishEvents → KafkaLog → consumeEvents with a no-op handler
//      (validation at both ends, keys, headers, commit after each batch);
//   3. the pipeline, intake → classify → store (DuckDB), all roles in this process;
//   4. the same pipeline scaled out: the store and two classify workers as separate processes.
// Each is reported in messages/s with its ratio to bare kafkajs (measured before and after the
// others, after an untimed warm-up of the broker and the JIT; the better run is the baseline).
// The one-process pipeline also gives the latency from the acknowledged publish of an intake to
// its case row in DuckDB (p50/p95, polled every 20 ms): under the full load (all N published at
// once, so mostly queueing), and under a light load (batches of 10 every 100 ms).
//
//   node --import tsx bench/kafka.ts          (or from bench/run.ts: `await benchKafka()`)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { loadConfig, type Config } from '../core/config.ts';
import { publishEvents } from '../core/events/publish.ts';
import { consumeEvents } from '../core/log/consumer.ts';
import { KafkaLog } from '../core/log/kafka.ts';
import { createLogger } from '../core/logger.ts';
import { startDoleances } from '../main.ts';
import { startKafkaBroker } from '../scripts/kafka/broker.ts';
import { buildIntakes, newDataKeys, type Intake } from '../test/kafka/helpers/intakes.ts';
import { healthCases, startWorker, type Cluster } from '../test/kafka/helpers/workers.ts';

const BATCH = 100;
const PARTITIONS = 6;
const silent = createLogger('silent');
const round = (n: number, d = 0) => Math.round(n * 10 ** d) / 10 ** d;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN, 1);
}

async function waitUntil(cond: () => Promise<boolean> | boolean, ms: number, every = 5): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('bench: timed out');
    await sleep(every);
  }
}

async function bareKafkajs(brokers: string[], intakes: Intake[]): Promise<number> {
  const kafka = new Kafka({ clientId: 'bench-bare', brokers, logLevel: logLevel.NOTHING });
  const topic = `bench-bare-${Date.now()}`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: PARTITIONS, replicationFactor: 1 }], waitForLeaders: true });
  await admin.disconnect();
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
  const consumer = kafka.consumer({ groupId: `${topic}-g`, maxWaitTimeInMs: 250 });
  await Promise.all([producer.connect(), consumer.connect()]);
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  let got = 0;
  await consumer.run({ eachBatch: async ({ batch }) => void (got += batch.messages.filter((m) => JSON.parse(m.value!.toString('utf8'))).length) });
  const t0 = performance.now();
  for (let i = 0; i < intakes.length; i += BATCH) {
    const messages = intakes.slice(i, i + BATCH).map((e) => ({ key: e.data.idempotencyKey, value: JSON.stringify(e), headers: { 'x-schema': e.type } }));
    await producer.send({ topic, acks: -1, messages });
  }
  await waitUntil(() => got >= intakes.length, 120_000);
  const seconds = (performance.now() - t0) / 1000;
  await Promise.all([producer.disconnect(), consumer.disconnect()]);
  return intakes.length / seconds;
}

function configFor(brokers: string[], keys: string, prefix: string): Config {
  return loadConfig({
    KAFKA_BROKERS: brokers.join(','),
    KAFKA_TOPIC_PREFIX: prefix,
    KAFKA_TOPIC_PARTITIONS: String(PARTITIONS),
    DOLEANCES_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'dol-bench-kafka-')),
    DOLEANCES_DATA_KEYS: keys,
    DOLEANCES_SEED_EXAMPLES: 'false',
    LOG_LEVEL: 'silent',
  });
}

async function adapterOnly(config: Config, intakes: Intake[]): Promise<number> {
  const log = await KafkaLog.open(config, silent);
  let got = 0;
  const sub = await consumeEvents(log, { group: 'bench', topics: ['intake'], fromBeginning: true, logger: silent, handle: async (items) => void (got += items.length) });
  const t0 = performance.now();
  for (let i = 0; i < intakes.length; i += BATCH) await publishEvents(log, intakes.slice(i, i + BATCH));
  await waitUntil(() => got >= intakes.length, 120_000);
  const seconds = (performance.now() - t0) / 1000;
  await sub.stop();
  await log.close();
  fs.rmSync(config.dataDir, { recursive: true, force: true });
  return intakes.length / seconds;
}

interface Latency {
  perSecond: number;
  p50: number;
  p95: number;
  peakRssMb: number;
}

/** Publishes `intakes` (in batches of `batch`, `pauseMs` apart) and times each to its case row. */
async function timeToCase(app: Awaited<ReturnType<typeof startDoleances>>, intakes: Intake[], batch: number, pauseMs: number): Promise<Latency> {
  const reader = await app.db.reader();
  const publishedAt = new Map<string, number>();
  const latencies: number[] = [];
  const seen = new Set<string>();
  let peakRss = process.memoryUsage().rss;
  const t0 = performance.now();
  const publishing = (async () => {
    for (let i = 0; i < intakes.length; i += batch) {
      const part = intakes.slice(i, i + batch);
      await publishEvents(app.log, part);
      const now = performance.now();
      for (const e of part) publishedAt.set(e.data.intakeId, now);
      if (pauseMs) await sleep(pauseMs);
    }
  })();
  await waitUntil(async () => {
    const rows = await reader.all<{ intake_id: string }>(`SELECT intake_id FROM intakes WHERE disposition = 'case'`);
    const now = performance.now();
    for (const r of rows) {
      if (seen.has(r.intake_id)) continue;
      const at = publishedAt.get(r.intake_id);
      if (at === undefined) continue; // not one of these, or its acknowledgement is on its way
      seen.add(r.intake_id);
      latencies.push(now - at);
    }
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    return seen.size >= intakes.length;
  }, 300_000, 20);
  const seconds = (performance.now() - t0) / 1000;
  await publishing;
  return { perSecond: intakes.length / seconds, p50: pct(latencies, 50), p95: pct(latencies, 95), peakRssMb: round(peakRss / 1048576) };
}

async function pipeline(config: Config, intakes: Intake[], light: Intake[]): Promise<{ full: Latency; light: Latency }> {
  const app = await startDoleances(config, { web: false, dropFolder: false, logger: silent });
  try {
    const full = await timeToCase(app, intakes, BATCH, 0);
    return { full, light: await timeToCase(app, light, 10, 100) };
  } finally {
    await app.stop();
    fs.rmSync(config.dataDir, { recursive: true, force: true });
  }
}

async function scaledOut(cluster: Cluster, config: Config, intakes: Intake[]): Promise<number> {
  const workers = await Promise.all([startWorker(cluster, 'store'), startWorker(cluster, 'classify'), startWorker(cluster, 'classify')]);
  const log = await KafkaLog.open(config, silent);
  try {
    const t0 = performance.now();
    for (let i = 0; i < intakes.length; i += BATCH) await publishEvents(log, intakes.slice(i, i + BATCH));
    await waitUntil(async () => (await healthCases(workers[0]!)) >= intakes.length, 300_000, 20);
    return intakes.length / ((performance.now() - t0) / 1000);
  } finally {
    await log.close();
    await Promise.all(workers.map((w) => w.stop()));
    for (const dir of [config.dataDir, ...workers.map((w) => w.dataDir)]) fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchKafka(): Promise<Record<string, unknown>> {
  const n = Number(process.env.BENCH_KAFKA_N ?? process.env.BENCH_N ?? 2000);
  const broker = await startKafkaBroker({ partitionsDefault: PARTITIONS });
  const keys = newDataKeys();
  try {
    const built = configFor(broker.brokers, keys, 'bench-build.');
    const all = await buildIntakes(built, keys, n + 300);
    const intakes = all.slice(0, n);
    const bytes = intakes.reduce((s, e) => s + JSON.stringify(e).length, 0);
    await bareKafkajs(broker.brokers, intakes.slice(0, Math.min(n, 1000))); // warm-up, untimed
    const bare1 = await bareKafkajs(broker.brokers, intakes);
    const adapter = await adapterOnly(configFor(broker.brokers, keys, 'bench-log.'), intakes);
    const inProcess = await pipeline(configFor(broker.brokers, keys, 'bench-pipe.'), intakes, all.slice(n));
    const cluster: Cluster = { brokers: broker.brokers, prefix: 'bench-scaled.', keys, env: { KAFKA_TOPIC_PARTITIONS: String(PARTITIONS), LOG_LEVEL: 'error' } };
    const scaled = await scaledOut(cluster, configFor(broker.brokers, keys, cluster.prefix), intakes);
    const bare2 = await bareKafkajs(broker.brokers, intakes);
    const bare = Math.max(bare1, bare2);
    fs.rmSync(built.dataDir, { recursive: true, force: true });
    const ratio = (x: number) => round(x / bare, 4);
    return {
      kafkaVersion: broker.kafkaVersion,
      messages: n,
      partitions: PARTITIONS,
      meanMessageBytes: round(bytes / n),
      bareKafkajs: { messagesPerSecond: round(bare), runs: [round(bare1), round(bare2)] },
      kafkaLogAdapter: { messagesPerSecond: round(adapter), ratioToBare: ratio(adapter) },
      pipelineOneProcess: {
        casesPerSecond: round(inProcess.full.perSecond),
        ratioToBare: ratio(inProcess.full.perSecond),
        latencyIntakeToCaseP50Ms: inProcess.full.p50,
        latencyIntakeToCaseP95Ms: inProcess.full.p95,
        lightLoad: { intakes: 300, perSecondOffered: 100, latencyP50Ms: inProcess.light.p50, latencyP95Ms: inProcess.light.p95 },
        peakRssMb: Math.max(inProcess.full.peakRssMb, inProcess.light.peakRssMb),
      },
      pipelineScaledOut: { processes: 'store + 2 × classify', casesPerSecond: round(scaled), ratioToBare: ratio(scaled) },
    };
  } finally {
    await broker.stop();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  process.stdout.write(`${JSON.stringify({ node: process.version, cpus: os.cpus().length, date: new Date().toISOString(), kafka: await benchKafka() }, null, 2)}\n`);
}
