// The state at the end of the month: open cases, and those past their answer (or urgent) deadline
// by how many days late they are; and the month's urgent cases (seed 000, Fonctionnement: « toutes
// les urgences sont traitées en priorité la journée même, ou dans les 24 heures »): handled the same
// local day, within 24 hours, later, or not yet. « Handled » is the urgent deadline being met.
// Merged duplicates are left out of both: the case they were merged into counts for them.
import type { Profile } from '../../core/profiles/schema.ts';
import type { Duck } from '../../store/duck.ts';
import type { MonthlyReport } from '../model.ts';
import type { Row } from '../suppress.ts';
import { localDay } from './deadlines.ts';

export const LATENESS = [
  { code: '1-7', upTo: 7 },
  { code: '8-30', upTo: 30 },
  { code: '31-90', upTo: 90 },
  { code: '91+', upTo: Infinity },
] as const;

export async function backlog(db: Duck, to: string): Promise<MonthlyReport['backlog']> {
  const buckets = LATENESS.map((b, i) => {
    const lo = i === 0 ? 0 : LATENESS[i - 1]!.upTo;
    return `count(*) FILTER (WHERE days > ${lo}${Number.isFinite(b.upTo) ? ` AND days <= ${b.upTo}` : ''}) AS "${b.code}"`;
  });
  const r = await db.one<Record<string, string>>(
    `WITH open AS (
       SELECT case_id FROM cases WHERE received_at < $1::TIMESTAMPTZ AND (closed_at IS NULL OR closed_at >= $1::TIMESTAMPTZ) AND merged_into IS NULL),
     late AS (
       SELECT d.case_id, max(ceil((epoch($1::TIMESTAMPTZ) - epoch(d.due_at)) / 86400.0)) AS days
       FROM deadlines d SEMI JOIN open o ON o.case_id = d.case_id
       WHERE d.clock IN ('answer', 'urgent') AND d.due_at < $1::TIMESTAMPTZ AND (d.met_at IS NULL OR d.met_at >= $1::TIMESTAMPTZ)
       GROUP BY d.case_id)
     SELECT (SELECT count(*) FROM open) AS open, count(*) AS overdue, ${buckets.join(', ')} FROM late`,
    [to],
  );
  return {
    open: Number(r?.open ?? 0),
    overdue: Number(r?.overdue ?? 0),
    byLateness: LATENESS.map((b) => ({ code: b.code, n: Number(r?.[b.code] ?? 0) })),
  };
}

export async function urgentHandling(db: Duck, profile: Profile, from: string, to: string): Promise<MonthlyReport['urgent']> {
  const tz = profile.timezone;
  const r = await db.one<Record<string, string>>(
    `WITH u AS (
       SELECT c.received_at, d.met_at FROM cases c LEFT JOIN deadlines d ON d.case_id = c.case_id AND d.clock = 'urgent'
       WHERE c.urgency = 'urgente' AND c.received_at >= $1::TIMESTAMPTZ AND c.received_at < $2::TIMESTAMPTZ AND c.merged_into IS NULL)
     SELECT count(*) AS received,
            count(*) FILTER (WHERE ${localDay('met_at', tz)} = ${localDay('received_at', tz)}) AS same_day,
            count(*) FILTER (WHERE ${localDay('met_at', tz)} > ${localDay('received_at', tz)} AND met_at <= received_at + INTERVAL 24 HOUR) AS within24h,
            count(*) FILTER (WHERE met_at > received_at + INTERVAL 24 HOUR) AS later,
            count(*) FILTER (WHERE met_at IS NULL) AS not_yet
     FROM u`,
    [from, to],
  );
  return { received: Number(r?.received ?? 0), sameDay: Number(r?.same_day ?? 0), within24h: Number(r?.within24h ?? 0), later: Number(r?.later ?? 0), notYet: Number(r?.not_yet ?? 0) };
}
