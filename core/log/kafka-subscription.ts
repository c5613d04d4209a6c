// One subscription of the Kafka log: a kafkajs consumer in the subscription's group, handing
// `onBatch` the records of one topic-partition at a time, and committing only what it resolved.
//
// - Commit after success: eachBatch with eachBatchAutoResolve=false; an offset is resolved only
//   once `onBatch` resolved for it, then committed (autoCommitThreshold=1, so
//   commitOffsetsIfNecessary commits at once). kafkajs fetches each partition from its last
//   resolved offset (OffsetManager.nextOffset), so a chunk that failed is simply not resolved:
//   after a backoff, the next fetch reads it again from its first offset. Nothing is skipped and
//   nothing unprocessed is committed.
// - Heartbeats during a long `onBatch`, so the group does not evict a busy member (Kafka's
//   session.timeout.ms; KIP-62 moved this to a background thread in the Java client; kafkajs
//   heartbeats only when told to, https://kafka.js.org/docs/consuming#each-batch).
// - Consumer-owned offsets (`seek`): kafkajs emits GROUP_JOIN synchronously once a new assignment
//   is known, before any fetch for it. The listener pauses the assigned partitions right there
//   (a paused partition is neither fetched nor delivered), asks `seek` where each starts, calls
//   consumer.seek, and resumes. A fetch racing with it is dropped by kafkajs, which discards the
//   response of any partition with a pending seek. So the store, which keeps its offsets in
//   DuckDB, never sees a record from the group's (older) committed offset after a crash between
//   its DuckDB commit and its Kafka commit.
// - Within one subscription, a record already handed to a successful `onBatch` is not handed
//   again (after a failed commit and a rebalance, kafkajs may fetch from an older committed offset).
import type { Admin, Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import { errorCode, errorMessage } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { sleep } from '../retry.ts';
import { decode } from './kafka-codec.ts';
import type { TopicNames } from './kafka-client.ts';
import type { SubscribeOptions, Subscription } from './types.ts';

export interface SubscriptionDeps {
  kafka: Kafka;
  admin: Admin;
  names: TopicNames;
  logger: Logger;
  /** DOLEANCES_KAFKA_SESSION_TIMEOUT_MS: how long a killed worker's partitions wait for reassignment. */
  sessionTimeout: number;
}

/** Consumer settings besides the session timeout (a heartbeat a second, so 6 s is still ample). */
export const CONSUMER_TIMINGS = { heartbeatInterval: 1_000, rebalanceTimeout: 60_000, maxWaitTimeInMs: 250 };

const backoff = (failures: number) => Math.min(5_000, 100 * 2 ** Math.min(failures, 6));

export class KafkaSubscription implements Subscription {
  onStop: () => void = () => {};
  private consumer: Consumer;
  private running = true;
  /** Next offset per `${topic}:${partition}`: everything below was handled by this subscription. */
  private positions = new Map<string, number>();
  private failures = new Map<string, number>();
  private generation = 0;
  private logger: Logger;

  constructor(private deps: SubscriptionDeps, private opts: SubscribeOptions) {
    this.logger = deps.logger.child({ group: opts.group });
    this.consumer = deps.kafka.consumer({
      groupId: deps.names.physical(opts.group),
      allowAutoTopicCreation: false,
      ...CONSUMER_TIMINGS,
      sessionTimeout: deps.sessionTimeout,
      maxBytesPerPartition: 2 * 1024 * 1024,
      // Restart after any crash kafkajs deems retriable (broker gone for longer than the retries).
      retry: { initialRetryTime: 200, maxRetryTime: 5_000, retries: 10, restartOnFailure: async () => true },
    });
  }

  async start(): Promise<void> {
    const { consumer } = this;
    consumer.on(consumer.events.GROUP_JOIN, (e) => this.onAssigned(e.payload.memberAssignment));
    consumer.on(consumer.events.CRASH, (e) => {
      this.logger.error({ err: errorMessage(e.payload.error), restart: e.payload.restart }, 'kafka consumer crashed');
    });
    await consumer.connect();
    await consumer.subscribe({ topics: this.opts.topics.map((t) => this.deps.names.physical(t)), fromBeginning: this.opts.fromBeginning ?? false });
    await consumer.run({
      autoCommit: true,
      autoCommitThreshold: 1,
      eachBatchAutoResolve: false,
      eachBatch: (payload) => this.eachBatch(payload),
    });
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    // Waits for the batch in hand (its offsets committed if it succeeded), then leaves the group.
    await this.consumer.disconnect();
    this.onStop();
  }

  private async eachBatch({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const topic = this.deps.names.logical(batch.topic);
    const key = `${topic}:${batch.partition}`;
    const handled = this.positions.get(key) ?? 0;
    const records = batch.messages.filter((m) => Number(m.offset) >= handled).map((m) => decode(topic, batch.partition, m));
    if (records.length < batch.messages.length) resolveOffset(String(handled - 1)); // already handled here
    const max = Math.max(1, this.opts.maxBatch ?? 500);
    for (let i = 0; i < records.length; i += max) {
      if (!this.running || !isRunning() || isStale()) break;
      const chunk = records.slice(i, i + max);
      try {
        await this.withHeartbeats(heartbeat, () => this.opts.onBatch(chunk));
      } catch (err) {
        const failures = (this.failures.get(key) ?? 0) + 1;
        this.failures.set(key, failures);
        this.logger.warn({ topic, partition: batch.partition, offset: chunk[0]!.offset, failures, errorCode: errorCode(err), err: errorMessage(err) }, 'batch failed; redelivering');
        await this.pauseFor(backoff(failures), heartbeat);
        break; // not resolved: the next fetch starts again at chunk[0]
      }
      this.failures.delete(key);
      const last = chunk[chunk.length - 1]!.offset;
      resolveOffset(String(last));
      this.positions.set(key, last + 1);
    }
    await commitOffsetsIfNecessary();
  }

  private async withHeartbeats(heartbeat: () => Promise<void>, fn: () => Promise<void>): Promise<void> {
    // A rebalance reported by a heartbeat is acted on by kafkajs after this batch (commits are
    // still accepted by the coordinator while it prepares the rebalance).
    const timer = setInterval(() => void heartbeat().catch(() => {}), CONSUMER_TIMINGS.heartbeatInterval);
    try {
      await fn();
    } finally {
      clearInterval(timer);
    }
  }

  private async pauseFor(ms: number, heartbeat: () => Promise<void>): Promise<void> {
    const end = Date.now() + ms;
    while (this.running && Date.now() < end) {
      await sleep(Math.min(250, end - Date.now()));
      await heartbeat().catch(() => {});
    }
  }

  /** GROUP_JOIN listener: runs synchronously up to the first await, before kafkajs fetches. */
  private onAssigned(assignment: Record<string, number[]>): void {
    const generation = ++this.generation;
    if (!this.opts.seek) return;
    const tps = Object.entries(assignment)
      .filter(([, partitions]) => partitions.length > 0)
      .map(([topic, partitions]) => ({ topic, partitions }));
    if (tps.length === 0) return;
    this.consumer.pause(tps);
    void this.position(tps, generation);
  }

  private async position(tps: { topic: string; partitions: number[] }[], generation: number): Promise<void> {
    const current = () => this.running && generation === this.generation;
    for (let attempt = 1; current(); attempt++) {
      try {
        const seeks: { topic: string; partition: number; offset: string }[] = [];
        for (const { topic: physical, partitions } of tps) {
          const topic = this.deps.names.logical(physical);
          const low = new Map((await this.deps.admin.fetchTopicOffsets(physical)).map((o) => [o.partition, Number(o.low)]));
          for (const partition of partitions) {
            const wanted = await this.opts.seek!(topic, partition);
            if (wanted === undefined) continue;
            // Below the log start offset (deleted by retention) Kafka would answer
            // OFFSET_OUT_OF_RANGE and kafkajs would jump to the group's default position.
            const target = Math.max(wanted, this.positions.get(`${topic}:${partition}`) ?? 0, low.get(partition) ?? 0);
            this.positions.set(`${topic}:${partition}`, target);
            seeks.push({ topic: physical, partition, offset: String(target) });
          }
        }
        if (!current()) return; // a newer assignment took over; its own listener positions it
        for (const s of seeks) this.consumer.seek(s);
        this.consumer.resume(tps);
        this.logger.debug({ seeks: seeks.length }, 'partitions positioned');
        return;
      } catch (err) {
        this.logger.warn({ err: errorMessage(err), attempt }, 'seek on assignment failed; retrying');
        await sleep(backoff(attempt));
      }
    }
  }
}
