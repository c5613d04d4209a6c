import { describe, expect, it } from 'vitest';
import { BusinessCalendar } from './business-calendar.ts';
import { addDays } from './zoned.ts';
import { easterSunday, quebecHolidays } from './quebec-holidays.ts';

const cal = new BusinessCalendar({
  timezone: 'America/Toronto',
  goodFriday: true,
  easterMonday: true,
  closures: [{ from: '2026-12-24', to: '2027-01-02', label: 'Fermeture des Fêtes' }],
  endOfDay: '23:59:59',
  rollCalendarDeadlines: true,
});

describe('Québec holidays', () => {
  it('computes Easter and the holidays that move', () => {
    expect(easterSunday(2026)).toBe('2026-04-05');
    expect(easterSunday(2027)).toBe('2027-03-28');
    const h2026 = quebecHolidays(2026, { goodFriday: true, easterMonday: true });
    expect(h2026.get('2026-04-03')).toBe('Vendredi saint');
    expect(h2026.get('2026-04-06')).toBe('Lundi de Pâques');
    expect(h2026.get('2026-05-18')).toBe('Journée nationale des patriotes');
    expect(h2026.get('2026-06-24')).toBe('Fête nationale du Québec');
    expect(h2026.get('2026-09-07')).toBe('Fête du Travail');
    expect(h2026.get('2026-10-12')).toBe('Action de grâce');
    // 2029-06-24 and 2029-07-01 are Sundays: observed the next day.
    const h2029 = quebecHolidays(2029, { goodFriday: true, easterMonday: false });
    expect(h2029.get('2029-06-25')).toBe('Fête nationale du Québec');
    expect(h2029.get('2029-07-02')).toBe('Fête du Canada');
    expect(h2029.has('2029-06-24')).toBe(false);
  });
});

describe('deadlines', () => {
  it('3 business days from Tuesday 2026-06-23 skip the Fête nationale and the weekend', () => {
    const due = cal.due('2026-06-23T14:00:00-04:00', { unit: 'business_days', amount: 3 });
    expect(cal.localDate(due)).toBe('2026-06-29');
    expect(due.toISOString()).toBe('2026-06-30T03:59:59.000Z');
  });

  it('a message received on Saturday counts from Monday', () => {
    const due = cal.due('2026-11-21T10:00:00-05:00', { unit: 'business_days', amount: 1 });
    expect(cal.localDate(due)).toBe('2026-11-23');
  });

  it('the body closure days are not business days', () => {
    const due = cal.due('2026-12-23T09:00:00-05:00', { unit: 'business_days', amount: 1 });
    expect(cal.localDate(due)).toBe('2027-01-04');
    expect(cal.closedReason('2026-12-28')).toBe('Fermeture des Fêtes');
  });

  it('30 calendar days that end on a holiday move to the next business day', () => {
    // 2026-06-01 + 30 days = 2026-07-01, Fête du Canada (Wednesday) → July 2.
    const due = cal.due('2026-06-01T10:00:00-04:00', { unit: 'calendar_days', amount: 30 });
    expect(cal.localDate(due)).toBe('2026-07-02');
  });

  it('48 hours are clock hours, across the DST change', () => {
    const due = cal.due('2026-11-01T00:30:00-04:00', { unit: 'hours', amount: 48 });
    expect(due.toISOString()).toBe('2026-11-03T04:30:00.000Z');
  });

  it('counts business days between dates in both directions', () => {
    expect(cal.businessDaysBetween('2026-06-23', '2026-06-29')).toBe(3);
    expect(cal.businessDaysBetween('2026-06-29', '2026-06-23')).toBe(-3);
  });
});

describe('businessDaysBetween', () => {
  // The day-by-day walk it replaces, as the reference.
  const walked = (from: string, to: string) => {
    const [a, b, sign] = to >= from ? [from, to, 1] : [to, from, -1];
    let n = 0;
    for (let d = a; d < b; ) {
      d = addDays(d, 1);
      if (cal.isBusinessDay(d)) n++;
    }
    return sign * n;
  };

  it('counts as the day-by-day walk does, over holidays, closures, weekends and years', () => {
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648) % n);
    const day = (i: number) => addDays('2024-01-01', i);
    for (let i = 0; i < 3000; i++) {
      const from = day(rand(1800));
      const to = rand(4) === 0 ? addDays(from, rand(15)) : day(rand(1800));
      expect(cal.businessDaysBetween(from, to), `${from} → ${to}`).toBe(walked(from, to));
    }
    // Every start and end day of the week, around the closure of the holidays.
    for (let i = 0; i < 21; i++) for (let j = 0; j < 21; j++) {
      const from = addDays('2026-12-18', i);
      const to = addDays('2026-12-18', j);
      expect(cal.businessDaysBetween(from, to), `${from} → ${to}`).toBe(walked(from, to));
    }
    expect(cal.businessDaysBetween('1969-12-20', '1970-01-10')).toBe(walked('1969-12-20', '1970-01-10'));
  });
});
