// `npm run bench`: intake → case throughput of the embedded pipeline on N generated messages,
// beside a bare baseline (DuckDB appender insert of the same rows) in the same run, printed as
// JSON. Other sections (Kafka, IMAP, classifier, report) join as their issues land.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { loadConfig } from '../core/config.ts';
import { openKeyring } from '../core/crypto/keyring.ts';
import { publishEvents } from '../core/events/publish.ts';
import { createLogger } from '../core/logger.ts';
import { buildIntakeReceived } from '../ingest/intake.ts';
import { parseRaw } from '../ingest/parse/index.ts';
import { archiveBytes } from '../ingest/archive.ts';
import { startDoleances } from '../main.ts';
import { countCases } from '../store/queries.ts';
import { syntheticLetter } from '../test/helpers/generate.ts';

const N = Number(process.env.BENCH_N ?? 2000);
const BATCH = 100;

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! * 10) / 10;
}

async function pipeline(): Promise<Record<string, number>> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dol-bench-'));
  const config = loadConfig({ DOLEANCES_DATA_DIR: dataDir, LOG_LEVEL: 'silent', DOLEANCES_SEED_EXAMPLES: 'false' });
  const keyring = openKeyring(config);
  const ctx = { keyring, profileId: config.profileId, archiveRoot: config.paths.archive, connector: 'bench' };
  const events = [];
  for (let i = 0; i < N; i++) {
    const l = syntheticLetter(i);
    const bytes = Buffer.from(l.text);
    const parsed = await parseRaw(l.name, bytes);
    events.push(await buildIntakeReceived(ctx, parsed, await archiveBytes(config.paths.archive, keyring, bytes), 'text/plain', { file: l.name }, new Date()));
  }
  const app = await startDoleances(config, { web: false, dropFolder: false, logger: createLogger('silent') });
  const reader = await app.db.reader();
  const latencies: number[] = [];
  let peakRss = process.memoryUsage().rss;
  const t0 = performance.now();
  const sent: { at: number; upTo: number }[] = [];
  for (let i = 0; i < N; i += BATCH) {
    await publishEvents(app.log, events.slice(i, i + BATCH));
    sent.push({ at: performance.now(), upTo: Math.min(N, i + BATCH) });
  }
  let seen = 0;
  while (seen < N) {
    seen = await countCases(reader);
    const now = performance.now();
    while (sent.length && sent[0]!.upTo <= seen) latencies.push(now - sent.shift()!.at);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    await new Promise((r) => setTimeout(r, 5));
  }
  const elapsed = (performance.now() - t0) / 1000;
  await app.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
  return { messages: N, seconds: Math.round(elapsed * 100) / 100, casesPerSecond: Math.round(N / elapsed), batchLatencyP50Ms: pct(latencies, 50), batchLatencyP95Ms: pct(latencies, 95), peakRssMb: Math.round(peakRss / 1048576) };
}

async function baseline(): Promise<Record<string, number>> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dol-bench-base-')), 'b.duckdb');
  const inst = await DuckDBInstance.create(file);
  const conn = await inst.connect();
  await conn.run(`CREATE TABLE cases (case_id VARCHAR, channel VARCHAR, received_at VARCHAR, kind VARCHAR, nature VARCHAR, urgency VARCHAR, queue VARCHAR, text_sealed VARCHAR)`);
  const t0 = performance.now();
  const app = await conn.createAppender('cases');
  for (let i = 0; i < N; i++) {
    app.appendVarchar(`2026-BENCH-${i}`);
    app.appendVarchar('letter');
    app.appendVarchar(new Date().toISOString());
    app.appendVarchar('plainte');
    app.appendVarchar('voisinage');
    app.appendVarchar('normale');
    app.appendVarchar('direction-service-clientele');
    app.appendVarchar(syntheticLetter(i).text);
    app.endRow();
  }
  app.closeSync();
  const elapsed = (performance.now() - t0) / 1000;
  conn.closeSync();
  inst.closeSync();
  return { rows: N, seconds: Math.round(elapsed * 1000) / 1000, rowsPerSecond: Math.round(N / elapsed) };
}

const result: Record<string, unknown> = { node: process.version, cpus: os.cpus().length, date: new Date().toISOString() };
const p = await pipeline();
const b = await baseline();
result.embeddedPipeline = { ...p, baselineDuckdbAppender: b, ratioToBaseline: Math.round((p.casesPerSecond! / b.rowsPerSecond!) * 10000) / 10000 };
// Sections of the other stages, each measured beside its own bare baseline. BENCH_SECTIONS limits
// them (comma list); kafka and imap start real servers (Java, Dovecot); web pages the staff app's
// queues over a generated warehouse.
const SECTIONS: [string, string, string][] = [
  ['classifier', '../classify/model/bench.ts', 'benchClassifier'],
  ['projection', './projection.ts', 'benchProjection'],
  ['report', './report.ts', 'benchReport'],
  ['web', './web.ts', 'benchWeb'],
  ['imap', '../ingest/imap/bench.ts', 'benchImap'],
  ['kafka', './kafka.ts', 'benchKafka'],
];
const wanted = process.env.BENCH_SECTIONS?.split(',');
for (const [name, mod, fn] of SECTIONS) {
  if (wanted && !wanted.includes(name)) continue;
  const m = (await import(mod)) as Record<string, () => Promise<unknown> | unknown>;
  result[name] = await m[fn]!();
}
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
