// A Doléances deployment on the test broker: a unique topic prefix (fresh topics and groups),
// a shared data key, and a KafkaLog for the test itself to publish and inspect through.
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { loadConfig, type Config } from '../../../core/config.ts';
import { publishEvents } from '../../../core/events/publish.ts';
import { KafkaLog } from '../../../core/log/kafka.ts';
import { createLogger } from '../../../core/logger.ts';
import { newDataKeys, type Intake } from './intakes.ts';
import { newDataDir, removeDataDirs, type Cluster } from './workers.ts';

export interface TestDeployment {
  cluster: Cluster;
  /** Config of the test process itself (its own data dir, for archives of built intakes). */
  config: Config;
  log: KafkaLog;
  /** Records of `topic` the group has committed (handled), over all partitions. */
  committed(group: string, topic: string): Promise<number>;
  /** Members currently in the group. */
  members(group: string): Promise<number>;
  close(): Promise<void>;
}

export async function newDeployment(brokers: string[], name: string, env: Record<string, string> = {}): Promise<TestDeployment> {
  const cluster: Cluster = { brokers, prefix: `${name}-${randomUUID().slice(0, 8)}.`, keys: newDataKeys(), env };
  const config = loadConfig({
    KAFKA_BROKERS: brokers.join(','),
    KAFKA_TOPIC_PREFIX: cluster.prefix,
    DOLEANCES_DATA_DIR: newDataDir(`dol-${name}-test-`),
    DOLEANCES_DATA_KEYS: cluster.keys,
    LOG_LEVEL: 'silent',
    ...env,
  });
  const admin: Admin = new Kafka({ brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  const log = await KafkaLog.open(config, createLogger('silent'));
  return {
    cluster,
    config,
    log,
    async committed(group, topic) {
      const [t] = await admin.fetchOffsets({ groupId: cluster.prefix + group, topics: [cluster.prefix + topic] });
      return (t?.partitions ?? []).reduce((n, p) => n + Math.max(0, Number(p.offset)), 0);
    },
    async members(group) {
      return (await admin.describeGroups([cluster.prefix + group])).groups[0]!.members.length;
    },
    /** Closes the clients and deletes the data directories (call after the workers are stopped). */
    async close() {
      await log.close();
      await admin.disconnect();
      removeDataDirs();
    },
  };
}

/** Publishes `intakes` in batches, pausing between them so consumption overlaps production. */
export async function publishSlowly(log: KafkaLog, intakes: Intake[], batch = 100, pauseMs = 20): Promise<void> {
  for (let i = 0; i < intakes.length; i += batch) {
    await publishEvents(log, intakes.slice(i, i + batch));
    if (pauseMs) await new Promise((r) => setTimeout(r, pauseMs));
  }
}
