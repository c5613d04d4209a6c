// The deadline clocks of a case, recomputed from its events with the body's profile and business
// calendar (pure: a corrected calendar or closure applies to every open case on the next compute).
//  - seed 000, Fonctionnement: follow-up within 3 business days, urgencies the same day or 24 h;
//    written answer within 30 days, and « S'il est impossible de répondre dans un délai d'un mois,
//    le plaignant sera informé du délai additionnel » (extensions, with their justification);
//  - seed 002, Procédure: acknowledgement within 48 h, written answer within 10 business days;
//  - seed 004: call-backs and acknowledgements by the end of the next business day.
// The clocks that wait on the citizen (answer, follow-up, urgent) stop while the case waits for
// their information and resume when they answer; the pause is counted in the rule's own unit
// (business days, calendar days, or hours). Acknowledgement and call-back never pause.
// A duplicate merged into another case (case.merged.v1) stops its clocks that were still running:
// they are neither met nor late, the kept case's clocks carry the deadlines from then on.
import type { BusinessCalendar, DeadlineRule } from '../calendar/business-calendar.ts';
import { addDays } from '../calendar/zoned.ts';
import type { CLOCKS, EventOf } from '../events/schemas.ts';
import type { Profile } from '../profiles/schema.ts';
import type { StoredEvent } from './case-state.ts';

export type ClockName = (typeof CLOCKS)[number];

export interface Clock {
  clock: ClockName;
  /** Human-readable rule and its source in the seed, as shown on the file. */
  rule: string;
  startedAt: string;
  dueAt: string;
  /** From when the clock is "due soon" (the last business day, or the last quarter of an hourly rule). */
  dueSoonAt: string;
  metAt: string | null;
  /** When the clock stopped unmet because its case was merged into another as a duplicate. */
  stoppedAt: string | null;
  pausedSince: string | null;
  /** Time spent waiting for the citizen, in the rule's unit (business or calendar days, or hours). */
  pausedUnits: number;
  extendedAt: string | null;
  extensionReason: string | null;
  /** The due date for which "due soon" / "overdue" events were already raised (once each). */
  warnedFor: string | null;
  overdueFor: string | null;
}

type Rule = DeadlineRule & { source: string };
interface Working extends Omit<Clock, 'dueAt' | 'dueSoonAt'> {
  spec: Rule | null;
  routedDue: string | null;
  extendedDue: string | null;
  unitsAfterExtension: number;
}

const UNIT_FR = { business_days: 'jours ouvrables', calendar_days: 'jours civils', hours: 'heures' } as const;
const PAUSABLE: readonly ClockName[] = ['answer', 'followUp', 'urgent'];
/** The first intervention meets the follow-up and the urgency clocks (seed 000, Fonctionnement). */
const INTERVENTIONS = new Set(['case.assigned.v1', 'case.note-added.v1', 'case.info-requested.v1', 'case.escalated.v1', 'case.answer-sent.v1', 'case.closed.v1']);

export const CLOCK_LABELS: Record<ClockName, string> = {
  acknowledgement: 'Accusé de réception',
  followUp: 'Premier suivi',
  answer: 'Réponse écrite',
  urgent: 'Urgence (même jour / 24 h)',
  callback: 'Rappel téléphonique',
};

export function ruleText(rule: Rule): string {
  return `${rule.amount} ${UNIT_FR[rule.unit]} — ${rule.source}`;
}

