// Projecting the log up to its current end, then stopping: what replay does from offset 0 and what
// the command line does after publishing a staff action (bin/doleances case …), from the offsets
// the warehouse already holds, so the next command reads the state it just changed.
import { TOPICS } from '../core/events/schemas.ts';
import { parseEvent } from '../core/events/validate.ts';
import type { Log } from '../core/log/types.ts';
import type { Projector } from './projector.ts';

export async function projectToEnd(log: Log, projector: Projector, opts: { group: string; fromStart?: boolean }): Promise<{ events: number; skipped: number }> {
  const topics = [TOPICS.intake, TOPICS.caseEvents];
  const from = opts.fromStart ? new Map<string, number>() : await projector.offsets();
  const ends = new Map<string, number>();
  for (const t of topics) for (const [p, n] of await log.endOffsets(t)) ends.set(`${t}:${p}`, n);
  const reached = new Map(from);
  let events = 0;
  let skipped = 0;
  const done = () => [...ends].every(([k, n]) => (reached.get(k) ?? 0) >= n);
  if (done()) return { events, skipped };
  let finish!: () => void;
  let fail!: (err: unknown) => void;
  const finished = new Promise<void>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const sub = await log.subscribe({
    group: opts.group,
    topics,
    seek: async (topic, partition) => from.get(`${topic}:${partition}`) ?? 0,
    maxBatch: 2000,
    onBatch: async (records) => {
      try {
        const items = [];
        for (const record of records) {
          try {
            items.push({ record, event: parseEvent(record.value) });
          } catch {
            skipped++; // already dead-lettered when it was first consumed
          }
        }
        await projector.project(items, records[records.length - 1]!);
        events += items.length;
        const last = records[records.length - 1]!;
        reached.set(`${last.topic}:${last.partition}`, last.offset + 1);
        if (done()) finish();
      } catch (err) {
        fail(err);
        throw err;
      }
    },
  });
  try {
    await finished;
  } finally {
    await sub.stop();
  }
  return { events, skipped };
}
