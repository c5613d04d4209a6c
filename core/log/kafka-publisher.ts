// Publishing to Kafka: one idempotent producer (KIP-98: the broker drops a retried batch it
// already wrote, so producer retries never duplicate nor reorder), acks=all, and a publish that
// resolves only once the broker acknowledged it. Concurrent publishes are coalesced into one
// produce request (group commit, as the embedded log shares one fdatasync): one send is in flight
// at a time, so kafkajs's per-partition sequence numbers stay in order, and each caller learns the
// partition and offset of every message it sent (base offset of its partition's batch + rank).
import type { Admin, Producer } from 'kafkajs';
import { encode, type Outgoing } from './kafka-codec.ts';
import { kafkaError, retryKafka, type TopicNames } from './kafka-client.ts';
import type { LogMessage } from './types.ts';

/** Above this many bytes, waiting publishes go out in more than one request. */
const MAX_REQUEST_BYTES = 1024 * 1024;

interface Pending {
  physical: string;
  messages: Outgoing[];
  bytes: number;
  resolve: (offsets: { partition: number; offset: number }[]) => void;
  reject: (err: unknown) => void;
}

export class KafkaPublisher {
  private queue: Pending[] = [];
  private sending: Promise<void> | null = null;
  private partitionCounts = new Map<string, Promise<number>>();

  constructor(private producer: Producer, private admin: Admin, private names: TopicNames) {}

  async publish(topic: string, messages: LogMessage[]): Promise<{ partition: number; offset: number }[]> {
    if (messages.length === 0) return [];
    const physical = this.names.physical(topic);
    const partitions = await this.partitionsOf(physical);
    const out = messages.map((m) => encode(physical, m, partitions));
    const bytes = out.reduce((n, m) => n + m.value.length + m.key.length, 0);
    return new Promise((resolve, reject) => {
      this.queue.push({ physical, messages: out, bytes, resolve, reject });
      this.sending ??= this.flush();
    });
  }

  /** Resolves once every publish accepted so far is acknowledged or failed. */
  async drain(): Promise<void> {
    while (this.sending) await this.sending;
  }

  private partitionsOf(physical: string): Promise<number> {
    let n = this.partitionCounts.get(physical);
    if (!n) {
      n = retryKafka(() => this.admin.fetchTopicMetadata({ topics: [physical] })).then(
        (meta) => meta.topics[0]!.partitions.length,
        (err: unknown) => {
          this.partitionCounts.delete(physical);
          throw kafkaError(`Publication dans ${physical}`, err);
        },
      );
      this.partitionCounts.set(physical, n);
    }
    return n;
  }

  private async flush(): Promise<void> {
    while (this.queue.length > 0) {
      const batch: Pending[] = [];
      let bytes = 0;
      while (this.queue.length > 0 && (batch.length === 0 || bytes + this.queue[0]!.bytes <= MAX_REQUEST_BYTES)) {
        const p = this.queue.shift()!;
        batch.push(p);
        bytes += p.bytes;
      }
      await this.send(batch);
    }
    this.sending = null;
  }

  private async send(batch: Pending[]): Promise<void> {
    const byTopic = new Map<string, Outgoing[]>();
    for (const p of batch) {
      const list = byTopic.get(p.physical) ?? [];
      for (const m of p.messages) list.push(m);
      byTopic.set(p.physical, list);
    }
    try {
      // acks: -1 (all in-sync replicas) is what the idempotent producer requires anyway.
      const meta = await this.producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
      const base = new Map(meta.map((r) => [`${r.topicName}:${r.partition}`, Number(r.baseOffset)]));
      const rank = new Map<string, number>();
      for (const p of batch) {
        p.resolve(
          p.messages.map((m) => {
            const k = `${p.physical}:${m.partition}`;
            const i = rank.get(k) ?? 0;
            rank.set(k, i + 1);
            return { partition: m.partition, offset: base.get(k)! + i };
          }),
        );
      }
    } catch (err) {
      for (const t of byTopic.keys()) this.partitionCounts.delete(t); // the topic may have changed
      const e = kafkaError('Publication Kafka', err);
      for (const p of batch) p.reject(e);
    }
  }
}
