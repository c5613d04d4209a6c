// Thirteen months of history up to the report's month: cases received (by nature too), handled,
// answer deadlines met in time, and satisfaction, month by month in the body's time zone. The
// month-over-month and twelve-month comparisons and the recurring natures are read from it.
// Merged duplicates are left out, as in the month's own figures (analytics/queries/volumes.ts).
import type { Profile } from '../../core/profiles/schema.ts';
import type { Duck } from '../../store/duck.ts';
import { addMonths, monthBounds, monthRange } from '../month.ts';
import type { NatureTrend, TrendPoint } from '../model.ts';
import { satisfactionByMonth } from './satisfaction.ts';

export const TREND_MONTHS = 13;

export async function trends(db: Duck, profile: Profile, month: string): Promise<{ trend: TrendPoint[]; natureTrend: NatureTrend[] }> {
  const tz = profile.timezone.replace(/'/g, '');
  const months = monthRange(addMonths(month, -(TREND_MONTHS - 1)), month);
  const from = monthBounds(months[0]!, profile.timezone).from.toISOString();
  const to = monthBounds(month, profile.timezone).to.toISOString();
  const m = (col: string) => `strftime(timezone('${tz}', ${col}), '%Y-%m')`;
  const received = await db.all<{ m: string; nature: string; n: string }>(
    `SELECT ${m('received_at')} AS m, coalesce(nature, 'inconnu') AS nature, count(*) AS n FROM cases
     WHERE received_at >= $1::TIMESTAMPTZ AND received_at < $2::TIMESTAMPTZ AND merged_into IS NULL GROUP BY 1, 2`,
    [from, to],
  );
  const handled = await db.all<{ m: string; n: string }>(
    `SELECT ${m('closed_at')} AS m, count(*) AS n FROM cases WHERE closed_at >= $1::TIMESTAMPTZ AND closed_at < $2::TIMESTAMPTZ AND merged_into IS NULL GROUP BY 1`,
    [from, to],
  );
  const answer = await db.all<{ m: string; due: string; in_time: string }>(
    `SELECT ${m('due_at')} AS m, count(*) AS due, count(*) FILTER (WHERE met_at <= due_at) AS in_time FROM deadlines
     WHERE clock = 'answer' AND due_at >= $1::TIMESTAMPTZ AND due_at < $2::TIMESTAMPTZ
       AND case_id NOT IN (SELECT case_id FROM cases WHERE merged_into IS NOT NULL) GROUP BY 1`,
    [from, to],
  );
  const sat = await satisfactionByMonth(db, profile.timezone, from, to);
  const trend = months.map((mo) => {
    const a = answer.find((r) => r.m === mo);
    const s = sat.get(mo);
    return {
      month: mo,
      received: received.filter((r) => r.m === mo).reduce((t, r) => t + Number(r.n), 0),
      handled: Number(handled.find((r) => r.m === mo)?.n ?? 0),
      answerDue: Number(a?.due ?? 0),
      answerInTime: Number(a?.in_time ?? 0),
      surveysAnswered: s?.answered ?? 0,
      scoreSum: s?.scoreSum ?? 0,
    };
  });
  const natures = [...new Set(received.map((r) => r.nature))];
  const natureTrend = natures
    .map((code) => ({ code, counts: months.map((mo) => Number(received.find((r) => r.m === mo && r.nature === code)?.n ?? 0)) }))
    .sort((a, b) => b.counts[b.counts.length - 1]! - a.counts[a.counts.length - 1]! || a.code.localeCompare(b.code));
  return { trend, natureTrend };
}
