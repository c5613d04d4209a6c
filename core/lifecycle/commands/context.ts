// What every case command receives and shares: the case as read from the warehouse (its state and
// clocks), the acting staff member with their roles, an injected "now", the profile and calendar,
// and the keyring that seals what is written about a person. Commands are pure apart from sealing
// and ids: they validate and return the events to publish (core/events/publish.ts publishEvents).
import { randomUUID } from 'node:crypto';
import type { BusinessCalendar } from '../../calendar/business-calendar.ts';
import type { Keyring } from '../../crypto/keyring.ts';
import { seal } from '../../crypto/sealed.ts';
import type { CaseEvent, CaseStatus, CaseStatusV1, EventOf } from '../../events/schemas.ts';
import { DoleancesError } from '../../errors.ts';
import type { Profile } from '../../profiles/schema.ts';
import type { CaseState } from '../case-state.ts';
import type { Clock } from '../clocks.ts';
import { transition, type Action } from '../state-machine.ts';

export interface Actor {
  /** Stable staff id, e.g. "agent:immeubles:jtremblay". */
  id: string;
  roles: readonly string[];
}

export interface CaseSnapshot {
  state: CaseState;
  clocks: Clock[];
}

export interface CommandContext {
  actor: Actor;
  now: Date;
  profile: Profile;
  calendar: BusinessCalendar;
  keyring: Keyring;
  newId?: () => string;
  correlationId?: string;
}

type CaseData<T extends CaseEvent['type']> = Omit<EventOf<T>['data'], 'caseId'>;

/** Builds the events of one command: same time, same correlation id, ids from ctx.newId. */
export function emitter(snap: CaseSnapshot, ctx: CommandContext) {
  const correlationId = ctx.correlationId ?? randomUUID();
  const events: CaseEvent[] = [];
  return {
    events,
    add<T extends CaseEvent['type']>(type: T, data: CaseData<T>): void {
      events.push({
        id: ctx.newId?.() ?? randomUUID(),
        type,
        occurredAt: ctx.now.toISOString(),
        correlationId,
        profileId: snap.state.profileId || ctx.profile.id,
        data: { caseId: snap.state.caseId, ...data },
      } as CaseEvent);
    },
    /** Validates the action against the state machine without changing the status. */
    check(action: Action): void {
      transition(snap.state.caseId, snap.state.status, action);
    },
    /** Validates the action against the state machine and records the status change, if any. */
    move(action: Action, reason: string): CaseStatus {
      const from = snap.state.status;
      const to = transition(snap.state.caseId, from, action);
      // « fusionne » is entered by case.merged.v1 and never left: no status change names it, and
      // case.status-changed.v1 keeps the statuses it was published with.
      if (to !== from) this.add('case.status-changed.v1', { from: from as CaseStatusV1, to: to as CaseStatusV1, actor: ctx.actor.id, reason });
      return to;
    },
  };
}

export function invalid(field: string, message: string): DoleancesError {
  return new DoleancesError('CASE_ACTION_INVALID', `${field} : ${message}`, { details: { field } });
}

export function required(field: string, value: string | null | undefined, min = 1): string {
  const v = value?.trim() ?? '';
  if (v.length < min) throw invalid(field, min > 1 ? `au moins ${min} caractères sont requis` : 'obligatoire');
  return v;
}

/** An employee walled off from a case can neither act on it nor consult it. */
export function guard(snap: CaseSnapshot, ctx: CommandContext): void {
  if (snap.state.walledOff.includes(ctx.actor.id)) {
    throw new DoleancesError('CASE_WALLED_OFF', `${ctx.actor.id} est écarté du dossier ${snap.state.caseId} (plainte le visant).`, { details: { caseId: snap.state.caseId } });
  }
}

export function sealText(ctx: CommandContext, text: string): string {
  return seal(ctx.keyring, text);
}

/** How a notice can reach the citizen (seed 001: without a way to reach them, nothing can be asked). */
export function reachOf(state: CaseState): 'email' | 'letter' | 'phone' | null {
  if (state.reach.email) return 'email';
  if (state.reach.address) return 'letter';
  if (state.reach.phone) return 'phone';
  return null;
}
