// Live updates: what changed in the warehouse since the last look. The store projects events into
// `case_events` (append only), so its rowid is a watermark: every poll reads the events projected
// after it, with their case's queue and assignee, and hands them to the open Server-Sent Events
// streams. Polling starts with the first listener and stops with the last.
import type { Logger } from '../../core/logger.ts';
import type { WarehouseReader } from '../http/warehouse-reader.ts';

export interface Change {
  caseId: string;
  queue: string | null;
  type: string;
}

type Listener = (changes: Change[]) => void;

export class ChangeFeed {
  private listeners = new Set<Listener>();
  private timer: NodeJS.Timeout | undefined;
  private watermark: number | undefined;
  private polling = false;

  constructor(
    private reader: WarehouseReader,
    private pollMs: number,
    private logger: Logger,
  ) {}

  subscribe(fn: Listener): () => void {
    this.listeners.add(fn);
    if (!this.timer) this.timer = setInterval(() => void this.poll(), this.pollMs);
    return () => {
      this.listeners.delete(fn);
      if (this.listeners.size === 0) this.stop();
    };
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One look at the warehouse; exported for tests and for a first watermark. */
  async poll(): Promise<Change[]> {
    if (this.polling) return [];
    this.polling = true;
    try {
      return await this.reader.use(async (db) => {
        if (this.watermark === undefined) {
          this.watermark = Number((await db.one<{ w: string | null }>(`SELECT max(rowid) AS w FROM case_events`))?.w ?? -1);
          return [];
        }
        const rows = await db.all<{ rid: string; case_id: string; type: string; queue: string | null }>(
          `SELECT e.rowid AS rid, e.case_id, e.type, c.queue FROM case_events e LEFT JOIN cases c USING (case_id) WHERE e.rowid > $1 ORDER BY e.rowid LIMIT 5000`,
          [this.watermark],
        );
        if (rows.length === 0) return [];
        this.watermark = Math.max(this.watermark, ...rows.map((r) => Number(r.rid)));
        const changes = rows.map((r) => ({ caseId: r.case_id, queue: r.queue, type: r.type }));
        for (const l of this.listeners) l(changes);
        return changes;
      });
    } catch (err) {
      this.logger.warn({ err }, 'live change feed poll failed');
      return [];
    } finally {
      this.polling = false;
    }
  }
}
