// The body's business calendar: weekends, Québec statutory holidays and the body's own closures
// (from its policy profile), and the deadline rules the seeds state, computed in its time zone.
import { quebecHolidays, type HolidayOptions } from './quebec-holidays.ts';
import { addDays, localDate, weekday, zonedInstant, type LocalDate } from './zoned.ts';

export interface Closure {
  from: LocalDate;
  to: LocalDate;
  label: string;
}

export type DeadlineRule =
  | { unit: 'business_days'; amount: number }
  | { unit: 'calendar_days'; amount: number }
  | { unit: 'hours'; amount: number };

export interface CalendarSpec extends HolidayOptions {
  timezone: string;
  closures: Closure[];
  /** Local time at which a "day" of a deadline ends. */
  endOfDay: string;
  /**
   * A calendar-day deadline that falls on a non-business day moves to the next business day
   * (Loi d'interprétation, RLRQ c. I-16, art. 52).
   */
  rollCalendarDeadlines: boolean;
}

const dayNumber = (d: LocalDate): number => {
  const [y, m, day] = d.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, day) / 86_400_000;
};
const isWeekend = (d: LocalDate): boolean => {
  const w = weekday(d);
  return w === 0 || w === 6;
};
/** Monday-to-Friday days from a fixed Sunday up to day number `n` (1970-01-01, day 0, was a Thursday). */
function weekdaysUpTo(n: number): number {
  const s = n + 4; // days since Sunday 1969-12-28
  const weeks = Math.floor((s + 1) / 7);
  const rest = s + 1 - weeks * 7; // 0–6 days of a week that starts on a Sunday
  return weeks * 5 + Math.max(0, Math.min(rest, 6) - 1);
}

export class BusinessCalendar {
  private holidayCache = new Map<number, Map<LocalDate, string>>();

  constructor(readonly spec: CalendarSpec) {}

  holidays(year: number): Map<LocalDate, string> {
    let h = this.holidayCache.get(year);
    if (!h) {
      h = quebecHolidays(year, this.spec);
      this.holidayCache.set(year, h);
    }
    return h;
  }

  /** Why a day is not a business day, or null when it is one. */
  closedReason(date: LocalDate): string | null {
    const dow = weekday(date);
    if (dow === 0 || dow === 6) return 'fin de semaine';
    const holiday = this.holidays(Number(date.slice(0, 4))).get(date);
    if (holiday) return holiday;
    const closure = this.spec.closures.find((c) => c.from <= date && date <= c.to);
    return closure ? closure.label : null;
  }

  isBusinessDay(date: LocalDate): boolean {
    return this.closedReason(date) === null;
  }

  /** The n-th business day after `date` (the day itself never counts). */
  addBusinessDays(date: LocalDate, n: number): LocalDate {
    let d = date;
    let left = n;
    while (left > 0) {
      d = addDays(d, 1);
      if (this.isBusinessDay(d)) left--;
    }
    return d;
  }

  nextBusinessDay(date: LocalDate): LocalDate {
    let d = date;
    while (!this.isBusinessDay(d)) d = addDays(d, 1);
    return d;
  }

  /**
   * Business days from `from` (exclusive) to `to` (inclusive); negative when `to` is earlier.
   * Counted, not walked: the weekdays of the span by arithmetic, less the holidays and closure days
   * that fall on one of them, so a clock years late (a closed case in a long list) costs no more
   * than one due tomorrow.
   */
  businessDaysBetween(from: LocalDate, to: LocalDate): number {
    if (to === from) return 0;
    const sign = to > from ? 1 : -1;
    const [a, b] = sign > 0 ? [from, to] : [to, from];
    const closed = new Set<LocalDate>();
    const consider = (d: LocalDate) => {
      if (d > a && d <= b && !isWeekend(d)) closed.add(d);
    };
    for (let y = Number(a.slice(0, 4)); y <= Number(b.slice(0, 4)); y++) for (const d of this.holidays(y).keys()) consider(d);
    for (const c of this.spec.closures) {
      for (let d = c.from > a ? c.from : addDays(a, 1); d <= c.to && d <= b; d = addDays(d, 1)) consider(d);
    }
    return sign * (weekdaysUpTo(dayNumber(b)) - weekdaysUpTo(dayNumber(a)) - closed.size);
  }

  localDate(instant: Date | string): LocalDate {
    return localDate(instant, this.spec.timezone);
  }

  endOf(date: LocalDate): Date {
    return zonedInstant(date, this.spec.endOfDay, this.spec.timezone);
  }

  /** When a deadline that starts at `start` falls due. */
  due(start: Date | string, rule: DeadlineRule): Date {
    const t = new Date(start);
    switch (rule.unit) {
      case 'hours':
        return new Date(t.getTime() + rule.amount * 3_600_000);
      case 'business_days':
        return this.endOf(this.addBusinessDays(this.localDate(t), rule.amount));
      case 'calendar_days': {
        let d = addDays(this.localDate(t), rule.amount);
        if (this.spec.rollCalendarDeadlines) d = this.nextBusinessDay(d);
        return this.endOf(d);
      }
    }
  }
}
