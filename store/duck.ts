// A thin DuckDB connection wrapper over @duckdb/node-api: cached prepared statements, rows as
// JSON-friendly objects, transactions, and the file lock turned into a clear STORE_LOCKED error.
import { DuckDBInstance, type DuckDBConnection, type DuckDBPreparedStatement, type DuckDBValue } from '@duckdb/node-api';
import { DoleancesError } from '../core/errors.ts';

export type Param = string | number | boolean | null;
export type Row = Record<string, unknown>;

export class Duck {
  private statements = new Map<string, DuckDBPreparedStatement>();
  private queue: Promise<unknown> = Promise.resolve();
  private readers: Duck[] = [];

  private constructor(readonly instance: DuckDBInstance, readonly conn: DuckDBConnection, readonly path: string, private owner: boolean) {}

  /**
   * Another connection on the same database, for reads (web pages, reports) that must neither
   * wait for nor see inside the writer's open transaction (DuckDB MVCC).
   */
  async reader(): Promise<Duck> {
    const conn = await this.instance.connect();
    await conn.run(`SET TimeZone = 'UTC'`);
    const r = new Duck(this.instance, conn, this.path, false);
    this.readers.push(r);
    return r;
  }

  static async open(path: string, opts: { readOnly?: boolean } = {}): Promise<Duck> {
    try {
      const instance = await DuckDBInstance.create(path, opts.readOnly ? { access_mode: 'READ_ONLY' } : {});
      const conn = await instance.connect();
      await conn.run(`SET TimeZone = 'UTC'`);
      return new Duck(instance, conn, path, true);
    } catch (cause) {
      const msg = (cause as Error).message ?? '';
      if (/lock/i.test(msg)) {
        throw new DoleancesError('STORE_LOCKED', `L'entrepôt ${path} est ouvert par un autre processus (Doléances est-il déjà en marche ?).`, { cause });
      }
      throw new DoleancesError('STORE_FAILED', `Ouverture de l'entrepôt impossible : ${msg}`, { cause });
    }
  }

  private async statement(sql: string): Promise<DuckDBPreparedStatement> {
    let st = this.statements.get(sql);
    if (!st) {
      st = await this.conn.prepare(sql);
      this.statements.set(sql, st);
    }
    return st;
  }

  async run(sql: string, params: Param[] = []): Promise<void> {
    if (params.length === 0) {
      await this.conn.run(sql);
      return;
    }
    const st = await this.statement(sql);
    st.bind(params as DuckDBValue[]);
    await st.run();
  }

  async all<T = Row>(sql: string, params: Param[] = []): Promise<T[]> {
    if (params.length === 0) return (await this.conn.runAndReadAll(sql)).getRowObjectsJson() as T[];
    const st = await this.statement(sql);
    st.bind(params as DuckDBValue[]);
    return (await st.runAndReadAll()).getRowObjectsJson() as T[];
  }

  async one<T = Row>(sql: string, params: Param[] = []): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  /** Transactions on one connection are serialised: callers queue rather than nest. */
  transaction<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(() => this.runTransaction(fn));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async runTransaction<T>(fn: () => Promise<T>): Promise<T> {
    await this.conn.run('BEGIN TRANSACTION');
    try {
      const out = await fn();
      await this.conn.run('COMMIT');
      return out;
    } catch (err) {
      await this.conn.run('ROLLBACK').catch(() => {});
      throw err;
    }
  }

  close(): void {
    for (const r of this.readers.splice(0)) r.close();
    for (const st of this.statements.values()) st.destroySync?.();
    this.statements.clear();
    this.conn.closeSync();
    if (this.owner) this.instance.closeSync();
  }
}
