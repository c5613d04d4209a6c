// The rows one projected batch touches, folded in log order in memory before being written once,
// set-based (store/batch-writer.ts). Statements that touch rows outside the batch (a merge moves
// every case of a person) are queued in `after` and run, in event order, after the writes.
import type { BusinessCalendar } from '../core/calendar/business-calendar.ts';
import type { StoredEvent } from '../core/lifecycle/case-state.ts';
import type { Profile } from '../core/profiles/schema.ts';
import type { Cell } from './batch-writer.ts';
import type { Param } from './duck.ts';
import type { VaultOp } from './vault.ts';

export type Row = Record<string, Cell>;

export interface ProfileResolver {
  (profileId: string): { profile: Profile; calendar: BusinessCalendar } | null;
}

export class Fold {
  cases = new Map<string, Row>();
  /** Cases that existed before this batch (their earlier events are read for the clocks). */
  known = new Set<string>();
  events: Cell[][] = [];
  intakesNew = new Map<string, Row>();
  intakesFinal = new Map<string, Row>();
  contacts = new Map<string, Row>();
  messages = new Map<string, Cell[]>();
  attachments = new Map<string, Cell[]>();
  labels: Cell[][] = [];
  access: Cell[][] = [];
  contactEvents: Cell[][] = [];
  /** intake.destroyed.v1, keyed by intake: the first destruction of an intake is the one kept. */
  intakeDestructions = new Map<string, Cell[]>();
  surveys = new Map<string, Row>();
  vault: VaultOp[] = [];
  /** Events of this batch per case, for recomputing the clocks of the cases they touch. */
  caseEvents = new Map<string, StoredEvent[]>();
  clockCases = new Set<string>();
  after: { sql: string; params: Param[] }[] = [];
  surveysChanged = false;

  /** The person a pseudonymous contact id belongs to (itself unless merged). */
  personOf(contactId: string): string {
    return String(this.contacts.get(contactId)?.person_id ?? contactId);
  }
}

/** The vault subject of a case: its contact, or the case itself when the message was anonymous. */
export function subjectOf(c: Row | undefined, caseId: string): string {
  return (c?.contact_id as string | null | undefined) ?? `anon:${caseId}`;
}
