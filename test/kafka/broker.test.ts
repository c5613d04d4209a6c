// The real Kafka broker the kafka project runs on (scripts/kafka/broker.ts): idempotent keyed
// production, consumption in a group with per-key order, and data kept across a broker restart.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { Kafka, logLevel, Partitioners, type Consumer, type Producer } from 'kafkajs';
import { startKafkaBroker, type KafkaBroker } from '../../scripts/kafka/broker.ts';

interface Received {
  key: string;
  seq: number;
  partition: number;
}

const client = (brokers: string[]) =>
  new Kafka({ clientId: `doleances-test-${randomUUID().slice(0, 8)}`, brokers, logLevel: logLevel.NOTHING });

const idempotentProducer = (kafka: Kafka): Producer =>
  kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });

async function createTopic(kafka: Kafka, topic: string, numPartitions: number): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const created = await admin.createTopics({
      topics: [{ topic, numPartitions, replicationFactor: 1 }],
      waitForLeaders: true,
    });
    expect(created).toBe(true);
  } finally {
    await admin.disconnect();
  }
}

/** Consumes `topic` from the beginning in a fresh group until `expected` messages arrived. */
async function consumeAll(kafka: Kafka, topic: string, expected: number, timeoutMs = 60_000): Promise<Received[]> {
  // maxWaitTimeInMs: disconnect() waits for the fetch in flight, a long poll of 5 s by default.
  const consumer: Consumer = kafka.consumer({ groupId: `g-${randomUUID()}`, maxWaitTimeInMs: 250 });
  const received: Received[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`only ${received.length}/${expected} messages within ${timeoutMs} ms`)),
        timeoutMs,
      );
      consumer
        .run({
          eachMessage: async ({ partition, message }) => {
            const body = JSON.parse(message.value!.toString('utf8')) as { key: string; seq: number };
            expect(message.key!.toString('utf8')).toBe(body.key);
            received.push({ key: body.key, seq: body.seq, partition });
            if (received.length >= expected) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
    // Anything beyond `expected` would be a duplicate: give it a moment to show up.
    await new Promise((r) => setTimeout(r, 1_000));
  } finally {
    await consumer.disconnect();
  }
  return received;
}

const message = (key: string, seq: number) => ({ key, value: JSON.stringify({ key, seq }) });

function expectExactlyOnceInKeyOrder(received: Received[], sent: Array<{ key: string; seq: number }>): void {
  expect(received).toHaveLength(sent.length);
  const ids = (xs: Array<{ key: string; seq: number }>) => xs.map((m) => `${m.key}#${m.seq}`).sort();
  expect(ids(received)).toEqual(ids(sent));
  const byKey = new Map<string, Received[]>();
  for (const r of received) byKey.set(r.key, [...(byKey.get(r.key) ?? []), r]);
  for (const [key, msgs] of byKey) {
    const seqs = msgs.map((m) => m.seq);
    expect(seqs, `order of key ${key}`).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(msgs.map((m) => m.partition)).size, `partitions of key ${key}`).toBe(1);
  }
}

describe('kafka broker (scripts/kafka/broker.ts)', () => {
  it('delivers 100 keyed messages from an idempotent producer exactly once, in per-key order', async () => {
    const brokers = inject('kafkaBrokers');
    expect(brokers.length).toBeGreaterThan(0);
    const kafka = client(brokers);
    const topic = `plaintes-${randomUUID()}`;
    await createTopic(kafka, topic, 3);

    const sent = Array.from({ length: 100 }, (_, i) => ({ key: `dossier-${i % 7}`, seq: i }));
    const producer = idempotentProducer(kafka);
    await producer.connect();
    try {
      // A few batches, so that per-key order has to hold across requests too.
      for (let i = 0; i < sent.length; i += 25) {
        await producer.send({
          topic,
          acks: -1,
          messages: sent.slice(i, i + 25).map((m) => message(m.key, m.seq)),
        });
      }
    } finally {
      await producer.disconnect();
    }

    const received = await consumeAll(kafka, topic, sent.length);
    expectExactlyOnceInKeyOrder(received, sent);
    expect(new Set(received.map((r) => r.partition)).size).toBeGreaterThan(1);
  });

  describe('restart', () => {
    let broker: KafkaBroker | undefined;
    afterAll(async () => {
      await broker?.stop();
    });

    it('keeps what was produced before a restart, and a producer sending through it loses nothing', async () => {
      const t0 = Date.now();
      broker = await startKafkaBroker({ partitionsDefault: 2 });
      const startMs = Date.now() - t0;
      const kafka = client(broker.brokers);
      const topic = `restart-${randomUUID()}`;
      await createTopic(kafka, topic, 2);

      const before = Array.from({ length: 50 }, (_, i) => ({ key: `k-${i % 5}`, seq: i }));
      const during: Array<{ key: string; seq: number }> = [];
      const producer = idempotentProducer(kafka);
      await producer.connect();
      let restartMs = 0;
      try {
        await producer.send({ topic, acks: -1, messages: before.map((m) => message(m.key, m.seq)) });

        // Keep producing, one acknowledged message at a time, while the broker restarts: the
        // same producer on the same ports reconnects by itself and its retries lose nothing.
        let restarted = false;
        let afterRestart = 0;
        const producing = (async () => {
          for (let seq = before.length; !restarted || afterRestart < 20; seq++) {
            const m = { key: `k-${seq % 5}`, seq };
            await producer.send({ topic, acks: -1, messages: [message(m.key, m.seq)] });
            during.push(m);
            if (restarted) afterRestart++;
          }
        })();
        producing.catch(() => {}); // awaited below; this only keeps an early failure from going unhandled
        await new Promise((r) => setTimeout(r, 200));
        const t1 = Date.now();
        try {
          await broker.restart();
          restartMs = Date.now() - t1;
        } finally {
          restarted = true;
        }
        await producing;
      } finally {
        await producer.disconnect();
      }
      expect(during.length).toBeGreaterThanOrEqual(20);

      const received = await consumeAll(kafka, topic, before.length + during.length);
      expectExactlyOnceInKeyOrder(received, [...before, ...during]);
      if (process.env.KAFKA_TEST_VERBOSE) console.error(`[kafka] start ${startMs} ms, restart ${restartMs} ms`);

      const { dataDir } = broker;
      await broker.stop();
      broker = undefined;
      expect(existsSync(dataDir)).toBe(false);
    });
  });
});
