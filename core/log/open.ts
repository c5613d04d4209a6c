// Which log a process uses: the embedded log by default; Kafka when KAFKA_BROKERS is configured
// (ARCHITECTURE.md: embedded is the one-machine default, Kafka the way to scale out).
import type { Config } from '../config.ts';
import { createLogger, type Logger } from '../logger.ts';
import { EmbeddedLog } from './embedded.ts';
import { KafkaLog } from './kafka.ts';
import type { Log } from './types.ts';

export async function openLog(config: Config, logger: Logger = createLogger(config.logLevel)): Promise<Log> {
  if (config.kafkaBrokers.length > 0) return KafkaLog.open(config, logger.child({ component: 'kafka' }));
  return EmbeddedLog.open(config.paths.log);
}
