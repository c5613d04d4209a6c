// Read access to the warehouse for the web pages: two connections of their own on the store's
// DuckDB instance (MVCC: they neither wait for nor see inside the projector's open transaction),
// each running one query at a time so concurrent requests never share a prepared statement.
import type { Duck } from '../../store/duck.ts';

export class WarehouseReader {
  private next = 0;
  private queues: Promise<unknown>[];

  private constructor(private conns: Duck[]) {
    this.queues = conns.map(() => Promise.resolve());
  }

  static async open(warehouse: Duck, connections = 2): Promise<WarehouseReader> {
    const conns: Duck[] = [];
    for (let i = 0; i < connections; i++) conns.push(await warehouse.reader());
    return new WarehouseReader(conns);
  }

  use<T>(fn: (db: Duck) => Promise<T>): Promise<T> {
    const i = this.next++ % this.conns.length;
    const run = this.queues[i]!.then(() => fn(this.conns[i]!));
    this.queues[i] = run.catch(() => undefined);
    return run;
  }
}
