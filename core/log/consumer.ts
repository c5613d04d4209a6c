// Consuming events: validation at consume, bounded retries, and the dead-letter topic. A record
// that fails validation, or whose handling still fails after the retries, is published to
// `dead-letter` with its error code and reason, and the partition moves on (ARCHITECTURE: nothing
// is dropped silently, a poison message never stalls a partition).
import { DoleancesError, errorCode, errorMessage, isRetriable } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { retry } from '../retry.ts';
import { TOPICS, type DoleancesEvent } from '../events/schemas.ts';
import { parseEvent } from '../events/validate.ts';
import type { Log, LogRecord, Subscription } from './types.ts';

export interface Consumed {
  record: LogRecord;
  event: DoleancesEvent;
}

export interface ConsumeOptions {
  group: string;
  topics: string[];
  logger: Logger;
  fromBeginning?: boolean;
  seek?: (topic: string, partition: number) => Promise<number | undefined>;
  maxBatch?: number;
  retries?: number;
  /**
   * Handles valid events in log order. `upTo` is the last record the call accounts for (invalid
   * and dead-lettered records included), for consumers that keep their own offsets.
   */
  handle: (items: Consumed[], upTo: LogRecord) => Promise<void>;
}

export interface DeadLetter {
  group: string;
  topic: string;
  partition: number;
  offset: number;
  key: string;
  errorCode: string;
  reason: string;
  failedAt: string;
  value: unknown;
  headers: Record<string, string>;
}

export async function consumeEvents(log: Log, opts: ConsumeOptions): Promise<Subscription> {
  const retries = opts.retries ?? 3;
  const deadLetter = async (record: LogRecord, err: unknown) => {
    const dl: DeadLetter = {
      group: opts.group,
      topic: record.topic,
      partition: record.partition,
      offset: record.offset,
      key: record.key,
      errorCode: errorCode(err),
      reason: errorMessage(err),
      failedAt: new Date().toISOString(),
      value: record.value,
      headers: record.headers,
    };
    opts.logger.error({ topic: record.topic, offset: record.offset, errorCode: dl.errorCode, reason: dl.reason, group: opts.group }, 'dead-lettered');
    await log.publish(TOPICS.deadLetter, [{ key: record.key, value: dl, headers: { 'x-error-code': dl.errorCode } }]);
  };

  return log.subscribe({
    group: opts.group,
    topics: opts.topics,
    fromBeginning: opts.fromBeginning,
    seek: opts.seek,
    maxBatch: opts.maxBatch,
    async onBatch(records) {
      const items: Consumed[] = [];
      for (const record of records) {
        try {
          items.push({ record, event: parseEvent(record.value) });
        } catch (err) {
          await deadLetter(record, err);
        }
      }
      const last = records[records.length - 1]!;
      try {
        await retry(() => opts.handle(items, last), {
          retries,
          minDelayMs: 50,
          maxDelayMs: 2000,
          shouldRetry: isRetriable,
          onRetry: (err, attempt) => opts.logger.warn({ errorCode: errorCode(err), attempt, group: opts.group }, 'retrying batch'),
        });
        return;
      } catch (err) {
        if (records.length === 1 && items.length === 1) {
          await deadLetter(items[0]!.record, err);
          await opts.handle([], last);
          return;
        }
        opts.logger.warn({ errorCode: errorCode(err), group: opts.group, size: items.length }, 'batch failed; isolating the poison record');
      }
      // Isolate: one record at a time, so only the poison one is dead-lettered.
      for (const record of records) {
        const item = items.find((i) => i.record === record);
        if (!item) {
          await opts.handle([], record);
          continue;
        }
        try {
          await retry(() => opts.handle([item], record), { retries, minDelayMs: 50, maxDelayMs: 2000, shouldRetry: isRetriable });
        } catch (err) {
          await deadLetter(record, err instanceof DoleancesError ? err : new DoleancesError('HANDLER_FAILED', errorMessage(err), { cause: err }));
          await opts.handle([], record);
        }
      }
    },
  });
}
