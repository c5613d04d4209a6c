// Merging a duplicate into the case it duplicates: the same matter came twice (an email and a fax,
// a call and a letter). The duplicate ends « fusionné » with its clocks stopped, and the kept case
// records the merge in its own file, so each file tells its side (seed 004, « Les membres de
// l'organisation »: « l'employé doit y inscrire toutes les actions … au fur et à mesure »). One
// command, two cases: one event on each stream (case.merged.v1, case.duplicate-attached.v1), with
// the same time and correlation id. Refused: a case into itself, a case already merged, a case
// into a closed or merged one, across two organisations, or by an employee walled off from either.
import type { CaseEvent } from '../../events/schemas.ts';
import { DoleancesError } from '../../errors.ts';
import { STATUS_LABELS } from '../../i18n/format.ts';
import { isClosed } from '../state-machine.ts';
import { emitter, guard, invalid, required, type CaseSnapshot, type CommandContext } from './context.ts';

const refused = (caseId: string, message: string) => new DoleancesError('CASE_TRANSITION_INVALID', message, { details: { caseId, action: 'merge' } });

export function merge(dup: CaseSnapshot, kept: CaseSnapshot, ctx: CommandContext, args: { reason: string }): CaseEvent[] {
  guard(dup, ctx);
  guard(kept, ctx);
  const d = dup.state;
  const k = kept.state;
  if (d.caseId === k.caseId) throw invalid('dossier conservé', 'un dossier ne peut pas être fusionné à lui-même');
  if (d.profileId && k.profileId && d.profileId !== k.profileId) throw invalid('dossier conservé', `${k.caseId} appartient à un autre organisme`);
  if (d.mergedInto) throw refused(d.caseId, `Le dossier ${d.caseId} a déjà été fusionné au dossier ${d.mergedInto}.`);
  if (k.mergedInto) throw refused(k.caseId, `Le dossier ${k.caseId} a lui-même été fusionné au dossier ${k.mergedInto} : fusionnez plutôt ${d.caseId} à ${k.mergedInto}.`);
  if (isClosed(k.status)) throw refused(k.caseId, `Le dossier ${k.caseId} est « ${STATUS_LABELS[k.status]?.fr ?? k.status} » : rouvrez-le avant d'y fusionner un doublon.`);
  const reason = required('motif', args.reason);
  const onDup = emitter(dup, ctx);
  // The state machine's rule for the duplicate (open statuses only); case.merged.v1 carries the move.
  onDup.check('merge');
  onDup.add('case.merged.v1', { intoCaseId: k.caseId, actor: ctx.actor.id, reason });
  const correlationId = onDup.events[0]!.correlationId;
  const onKept = emitter(kept, { ...ctx, correlationId });
  onKept.add('case.duplicate-attached.v1', { duplicateCaseId: d.caseId, actor: ctx.actor.id, reason });
  return [...onDup.events, ...onKept.events];
}
