// Deciding on a case: its founded-ness against seed 001's criteria, closing it, sending it to the
// right body, declaring it inadmissible, dropping it, reopening it, and correcting its
// classification (the staff's labels are kept for retraining, issue 6). A merged duplicate is never
// reopened (commands/merge.ts).
//  - seed 001, Critères d'appréciation: fondée (five criteria), infondée (« aucun préjudice »);
//    Critères d'irrecevabilité: court, hateful, unreachable, not our responsibility → referral
//    « avec l'autorisation de la plaignante ou du plaignant »; anonymous → « classée sans suite »;
//  - seed 000: « Ne constitue pas une plainte : une demande relevant de la compétence d'un organisme autre ».
import type { CaseEvent } from '../../events/schemas.ts';
import { FOUNDED_CRITERIA, KINDS, URGENCIES } from '../../events/schemas.ts';
import { DoleancesError } from '../../errors.ts';
import { FINDING_LABELS } from '../vocabulary.ts';
import { emitter, guard, invalid, required, type CaseSnapshot, type CommandContext } from './context.ts';

const FINDINGS = ['fondee', 'non_fondee', 'partiellement_fondee'] as const;

export function judge(snap: CaseSnapshot, ctx: CommandContext, args: { finding: string; criteria: string[]; reason: string; improvements?: string | null }): CaseEvent[] {
  guard(snap, ctx);
  const e = emitter(snap, ctx);
  e.check('judge');
  if (snap.state.kind !== 'plainte') throw invalid('bien-fondé', `seule une plainte est jugée fondée ou non (ce dossier est « ${snap.state.kind ?? '—'} »)`);
  const finding = FINDINGS.find((f) => f === args.finding);
  if (!finding) throw invalid('décision', `« ${args.finding} » inconnue (${FINDINGS.join(', ')})`);
  const founded = args.criteria.filter((c) => (FOUNDED_CRITERIA as readonly string[]).includes(c));
  const unknown = args.criteria.filter((c) => !founded.includes(c) && c !== 'aucun_prejudice');
  if (unknown.length) throw invalid('critères', `inconnus : ${unknown.join(', ')} (seed 001 : ${[...FOUNDED_CRITERIA, 'aucun_prejudice'].join(', ')})`);
  if (finding === 'non_fondee' && (founded.length || !args.criteria.includes('aucun_prejudice'))) {
    throw invalid('critères', 'une plainte non fondée repose sur « aucun_prejudice » seulement (seed 001)');
  }
  if (finding !== 'non_fondee' && (founded.length === 0 || args.criteria.includes('aucun_prejudice'))) {
    throw invalid('critères', `une plainte ${FINDING_LABELS[finding].toLowerCase()} cite au moins un critère de seed 001 (${FOUNDED_CRITERIA.join(', ')})`);
  }
  e.add('case.judged.v1', { actor: ctx.actor.id, finding, criteria: args.criteria as never, reason: required('motif', args.reason), improvements: args.improvements?.trim() || null });
  return e.events;
}

export function close(snap: CaseSnapshot, ctx: CommandContext, args: { reason: string }): CaseEvent[] {
  guard(snap, ctx);
  const e = emitter(snap, ctx);
  e.check('close');
  const reason = required('motif', args.reason);
  const j = snap.state.judgement;
  // Seed 001: the person responsible « détermine si la plainte est fondée » before informing the plaintiff.
  if (snap.state.kind === 'plainte' && !j) throw invalid('bien-fondé', 'une plainte se ferme après la décision sur son bien-fondé (fondée, non fondée, partiellement fondée)');
  e.move('close', reason);
  e.add('case.closed.v1', { outcome: (j?.finding as 'fondee' | undefined) ?? 'reglee', criteria: j?.criteria ?? [], actor: ctx.actor.id, reason });
  return e.events;
}

export function redirect(snap: CaseSnapshot, ctx: CommandContext, args: { body: string; consent: boolean; reason: string }): CaseEvent[] {
  guard(snap, ctx);
  emitter(snap, ctx).check('redirect');
  const ref = ctx.profile.referrals.find((r) => r.body.toLowerCase() === args.body.trim().toLowerCase());
  if (!ref) throw invalid('organisme', `« ${args.body} » absent de la table des renvois du profil (${ctx.profile.referrals.map((r) => r.body).join(' ; ')})`);
  const reason = required('motif', args.reason);
  const e = emitter(snap, ctx);
  e.move('redirect', `Redirigée vers ${ref.body}`);
  e.add('case.referred.v1', { actor: ctx.actor.id, body: ref.body, url: ref.url, consent: args.consent, reason });
  e.add('case.closed.v1', { outcome: 'redirigee', criteria: ['hors_competence'], actor: ctx.actor.id, reason });
  return e.events;
}

