// The report section of `npm run bench`: a synthetic warehouse of BENCH_REPORT_CASES cases
// (default 1,000,000, about 10.7 million events, over 60 months) generated in DuckDB, then the
// monthly report's aggregates for its last month (cold, then warm), beside bare DuckDB queries of
// the same month on the same file in the same run, and the rendering and exports. No row cap.
// Run alone: `node --import tsx bench/report.ts`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { calendarOf, loadProfile } from '../core/profiles/load.ts';
import { REPO_ROOT } from '../core/config.ts';
import { generateHistory } from '../analytics/generate/history.ts';
import { exportAggregates } from '../analytics/export.ts';
import { monthBounds } from '../analytics/month.ts';
import { computeMonthlyReport } from '../analytics/monthly-report.ts';
import { publishReport } from '../analytics/publish.ts';
import { renderReportHtml } from '../analytics/render/html.ts';
import { openWarehouse } from '../store/warehouse.ts';

const ms = (t0: number) => Math.round(performance.now() - t0);

export async function benchReport(): Promise<Record<string, unknown>> {
  const cases = Number(process.env.BENCH_REPORT_CASES ?? 1_000_000);
  const months = Number(process.env.BENCH_REPORT_MONTHS ?? 60);
  const month = '2026-10';
  const profile = loadProfile(path.join(REPO_ROOT, 'profiles'), 'omh-trois-rivieres');
  const calendar = calendarOf(profile);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dol-bench-report-'));
  const file = path.join(dir, 'warehouse.duckdb');
  try {
    let db = await openWarehouse(file);
    const steps: Record<string, number> = {};
    const gen = await generateHistory(db, profile, calendar, { cases, months, lastMonth: month, onStep: (s, t) => (steps[s] = t) });
    db.close();
    db = await openWarehouse(file, { readOnly: true });
    const { from, to } = monthBounds(month, profile.timezone);
    const p = [from.toISOString(), to.toISOString()];
    let t0 = performance.now();
    const raw = await computeMonthlyReport(db, profile, calendar, month);
    const cold = ms(t0);
    t0 = performance.now();
    await computeMonthlyReport(db, profile, calendar, month);
    const warm = ms(t0);
    const bare: Record<string, number> = {};
    const time = async (name: string, sql: string) => {
      const t = performance.now();
      await db.all(sql, p);
      bare[name] = ms(t);
    };
    await time('casesByNatureMs', `SELECT nature, count(*) FROM cases WHERE received_at >= $1::TIMESTAMPTZ AND received_at < $2::TIMESTAMPTZ GROUP BY 1`);
    await time('deadlinesDueMs', `SELECT clock, count(*), count(*) FILTER (WHERE met_at <= due_at) FROM deadlines WHERE due_at >= $1::TIMESTAMPTZ AND due_at < $2::TIMESTAMPTZ GROUP BY 1`);
    await time('eventsByTypeMs', `SELECT type, count(*) FROM case_events WHERE occurred_at >= $1::TIMESTAMPTZ AND occurred_at < $2::TIMESTAMPTZ GROUP BY 1`);
    await time('eventsFullScanMs', `SELECT type, count(*) FROM case_events WHERE $1 <> $2 GROUP BY 1`);
    t0 = performance.now();
    const pub = publishReport(raw, profile);
    const html = renderReportHtml(pub);
    const render = ms(t0);
    t0 = performance.now();
    await exportAggregates(pub, { csv: path.join(dir, 'a.csv'), parquet: path.join(dir, 'a.parquet') });
    const exportMs = ms(t0);
    db.close();
    return {
      cases: gen.cases,
      events: gen.events,
      deadlines: gen.deadlines,
      months,
      generateSeconds: gen.seconds,
      generateStepsMs: steps,
      warehouseMb: Math.round(fs.statSync(file).size / 1048576),
      reportMonth: month,
      receivedInMonth: raw.received.total,
      aggregatesColdMs: cold,
      aggregatesWarmMs: warm,
      targetMs: 3000,
      bareDuckdb: bare,
      renderHtmlMs: render,
      htmlKb: Math.round(html.length / 1024),
      exportCsvParquetMs: exportMs,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.stdout.write(`${JSON.stringify({ node: process.version, cpus: os.cpus().length, report: await benchReport() }, null, 2)}\n`);
}
