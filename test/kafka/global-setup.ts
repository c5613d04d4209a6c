// vitest globalSetup for the `kafka` project: one real Kafka broker (scripts/kafka/broker.ts) for the
// whole project. Tests read its address with `inject('kafkaBrokers')`. If the broker cannot start,
// setup throws and the run fails: these tests never skip for want of a broker.
import type { TestProject } from 'vitest/node';
import { startKafkaBroker, type KafkaBroker } from '../../scripts/kafka/broker.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    kafkaBrokers: string[];
  }
}

let broker: KafkaBroker | undefined;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const t0 = Date.now();
  broker = await startKafkaBroker({ partitionsDefault: 3 });
  if (process.env.KAFKA_TEST_VERBOSE) {
    console.error(`[kafka] ${broker.kafkaVersion} on ${broker.brokers.join(',')} in ${Date.now() - t0} ms; log ${broker.logFile}`);
  }
  project.provide('kafkaBrokers', broker.brokers);
  return async () => {
    await broker?.stop();
    broker = undefined;
  };
}
