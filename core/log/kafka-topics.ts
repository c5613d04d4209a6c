// The topics of the Kafka log, created by the admin client at start-up with explicit partitions,
// replication and retention (auto-creation would give them the broker's defaults, including a
// 7-day retention that would silently delete the system of record).
//
// - `intake` and `case-events` are the source of truth the warehouse is rebuilt from
//   (`doleances replay`): retention.ms=-1 and retention.bytes=-1, "no time/size limit"
//   (https://kafka.apache.org/documentation/#topicconfigs_retention.ms).
// - `dead-letter` keeps what failed for a year, time to look at it and re-drive it.
// - min.insync.replicas=2 when replicated: with acks=all, an acknowledged record is then on two
//   brokers at least (https://kafka.apache.org/documentation/#topicconfigs_min.insync.replicas).
// - max.message.bytes=8 MiB: an intake carries the sealed OCR text of every attachment.
// Existing topics are left as they are (an operator may have tuned them); fewer partitions than
// configured is reported, since keys would then map differently than KAFKA_TOPIC_PARTITIONS says.
import type { Admin, ITopicConfig } from 'kafkajs';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { retry } from '../retry.ts';
import { TOPICS } from '../events/schemas.ts';
import { kafkaError, type TopicNames } from './kafka-client.ts';

export const SYSTEM_TOPICS: string[] = Object.values(TOPICS);

const FOREVER = '-1';
const ONE_YEAR_MS = String(365 * 24 * 3600 * 1000);

export function topicConfig(topic: string, replicationFactor: number): { name: string; value: string }[] {
  const entries: Record<string, string> = { 'cleanup.policy': 'delete', 'max.message.bytes': String(8 * 1024 * 1024) };
  if (topic === TOPICS.intake || topic === TOPICS.caseEvents) Object.assign(entries, { 'retention.ms': FOREVER, 'retention.bytes': FOREVER });
  if (topic === TOPICS.deadLetter) Object.assign(entries, { 'retention.ms': ONE_YEAR_MS, 'retention.bytes': FOREVER });
  if (replicationFactor > 1) entries['min.insync.replicas'] = '2';
  return Object.entries(entries).map(([name, value]) => ({ name, value }));
}

export async function ensureTopics(admin: Admin, names: TopicNames, config: Config, topics: string[], logger: Logger): Promise<void> {
  // A topic just created (here or by another process starting at the same time) can be unknown
  // to the metadata for a moment (KRaft propagates it asynchronously): kafkajs reports that as a
  // retriable UNKNOWN_TOPIC_OR_PARTITION, and the whole check is simply run again.
  await retry(() => ensureOnce(admin, names, config, topics, logger), {
    retries: 8,
    minDelayMs: 100,
    maxDelayMs: 2_000,
    shouldRetry: (err) => (err as { cause?: { retriable?: boolean } }).cause?.retriable === true,
  });
}

async function ensureOnce(admin: Admin, names: TopicNames, config: Config, topics: string[], logger: Logger): Promise<void> {
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(names.physical(t)));
    if (missing.length > 0) {
      const specs: ITopicConfig[] = missing.map((t) => ({
        topic: names.physical(t),
        numPartitions: config.kafka.partitions,
        replicationFactor: config.kafka.replicationFactor,
        configEntries: topicConfig(t, config.kafka.replicationFactor),
      }));
      // false when another process created them first (TOPIC_ALREADY_EXISTS): fine.
      const created = await admin.createTopics({ topics: specs, waitForLeaders: true });
      if (created) logger.info({ topics: missing.map((t) => names.physical(t)), partitions: config.kafka.partitions }, 'kafka topics created');
    }
    const present = topics.filter((t) => existing.has(names.physical(t))).map((t) => names.physical(t));
    if (present.length > 0) {
      const meta = await admin.fetchTopicMetadata({ topics: present });
      for (const t of meta.topics) {
        if (t.partitions.length < config.kafka.partitions) {
          logger.warn({ topic: t.name, partitions: t.partitions.length, configured: config.kafka.partitions }, 'kafka topic has fewer partitions than configured');
        }
      }
    }
  } catch (err) {
    throw kafkaError('Création des sujets Kafka', err);
  }
}
