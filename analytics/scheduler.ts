// The monthly report without anyone running a query: every day at 06:00 (America/Toronto) a
// node-cron task checks which months are due — a month is due from the first business day of the
// next month in the profile's calendar (seed 000, §5: the board gets it every month) — and writes
// every due month that has no complete report yet, newest first: on start too, so months missed
// while the instance was down are caught up. Runs never overlap (one in flight; a tick during it
// is skipped). Only the latest due month is emailed to the board, once (a `sent.json` marker):
// caught-up older months are stored and listed, not mailed.
import fs from 'node:fs';
import path from 'node:path';
import cron from 'node-cron';
import type { BusinessCalendar } from '../core/calendar/business-calendar.ts';
import type { Keyring } from '../core/crypto/keyring.ts';
import { errorCode, errorMessage } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';
import { calendarOf } from '../core/profiles/load.ts';
import type { Profile } from '../core/profiles/schema.ts';
import type { Duck } from '../store/duck.ts';
import { sendReportEmail, type BoardMail } from './email.ts';
import { addMonths, monthOf, monthRange, reportDueAt } from './month.ts';
import { MANIFEST, writeMonthlyReport } from './write-report.ts';

export interface ReportSchedulerDeps {
  /** A reader connection on the warehouse. */
  db: Duck;
  profile: Profile;
  calendar?: BusinessCalendar;
  /** data/reports: one directory per month. */
  reportsDir: string;
  logger: Logger;
  keyring?: Keyring;
  pdf?: boolean;
  chromiumPath?: string;
  /** Board mail; nothing is sent when absent or when it has no recipients. */
  mail?: BoardMail;
  now?: () => Date;
  /** When the daily check runs (cron, in the profile's time zone). */
  cron?: string;
}

export interface ReportScheduler {
  stop(): Promise<void>;
  /** Runs a check now (as a tick would) and resolves with the months written. */
  runNow(): Promise<string[]>;
}

/** Months whose report is due at `now` (from the first month with a case) and missing, newest first. */
export async function missingMonths(deps: Pick<ReportSchedulerDeps, 'db' | 'profile' | 'calendar' | 'reportsDir'>, now: Date): Promise<string[]> {
  const cal = deps.calendar ?? calendarOf(deps.profile);
  const first = await deps.db.one<{ t: number | string | null }>(`SELECT epoch_ms(min(received_at)) AS t FROM cases`);
  if (first?.t === null || first?.t === undefined) return [];
  let last = addMonths(monthOf(now, deps.profile.timezone), -1);
  if (reportDueAt(last, cal).getTime() > now.getTime()) last = addMonths(last, -1);
  const from = monthOf(new Date(Number(first.t)), deps.profile.timezone);
  if (from > last) return [];
  return monthRange(from, last)
    .filter((m) => !fs.existsSync(path.join(deps.reportsDir, m, MANIFEST)))
    .reverse();
}

export function startReportScheduler(deps: ReportSchedulerDeps): ReportScheduler {
  const logger = deps.logger.child({ component: 'report-scheduler' });
  const calendar = deps.calendar ?? calendarOf(deps.profile);
  const now = deps.now ?? (() => new Date());
  let running: Promise<string[]> | null = null;
  let stopped = false;

  const mailLatest = async (month: string, latest: string, written: Awaited<ReturnType<typeof writeMonthlyReport>>) => {
    const marker = path.join(written.dir, 'sent.json');
    if (month !== latest || !deps.mail || deps.mail.recipients.length === 0 || fs.existsSync(marker)) return;
    const sent = await sendReportEmail(deps.mail, written.report, written.files);
    fs.writeFileSync(marker, `${JSON.stringify({ at: now().toISOString(), recipients: deps.mail.recipients.length, messageId: sent?.messageId ?? null })}\n`);
    logger.info({ month, recipients: deps.mail.recipients.length }, 'report mailed to the board');
  };

  const check = async (): Promise<string[]> => {
    const at = now();
    const months = await missingMonths({ ...deps, calendar }, at);
    const done: string[] = [];
    for (const month of months) {
      if (stopped) break;
      try {
        const written = await writeMonthlyReport({ db: deps.db, profile: deps.profile, calendar, month, dir: path.join(deps.reportsDir, month), now: at, pdf: deps.pdf, chromiumPath: deps.chromiumPath, keyring: deps.keyring });
        logger.info({ month, queryMs: written.manifest.queryMs }, 'monthly report written');
        done.push(month);
        await mailLatest(month, months[0]!, written);
      } catch (err) {
        // The next tick tries again: a month without manifest is still missing.
        logger.error({ month, errorCode: errorCode(err), reason: errorMessage(err) }, 'monthly report failed');
      }
    }
    return done;
  };

  const runNow = (): Promise<string[]> => {
    if (running) {
      logger.info('report check already running: skipped');
      return Promise.resolve([]);
    }
    running = check().finally(() => {
      running = null;
    });
    return running;
  };

  const task = cron.schedule(deps.cron ?? '0 6 * * *', () => runNow(), { timezone: deps.profile.timezone, noOverlap: true, name: 'monthly-report' });
  void runNow(); // catch-up on start
  return {
    runNow,
    async stop() {
      stopped = true;
      await task.destroy();
      await running?.catch(() => undefined);
    },
  };
}
