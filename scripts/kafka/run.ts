// A throwaway single-node Kafka broker for developers without Docker:
//
//   node --import tsx scripts/kafka/run.ts [--partitions N]
//
// Prints one line on stdout, `KAFKA_BROKERS=127.0.0.1:PORT`, then runs until Ctrl-C or SIGTERM,
// when it stops the broker and deletes its data. Progress and the log file path go to stderr.
import { startKafkaBroker } from './broker.ts';

function partitionsArg(argv: string[]): number | undefined {
  const i = argv.indexOf('--partitions');
  if (i < 0) return undefined;
  const n = Number(argv[i + 1]);
  if (!Number.isInteger(n) || n < 1) {
    console.error('usage: node --import tsx scripts/kafka/run.ts [--partitions N]');
    process.exit(2);
  }
  return n;
}

const t0 = Date.now();
const broker = await startKafkaBroker({ partitionsDefault: partitionsArg(process.argv.slice(2)) });
console.error(
  `Kafka ${broker.kafkaVersion} ready in ${Date.now() - t0} ms; log: ${broker.logFile} (Ctrl-C to stop)`,
);
console.log(`KAFKA_BROKERS=${broker.brokers.join(',')}`);

let stopping = false;
const shutdown = (signal: NodeJS.Signals) => {
  if (stopping) return;
  stopping = true;
  console.error(`${signal}: stopping Kafka...`);
  broker.stop().then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
process.on('SIGHUP', shutdown);
