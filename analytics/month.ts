// Months as the report counts them: « AAAA-MM » strings, their bounds as instants in the body's time
// zone (a month starts at local midnight on the 1st, so a case received at 23:30 on the 31st of
// October in Trois-Rivières belongs to October whatever UTC says), French titles, and the first
// business day of a month, the day the board's report is due (seed 000, §5 Rapport).
import type { BusinessCalendar } from '../core/calendar/business-calendar.ts';
import { zonedInstant, localDate } from '../core/calendar/zoned.ts';
import { DoleancesError } from '../core/errors.ts';

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function parseMonth(month: string): { year: number; month: number } {
  const m = MONTH_RE.exec(month);
  if (!m) throw new DoleancesError('CLI_USAGE', `Mois invalide « ${month} » : format AAAA-MM attendu`);
  return { year: Number(m[1]), month: Number(m[2]) };
}

/** The month `n` months after `month` (negative: before). */
export function addMonths(month: string, n: number): string {
  const { year, month: mo } = parseMonth(month);
  const idx = year * 12 + (mo - 1) + n;
  return `${Math.floor(idx / 12)}-${String((idx % 12) + 1).padStart(2, '0')}`;
}

/** Months from `from` to `to` inclusive, oldest first. */
export function monthRange(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to; m = addMonths(m, 1)) out.push(m);
  return out;
}

export function monthBounds(month: string, tz: string): { from: Date; to: Date } {
  parseMonth(month);
  return { from: zonedInstant(`${month}-01`, '00:00:00', tz), to: zonedInstant(`${addMonths(month, 1)}-01`, '00:00:00', tz) };
}

/** The month (local) an instant falls in. */
export function monthOf(instant: Date | string, tz: string): string {
  return localDate(instant, tz).slice(0, 7);
}

const MONTHS_FR = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];
const MONTHS_SHORT_FR = ['janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin', 'juill.', 'août', 'sept.', 'oct.', 'nov.', 'déc.'];

/** « novembre 2026 ». */
export function monthTitle(month: string): string {
  const { year, month: mo } = parseMonth(month);
  return `${MONTHS_FR[mo - 1]} ${year}`;
}

/** « nov. 26 », for chart axes. */
export function monthShort(month: string): string {
  const { year, month: mo } = parseMonth(month);
  return `${MONTHS_SHORT_FR[mo - 1]} ${String(year).slice(2)}`;
}

/** The first business day of `month` in the body's calendar (holidays and closures skipped). */
export function firstBusinessDay(month: string, calendar: BusinessCalendar): string {
  return calendar.nextBusinessDay(`${month}-01`);
}

/**
 * When the report of `month` is due: the first business day of the next month at `time` (local).
 * 2026-12 at OMH → 2027-01-05 (closed from December 24 to January 4).
 */
export function reportDueAt(month: string, calendar: BusinessCalendar, time = '06:00'): Date {
  return zonedInstant(firstBusinessDay(addMonths(month, 1), calendar), time, calendar.spec.timezone);
}
