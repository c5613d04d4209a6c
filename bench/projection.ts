// Projection benchmarks (issue 7), as JSON: (1) the store's projection of case events into DuckDB
// (set-based, with the vault re-sealing every personal field under its contact's key, and without
// a keyring), in events per second, beside a bare DuckDB appender insert of as many rows in the
// same run; (2) the scheduler's open-case clock sweep over 100,000 open cases generated directly
// into a DuckDB file. `benchProjection()` is what bench/run.ts calls; `node --import tsx
// bench/projection.ts` runs it alone. BENCH_N letters (default 2000), BENCH_OPEN_CASES (100000).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { caseEventsFor } from '../classify/case-events.ts';
import { RulesClassifier } from '../classify/rules-classifier.ts';
import { loadConfig } from '../core/config.ts';
import { openKeyring, type Keyring } from '../core/crypto/keyring.ts';
import type { DoleancesEvent } from '../core/events/schemas.ts';
import type { LogRecord } from '../core/log/types.ts';
import { calendarOf, loadProfile } from '../core/profiles/load.ts';
import { archiveBytes } from '../ingest/archive.ts';
import { buildIntakeReceived } from '../ingest/intake.ts';
import { parseRaw } from '../ingest/parse/index.ts';
import { sweepClocks } from '../store/clock-sweep.ts';
import { Duck } from '../store/duck.ts';
import { openWarehouse, projectorFor } from '../store/warehouse.ts';
import { syntheticLetter } from '../test/helpers/generate.ts';

const round = (n: number, d = 0) => Math.round(n * 10 ** d) / 10 ** d;

async function events(n: number, dir: string): Promise<{ events: DoleancesEvent[]; keyring: Keyring }> {
  const config = loadConfig({ DOLEANCES_DATA_DIR: dir, LOG_LEVEL: 'silent' });
  const keyring = openKeyring(config);
  const profile = loadProfile(config.profilesDir, config.profileId);
  const deps = { profile, calendar: calendarOf(profile), classifier: new RulesClassifier(profile), keyring };
  const out: DoleancesEvent[] = [];
  for (let i = 0; i < n; i++) {
    const l = syntheticLetter(i);
    const bytes = Buffer.from(l.text);
    const parsed = await parseRaw(l.name, bytes);
    // One sender in three leaves a name and an address (a contact with a vault of their own).
    if (i % 3 === 0) Object.assign(parsed.sender, { name: `Locataire ${i}`, address: `${100 + i}, rue Saint-Maurice, Trois-Rivières`, phone: `819-555-${String(1000 + (i % 9000)).padStart(4, '0')}` });
    const intake = await buildIntakeReceived({ keyring, profileId: profile.id, archiveRoot: config.paths.archive, connector: 'bench' }, parsed, await archiveBytes(config.paths.archive, keyring, bytes), 'text/plain', { file: l.name }, new Date());
    out.push(intake, ...caseEventsFor(intake, deps));
  }
  return { events: out, keyring };
}

async function project(list: DoleancesEvent[], file: string, keyring: Keyring | null): Promise<{ events: number; seconds: number; eventsPerSecond: number }> {
  const db = await openWarehouse(file);
  const projector = projectorFor(db, { keyring });
  const batch = 1000;
  const t0 = performance.now();
  for (let i = 0; i < list.length; i += batch) {
    const part = list.slice(i, i + batch);
    const upTo: LogRecord = { topic: 'case-events', partition: 0, offset: i + part.length - 1, key: '', value: null, headers: {}, timestamp: '' };
    await projector.project(part.map((event, j) => ({ record: { ...upTo, offset: i + j }, event })), upTo);
  }
  const seconds = (performance.now() - t0) / 1000;
  db.close();
  return { events: list.length, seconds: round(seconds, 2), eventsPerSecond: round(list.length / seconds) };
}

