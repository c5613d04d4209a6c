// The staff app's own tables: users, sessions, absences and the administration audit trail. They
// live in a small DuckDB file of their own (data/state/staff.duckdb), not in the warehouse: the
// warehouse is a projection of the log that `replay` rebuilds, and staff accounts are not events.
// Every statement goes through one queue, so concurrent requests never share a prepared
// statement mid-bind.
import fs from 'node:fs';
import path from 'node:path';
import { Duck, type Param } from '../../store/duck.ts';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS staff_users (
  user_id VARCHAR PRIMARY KEY, username VARCHAR UNIQUE, display_name VARCHAR, role VARCHAR,
  services VARCHAR, password_hash VARCHAR, lang VARCHAR, active BOOLEAN,
  created_at TIMESTAMPTZ, updated_at TIMESTAMPTZ);
CREATE TABLE IF NOT EXISTS staff_sessions (
  session_hash VARCHAR PRIMARY KEY, user_id VARCHAR, csrf VARCHAR, created_at TIMESTAMPTZ,
  last_seen_at TIMESTAMPTZ, expires_at TIMESTAMPTZ);
CREATE TABLE IF NOT EXISTS staff_absences (
  absence_id VARCHAR PRIMARY KEY, user_id VARCHAR, delegate_id VARCHAR, starts_on VARCHAR,
  ends_on VARCHAR, note VARCHAR, created_at TIMESTAMPTZ, cancelled_at TIMESTAMPTZ);
CREATE TABLE IF NOT EXISTS staff_audit (
  occurred_at TIMESTAMPTZ, actor VARCHAR, action VARCHAR, target VARCHAR, details VARCHAR);
`;

/** A serialised handle: one statement at a time on one connection. */
export class StaffDb {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(private duck: Duck) {}

  static async open(file: string): Promise<StaffDb> {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const duck = await Duck.open(file);
    await duck.run(SCHEMA);
    return new StaffDb(duck);
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn);
    this.queue = next.catch(() => undefined);
    return next;
  }

  all<T>(sql: string, params: Param[] = []): Promise<T[]> {
    return this.serial(() => this.duck.all<T>(sql, params));
  }

  async one<T>(sql: string, params: Param[] = []): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  run(sql: string, params: Param[] = []): Promise<void> {
    return this.serial(() => this.duck.run(sql, params));
  }

  /** The administration trail: who created or changed an account, marked an absence… */
  audit(actor: string, action: string, target: string, details: Record<string, unknown> = {}): Promise<void> {
    return this.run(`INSERT INTO staff_audit VALUES (now(), $1, $2, $3, $4)`, [actor, action, target, JSON.stringify(details)]);
  }

  close(): void {
    this.duck.close();
  }
}