export function inadmissible(snap: CaseSnapshot, ctx: CommandContext, args: { code: string; reason: string }): CaseEvent[] {
  guard(snap, ctx);
  emitter(snap, ctx).check('inadmissible');
  const codes = ctx.profile.admissibility.map((a) => a.code).filter((c) => c !== 'recevable' && c !== 'hors_competence');
  if (!codes.includes(args.code)) throw invalid('motif d’irrecevabilité', `« ${args.code} » inconnu (${codes.join(', ')}; hors compétence : rediriger)`);
  const reason = required('motif', args.reason);
  const e = emitter(snap, ctx);
  e.move('inadmissible', reason);
  e.add('case.closed.v1', { outcome: 'irrecevable', criteria: [args.code], actor: ctx.actor.id, reason });
  return e.events;
}

export function drop(snap: CaseSnapshot, ctx: CommandContext, args: { reason: string }): CaseEvent[] {
  guard(snap, ctx);
  const reason = required('motif', args.reason);
  const e = emitter(snap, ctx);
  e.move('drop', reason);
  e.add('case.closed.v1', { outcome: 'classee_sans_suite', criteria: snap.state.contactId ? [] : ['anonyme'], actor: ctx.actor.id, reason });
  return e.events;
}

export function reopen(snap: CaseSnapshot, ctx: CommandContext, args: { reason: string }): CaseEvent[] {
  guard(snap, ctx);
  if (snap.state.personalDataDestroyed) throw new DoleancesError('CONTACT_SHREDDED', `Le dossier ${snap.state.caseId} ne peut être rouvert : ses renseignements personnels ont été détruits.`);
  // A merged duplicate is not reopened: the matter lives on in the case it was merged into.
  if (snap.state.mergedInto) {
    throw new DoleancesError('CASE_TRANSITION_INVALID', `Le dossier ${snap.state.caseId} a été fusionné au dossier ${snap.state.mergedInto} : rouvrez ou traitez plutôt ce dossier.`, { details: { caseId: snap.state.caseId, action: 'reopen' } });
  }
  const reason = required('motif', args.reason);
  const e = emitter(snap, ctx);
  e.move('reopen', reason);
  e.add('case.reopened.v1', { actor: ctx.actor.id, reason });
  return e.events;
}

export interface Reclassification {
  kind?: string;
  admissibility?: string;
  nature?: string;
  urgency?: string;
  urgencyReason?: string | null;
  reason: string;
}

/** A staff correction is a case.classified.v1 by a person: the labels the model is retrained on. */
export function reclassify(snap: CaseSnapshot, ctx: CommandContext, args: Reclassification): CaseEvent[] {
  guard(snap, ctx);
  const s = snap.state;
  const p = ctx.profile;
  const kind = args.kind ?? s.kind ?? 'plainte';
  const nature = args.nature ?? s.nature ?? p.defaultNature;
  const admissibility = args.admissibility ?? s.admissibility ?? 'recevable';
  const urgency = args.urgency ?? s.urgency ?? 'normale';
  const urgencyReason = urgency === 'urgente' ? (args.urgencyReason ?? s.urgencyReason) : null;
  if (!(KINDS as readonly string[]).includes(kind)) throw invalid('type', `« ${kind} » inconnu (${KINDS.join(', ')})`);
  if (!p.natures.some((n) => n.code === nature)) throw invalid('nature', `« ${nature} » absente du profil`);
  if (!p.admissibility.some((a) => a.code === admissibility)) throw invalid('recevabilité', `« ${admissibility} » absente du profil`);
  if (!(URGENCIES as readonly string[]).includes(urgency)) throw invalid('urgence', `« ${urgency} » inconnue (${URGENCIES.join(', ')})`);
  if (urgency === 'urgente' && !p.urgencyReasons.some((u) => u.code === urgencyReason)) throw invalid('motif d’urgence', `requis parmi ${p.urgencyReasons.map((u) => u.code).join(', ')}`);
  const reason = required('motif', args.reason);
  const e = emitter(snap, ctx);
  e.check('reclassify');
  e.add('case.classified.v1', {
    kind: kind as (typeof KINDS)[number], admissibility, referral: s.referral, nature, urgency: urgency as (typeof URGENCIES)[number], urgencyReason: urgencyReason ?? null,
    confidence: 1, modelVersion: 'personnel', rules: [`reclassement:${reason}`], terms: [], actor: ctx.actor.id,
  });
  // A new nature goes to its queue (seed 000, table « Destination de la plainte »).
  const queue = p.natures.find((n) => n.code === nature)!.queue;
  if (nature !== s.nature && queue !== s.queue) e.add('case.assigned.v1', { queue, assignee: null, actor: ctx.actor.id, reason: `Reclassement : ${nature} → ${queue}` });
  return e.events;
}
