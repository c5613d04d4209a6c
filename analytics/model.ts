// The monthly report as computed from the warehouse: raw counts, before any protection. Nothing
// here is published as is: analytics/publish.ts turns it into the protected report that the HTML,
// PDF, JSON, CSV and Parquet files are made from (analytics/suppress.ts says how).
import type { Row } from './suppress.ts';

export const DIMENSIONS = ['kind', 'nature', 'channel', 'urgency'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export const CLOCKS = ['acknowledgement', 'callback', 'followUp', 'urgent', 'answer'] as const;
export type Clock = (typeof CLOCKS)[number];
export type ClockUnit = 'business_days' | 'calendar_days' | 'hours';

export interface Volume {
  total: number;
  by: Record<Dimension, Row[]>;
}

export interface ClockStats {
  clock: Clock;
  unit: ClockUnit;
  /** The target in `unit` (profile deadline amount). */
  target: number;
  /** Deadlines of this clock falling due in the month. */
  due: number;
  /** …met on or before their due time. */
  inTime: number;
  /** …met at all (on time or late): the base of the median and 90th percentile. */
  met: number;
  /** Elapsed time from reception to meeting the deadline, in `unit`, over `met` deadlines. */
  median: number | null;
  p90: number | null;
}

export interface TrendPoint {
  month: string;
  received: number;
  handled: number;
  answerDue: number;
  answerInTime: number;
  surveysAnswered: number;
  scoreSum: number;
}

export interface NatureTrend {
  code: string;
  /** Received per month, aligned with `MonthlyReport.trend` (oldest first, the report's month last). */
  counts: number[];
}

export interface MonthlyReport {
  profileId: string;
  month: string;
  timezone: string;
  from: string;
  to: string;
  generatedAt: string;
  received: Volume;
  handled: Volume;
  admissibility: Row[];
  referrals: Row[];
  outcomes: Row[];
  clocks: ClockStats[];
  /** State at the end of the month: open cases, and open cases past their answer deadline by how late. */
  backlog: { open: number; overdue: number; byLateness: Row[] };
  urgent: { received: number; sameDay: number; within24h: number; later: number; notYet: number };
  corrective: { total: number; byNature: Row[] };
  satisfaction: { sent: number; answered: number; scores: Row[]; scoreSum: number; withComment: number; themes: Row[] };
  /** Places (pseudonymous address keys or street names) with at least 5 cases in the month or in 12 months. */
  places: { key: string; label: string; month: number; year: number }[];
  /** 13 months: the 12 before the report's month, then the month itself. */
  trend: TrendPoint[];
  natureTrend: NatureTrend[];
}
