// What the commands need to know about a case, folded from its events (pure, so the state read
// from the warehouse's case_events is the state the file shows). Works on the events as stored:
// sealed fields may have been replaced by their digests (store/canonical.ts), never needed here.
import type { CaseStatus, DoleancesEvent, EventOf } from '../events/schemas.ts';
import { statusAfter } from './state-machine.ts';

export interface CaseState {
  caseId: string;
  profileId: string;
  status: CaseStatus;
  receivedAt: string;
  channel: string;
  contactId: string | null;
  /** Whether the citizen left an email, phone or address (which channel can carry a notice). */
  reach: { email: boolean; phone: boolean; address: boolean };
  kind: string | null;
  admissibility: string | null;
  nature: string | null;
  urgency: string | null;
  urgencyReason: string | null;
  referral: string | null;
  modelVersion: string | null;
  queue: string | null;
  assignee: string | null;
  judgement: { finding: string; criteria: string[]; reason: string } | null;
  answerSent: boolean;
  escalationStep: string | null;
  walledOff: string[];
  pausedSince: string | null;
  closedAt: string | null;
  outcome: string | null;
  /** The case this one was merged into as a duplicate (case.merged.v1), or null. */
  mergedInto: string | null;
  /** The duplicates merged into this case (case.duplicate-attached.v1), oldest merge first. */
  duplicates: string[];
  /** Set by the warehouse when the contact's personal data was destroyed (Law 25). */
  personalDataDestroyed: boolean;
  eventCount: number;
}

export type StoredEvent = Pick<DoleancesEvent, 'id' | 'type' | 'occurredAt' | 'data'> & { profileId?: string };

export function foldCaseState(events: readonly StoredEvent[]): CaseState | null {
  let s: CaseState | null = null;
  for (const e of events) {
    if (e.type === 'case.opened.v1') {
      const d = e.data as EventOf<'case.opened.v1'>['data'];
      s = {
        caseId: d.caseId, profileId: e.profileId ?? '', status: 'recue', receivedAt: d.receivedAt, channel: d.channel, contactId: d.contact.contactId,
        reach: { email: !!d.contact.email, phone: !!(d.contact.phone ?? d.contact.fax), address: !!d.contact.address },
        kind: null, admissibility: null, nature: null, urgency: null, urgencyReason: null, referral: null, modelVersion: null, queue: null, assignee: null,
        judgement: null, answerSent: false, escalationStep: null, walledOff: [], pausedSince: null, closedAt: null, outcome: null,
        mergedInto: null, duplicates: [],
        personalDataDestroyed: false, eventCount: 0,
      };
    }
    if (!s) continue;
    s.eventCount++;
    s.status = statusAfter(s.status, e) ?? s.status;
    apply(s, e);
  }
  return s;
}

function apply(s: CaseState, e: StoredEvent): void {
  switch (e.type) {
    case 'case.classified.v1': {
      const d = e.data as EventOf<'case.classified.v1'>['data'];
      Object.assign(s, { kind: d.kind, admissibility: d.admissibility, nature: d.nature, urgency: d.urgency, urgencyReason: d.urgencyReason, referral: d.referral, modelVersion: d.modelVersion });
      return;
    }
    case 'case.routed.v1':
      s.queue = (e.data as EventOf<'case.routed.v1'>['data']).queue;
      return;
    case 'case.assigned.v1': {
      const d = e.data as EventOf<'case.assigned.v1'>['data'];
      s.queue = d.queue;
      s.assignee = d.assignee;
      return;
    }
    case 'case.judged.v1': {
      const d = e.data as EventOf<'case.judged.v1'>['data'];
      s.judgement = { finding: d.finding, criteria: d.criteria, reason: d.reason };
      return;
    }
    case 'case.answer-sent.v1':
      s.answerSent = true;
      return;
    case 'case.escalated.v1':
      s.escalationStep = (e.data as EventOf<'case.escalated.v1'>['data']).step;
      return;
    case 'case.walled-off.v1': {
      const emp = (e.data as EventOf<'case.walled-off.v1'>['data']).employee;
      if (!s.walledOff.includes(emp)) s.walledOff.push(emp);
      return;
    }
    case 'case.info-requested.v1':
      s.pausedSince ??= e.occurredAt;
      return;
    case 'case.citizen-answered.v1':
      s.pausedSince = null;
      return;
    case 'case.closed.v1': {
      const d = e.data as EventOf<'case.closed.v1'>['data'];
      Object.assign(s, { closedAt: e.occurredAt, outcome: d.outcome, pausedSince: null });
      return;
    }
    case 'case.merged.v1':
      // The duplicate ends here: no answer is owed in it, the kept case carries the matter.
      Object.assign(s, { closedAt: e.occurredAt, outcome: 'fusionne', pausedSince: null, mergedInto: (e.data as EventOf<'case.merged.v1'>['data']).intoCaseId });
      return;
    case 'case.duplicate-attached.v1': {
      const dup = (e.data as EventOf<'case.duplicate-attached.v1'>['data']).duplicateCaseId;
      if (!s.duplicates.includes(dup)) s.duplicates.push(dup);
      return;
    }
    case 'case.reopened.v1':
      // A reopened case is judged and answered again (seed 001: the result is communicated anew).
      Object.assign(s, { closedAt: null, outcome: null, judgement: null, answerSent: false });
      return;
    default:
      return;
  }
}
