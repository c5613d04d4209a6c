// The Kafka log: the production backbone and the way to scale out (ARCHITECTURE.md, "The log").
// It implements the same four members as the embedded log and passes the same contract suite
// (core/log/contract.ts, run against a real broker by test/kafka/log-contract.test.ts).
//
// open() checks that TLS and SASL suit the broker's listener (core/log/kafka-security.ts: a
// misconfiguration is reported at once, not after the retries), connects an admin client,
// creates the system topics if they are missing
// (core/log/kafka-topics.ts) and connects one idempotent producer (core/log/kafka-publisher.ts);
// each subscribe() is one kafkajs consumer in its group (core/log/kafka-subscription.ts), so
// processes sharing a group share the partitions. Topic and group names carry
// KAFKA_TOPIC_PREFIX; records and dead letters name topics without it.
import { Partitioners, type Admin, type Kafka, type Producer } from 'kafkajs';
import type { Config } from '../config.ts';
import { DoleancesError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { createKafka, kafkaError, retryKafka, TopicNames } from './kafka-client.ts';
import { KafkaPublisher } from './kafka-publisher.ts';
import { checkConnection, diagnoseConnection } from './kafka-security.ts';
import { KafkaSubscription } from './kafka-subscription.ts';
import { ensureTopics, SYSTEM_TOPICS } from './kafka-topics.ts';
import type { Log, LogMessage, SubscribeOptions, Subscription } from './types.ts';

/** How long close() waits for unacknowledged publishes before disconnecting anyway. */
const CLOSE_DRAIN_MS = 30_000;

export class KafkaLog implements Log {
  private subs = new Set<KafkaSubscription>();
  private closed = false;

  private constructor(
    private config: Config,
    private kafka: Kafka,
    private admin: Admin,
    private producer: Producer,
    private publisher: KafkaPublisher,
    readonly names: TopicNames,
    private logger: Logger,
  ) {}

  static async open(config: Config, logger: Logger): Promise<KafkaLog> {
    const kafka = createKafka(config, logger);
    const names = new TopicNames(config.kafka.topicPrefix);
    const admin = kafka.admin();
    // The idempotent producer retries for as long as the broker is away (kafkajs's default for
    // idempotence: a bounded retry would let a late duplicate through on the caller's own retry),
    // so a publish during a broker restart waits and then succeeds.
    const producer = kafka.producer({
      // Topics are created by ensureTopics, with their retention; never by a broker's defaults.
      allowAutoTopicCreation: false,
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
      retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 100, maxRetryTime: 5_000 },
    });
    try {
      await checkConnection(async () => {
        // One attempt, kafkajs's own log of it silenced: only the diagnosis is reported. A
        // metadata request too: a SASL listener answers ApiVersions before authentication.
        const probe = createKafka(config, logger.child({}, { level: 'silent' }), { retry: { retries: 0 } }).admin();
        try {
          await probe.connect();
          await probe.describeCluster();
        } finally {
          await probe.disconnect().catch(() => {});
        }
      }, config);
      await admin.connect();
      await ensureTopics(admin, names, config, SYSTEM_TOPICS, logger);
      await producer.connect();
    } catch (err) {
      await producer.disconnect().catch(() => {});
      await admin.disconnect().catch(() => {});
      if (err instanceof DoleancesError) throw err;
      throw diagnoseConnection(err, config)?.error ?? kafkaError(`Connexion à Kafka (${config.kafkaBrokers.join(',')})`, err);
    }
    return new KafkaLog(config, kafka, admin, producer, new KafkaPublisher(producer, admin, names), names, logger);
  }

  /** Creates topics that do not exist yet, configured as the system topics are. */
  async ensureTopics(topics: string[]): Promise<void> {
    await ensureTopics(this.admin, this.names, this.config, topics, this.logger);
  }

  async publish(topic: string, messages: LogMessage[]): Promise<{ partition: number; offset: number }[]> {
    this.assertOpen();
    return this.publisher.publish(topic, messages);
  }

  async subscribe(opts: SubscribeOptions): Promise<Subscription> {
    this.assertOpen();
    const deps = { kafka: this.kafka, admin: this.admin, names: this.names, logger: this.logger, sessionTimeout: this.config.kafka.sessionTimeoutMs };
    const sub = new KafkaSubscription(deps, opts);
    this.subs.add(sub);
    sub.onStop = () => this.subs.delete(sub);
    try {
      await sub.start();
    } catch (err) {
      await sub.stop().catch(() => {});
      throw kafkaError(`Abonnement du groupe ${opts.group}`, err);
    }
    return sub;
  }

  async endOffsets(topic: string): Promise<Map<number, number>> {
    this.assertOpen();
    try {
      const offsets = await retryKafka(() => this.admin.fetchTopicOffsets(this.names.physical(topic)));
      return new Map(offsets.map((o) => [o.partition, Number(o.high)]));
    } catch (err) {
      throw kafkaError(`Positions de fin de ${topic}`, err);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subs].map((s) => s.stop()));
    let timer: NodeJS.Timeout | undefined;
    const drained = await Promise.race([
      this.publisher.drain().then(() => true),
      new Promise<boolean>((r) => (timer = setTimeout(() => r(false), CLOSE_DRAIN_MS))),
    ]);
    clearTimeout(timer);
    if (!drained) this.logger.error({ waitedMs: CLOSE_DRAIN_MS }, 'closing with unacknowledged publishes');
    await this.producer.disconnect().catch(() => {});
    await this.admin.disconnect().catch(() => {});
  }

  private assertOpen(): void {
    if (this.closed) throw new DoleancesError('LOG_CLOSED', 'Le journal est fermé.');
  }
}
