// From the computed report to the published one: every number goes through the protection rules of
// analytics/suppress.ts, labels are put on codes, and the headline figures and sentences of the
// one-page summary are derived. Renderers and exports only ever see this, so no small count can
// leak through a bar's height or a CSV column.
import { formatDate } from '../core/i18n/format.ts';
import type { Profile } from '../core/profiles/schema.ts';
import { CLOCK_LABELS, DIMENSION_TITLES, LATENESS_LABELS, UNIT_LABELS, codeLabel, targetText } from './labels.ts';
import { DIMENSIONS, type Dimension, type MonthlyReport, type Volume } from './model.ts';
import { monthShort, monthTitle } from './month.ts';
import { breakdown, count, isSmall, part, percent, stat, THRESHOLD, type Cell, type Row } from './suppress.ts';

export interface PRow {
  code: string;
  label: string;
  cell: Cell;
}

export interface PVolume {
  total: Cell;
  by: Record<Dimension, PRow[]>;
}

export interface PClock {
  clock: string;
  label: string;
  target: string;
  unit: string;
  unitCode: string;
  due: Cell;
  inTime: Cell;
  inTimePct: Cell;
  median: Cell;
  p90: Cell;
}

export interface PRecurring {
  code: string;
  label: string;
  month: Cell;
  previous: Cell;
  average: Cell;
  change: Cell;
  monthsPresent: number;
  flags: ('hausse' | 'baisse')[];
  series: Cell[];
}

export interface PublishedReport {
  meta: { profileId: string; body: string; shortName: string; month: string; title: string; period: string; generatedAt: string; generatedOn: string };
  headline: Record<'received' | 'handled' | 'open' | 'overdue' | 'answerInTime' | 'ackInTime' | 'urgentSameDay' | 'responseRate' | 'satisfaction' | 'receivedChange' | 'receivedAverage', Cell>;
  received: PVolume;
  handled: PVolume;
  admissibility: PRow[];
  referrals: PRow[];
  outcomes: PRow[];
  clocks: PClock[];
  backlog: { open: Cell; overdue: Cell; byLateness: PRow[] };
  urgent: { received: Cell; rows: PRow[]; sameDayPct: Cell };
  corrective: { total: Cell; byNature: PRow[] };
  satisfaction: { sent: Cell; answered: Cell; rate: Cell; mean: Cell; satisfiedPct: Cell; scores: PRow[]; withComment: Cell; themes: PRow[] };
  recurring: PRecurring[];
  places: { label: string; month: Cell; year: Cell }[];
  trend: { month: string; label: string; received: Cell; handled: Cell; answerInTimePct: Cell; satisfaction: Cell }[];
  highlights: string[];
}

type Dim = Parameters<typeof codeLabel>[1];

function rows(p: Profile, dim: Dim, list: readonly Row[], withTotal = true): PRow[] {
  const cells = withTotal ? breakdown(list) : list.map((r) => ({ code: r.code, cell: count(r.n) }));
  return cells.map((r) => ({ code: r.code, label: codeLabel(p, dim, r.code), cell: r.cell }));
}

function volume(p: Profile, v: Volume): PVolume {
  return { total: count(v.total), by: Object.fromEntries(DIMENSIONS.map((d) => [d, rows(p, d, v.by[d])])) as PVolume['by'] };
}

/** Change from `before` to `now` in percent, only when both counts are publishable. */
function change(now: number, before: number): Cell {
  if (isSmall(now) || isSmall(before) || before === 0) return { v: null, t: '—' };
  const pct = ((now - before) / before) * 100;
  const r = Math.round(pct);
  return { v: Math.round(pct * 10) / 10, t: `${r > 0 ? '+' : r < 0 ? '−' : ''}${Math.abs(r)}\u00a0%` };
}

function recurring(p: Profile, r: MonthlyReport): PRecurring[] {
  return r.natureTrend.map((n) => {
    const now = n.counts[n.counts.length - 1] ?? 0;
    const prev12 = n.counts.slice(0, -1);
    const previous = prev12[prev12.length - 1] ?? 0;
    const sum = prev12.reduce((s, x) => s + x, 0);
    const avg = prev12.length ? sum / prev12.length : 0;
    const present = prev12.filter((x) => x > 0).length;
    const flags: PRecurring['flags'] = [];
    if (now >= THRESHOLD && sum >= THRESHOLD && now >= avg * 1.25 && now - avg >= 2) flags.push('hausse');
    if (now >= THRESHOLD && sum >= THRESHOLD && now <= avg * 0.75) flags.push('baisse');
    return {
      code: n.code,
      label: codeLabel(p, 'nature', n.code),
      month: count(now),
      previous: count(previous),
      average: stat(avg, sum),
      change: change(now, previous),
      monthsPresent: present,
      flags,
      series: n.counts.map(count),
    };
  });
}

