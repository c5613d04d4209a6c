// Reading a topic from its first offset to its current end, then stopping: what `dlq` and other
// inspection commands need. Uses a throw-away consumer group that always seeks to 0.
import { randomUUID } from 'node:crypto';
import type { Log, LogRecord } from './types.ts';

export async function readAll(log: Log, topic: string, onRecords: (records: LogRecord[]) => Promise<void> | void): Promise<number> {
  const ends = await log.endOffsets(topic);
  const reached = new Map<number, number>();
  const done = () => [...ends].every(([p, n]) => (reached.get(p) ?? 0) >= n);
  if (done()) return 0;
  let count = 0;
  let resolveDone!: () => void;
  const finished = new Promise<void>((r) => (resolveDone = r));
  const sub = await log.subscribe({
    group: `inspect-${randomUUID()}`,
    topics: [topic],
    seek: async () => 0,
    onBatch: async (records) => {
      await onRecords(records);
      count += records.length;
      const last = records[records.length - 1]!;
      reached.set(last.partition, Math.max(reached.get(last.partition) ?? 0, last.offset + 1));
      if (done()) resolveDone();
    },
  });
  await finished;
  await sub.stop();
  return count;
}