export function computeClocks(events: readonly StoredEvent[], profile: Profile | null, cal: BusinessCalendar | null): Clock[] {
  const clocks = new Map<ClockName, Working>();
  const rules = profile?.deadlines;
  let receivedAt = '';
  const start = (clock: ClockName, at: string, routed?: { dueAt: string; rule: string }) => {
    const spec = (rules?.[clock] as Rule | null | undefined) ?? null;
    if (!spec && !routed) return;
    clocks.set(clock, {
      clock, spec, rule: spec ? ruleText(spec) : routed!.rule, startedAt: at, routedDue: routed?.dueAt ?? null, metAt: null, stoppedAt: null, pausedSince: null, pausedUnits: 0,
      extendedAt: null, extensionReason: null, extendedDue: null, unitsAfterExtension: 0, warnedFor: null, overdueFor: null,
    });
  };
  const meet = (names: readonly ClockName[], at: string) => {
    for (const n of names) {
      const c = clocks.get(n);
      if (c && !c.metAt) {
        if (c.pausedSince) resume(c, at);
        c.metAt = at;
      }
    }
  };
  const resume = (c: Working, at: string) => {
    const units = pauseUnits(cal, c.spec?.unit ?? null, c.pausedSince!, at);
    if (c.extendedDue) c.unitsAfterExtension += units;
    else c.pausedUnits += units;
    c.pausedSince = null;
  };

  for (const e of events) {
    switch (e.type) {
      case 'case.opened.v1': {
        const d = e.data as EventOf<'case.opened.v1'>['data'];
        receivedAt = d.receivedAt;
        if (rules) {
          for (const n of ['acknowledgement', 'followUp', 'answer'] as const) start(n, receivedAt);
          if (d.channel === 'voicemail') start('callback', receivedAt);
        }
        break;
      }
      case 'case.classified.v1': {
        const d = e.data as EventOf<'case.classified.v1'>['data'];
        const urgent = clocks.get('urgent');
        if (rules && d.urgency === 'urgente' && !urgent) start('urgent', d.actor.startsWith('systeme') ? receivedAt || e.occurredAt : e.occurredAt);
        if (d.urgency !== 'urgente' && urgent && !urgent.metAt) clocks.delete('urgent');
        break;
      }
      case 'case.routed.v1':
        // Without a profile, the deadlines computed at routing are the clocks (no recomputation).
        if (!rules) for (const dl of (e.data as EventOf<'case.routed.v1'>['data']).deadlines) if (!clocks.has(dl.clock)) start(dl.clock, receivedAt || e.occurredAt, dl);
        break;
      case 'case.acknowledgement-sent.v1':
        {
          // An SMS or an email acknowledges; only a call returned meets the call-back clock
          // (seed 004: every voicemail is returned by the end of the next business day).
          const sent = e.data as EventOf<'case.acknowledgement-sent.v1'>['data'];
          meet(sent.via === 'callback' ? ['acknowledgement', 'callback'] : ['acknowledgement'], sent.sentAt);
        }
        break;
      case 'case.info-requested.v1':
        for (const n of PAUSABLE) {
          const c = clocks.get(n);
          if (c && !c.metAt && !c.pausedSince) c.pausedSince = e.occurredAt;
        }
        break;
      case 'case.citizen-answered.v1': {
        const at = (e.data as EventOf<'case.citizen-answered.v1'>['data']).at;
        for (const c of clocks.values()) if (c.pausedSince) resume(c, new Date(at) < new Date(c.pausedSince) ? c.pausedSince : at);
        break;
      }
      case 'case.deadline-extended.v1': {
        const d = e.data as EventOf<'case.deadline-extended.v1'>['data'];
        const c = clocks.get(d.clock);
        if (c) Object.assign(c, { extendedDue: d.newDueAt, extendedAt: e.occurredAt, extensionReason: d.justification, unitsAfterExtension: 0 });
        break;
      }
      case 'case.reopened.v1': {
        // A reopened case owes a new answer, within the same rule, from the day it is reopened.
        const c = clocks.get('answer');
        if (c) Object.assign(c, { startedAt: e.occurredAt, metAt: null, pausedSince: null, pausedUnits: 0, extendedDue: null, extendedAt: null, extensionReason: null, unitsAfterExtension: 0 });
        break;
      }
      case 'case.merged.v1':
        for (const c of clocks.values()) {
          if (c.metAt || c.stoppedAt) continue;
          if (c.pausedSince) resume(c, e.occurredAt);
          c.stoppedAt = e.occurredAt;
        }
        break;
      case 'case.clock-due-soon.v1':
      case 'case.clock-overdue.v1': {
        const d = e.data as { clock: ClockName; dueAt: string };
        const c = clocks.get(d.clock);
        if (c) c[e.type === 'case.clock-due-soon.v1' ? 'warnedFor' : 'overdueFor'] = d.dueAt;
        break;
      }
    }
    if (e.type === 'case.answer-sent.v1') meet(['answer'], (e.data as EventOf<'case.answer-sent.v1'>['data']).sentAt);
    if (e.type === 'case.closed.v1') meet(['answer'], e.occurredAt);
    if (INTERVENTIONS.has(e.type) && !(e.type === 'case.assigned.v1' && !(e.data as { assignee: string | null }).assignee)) meet(['followUp', 'urgent'], e.occurredAt);
  }
  return [...clocks.values()].map((c) => finish(c, cal));
}

