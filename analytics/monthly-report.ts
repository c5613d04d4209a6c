// The board's monthly report (seed 000, §5 Rapport: « un bilan mensuel faisant état des types de
// plaintes reçus et traités … déposé au conseil d'administration »), computed from the warehouse in
// DuckDB: volumes, admissibility and referrals, deadlines, urgent cases, outcomes, corrective
// actions, satisfaction, recurring places and thirteen months of trend. Raw counts: the published
// report is made from these by analytics/publish.ts, which protects small numbers.
import type { BusinessCalendar } from '../core/calendar/business-calendar.ts';
import type { Keyring } from '../core/crypto/keyring.ts';
import type { Profile } from '../core/profiles/schema.ts';
import type { Duck } from '../store/duck.ts';
import type { MonthlyReport } from './model.ts';
import { addMonths, monthBounds } from './month.ts';
import { backlog, urgentHandling } from './queries/backlog.ts';
import { clockStats } from './queries/deadlines.ts';
import { corrective, places } from './queries/improvement.ts';
import { satisfaction } from './queries/satisfaction.ts';
import { trends } from './queries/trends.ts';
import { volumes } from './queries/volumes.ts';

export async function computeMonthlyReport(db: Duck, profile: Profile, calendar: BusinessCalendar, month: string, now = new Date(), keyring?: Keyring): Promise<MonthlyReport> {
  const { from, to } = monthBounds(month, profile.timezone);
  const f = from.toISOString();
  const t = to.toISOString();
  // A month still running (a preview) is judged as of now: deadlines not yet due are not late.
  const asOf = new Date(Math.min(to.getTime(), now.getTime())).toISOString();
  const yearFrom = monthBounds(addMonths(month, -11), profile.timezone).from.toISOString();
  const v = await volumes(db, f, t);
  return {
    profileId: profile.id,
    month,
    timezone: profile.timezone,
    from: f,
    to: t,
    generatedAt: now.toISOString(),
    ...v,
    clocks: await clockStats(db, profile, calendar, f, asOf),
    backlog: await backlog(db, asOf),
    urgent: await urgentHandling(db, profile, f, t),
    corrective: await corrective(db, f, t),
    satisfaction: await satisfaction(db, f, t, keyring),
    places: await places(db, { from: f, to: t }, yearFrom),
    ...(await trends(db, profile, month)),
  };
}
