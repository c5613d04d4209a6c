// What the Kafka log adds to the contract, on the real broker: the topics it creates (partitions,
// retention of a system of record), keys and headers of published events, consumer-owned
// offsets winning over the group's commits (the store's crash between its DuckDB commit and its
// Kafka commit), the log start offset, partitions shared by two members of a group, heartbeats
// through a batch longer than the session timeout, and foreign bytes dead-lettered.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigResourceTypes, Kafka, logLevel } from 'kafkajs';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { loadConfig, type Config } from '../../core/config.ts';
import { publishEvents } from '../../core/events/publish.ts';
import type { DoleancesEvent } from '../../core/events/schemas.ts';
import { consumeEvents, type DeadLetter } from '../../core/log/consumer.ts';
import { KafkaLog } from '../../core/log/kafka.ts';
import { readAll } from '../../core/log/read-all.ts';
import type { LogRecord, Subscription } from '../../core/log/types.ts';
import { createLogger } from '../../core/logger.ts';
import { waitFor } from '../helpers/app.ts';

const logger = createLogger('silent');
const brokers = () => inject('kafkaBrokers');
const configFor = (prefix: string, partitions = 3): Config =>
  loadConfig({ KAFKA_BROKERS: brokers().join(','), KAFKA_TOPIC_PREFIX: prefix, KAFKA_TOPIC_PARTITIONS: String(partitions), LOG_LEVEL: 'silent' });
const fixture = (type: string) => JSON.parse(fs.readFileSync(path.join(import.meta.dirname, '../../core/events/fixtures', `${type}.json`), 'utf8')) as DoleancesEvent;
const values = (rs: LogRecord[]) => rs.map((r) => r.value as number);

