// Is the body's telephone answered right now? Its weekly opening hours (profile.telephony.hours,
// local time, Monday = 1) on business days of its calendar (Québec statutory holidays and the
// body's own closures, core/calendar). Outside them, callers reach voicemail.
import type { BusinessCalendar } from '../../core/calendar/business-calendar.ts';
import { localTime, weekday } from '../../core/calendar/zoned.ts';
import type { Profile } from '../../core/profiles/schema.ts';

export function isOpen(profile: Profile, calendar: BusinessCalendar, at: Date): boolean {
  const hours = profile.telephony?.hours ?? [];
  const date = calendar.localDate(at);
  if (!calendar.isBusinessDay(date)) return false;
  const day = weekday(date);
  const time = localTime(at, profile.timezone);
  return hours.some((h) => h.days.includes(day) && h.open <= time && time < h.close);
}
