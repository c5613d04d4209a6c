// Who sees what in a case file, each access written in the file:
//  - seed 001, Principes directeurs et confidentialité: « L'identité de la plaignante ou du plaignant
//    est protégée par défaut »: staff see a pseudonym; lifting it needs an authorised role and a
//    written reason, and is logged;
//  - seed 002, Droits des clients: confidentiality, « sans crainte de représailles »: an employee named
//    in a complaint can be walled off from it;
//  - Law 25 (RLRQ c. P-39.1 and c. ): every access to personal information is logged.
import type { CaseEvent } from '../../events/schemas.ts';
import { DoleancesError } from '../../errors.ts';
import { REVEAL_ROLES } from '../vocabulary.ts';
import { emitter, guard, invalid, required, type CaseSnapshot, type CommandContext } from './context.ts';

const IDENTITY_FIELDS = ['name', 'email', 'phone', 'address'] as const;

export function view(snap: CaseSnapshot, ctx: CommandContext, args: { purpose?: string } = {}): CaseEvent[] {
  guard(snap, ctx);
  const e = emitter(snap, ctx);
  e.check('view');
  e.add('case.viewed.v1', { actor: ctx.actor.id, purpose: args.purpose?.trim() || 'consultation du dossier' });
  return e.events;
}

export function reveal(snap: CaseSnapshot, ctx: CommandContext, args: { role?: string; reason: string; fields?: string[] }): CaseEvent[] {
  guard(snap, ctx);
  const role = args.role ?? ctx.actor.roles.find((r) => (REVEAL_ROLES as readonly string[]).includes(r));
  if (!role || !ctx.actor.roles.includes(role) || (ctx.profile.identityProtectedByDefault && !(REVEAL_ROLES as readonly string[]).includes(role))) {
    throw new DoleancesError('CASE_ROLE_REQUIRED', `Lever l'anonymat demande l'un des rôles ${REVEAL_ROLES.join(', ')} (rôles de ${ctx.actor.id} : ${ctx.actor.roles.join(', ') || 'aucun'}).`);
  }
  const reason = args.reason?.trim() ?? '';
  if (reason.length < 10) throw new DoleancesError('CASE_ROLE_REQUIRED', "Lever l'anonymat demande un motif écrit (au moins 10 caractères).");
  if (!snap.state.contactId) throw invalid('identité', 'message anonyme : aucune identité à révéler');
  if (snap.state.personalDataDestroyed) throw new DoleancesError('CONTACT_SHREDDED', `L'identité liée au dossier ${snap.state.caseId} a été détruite (fin de conservation).`);
  const fields = args.fields?.length ? args.fields : [...IDENTITY_FIELDS];
  const bad = fields.filter((f) => !(IDENTITY_FIELDS as readonly string[]).includes(f));
  if (bad.length) throw invalid('champs', `inconnus : ${bad.join(', ')} (${IDENTITY_FIELDS.join(', ')})`);
  const e = emitter(snap, ctx);
  e.check('reveal');
  e.add('case.identity-revealed.v1', { actor: ctx.actor.id, role, reason, fields });
  return e.events;
}

export function wallOff(snap: CaseSnapshot, ctx: CommandContext, args: { employee: string; reason: string }): CaseEvent[] {
  guard(snap, ctx);
  if (!ctx.actor.roles.some((r) => (REVEAL_ROLES as readonly string[]).includes(r))) {
    throw new DoleancesError('CASE_ROLE_REQUIRED', `Écarter un employé d'un dossier demande l'un des rôles ${REVEAL_ROLES.join(', ')}.`);
  }
  const employee = required('employé', args.employee);
  if (employee === ctx.actor.id) throw invalid('employé', 'on ne s’écarte pas soi-même : demander à la personne responsable');
  const e = emitter(snap, ctx);
  e.check('wall-off');
  e.add('case.walled-off.v1', { actor: ctx.actor.id, employee, reason: required('motif', args.reason) });
  if (snap.state.assignee === employee) {
    e.add('case.assigned.v1', { queue: snap.state.queue ?? ctx.profile.triageQueue, assignee: null, actor: ctx.actor.id, reason: 'Employé écarté du dossier : à réassigner' });
  }
  return e.events;
}
