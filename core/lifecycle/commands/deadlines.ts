// Extending a deadline: seed 000, « L'Office … s'engage à répondre par écrit dans un délai de 30
// jours. S'il est impossible de répondre dans un délai d'un mois, le plaignant sera informé du délai
// additionnel jugé nécessaire. » The extension records its justification, and, for the answer
// owed to the citizen, a notice to the complainant falls due (case.extension-notice-due.v1) before
// the original deadline passes (at the latest by the end of the next business day).
import type { CaseEvent } from '../../events/schemas.ts';
import { CLOCKS } from '../../events/schemas.ts';
import { CLOCK_LABELS, type ClockName } from '../clocks.ts';
import { emitter, guard, invalid, reachOf, required, type CaseSnapshot, type CommandContext } from './context.ts';

export function extend(snap: CaseSnapshot, ctx: CommandContext, args: { clock?: string; until: string; justification: string }): CaseEvent[] {
  guard(snap, ctx);
  emitter(snap, ctx).check('extend');
  const name = (args.clock ?? 'answer') as ClockName;
  if (!(CLOCKS as readonly string[]).includes(name)) throw invalid('délai', `« ${name} » inconnu (${CLOCKS.join(', ')})`);
  const clock = snap.clocks.find((c) => c.clock === name);
  if (!clock) throw invalid('délai', `le dossier n'a pas de délai « ${CLOCK_LABELS[name]} »`);
  if (clock.metAt) throw invalid('délai', `le délai « ${CLOCK_LABELS[name]} » est déjà respecté`);
  const cal = ctx.calendar;
  // A date alone means the end of that day in the body's time zone (the deadline's own convention).
  const newDue = /^\d{4}-\d{2}-\d{2}$/.test(args.until) ? cal.endOf(args.until) : new Date(args.until);
  if (Number.isNaN(newDue.getTime())) throw invalid('nouvelle échéance', `date illisible « ${args.until} » (AAAA-MM-JJ)`);
  if (newDue <= new Date(clock.dueAt)) throw invalid('nouvelle échéance', 'elle doit suivre l’échéance actuelle');
  if (!cal.isBusinessDay(cal.localDate(newDue))) throw invalid('nouvelle échéance', `le ${cal.localDate(newDue)} n'est pas un jour ouvrable (${cal.closedReason(cal.localDate(newDue))})`);
  const justification = required('justification', args.justification, 10);
  const e = emitter(snap, ctx);
  e.check('extend');
  e.add('case.deadline-extended.v1', { actor: ctx.actor.id, clock: name, previousDueAt: clock.dueAt, newDueAt: newDue.toISOString(), justification });
  if (name === 'answer') {
    const nextDay = cal.endOf(cal.addBusinessDays(cal.localDate(ctx.now), 1));
    const noticeBy = new Date(Math.max(ctx.now.getTime(), Math.min(new Date(clock.dueAt).getTime(), nextDay.getTime())));
    const via = reachOf(snap.state);
    e.add('case.extension-notice-due.v1', { clock: name, newDueAt: newDue.toISOString(), dueAt: noticeBy.toISOString(), via: via === 'phone' ? 'callback' : (via ?? 'none') });
  }
  return e.events;
}
