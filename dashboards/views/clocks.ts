// The clocks of a case as people read them: a countdown in business days for the next one, and a
// badge per clock (met, paused while waiting for the citizen, late, due soon, running).
import type { BusinessCalendar } from '../../core/calendar/business-calendar.ts';
import { escapeHtml as h } from '../../core/i18n/format.ts';
import { countdown, nextClock, type ClockRow, type Countdown } from '../queues/countdown.ts';
import type { MessageKey, T } from '../i18n/translate.ts';

export function countdownText(t: T, c: Countdown): string {
  switch (c.state) {
    case 'met':
      return t('cd.met');
    case 'paused':
      return t('cd.paused');
    case 'late':
      return c.businessDays < 0 ? t('cd.late', { n: -c.businessDays }) : t('cd.lateHours', { h: -c.hours });
    case 'today':
      return t('cd.today', { h: Math.max(0, c.hours) });
    default:
      return t('cd.days', { n: c.businessDays });
  }
}

const CLASS: Record<Countdown['state'], string> = { met: 'ok', paused: 'paused', late: 'late', today: 'late', soon: 'soon', ok: 'neutral' };

export function clockLabel(t: T, clock: string): string {
  return t(`clock.${clock}` as MessageKey);
}

export function clockBadges(t: T, cal: BusinessCalendar, clocks: ClockRow[], now: Date): string {
  return `<span class="clocks">${clocks
    .slice()
    .sort((a, b) => a.due_at.localeCompare(b.due_at))
    .map((c) => {
      const cd = countdown(cal, c.due_at, now, { met: !!c.met_at, paused: c.paused });
      return `<span class="badge ${CLASS[cd.state]}">${h(clockLabel(t, c.clock))} : ${h(countdownText(t, cd))}</span>`;
    })
    .join('')}</span>`;
}

export function nextDeadline(t: T, cal: BusinessCalendar, clocks: ClockRow[], now: Date, fmtDate: (iso: string) => string): string {
  const c = nextClock(clocks);
  if (!c) return `<span class="muted">${h(t('cd.none'))}</span>`;
  const cd = countdown(cal, c.due_at, now, { paused: c.paused });
  const cls = cd.state === 'late' || cd.state === 'today' ? 'late' : cd.state === 'soon' ? 'soon' : '';
  return `<span class="countdown ${cls}">${h(countdownText(t, cd))}</span><br><span class="small muted">${h(clockLabel(t, c.clock))}, ${h(fmtDate(c.due_at))}</span>`;
}
