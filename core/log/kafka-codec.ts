// How a log record travels through Kafka: the key as UTF-8 (all events of one case share it, so
// they share a partition and keep their order), the value as JSON, the headers as UTF-8 strings
// (kafkajs hands them back as Buffers, or arrays of Buffers for a repeated header name), the
// broker's timestamp as ISO 8601. Also the partition a key goes to, computed exactly as kafkajs's
// DefaultPartitioner does (murmur2 of the key, like the Java client), so a publish knows which
// partition, hence which offset, each of its messages got.
import { Partitioners, type IHeaders, type KafkaMessage, type PartitionMetadata } from 'kafkajs';
import type { LogMessage, LogRecord } from './types.ts';

export interface Outgoing {
  key: string;
  value: Buffer;
  partition: number;
  headers: Record<string, string>;
}

const partitioner = Partitioners.DefaultPartitioner();
const metadataCache = new Map<number, PartitionMetadata[]>();

/** The partition kafkajs's DefaultPartitioner picks for `key` among `partitions` partitions. */
export function partitionFor(topic: string, key: string, partitions: number): number {
  let meta = metadataCache.get(partitions);
  if (!meta) {
    // The partitioner only reads the count (and `leader` for keyless messages, which we never send).
    meta = Array.from({ length: partitions }, (_, partitionId) => ({ partitionId, leader: 0, replicas: [0], isr: [0], partitionErrorCode: 0 }));
    metadataCache.set(partitions, meta);
  }
  return partitioner({ topic, partitionMetadata: meta, message: { key, value: null } });
}

export function encode(topic: string, m: LogMessage, partitions: number): Outgoing {
  return {
    key: m.key,
    value: Buffer.from(JSON.stringify(m.value ?? null), 'utf8'),
    partition: partitionFor(topic, m.key, partitions),
    headers: { ...(m.headers ?? {}) },
  };
}

function headerText(v: IHeaders[string]): string | undefined {
  if (v === undefined) return undefined;
  const last = Array.isArray(v) ? v[v.length - 1] : v;
  return last === undefined ? undefined : Buffer.isBuffer(last) ? last.toString('utf8') : String(last);
}

export function decode(topic: string, partition: number, m: KafkaMessage): LogRecord {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(m.headers ?? {})) {
    const text = headerText(v);
    if (text !== undefined) headers[k] = text;
  }
  let value: unknown = null;
  if (m.value) {
    const text = m.value.toString('utf8');
    try {
      value = JSON.parse(text);
    } catch {
      // Not written by us: handed on as text, so validation dead-letters it with a reason.
      value = text;
    }
  }
  return {
    topic,
    partition,
    offset: Number(m.offset),
    key: m.key ? m.key.toString('utf8') : '',
    value,
    headers,
    timestamp: new Date(Number(m.timestamp)).toISOString(),
  };
}
