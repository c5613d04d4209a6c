// Working a case: take it, assign it, write down each intervention, ask the citizen for what is
// missing (the clocks pause), record their answer (the clocks resume), send the answer, and follow
// seed 000's neighbour-behaviour steps.
//  - seed 004: « l'employé doit y inscrire toutes les actions et commentaires requis, au fur et à mesure »;
//  - seed 000, Étapes à suivre 3: « Chaque intervention doit … être bien décrite au dossier … de même
//    que les dates, et les jours d'interventions »; Étapes 1: the 7 steps of a neighbour complaint;
//  - seed 001: the person responsible asks for what the analysis requires.
import type { CaseEvent } from '../../events/schemas.ts';
import { ESCALATION_STEPS } from '../../events/schemas.ts';
import { ESCALATION_LABELS, STEP_NATURES } from '../vocabulary.ts';
import { emitter, guard, invalid, reachOf, required, sealText, type CaseSnapshot, type CommandContext } from './context.ts';

export function take(snap: CaseSnapshot, ctx: CommandContext, args: { reason?: string } = {}): CaseEvent[] {
  guard(snap, ctx);
  const e = emitter(snap, ctx);
  const reason = args.reason?.trim() || 'Prise en charge du dossier';
  e.move('take', reason);
  e.add('case.assigned.v1', { queue: snap.state.queue ?? ctx.profile.triageQueue, assignee: ctx.actor.id, actor: ctx.actor.id, reason });
  return e.events;
}

export function assign(snap: CaseSnapshot, ctx: CommandContext, args: { queue?: string; assignee?: string | null; reason: string }): CaseEvent[] {
  guard(snap, ctx);
  const queue = args.queue ?? snap.state.queue ?? ctx.profile.triageQueue;
  if (!ctx.profile.queues.some((q) => q.id === queue)) throw invalid('file', `« ${queue} » n'est pas une file du profil (${ctx.profile.queues.map((q) => q.id).join(', ')})`);
  const assignee = args.assignee?.trim() || null;
  if (assignee && snap.state.walledOff.includes(assignee)) throw invalid('responsable', `${assignee} est écarté de ce dossier`);
  const e = emitter(snap, ctx);
  const reason = required('motif', args.reason);
  // Assigning to a person starts the work; moving the case to another queue alone does not.
  if (assignee) e.move('assign', reason);
  else e.check('assign');
  e.add('case.assigned.v1', { queue, assignee, actor: ctx.actor.id, reason });
  return e.events;
}

export function note(snap: CaseSnapshot, ctx: CommandContext, args: { text: string; interventionAt?: string | null }): CaseEvent[] {
  guard(snap, ctx);
  const e = emitter(snap, ctx);
  e.check('note');
  e.add('case.note-added.v1', { actor: ctx.actor.id, note: sealText(ctx, required('note', args.text)), interventionAt: args.interventionAt ? new Date(args.interventionAt).toISOString() : null });
  return e.events;
}

export function ask(snap: CaseSnapshot, ctx: CommandContext, args: { reason: string; question?: string | null; via?: 'email' | 'letter' | 'phone' | 'sms' }): CaseEvent[] {
  guard(snap, ctx);
  emitter(snap, ctx).check('ask');
  const reason = required('motif', args.reason);
  const via = args.via ?? reachOf(snap.state);
  // Seed 001: « il n'est pas possible de communiquer avec l'expéditrice ou l'expéditeur » → nothing can be asked.
  if (!via) throw invalid('moyen', 'aucune coordonnée pour joindre le citoyen : le dossier peut être classé sans suite (seed 001)');
  const e = emitter(snap, ctx);
  e.move('ask', `En attente du citoyen : ${reason}`);
  e.add('case.info-requested.v1', { actor: ctx.actor.id, reason, question: args.question?.trim() ? sealText(ctx, args.question.trim()) : null, via });
  return e.events;
}

export function answered(snap: CaseSnapshot, ctx: CommandContext, args: { at?: string; messageId?: string | null; reason?: string } = {}): CaseEvent[] {
  guard(snap, ctx);
  const at = args.at ? new Date(args.at) : ctx.now;
  if (at > ctx.now) throw invalid('date', 'la réponse du citoyen ne peut pas être datée dans le futur');
  const e = emitter(snap, ctx);
  e.move('answered', args.reason?.trim() || 'Réponse du citoyen reçue');
  e.add('case.citizen-answered.v1', { actor: ctx.actor.id, at: at.toISOString(), messageId: args.messageId ?? null });
  return e.events;
}

export function answer(snap: CaseSnapshot, ctx: CommandContext, args: { text: string; via?: 'email' | 'letter' | 'phone' | 'sms' | 'fax' | 'in_person' }): CaseEvent[] {
  guard(snap, ctx);
  emitter(snap, ctx).check('answer');
  const text = required('réponse', args.text);
  const via = args.via ?? reachOf(snap.state);
  if (!via) throw invalid('moyen', 'aucune coordonnée pour joindre le citoyen');
  const e = emitter(snap, ctx);
  e.move('answer', 'Réponse envoyée au citoyen');
  e.add('case.answer-sent.v1', { actor: ctx.actor.id, via, sentAt: ctx.now.toISOString(), to: null, text: sealText(ctx, text) });
  return e.events;
}

export function escalate(snap: CaseSnapshot, ctx: CommandContext, args: { step: string; reason: string; note?: string | null }): CaseEvent[] {
  guard(snap, ctx);
  emitter(snap, ctx).check('escalate');
  const steps = ESCALATION_STEPS as readonly string[];
  const nature = ctx.profile.natures.find((n) => n.code === snap.state.nature);
  const follows = (nature?.steps.length ?? 0) > 0 || (STEP_NATURES as readonly string[]).includes(snap.state.nature ?? '');
  if (!follows) throw invalid('étape', `la nature « ${snap.state.nature ?? '—'} » ne suit pas la procédure par étapes (seed 000 : voisinage, réglementaire)`);
  const at = steps.indexOf(args.step);
  if (at < 0) throw invalid('étape', `étape inconnue « ${args.step} » (${steps.join(', ')})`);
  const current = snap.state.escalationStep ? steps.indexOf(snap.state.escalationStep) : -1;
  if (at <= current) throw invalid('étape', `le dossier est déjà à l'étape « ${ESCALATION_LABELS[snap.state.escalationStep as keyof typeof ESCALATION_LABELS]} » : les étapes ne reviennent pas en arrière`);
  const e = emitter(snap, ctx);
  const reason = required('motif', args.reason);
  e.move('escalate', `Étape : ${ESCALATION_LABELS[args.step as keyof typeof ESCALATION_LABELS]}`);
  e.add('case.escalated.v1', { actor: ctx.actor.id, step: args.step as (typeof ESCALATION_STEPS)[number], reason, note: args.note?.trim() ? sealText(ctx, args.note.trim()) : null });
  return e.events;
}