async function appender(n: number, file: string): Promise<{ rows: number; rowsPerSecond: number }> {
  const db = await Duck.open(file);
  await db.run(`CREATE TABLE e (event_id VARCHAR, case_id VARCHAR, type VARCHAR, occurred_at VARCHAR, data VARCHAR)`);
  const t0 = performance.now();
  const app = await db.conn.createAppender('e');
  for (let i = 0; i < n; i++) {
    for (const v of [`ev-${i}`, `case-${i >> 2}`, 'case.opened.v1', new Date().toISOString(), '{"caseId":"x"}']) app.appendVarchar(v);
    app.endRow();
  }
  app.closeSync();
  const s = (performance.now() - t0) / 1000;
  db.close();
  return { rows: n, rowsPerSecond: round(n / s) };
}

/** 100,000 open cases with their three clocks, written straight into the tables, then one sweep. */
async function sweep(n: number, file: string): Promise<Record<string, number>> {
  const db = await openWarehouse(file);
  const now = new Date('2026-11-23T15:00:00Z');
  const t0 = performance.now();
  const cases = await db.conn.createAppender('cases');
  const clocks = await db.conn.createAppender('deadlines');
  for (let i = 0; i < n; i++) {
    const received = new Date(now.getTime() - (i % 40) * 86_400_000);
    const id = `2026-B${String(i).padStart(9, '0')}`;
    const cells: (string | null)[] = Array(37).fill(null);
    Object.assign(cells, { 0: id, 1: 'omh-trois-rivieres', 2: 'letter', 3: received.toISOString(), 20: i % 10 === 0 ? 'en_attente_citoyen' : 'en_traitement' });
    for (const c of cells) if (c === null) cases.appendNull(); else cases.appendVarchar(c);
    cases.endRow();
    for (const [clock, days] of [['acknowledgement', 1], ['followUp', 3], ['answer', 30]] as const) {
      const due = new Date(received.getTime() + days * 86_400_000);
      const soon = new Date(due.getTime() - 86_400_000);
      // Steady state: 99 % of what is due soon or overdue was announced by an earlier sweep.
      const announced = i % 100 !== 0;
      const warned = announced && soon <= now ? due.toISOString() : null;
      const overdue = announced && due < now ? due.toISOString() : null;
      const row = [id, clock, received.toISOString(), due.toISOString(), soon.toISOString(), `${days} jours`, null, i % 10 === 0 && clock === 'answer' ? received.toISOString() : null, '0', null, null, warned, overdue];
      for (const c of row) if (c === null) clocks.appendNull(); else clocks.appendVarchar(c);
      clocks.endRow();
    }
  }
  cases.closeSync();
  clocks.closeSync();
  const generated = (performance.now() - t0) / 1000;
  const timed = async () => {
    const t = performance.now();
    const found = await sweepClocks(db, now);
    return { ms: round(performance.now() - t), events: found.length };
  };
  const steady = await timed();
  await db.run(`UPDATE deadlines SET warned_for = NULL, overdue_for = NULL`);
  const worst = await timed();
  db.close();
  return { openCases: n, clocks: n * 3, generateSeconds: round(generated, 2), sweepMs: steady.ms, eventsRaised: steady.events, firstSweepMs: worst.ms, firstSweepEvents: worst.events };
}

export async function benchProjection(): Promise<Record<string, unknown>> {
  const n = Number(process.env.BENCH_N ?? 2000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dol-bench-proj-'));
  try {
    const { events: list, keyring } = await events(n, dir);
    const withVault = await project(list, path.join(dir, 'a.duckdb'), keyring);
    const pending = await project(list, path.join(dir, 'b.duckdb'), null);
    const base = await appender(list.length, path.join(dir, 'c.duckdb'));
    return {
      letters: n,
      projection: { ...withVault, withoutKeyring: pending, baselineDuckdbAppender: base, ratioToBaseline: round(withVault.eventsPerSecond / base.rowsPerSecond, 4) },
      clockSweep: await sweep(Number(process.env.BENCH_OPEN_CASES ?? 100_000), path.join(dir, 'd.duckdb')),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.stdout.write(`${JSON.stringify({ node: process.version, cpus: os.cpus().length, date: new Date().toISOString(), ...(await benchProjection()) }, null, 2)}\n`);
}