function highlights(pr: PublishedReport, r: MonthlyReport): string[] {
  const out: string[] = [];
  const prevMonth = r.trend[r.trend.length - 2];
  out.push(
    `${pr.headline.received.t} dossiers reçus en ${monthTitle(r.month)}${pr.headline.receivedChange.v !== null && prevMonth ? ` (${pr.headline.receivedChange.t} par rapport à ${monthTitle(prevMonth.month)})` : ''}; ${pr.headline.handled.t} dossiers traités et fermés.`,
  );
  const answer = pr.clocks.find((c) => c.clock === 'answer');
  if (answer && answer.due.v !== 0) out.push(`Réponse finale dans le délai (${answer.target}) : ${answer.inTimePct.t} des ${answer.due.t} réponses attendues ce mois-ci.`);
  if (r.urgent.received > 0) out.push(`Urgences : ${pr.urgent.received.t} reçues, ${pr.urgent.sameDayPct.t} traitées le jour même.`);
  if (r.backlog.overdue > 0) out.push(`${pr.backlog.overdue.t} dossiers ouverts étaient en retard à la fin du mois, sur ${pr.backlog.open.t} dossiers ouverts.`);
  const up = pr.recurring.filter((x) => x.flags.includes('hausse'));
  if (up.length) out.push(`En hausse par rapport à la moyenne des 12 mois précédents : ${up.map((x) => `${x.label} (${x.month.t}, moyenne ${x.average.t})`).join(', ')}.`);
  if (r.satisfaction.sent > 0) out.push(`Satisfaction : ${pr.satisfaction.answered.t} réponses au sondage (taux ${pr.satisfaction.rate.t}), note moyenne ${pr.satisfaction.mean.t} sur 5.`);
  if (pr.places.length) out.push(`${pr.places.length} lieu(x) reviennent dans au moins 5 dossiers (voir « Problèmes récurrents »).`);
  return out;
}

export function publishReport(r: MonthlyReport, p: Profile): PublishedReport {
  const byClock = (c: string) => r.clocks.find((x) => x.clock === c);
  const inTime = (c: string) => {
    const s = byClock(c);
    return s ? percent(s.inTime, s.due) : { v: null, t: '—' };
  };
  const prev = r.trend[r.trend.length - 2];
  const prev12 = r.trend.slice(0, -1);
  const sum12 = prev12.reduce((s, x) => s + x.received, 0);
  const s = r.satisfaction;
  const pr: PublishedReport = {
    meta: {
      profileId: r.profileId,
      body: p.name.fr,
      shortName: p.shortName,
      month: r.month,
      title: monthTitle(r.month),
      period: `du ${formatDate(r.from, r.timezone).replace(/^1 /, '1er ')} au ${formatDate(new Date(new Date(r.to).getTime() - 1), r.timezone)}`,
      generatedAt: r.generatedAt,
      generatedOn: formatDate(r.generatedAt, r.timezone),
    },
    headline: {
      received: count(r.received.total),
      handled: count(r.handled.total),
      open: count(r.backlog.open),
      overdue: count(r.backlog.overdue),
      answerInTime: inTime('answer'),
      ackInTime: inTime('acknowledgement'),
      urgentSameDay: percent(r.urgent.sameDay, r.urgent.received),
      responseRate: percent(s.answered, s.sent),
      satisfaction: stat(s.answered ? s.scoreSum / s.answered : null, s.answered),
      receivedChange: prev ? change(r.received.total, prev.received) : { v: null, t: '—' },
      receivedAverage: stat(prev12.length ? sum12 / prev12.length : null, sum12),
    },
    received: volume(p, r.received),
    handled: volume(p, r.handled),
    admissibility: rows(p, 'admissibility', r.admissibility),
    referrals: rows(p, 'referral', r.referrals, false),
    outcomes: rows(p, 'outcome', r.outcomes),
    clocks: r.clocks.map((c) => ({
      clock: c.clock,
      label: CLOCK_LABELS[c.clock],
      target: targetText(c.target, c.unit),
      unit: UNIT_LABELS[c.unit].short,
      unitCode: c.unit,
      due: count(c.due),
      inTime: part(c.inTime, c.due),
      inTimePct: percent(c.inTime, c.due),
      median: stat(c.median, c.met, UNIT_LABELS[c.unit].short),
      p90: stat(c.p90, c.met, UNIT_LABELS[c.unit].short),
    })),
    backlog: {
      open: count(r.backlog.open),
      overdue: count(r.backlog.overdue),
      byLateness: breakdown(r.backlog.byLateness).map((x) => ({ code: x.code, label: LATENESS_LABELS[x.code] ?? x.code, cell: x.cell })),
    },
    urgent: {
      received: count(r.urgent.received),
      sameDayPct: percent(r.urgent.sameDay, r.urgent.received),
      rows: breakdown([
        { code: 'sameDay', n: r.urgent.sameDay },
        { code: 'within24h', n: r.urgent.within24h },
        { code: 'later', n: r.urgent.later },
        { code: 'notYet', n: r.urgent.notYet },
      ]).map((x) => ({ ...x, label: URGENT_LABELS[x.code]! })),
    },
    corrective: { total: count(r.corrective.total), byNature: rows(p, 'nature', r.corrective.byNature) },
    satisfaction: {
      sent: count(s.sent),
      answered: count(s.answered),
      rate: percent(s.answered, s.sent),
      mean: stat(s.answered ? s.scoreSum / s.answered : null, s.answered),
      satisfiedPct: percent(s.scores.filter((x) => Number(x.code) >= 4).reduce((t, x) => t + x.n, 0), s.answered),
      scores: rows(p, 'score', s.scores),
      withComment: count(s.withComment),
      themes: rows(p, 'theme', s.themes, false),
    },
    recurring: recurring(p, r),
    places: r.places.map((x) => ({ label: x.label, month: count(x.month), year: count(x.year) })),
    trend: r.trend.map((t) => ({
      month: t.month,
      label: monthShort(t.month),
      received: count(t.received),
      handled: count(t.handled),
      answerInTimePct: percent(t.answerInTime, t.answerDue),
      satisfaction: stat(t.surveysAnswered ? t.scoreSum / t.surveysAnswered : null, t.surveysAnswered),
    })),
    highlights: [],
  };
  pr.highlights = highlights(pr, r);
  return pr;
}

const URGENT_LABELS: Record<string, string> = {
  sameDay: 'Traitées le jour même',
  within24h: 'Dans les 24 heures (le lendemain)',
  later: 'Après 24 heures',
  notYet: 'Pas encore traitées',
};

export { DIMENSION_TITLES };