function finish(w: Working, cal: BusinessCalendar | null): Clock {
  let due: Date;
  if (w.extendedDue) due = shift(cal, w.spec?.unit ?? null, new Date(w.extendedDue), w.unitsAfterExtension);
  else if (w.spec && cal && w.spec.unit !== 'hours') due = cal.due(w.startedAt, { unit: w.spec.unit, amount: w.spec.amount + w.pausedUnits });
  else if (w.spec) due = new Date(new Date(w.startedAt).getTime() + (w.spec.amount + w.pausedUnits) * 3_600_000);
  else due = new Date(w.routedDue!);
  const soon = dueSoonFrom(cal, w.spec, due);
  const { spec: _s, routedDue: _r, extendedDue: _e, unitsAfterExtension: _u, ...rest } = w;
  return { ...rest, dueAt: due.toISOString(), dueSoonAt: new Date(Math.max(soon.getTime(), new Date(w.startedAt).getTime())).toISOString() };
}

function shift(cal: BusinessCalendar | null, unit: Rule['unit'] | null, due: Date, units: number): Date {
  if (units === 0) return due;
  if (unit === 'hours' || !cal || !unit) return new Date(due.getTime() + units * (unit === 'hours' ? 3_600_000 : 86_400_000));
  if (unit === 'business_days') return cal.endOf(cal.addBusinessDays(cal.localDate(due), units));
  let d = addDays(cal.localDate(due), units);
  if (cal.spec.rollCalendarDeadlines) d = cal.nextBusinessDay(d);
  return cal.endOf(d);
}

/** How long a pause lasted, in the clock's unit: a pause within one day costs no day. */
export function pauseUnits(cal: BusinessCalendar | null, unit: Rule['unit'] | null, from: string, to: string): number {
  if (unit === 'hours' || !cal || !unit) {
    const ms = Math.max(0, new Date(to).getTime() - new Date(from).getTime());
    return unit === 'hours' ? ms / 3_600_000 : Math.floor(ms / 86_400_000);
  }
  const a = cal.localDate(from);
  const b = cal.localDate(to);
  if (unit === 'business_days') return Math.max(0, cal.businessDaysBetween(a, b));
  return Math.max(0, Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000));
}

function dueSoonFrom(cal: BusinessCalendar | null, spec: Rule | null, due: Date): Date {
  if (spec?.unit === 'hours') return new Date(due.getTime() - Math.max(1, spec.amount / 4) * 3_600_000);
  if (!cal) return new Date(due.getTime() - 86_400_000);
  // Due soon from the start of the last business day of the deadline.
  let d = addDays(cal.localDate(due), -1);
  while (!cal.isBusinessDay(d)) d = addDays(d, -1);
  return cal.endOf(d);
}

export type ClockStatus = 'respecte' | 'respecte_en_retard' | 'arrete' | 'suspendu' | 'en_retard' | 'echeance_proche' | 'en_cours';

export const CLOCK_STATUS_LABELS: Record<ClockStatus, string> = {
  respecte: 'Respecté',
  respecte_en_retard: 'Respecté en retard',
  arrete: 'Arrêté (doublon fusionné)',
  suspendu: 'Suspendu (en attente du citoyen)',
  en_retard: 'En retard',
  echeance_proche: 'Échéance proche',
  en_cours: 'En cours',
};

export function clockStatus(c: Pick<Clock, 'dueAt' | 'dueSoonAt' | 'metAt' | 'stoppedAt' | 'pausedSince'>, now: Date): ClockStatus {
  if (c.metAt) return new Date(c.metAt) <= new Date(c.dueAt) ? 'respecte' : 'respecte_en_retard';
  if (c.stoppedAt) return 'arrete';
  if (c.pausedSince) return 'suspendu';
  if (now > new Date(c.dueAt)) return 'en_retard';
  return now >= new Date(c.dueSoonAt) ? 'echeance_proche' : 'en_cours';
}
