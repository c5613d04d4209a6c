// How much time a clock has left, in the body's business days (weekends, Québec statutory holidays
// and the body's closures do not count: core/calendar). Within the last day, hours are shown, as
// seed 000's urgencies run « la journée même, ou dans les 24 heures ».
import type { BusinessCalendar } from '../../core/calendar/business-calendar.ts';

export type ClockState = 'met' | 'paused' | 'late' | 'today' | 'soon' | 'ok';

export interface Countdown {
  state: ClockState;
  /** Business days from today to the due date (negative when late); 0 on the due day. */
  businessDays: number;
  /** Whole hours left (negative when late), for the last day and the hour-based clocks. */
  hours: number;
}

export interface ClockRow {
  clock: string;
  due_at: string;
  met_at: string | null;
  paused?: boolean;
}

export function countdown(cal: BusinessCalendar, dueAt: string | Date, now: Date, opts: { met?: boolean; paused?: boolean } = {}): Countdown {
  const due = new Date(dueAt);
  const hours = Math.floor((due.getTime() - now.getTime()) / 3_600_000);
  const businessDays = cal.businessDaysBetween(cal.localDate(now), cal.localDate(due));
  if (opts.met) return { state: 'met', businessDays, hours };
  if (opts.paused) return { state: 'paused', businessDays, hours };
  if (due.getTime() < now.getTime()) return { state: 'late', businessDays: Math.min(businessDays, 0), hours };
  if (businessDays <= 0 || hours < 24) return { state: 'today', businessDays: 0, hours };
  return { state: businessDays <= 2 ? 'soon' : 'ok', businessDays, hours };
}

/** The clock that matters now: the earliest one not yet met (null when all are met). */
export function nextClock<T extends ClockRow>(clocks: T[]): T | null {
  return clocks.filter((c) => !c.met_at).sort((a, b) => a.due_at.localeCompare(b.due_at))[0] ?? null;
}

export function isOverdue(clocks: ClockRow[], now: Date): boolean {
  return clocks.some((c) => !c.met_at && !c.paused && new Date(c.due_at).getTime() < now.getTime());
}
