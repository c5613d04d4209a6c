// Wall-clock arithmetic in the body's time zone (America/Toronto for Québec) with nothing but
// Intl: local calendar dates of an instant, and the instant of a local date and time.

export type LocalDate = string; // YYYY-MM-DD

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(tz, f);
  }
  return f;
}

function parts(instant: Date, tz: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of formatter(tz).formatToParts(instant)) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return out;
}

/** The local calendar date of an instant. */
export function localDate(instant: Date | string, tz: string): LocalDate {
  const p = parts(new Date(instant), tz);
  return `${p.year}-${pad(p.month!)}-${pad(p.day!)}`;
}

/** The local time "HH:MM" of an instant. */
export function localTime(instant: Date | string, tz: string): string {
  const p = parts(new Date(instant), tz);
  return `${pad(p.hour!)}:${pad(p.minute!)}`;
}

/** The instant at which the wall clock in `tz` shows `date` `time` (first one, across a DST change). */
export function zonedInstant(date: LocalDate, time: string, tz: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh = 0, mm = 0, ss = 0] = time.split(':').map(Number);
  const asUtc = Date.UTC(y, m - 1, d, hh, mm, ss);
  let guess = asUtc;
  for (let i = 0; i < 3; i++) {
    const p = parts(new Date(guess), tz);
    const shown = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
    const diff = asUtc - shown;
    if (diff === 0) break;
    guess += diff;
  }
  return new Date(guess);
}

export function addDays(date: LocalDate, n: number): LocalDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d + n));
  return t.toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: LocalDate): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
