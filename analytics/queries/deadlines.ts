// Deadlines as the seeds set them (seed 000: follow-up in 3 business days, answer in 30 days,
// urgencies the same day or within 24 h; seed 002: acknowledgement in 48 h, answer in 10 business
// days; seed 003: « se fixer des délais de réponse et se donner des outils de mesure »). For each
// clock: of the deadlines falling due in the month, how many were met in time, and the median and
// 90th percentile of the time taken, counted in the clock's own unit (business days in the body's
// calendar, calendar days, or hours). Also the overdue backlog at the end of the month and the
// urgent cases handled the same day. The clocks of merged duplicates (stopped by the merge) are not
// counted: the kept case's clocks measure the handling of the matter.
import type { BusinessCalendar } from '../../core/calendar/business-calendar.ts';
import { addDays } from '../../core/calendar/zoned.ts';
import type { Profile } from '../../core/profiles/schema.ts';
import type { Duck } from '../../store/duck.ts';
import { CLOCKS, type ClockStats, type ClockUnit } from '../model.ts';
import type { Row } from '../suppress.ts';

/** Weekdays that are not business days (holidays, closures) from `fromYear` to `toYear`. */
export function closedWeekdays(calendar: BusinessCalendar, fromYear: number, toYear: number): string[] {
  const out: string[] = [];
  for (let d = `${fromYear}-01-01`; d <= `${toYear}-12-31`; d = addDays(d, 1)) {
    const reason = calendar.closedReason(d);
    if (reason && reason !== 'fin de semaine') out.push(d);
  }
  return out;
}

/** The local date of a TIMESTAMPTZ column in the body's zone. */
export const localDay = (col: string, tz: string) => `CAST(timezone('${tz.replace(/'/g, '')}', ${col}) AS DATE)`;

function elapsed(unit: ClockUnit, tz: string): string {
  switch (unit) {
    case 'hours':
      return `(epoch(p.met_at) - epoch(p.received_at)) / 3600.0`;
    case 'calendar_days':
      return `date_diff('day', ${localDay('p.received_at', tz)}, ${localDay('p.met_at', tz)})`;
    case 'business_days':
      return `(cm.idx - cr.idx)`;
  }
}

export async function clockStats(db: Duck, profile: Profile, calendar: BusinessCalendar, from: string, to: string): Promise<ClockStats[]> {
  const tz = profile.timezone;
  const rules = CLOCKS.flatMap((clock) => {
    const rule = profile.deadlines[clock];
    return rule ? [{ clock, unit: rule.unit, target: rule.amount }] : [];
  });
  const year = Number(from.slice(0, 4));
  const holidays = closedWeekdays(calendar, year - 2, Math.max(year, new Date().getUTCFullYear()) + 1);
  const took = `CASE p.clock ${rules.map((r) => `WHEN '${r.clock}' THEN ${elapsed(r.unit, tz)}`).join(' ')} END`;
  // The business-day index: the number of business days up to each date, so that the business
  // days between two dates (the first excluded, as BusinessCalendar counts them) are a subtraction.
  const rows = await db.all<{ clock: string; due: string; in_time: string; met: string; q: number[] | null }>(
    `WITH pop AS (
       SELECT d.clock, d.due_at, d.met_at, c.received_at,
              ${localDay('c.received_at', tz)} AS rday, ${localDay('d.met_at', tz)} AS mday
       FROM deadlines d JOIN cases c USING (case_id)
       WHERE d.due_at >= $1::TIMESTAMPTZ AND d.due_at < $2::TIMESTAMPTZ AND c.merged_into IS NULL),
     nb AS (SELECT CAST(unnest(from_json($3::JSON, '["VARCHAR"]')) AS DATE) AS day),
     span AS (SELECT min(rday) AS lo, greatest(max(mday), min(rday)) AS hi FROM pop),
     cal AS (
       SELECT CAST(r AS DATE) AS day,
              sum(CASE WHEN isodow(r) <= 5 AND CAST(r AS DATE) NOT IN (SELECT day FROM nb) THEN 1 ELSE 0 END) OVER (ORDER BY r) AS idx
       FROM span, range(CAST(span.lo AS TIMESTAMP), CAST(span.hi AS TIMESTAMP) + INTERVAL 1 DAY, INTERVAL 1 DAY) t(r)
       WHERE span.lo IS NOT NULL)
     SELECT p.clock, count(*) AS due, count(*) FILTER (WHERE p.met_at <= p.due_at) AS in_time, count(p.met_at) AS met,
            quantile_cont(${took}, [0.5, 0.9]) FILTER (WHERE p.met_at IS NOT NULL) AS q
     FROM pop p LEFT JOIN cal cr ON cr.day = p.rday LEFT JOIN cal cm ON cm.day = p.mday
     GROUP BY p.clock`,
    [from, to, JSON.stringify(holidays)],
  );
  return rules.map((r) => {
    const row = rows.find((x) => x.clock === r.clock);
    const q = row?.q ?? null;
    return {
      clock: r.clock,
      unit: r.unit,
      target: r.target,
      due: Number(row?.due ?? 0),
      inTime: Number(row?.in_time ?? 0),
      met: Number(row?.met ?? 0),
      median: q && q[0] !== null ? Number(q[0]) : null,
      p90: q && q[1] !== null ? Number(q[1]) : null,
    };
  });
}
