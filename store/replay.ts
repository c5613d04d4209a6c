// Rebuilding the warehouse from the log: every intake and case event from the first offset is
// projected into a fresh DuckDB file, which then replaces the old one (kept as a backup). The
// projection is deterministic, so the rebuilt tables equal the ones kept live.
import fs from 'node:fs/promises';
import { TOPICS } from '../core/events/schemas.ts';
import { parseEvent } from '../core/events/validate.ts';
import type { Log } from '../core/log/types.ts';
import { openWarehouse, projectorFor } from './warehouse.ts';

export async function replayInto(log: Log, file: string): Promise<{ events: number; skipped: number }> {
  await fs.rm(file, { force: true });
  await fs.rm(`${file}.wal`, { force: true });
  const db = await openWarehouse(file);
  const projector = projectorFor(db);
  const topics = [TOPICS.intake, TOPICS.caseEvents];
  const ends = new Map<string, number>();
  for (const t of topics) for (const [p, n] of await log.endOffsets(t)) ends.set(`${t}:${p}`, n);
  const reached = new Map<string, number>();
  let events = 0;
  let skipped = 0;
  const done = () => [...ends].every(([k, n]) => (reached.get(k) ?? 0) >= n);
  try {
    if (!done()) {
      await new Promise<void>((resolve, reject) => {
        log
          .subscribe({
            group: 'replay',
            topics,
            seek: async () => 0,
            maxBatch: 2000,
            onBatch: async (records) => {
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
              if (done()) resolve();
            },
          })
          .then((sub) => {
            const check = setInterval(() => {
              if (done()) {
                clearInterval(check);
                void sub.stop().then(resolve, reject);
              }
            }, 20);
          }, reject);
      });
    }
  } finally {
    db.close();
  }
  return { events, skipped };
}
