// The report without anyone running a query: on start the scheduler writes every month that is due
// and missing (newest first), mails only the latest one to the board (a real SMTP server on
// loopback), does nothing more on the next check; the web sub-app lists and serves the files.
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../core/config.ts';
import { calendarOf, loadProfile } from '../../core/profiles/load.ts';
import { generateHistory } from '../../analytics/generate/history.ts';
import { reportDueAt } from '../../analytics/month.ts';
import { missingMonths, startReportScheduler } from '../../analytics/scheduler.ts';
import { reportRoutes } from '../../analytics/web.ts';
import type { Duck } from '../../store/duck.ts';
import { openWarehouse } from '../../store/warehouse.ts';
import { silentLogger, tempDataDir, waitFor } from '../helpers/app.ts';

const profile = loadProfile(path.join(REPO_ROOT, 'profiles'), 'omh-trois-rivieres');
const calendar = calendarOf(profile);
const dir = tempDataDir('dol-sched-');
const reportsDir = path.join(dir, 'reports');
let db: Duck;
const mails: { subject: string; to: string; attachments: string[] }[] = [];
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  onData(stream, _session, cb) {
    simpleParser(stream).then((m) => {
      mails.push({ subject: m.subject ?? '', to: String((m.to as { text: string }).text), attachments: m.attachments.map((a) => a.filename ?? '') });
      cb();
    }, cb);
  },
});
let port = 0;

beforeAll(async () => {
  db = await openWarehouse(path.join(dir, 'warehouse.duckdb'));
  await generateHistory(db, profile, calendar, { cases: 2000, months: 3, lastMonth: '2026-10' });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()));
  port = (smtp.server.address() as { port: number }).port;
});
afterAll(async () => {
  db?.close();
  await new Promise<void>((r) => smtp.close(() => r()));
});

describe('report scheduler', () => {
  it('knows when a month is due: the first business day of the next month', () => {
    expect(reportDueAt('2026-10', calendar).toISOString()).toBe('2026-11-02T11:00:00.000Z'); // Monday Nov 2, 06:00 EST
    expect(reportDueAt('2026-12', calendar).toISOString()).toBe('2027-01-05T11:00:00.000Z'); // offices closed Dec 24 – Jan 4
    expect(reportDueAt('2026-08', calendar).toISOString()).toBe('2026-09-01T10:00:00.000Z'); // Labour Day is Sep 7
  });

  it('catches up every missing month on start, mails the latest once, and never repeats', async () => {
    const now = () => new Date('2026-11-02T15:00:00Z');
    expect(await missingMonths({ db, profile, calendar, reportsDir }, new Date('2026-11-02T10:00:00Z'))).toEqual(['2026-09', '2026-08']);
    expect(await missingMonths({ db, profile, calendar, reportsDir }, now())).toEqual(['2026-10', '2026-09', '2026-08']);
    const s = startReportScheduler({
      db,
      profile,
      calendar,
      reportsDir,
      logger: silentLogger,
      pdf: false,
      now,
      mail: { smtpUrl: `smtp://127.0.0.1:${port}`, from: 'rapports@omhtr.test', recipients: ['ca1@omhtr.test', 'ca2@omhtr.test'] },
    });
    try {
      await waitFor(async () => (await missingMonths({ db, profile, calendar, reportsDir }, now())).length === 0);
      await waitFor(async () => mails.length === 1);
      expect(mails[0]!.subject).toContain('octobre 2026');
      expect(mails[0]!.to).toContain('ca2@omhtr.test');
      expect(mails[0]!.attachments).toEqual(['rapport-omh-trois-rivieres-2026-10.html']);
      expect(await s.runNow()).toEqual([]);
      await new Promise((r) => setTimeout(r, 300));
      expect(mails).toHaveLength(1);
    } finally {
      await s.stop();
    }
  });

  it('lists the reports and serves only their files, behind the caller’s authorisation', async () => {
    const app = reportRoutes({ reportsDir, authorize: (c) => (c.req.header('x-role') === 'conseil' ? undefined : c.text('Interdit', 403)) });
    expect((await app.request('/')).status).toBe(403);
    const h = { 'x-role': 'conseil' };
    const list = await (await app.request('/', { headers: h })).text();
    expect(list.indexOf('octobre 2026')).toBeLessThan(list.indexOf('août 2026'));
    const csv = await app.request('/2026-10/agregats-omh-trois-rivieres-2026-10.csv', { headers: h });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-disposition')).toContain('attachment');
    expect((await csv.text()).startsWith('mois,section')).toBe(true);
    const html = await app.request('/2026-10/rapport-omh-trois-rivieres-2026-10.html?voir', { headers: h });
    expect(html.headers.get('content-security-policy')).toMatch(/style-src 'sha256-/);
    expect((await app.request('/2026-10/..%2F..%2Fwarehouse.duckdb', { headers: h })).status).toBe(404);
    expect((await app.request('/2026-10/manifest.json', { headers: h })).status).toBe(404);
  });
});
