import { describe, expect, it } from 'vitest';
import { BusinessCalendar } from './business-calendar.ts';
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
