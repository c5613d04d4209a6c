// The queue countdown counts business days of the Québec calendar and flags late clocks.
import { describe, expect, it } from 'vitest';
import { BusinessCalendar } from '../../core/calendar/business-calendar.ts';
import { countdown, isOverdue, nextClock } from './countdown.ts';

const cal = new BusinessCalendar({ timezone: 'America/Toronto', goodFriday: true, easterMonday: true, closures: [], endOfDay: '23:59:59', rollCalendarDeadlines: true });

describe('countdown', () => {
  it('counts business days, skipping the weekend', () => {
    // Friday 2026-11-20 at noon; due Tuesday 2026-11-24 end of day: Mon + Tue = 2 business days.
    const c = countdown(cal, '2026-11-25T04:59:59Z', new Date('2026-11-20T17:00:00Z'));
    expect(c).toMatchObject({ state: 'soon', businessDays: 2 });
  });

  it('skips Québec statutory holidays (Fête nationale, June 24 2026)', () => {
    const c = countdown(cal, '2026-06-26T03:59:59Z', new Date('2026-06-23T16:00:00Z'));
    expect(c.businessDays).toBe(1);
  });

  it('says late, today, met and paused', () => {
    const now = new Date('2026-11-23T15:00:00Z');
    expect(countdown(cal, '2026-11-20T04:59:59Z', now).state).toBe('late');
    expect(countdown(cal, '2026-11-24T04:59:59Z', now)).toMatchObject({ state: 'today', businessDays: 0 });
    expect(countdown(cal, '2026-11-20T04:59:59Z', now, { met: true }).state).toBe('met');
    expect(countdown(cal, '2026-11-20T04:59:59Z', now, { paused: true }).state).toBe('paused');
  });

  it('picks the earliest unmet clock and knows when a case is overdue', () => {
    const clocks = [
      { clock: 'answer', due_at: '2026-12-20T04:59:59Z', met_at: null },
      { clock: 'acknowledgement', due_at: '2026-11-21T04:59:59Z', met_at: '2026-11-20T10:00:00Z' },
      { clock: 'followUp', due_at: '2026-11-25T04:59:59Z', met_at: null },
    ];
    expect(nextClock(clocks)?.clock).toBe('followUp');
    expect(isOverdue(clocks, new Date('2026-11-24T12:00:00Z'))).toBe(false);
    expect(isOverdue(clocks, new Date('2026-11-26T12:00:00Z'))).toBe(true);
  });
});
