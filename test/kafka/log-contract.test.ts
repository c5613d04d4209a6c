// The log contract (core/log/contract.ts) against a real Kafka broker: every test gets a topic
// prefix of its own (so fresh topics and groups), three partitions per topic, and `reopen` is a
// second KafkaLog on the same prefix, as a restarted process would open.
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { loadConfig } from '../../core/config.ts';
import { runLogContract } from '../../core/log/contract.ts';
import { KafkaLog } from '../../core/log/kafka.ts';
import type { Log } from '../../core/log/types.ts';
import { createLogger } from '../../core/logger.ts';

const logger = createLogger('silent');

runLogContract('kafka', {
  async newLog() {
    const config = loadConfig({
      KAFKA_BROKERS: inject('kafkaBrokers').join(','),
      KAFKA_TOPIC_PREFIX: `contract-${randomUUID().slice(0, 8)}.`,
      KAFKA_TOPIC_PARTITIONS: '3',
      LOG_LEVEL: 'silent',
    });
    return { log: await KafkaLog.open(config, logger), reopen: () => KafkaLog.open(config, logger) };
  },
  async prepareTopics(log: Log, topics: string[]) {
    await (log as KafkaLog).ensureTopics(topics);
  },
});
