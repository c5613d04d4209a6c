// The log: the one interface every stage talks through (ARCHITECTURE.md, "The log"). Two
// implementations, embedded (core/log/embedded.ts) and Kafka, are held to one contract suite
// (core/log/contract.ts). Offsets follow Kafka's meaning: a committed offset is the next to read.

export interface LogMessage {
  key: string;
  value: unknown;
  headers?: Record<string, string>;
}

export interface LogRecord {
  topic: string;
  partition: number;
  offset: number;
  key: string;
  value: unknown;
  headers: Record<string, string>;
  timestamp: string;
}

export interface SubscribeOptions {
  /** Consumer group: members of one group share the work; each group sees every record. */
  group: string;
  topics: string[];
  /** Where a group with no committed offset starts: the beginning (true) or the end. */
  fromBeginning?: boolean;
  /**
   * Positions owned by the consumer itself (the store keeps them in its DuckDB transaction).
   * When it returns a number, reading starts there, whatever the group committed.
   */
  seek?: (topic: string, partition: number) => Promise<number | undefined>;
  /** Called with records of one topic-partition in order; the offsets are committed after it resolves. */
  onBatch: (records: LogRecord[]) => Promise<void>;
  maxBatch?: number;
}

export interface Subscription {
  stop(): Promise<void>;
}

export interface Log {
  publish(topic: string, messages: LogMessage[]): Promise<{ partition: number; offset: number }[]>;
  subscribe(opts: SubscribeOptions): Promise<Subscription>;
  /** The next offset to be written, per partition: what "caught up" means for replay. */
  endOffsets(topic: string): Promise<Map<number, number>>;
  close(): Promise<void>;
}
