// Which log a process uses: the embedded log by default; Kafka when KAFKA_BROKERS is configured
// (ARCHITECTURE.md: embedded is the one-machine default, Kafka the way to scale out).
import type { Config } from '../config.ts';
import { DoleancesError } from '../errors.ts';
import { EmbeddedLog } from './embedded.ts';
import type { Log } from './types.ts';

export async function openLog(config: Config): Promise<Log> {
  if (config.kafkaBrokers.length > 0) {
    throw new DoleancesError('CONFIG_INVALID', 'KAFKA_BROKERS : l’adaptateur Kafka n’est pas encore disponible dans cette version.', { details: { field: 'KAFKA_BROKERS' } });
  }
  return EmbeddedLog.open(config.paths.log);
}
