// Producing one month's report files: the published report as HTML, PDF, JSON, and its aggregates
// as CSV and Parquet, in one directory (data/reports/AAAA-MM/ by default). Each file is written
// beside its final name and renamed into place; `manifest.json` is written last, so a directory
// with a manifest holds a complete report (what the scheduler and the web list rely on).
import fs from 'node:fs/promises';
import path from 'node:path';
import type { BusinessCalendar } from '../core/calendar/business-calendar.ts';
import type { Keyring } from '../core/crypto/keyring.ts';
import type { Profile } from '../core/profiles/schema.ts';
import type { Duck } from '../store/duck.ts';
import { exportAggregates } from './export.ts';
import { computeMonthlyReport } from './monthly-report.ts';
import { htmlToPdf } from './pdf.ts';
import { publishReport, type PublishedReport } from './publish.ts';
import { renderReportHtml } from './render/html.ts';

export const MANIFEST = 'manifest.json';

export interface ReportFiles {
  html: string;
  pdf: string | null;
  json: string;
  csv: string;
  parquet: string;
}

export interface Manifest {
  month: string;
  profileId: string;
  generatedAt: string;
  files: Record<keyof ReportFiles, string | null>;
  aggregateRows: number;
  /** Milliseconds spent on the warehouse queries (the benchmark reads it). */
  queryMs: number;
}

export interface WriteOptions {
  db: Duck;
  profile: Profile;
  calendar: BusinessCalendar;
  month: string;
  dir: string;
  now?: Date;
  /** Print the PDF with Chromium (default true). */
  pdf?: boolean;
  chromiumPath?: string;
  /** Opens sealed survey comments in memory to count their themes; without it, themes stored with the answers only. */
  keyring?: Keyring;
}

async function writeAtomic(file: string, data: string | Buffer): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}`;
  await fs.writeFile(tmp, data);
  await fs.rename(tmp, file);
}

export async function writeMonthlyReport(o: WriteOptions): Promise<{ dir: string; files: ReportFiles; report: PublishedReport; manifest: Manifest }> {
  const t0 = performance.now();
  const raw = await computeMonthlyReport(o.db, o.profile, o.calendar, o.month, o.now, o.keyring);
  const queryMs = Math.round(performance.now() - t0);
  const report = publishReport(raw, o.profile);
  await fs.mkdir(o.dir, { recursive: true });
  const base = `rapport-${o.profile.id}-${o.month}`;
  const files: ReportFiles = {
    html: path.join(o.dir, `${base}.html`),
    pdf: o.pdf === false ? null : path.join(o.dir, `${base}.pdf`),
    json: path.join(o.dir, `${base}.json`),
    csv: path.join(o.dir, `agregats-${o.profile.id}-${o.month}.csv`),
    parquet: path.join(o.dir, `agregats-${o.profile.id}-${o.month}.parquet`),
  };
  await fs.rm(path.join(o.dir, MANIFEST), { force: true });
  const html = renderReportHtml(report);
  await writeAtomic(files.html, html);
  await writeAtomic(files.json, `${JSON.stringify(report, null, 2)}\n`);
  const aggregateRows = await exportAggregates(report, { csv: files.csv, parquet: files.parquet });
  if (files.pdf) {
    await htmlToPdf(html, `${files.pdf}.tmp-${process.pid}`, { executablePath: o.chromiumPath });
    await fs.rename(`${files.pdf}.tmp-${process.pid}`, files.pdf);
  }
  const manifest: Manifest = {
    month: o.month,
    profileId: o.profile.id,
    generatedAt: report.meta.generatedAt,
    files: Object.fromEntries(Object.entries(files).map(([k, v]) => [k, v ? path.basename(v) : null])) as Manifest['files'],
    aggregateRows,
    queryMs,
  };
  await writeAtomic(path.join(o.dir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return { dir: o.dir, files, report, manifest };
}
