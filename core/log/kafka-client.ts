// The kafkajs client of the Kafka log: one `Kafka` instance per KafkaLog, built from the frozen
// config, with kafkajs's own logger routed into pino (warnings and errors only: kafkajs logs a
// line per connection and rebalance at INFO, which is noise for a system that logs objects).
// Also the mapping between the log's topic names (`intake`, `case-events`, `dead-letter`) and
// the broker's, which carry KAFKA_TOPIC_PREFIX so several deployments can share one cluster.
// TLS and SASL come from the config through core/log/kafka-security.ts.
import { Kafka, logLevel, type LogEntry, type RetryOptions } from 'kafkajs';
import type { Config } from '../config.ts';
import { DoleancesError, errorMessage } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { retry } from '../retry.ts';
import { securityOptions } from './kafka-security.ts';

/** kafkajs log entries → pino, at the same level, with kafkajs's fields as an object. */
export function kafkaLogCreator(logger: Logger) {
  return () =>
    ({ namespace, level, log }: LogEntry) => {
      const { message, timestamp: _t, logger: _l, ...extra } = log as { message: string; timestamp?: string; logger?: string } & Record<string, unknown>;
      const fields = { kafkajs: namespace, ...extra };
      // kafkajs's Connection logs every error response at ERROR, also the ones it retries (a
      // coordinator still loading, a topic created concurrently): the caller reports what is final.
      if (level === logLevel.ERROR && namespace !== 'Connection') logger.error(fields, message);
      else if (level <= logLevel.WARN) logger.warn(fields, message);
      else logger.debug(fields, message);
    };
}

/** `retry` replaces the cluster-level retries (the connection check of KafkaLog.open makes one attempt). */
export function createKafka(config: Config, logger: Logger, opts: { retry?: RetryOptions } = {}): Kafka {
  const silent = !logger.isLevelEnabled('warn');
  return new Kafka({
    clientId: config.kafka.clientId,
    brokers: [...config.kafkaBrokers],
    ...securityOptions(config),
    // NOTHING when pino would drop everything anyway: kafkajs then skips building the entries.
    logLevel: silent ? logLevel.NOTHING : logLevel.WARN,
    logCreator: kafkaLogCreator(logger),
    connectionTimeout: 3_000,
    requestTimeout: 30_000,
    // Cluster-level operations (metadata, admin, group coordination): exponential backoff from
    // 200 ms, capped at 5 s, so a broker restart of a few seconds is ridden out, not reported.
    retry: opts.retry ?? { initialRetryTime: 200, maxRetryTime: 5_000, retries: 10 },
  });
}

/** The log's topic names ↔ the broker's (KAFKA_TOPIC_PREFIX + name). */
export class TopicNames {
  constructor(readonly prefix: string) {}

  physical(topic: string): string {
    return `${this.prefix}${topic}`;
  }

  logical(physical: string): string {
    return physical.startsWith(this.prefix) ? physical.slice(this.prefix.length) : physical;
  }
}

/** kafkajs errors carry `retriable`; ours keep it, with a stable code and the original cause. */
export function kafkaError(what: string, err: unknown): DoleancesError {
  if (err instanceof DoleancesError) return err;
  const retriable = (err as { retriable?: boolean } | null)?.retriable ?? true;
  const type = (err as { type?: string } | null)?.type;
  if (type === 'UNKNOWN_TOPIC_OR_PARTITION') {
    return new DoleancesError('KAFKA_TOPIC_MISSING', `${what} : sujet Kafka inexistant (${errorMessage(err)})`, { cause: err });
  }
  return new DoleancesError('KAFKA_UNAVAILABLE', `${what} : ${errorMessage(err)}`, { cause: err, retriable });
}

/**
 * Admin reads (metadata, offsets) retried on what kafkajs marks retriable: a topic created a
 * moment ago can still be unknown to the broker's metadata cache (UNKNOWN_TOPIC_OR_PARTITION),
 * and only a lasting absence is an error.
 */
export function retryKafka<T>(fn: () => Promise<T>): Promise<T> {
  return retry(fn, { retries: 6, minDelayMs: 100, maxDelayMs: 1_000, shouldRetry: (e) => (e as { retriable?: boolean } | null)?.retriable === true });
}
