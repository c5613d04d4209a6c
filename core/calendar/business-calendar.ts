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

  /** Business days from `from` (exclusive) to `to` (inclusive); negative when `to` is earlier. */
  businessDaysBetween(from: LocalDate, to: LocalDate): number {
    if (to === from) return 0;
    const sign = to > from ? 1 : -1;
    let [a, b] = sign > 0 ? [from, to] : [to, from];
    let n = 0;
    while (a < b) {
      a = addDays(a, 1);
      if (this.isBusinessDay(a)) n++;
    }
    return sign * n;
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
