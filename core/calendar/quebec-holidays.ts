// Québec statutory holidays (jours fériés), Loi sur les normes du travail (RLRQ c. N-1.1),
// art. 60, and Loi sur la fête nationale (RLRQ c. F-1.1). Computed, not listed, so every year works.
import { addDays, weekday, type LocalDate } from './zoned.ts';

export interface HolidayOptions {
  /** LNT art. 60: Good Friday or Easter Monday, at the employer's choice; public bodies often close both. */
  goodFriday: boolean;
  easterMonday: boolean;
}

/** Easter Sunday (Gregorian computus, Meeus/Jones/Butcher). */
export function easterSunday(year: number): LocalDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function nthWeekday(year: number, month: number, dow: number, n: number): LocalDate {
  let date = `${year}-${String(month).padStart(2, '0')}-01`;
  while (weekday(date) !== dow) date = addDays(date, 1);
  return addDays(date, 7 * (n - 1));
}

export function quebecHolidays(year: number, opts: HolidayOptions): Map<LocalDate, string> {
  const h = new Map<LocalDate, string>();
  h.set(`${year}-01-01`, "Jour de l'An");
  const easter = easterSunday(year);
  if (opts.goodFriday) h.set(addDays(easter, -2), 'Vendredi saint');
  if (opts.easterMonday) h.set(addDays(easter, 1), 'Lundi de Pâques');
  // Journée nationale des patriotes: the Monday preceding May 25.
  let patriotes = `${year}-05-24`;
  while (weekday(patriotes) !== 1) patriotes = addDays(patriotes, -1);
  h.set(patriotes, 'Journée nationale des patriotes');
  // Fête nationale: June 24, or June 25 when the 24th is a Sunday (Loi sur la fête nationale, art. 2).
  const stJean = `${year}-06-24`;
  h.set(weekday(stJean) === 0 ? `${year}-06-25` : stJean, 'Fête nationale du Québec');
  // Fête du Canada: July 1, or July 2 when the 1st is a Sunday (LNT art. 60).
  const canada = `${year}-07-01`;
  h.set(weekday(canada) === 0 ? `${year}-07-02` : canada, 'Fête du Canada');
  h.set(nthWeekday(year, 9, 1, 1), 'Fête du Travail');
  h.set(nthWeekday(year, 10, 1, 2), "Action de grâce");
  h.set(`${year}-12-25`, 'Noël');
  return h;
}