describe('Kafka log', () => {
  const logs: KafkaLog[] = [];
  const subs: Subscription[] = [];
  const open = async (config: Config) => {
    const log = await KafkaLog.open(config, logger);
    logs.push(log);
    return log;
  };
  afterEach(async () => {
    for (const s of subs.splice(0)) await s.stop();
    for (const l of logs.splice(0)) await l.close();
  });

  it('creates its topics with the configured partitions and a system-of-record retention', async () => {
    const prefix = `topics-${randomUUID().slice(0, 8)}.`;
    await open(configFor(prefix, 4));
    const admin = new Kafka({ brokers: brokers(), logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      const meta = await admin.fetchTopicMetadata({ topics: ['intake', 'case-events', 'dead-letter'].map((t) => prefix + t) });
      for (const t of meta.topics) expect(t.partitions, t.name).toHaveLength(4);
      const described = await admin.describeConfigs({
        includeSynonyms: false,
        resources: ['intake', 'case-events', 'dead-letter'].map((t) => ({ type: ConfigResourceTypes.TOPIC, name: prefix + t, configNames: ['retention.ms', 'retention.bytes'] })),
      });
      const retention = Object.fromEntries(
        described.resources.map((r) => [r.resourceName.slice(prefix.length), r.configEntries.find((e) => e.configName === 'retention.ms')!.configValue]),
      );
      expect(retention).toEqual({ intake: '-1', 'case-events': '-1', 'dead-letter': String(365 * 24 * 3600 * 1000) });
    } finally {
      await admin.disconnect();
    }
  });

  it('keys every event of a case to one partition, in order, with its headers as strings', async () => {
    const log = await open(configFor(`keys-${randomUUID().slice(0, 8)}.`, 6));
    const events: DoleancesEvent[] = [];
    for (let c = 0; c < 8; c++) {
      for (const type of ['case.opened.v1', 'case.classified.v1', 'case.routed.v1']) {
        const e = fixture(type) as DoleancesEvent & { data: { caseId: string } };
        events.push({ ...e, id: `${e.id.slice(0, 30)}${c}${type.length}`, correlationId: `corr-${c}`, data: { ...e.data, caseId: `2026-CASE${c}-TEST0` } } as DoleancesEvent);
      }
    }
    await publishEvents(log, events);
    const got: LogRecord[] = [];
    subs.push(await log.subscribe({ group: 'headers', topics: ['case-events'], fromBeginning: true, onBatch: async (b) => void got.push(...b) }));
    await waitFor(async () => got.length >= 24);
    for (let c = 0; c < 8; c++) {
      const mine = got.filter((r) => r.key === `2026-CASE${c}-TEST0`);
      expect(mine.map((r) => r.headers['x-schema'])).toEqual(['case.opened.v1', 'case.classified.v1', 'case.routed.v1']);
      expect(new Set(mine.map((r) => r.partition)).size).toBe(1);
      expect(mine.every((r) => r.headers['x-correlation-id'] === `corr-${c}`)).toBe(true);
    }
    expect(new Set(got.map((r) => r.partition)).size).toBeGreaterThan(1);
  });

  it('starts where the consumer\'s own offsets say, ahead of or behind what the group committed', async () => {
    const log = await open(configFor(`seek-${randomUUID().slice(0, 8)}.`, 1));
    await log.ensureTopics(['t']);
    await log.publish('t', Array.from({ length: 10 }, (_, i) => ({ key: 'same', value: i })));
    // The group commits 0..4, then its handler fails on 5..9: committed offset 5.
    const first: number[] = [];
    const s1 = await log.subscribe({
      group: 'g', topics: ['t'], fromBeginning: true, maxBatch: 5,
      onBatch: async (b) => {
        if (b[0]!.offset >= 5) throw new Error('sink down');
        first.push(...values(b));
      },
    });
    await waitFor(async () => first.length >= 5);
    await s1.stop();
    expect(first).toEqual([0, 1, 2, 3, 4]);
    // As if the consumer had written 5..7 to its own store and died before the Kafka commit.
    const ahead: number[] = [];
    const s2 = await log.subscribe({ group: 'g', topics: ['t'], seek: async () => 8, onBatch: async (b) => void ahead.push(...values(b)) });
    await waitFor(async () => ahead.length >= 2);
    await new Promise((r) => setTimeout(r, 300));
    await s2.stop();
    expect(ahead).toEqual([8, 9]);
    // And behind: the consumer's word wins over the group's commit (a rebuilt store).
    const behind: number[] = [];
    subs.push(await log.subscribe({ group: 'g', topics: ['t'], seek: async () => 2, onBatch: async (b) => void behind.push(...values(b)) }));
    await waitFor(async () => behind.length >= 8);
    expect(behind).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('starts at the log start offset when asked for records retention already deleted', async () => {
    const config = configFor(`low-${randomUUID().slice(0, 8)}.`, 1);
    const log = await open(config);
    await log.ensureTopics(['t']);
    await log.publish('t', Array.from({ length: 10 }, (_, i) => ({ key: 'k', value: i })));
    const admin = new Kafka({ brokers: brokers(), logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    await admin.fetchTopicMetadata({ topics: [`${config.kafka.topicPrefix}t`] }); // deleteTopicRecords needs it loaded
    await admin.deleteTopicRecords({ topic: `${config.kafka.topicPrefix}t`, partitions: [{ partition: 0, offset: '4' }] });
    await admin.disconnect();
    const got: number[] = [];
    await readAll(log, 't', (rs) => void got.push(...values(rs)));
    expect(got).toEqual([4, 5, 6, 7, 8, 9]);
  });

  it('shares the partitions between two members of a group; one leaves, nothing lost or repeated', async () => {
    const config = configFor(`share-${randomUUID().slice(0, 8)}.`, 6);
    const [a, b] = [await open(config), await open(config)];
    await a.ensureTopics(['t']);
    const seen = new Map<string, number[]>();
    const member = (name: string) => async (rs: LogRecord[]) => {
      for (const r of rs) seen.set(name, [...(seen.get(name) ?? []), r.value as number]);
    };
    const sa = await a.subscribe({ group: 'workers', topics: ['t'], fromBeginning: true, onBatch: member('a') });
    subs.push(await b.subscribe({ group: 'workers', topics: ['t'], fromBeginning: true, onBatch: member('b') }));
    const all = () => [...seen.values()].flat();
    await a.publish('t', Array.from({ length: 200 }, (_, i) => ({ key: `k${i % 40}`, value: i })));
    await waitFor(async () => all().length >= 200, 30_000);
    expect(seen.get('a')?.length).toBeGreaterThan(0);
    expect(seen.get('b')?.length).toBeGreaterThan(0);
    await sa.stop();
    await a.publish('t', Array.from({ length: 200 }, (_, i) => ({ key: `k${i % 40}`, value: 200 + i })));
    await waitFor(async () => all().length >= 400, 30_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(all().sort((x, y) => x - y)).toEqual(Array.from({ length: 400 }, (_, i) => i));
  });

  it('keeps its partitions through a batch longer than the session timeout (heartbeats)', async () => {
    const log = await open(configFor(`beat-${randomUUID().slice(0, 8)}.`, 1));
    await log.ensureTopics(['t']);
    await log.publish('t', [{ key: 'k', value: 0 }]);
    const got: number[] = [];
    subs.push(
      await log.subscribe({
        group: 'slow', topics: ['t'], fromBeginning: true,
        onBatch: async (b) => {
          if (got.length === 0) await new Promise((r) => setTimeout(r, 12_000)); // > sessionTimeout (10 s)
          got.push(...values(b));
        },
      }),
    );
    await waitFor(async () => got.length >= 1, 30_000);
    await log.publish('t', [{ key: 'k', value: 1 }]);
    await waitFor(async () => got.length >= 2, 30_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(got).toEqual([0, 1]); // an evicted member would have failed its commit and seen 0 again
  }, 60_000);

  it('dead-letters bytes that are not an event and goes on with the partition', async () => {
    const config = configFor(`foreign-${randomUUID().slice(0, 8)}.`, 1);
    const log = await open(config);
    const producer = new Kafka({ brokers: brokers(), logLevel: logLevel.NOTHING }).producer();
    await producer.connect();
    await producer.send({ topic: `${config.kafka.topicPrefix}intake`, messages: [{ key: 'x', value: 'pas du JSON' }, { key: 'y', value: '{"type":"intake.received.v1"}' }] });
    await producer.disconnect();
    const handled: unknown[] = [];
    subs.push(await consumeEvents(log, { group: 'classify', topics: ['intake'], fromBeginning: true, logger, handle: async (items) => void handled.push(...items) }));
    const letters: DeadLetter[] = [];
    await waitFor(async () => {
      letters.length = 0;
      await readAll(log, 'dead-letter', (rs) => void letters.push(...rs.map((r) => r.value as DeadLetter)));
      return letters.length >= 2;
    });
    expect(letters.map((l) => [l.offset, l.errorCode])).toEqual([[0, 'EVENT_UNKNOWN_TYPE'], [1, 'EVENT_INVALID']]);
    expect(letters[0]!.value).toBe('pas du JSON');
    expect(handled).toEqual([]);
  });
});
