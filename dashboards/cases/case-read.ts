// Everything the case file page shows, read through the store's case-file query (store/case-file.ts:
// the case, its clocks, every event, messages and attachments whose texts stay sealed vault cells,
// the person's antecedents, the accesses) and the lifecycle's view of the case for the commands
// (store/case-state.ts loadCase: state and clocks folded from the events). Nothing personal is
// opened here: case-open.ts opens the cells, and only for a viewer allowed to see this case.
import type { BusinessCalendar } from '../../core/calendar/business-calendar.ts';
import type { CaseState } from '../../core/lifecycle/case-state.ts';
import type { CaseSnapshot } from '../../core/lifecycle/commands/context.ts';
import type { Profile } from '../../core/profiles/schema.ts';
import { caseFile, type CaseFile, type VaultCell } from '../../store/case-file.ts';
import { loadCase } from '../../store/case-state.ts';
import type { Duck } from '../../store/duck.ts';
import type { ClockRow } from '../queues/countdown.ts';

export interface CaseRecord {
  case_id: string;
  channel: string;
  received_at: string;
  contact_id: string | null;
  text_confidence: number | null;
  kind: string | null;
  admissibility: string | null;
  referral: string | null;
  nature: string | null;
  urgency: string | null;
  urgency_reason: string | null;
  confidence: number | null;
  model_version: string | null;
  classification_rules: string[] | null;
  classification_terms: string[] | null;
  queue: string | null;
  route_reason: string | null;
  status: string;
  assignee: string | null;
  closed_at: string | null;
  outcome: string | null;
  /** The case this duplicate was merged into, or null. */
  merged_into: string | null;
}

export interface EventRecord {
  seq: number;
  event_id: string;
  type: string;
  occurred_at: string;
  actor: string;
  data: Record<string, unknown>;
  sealed: VaultCell[];
}

export interface Antecedent {
  case_id: string;
  received_at: string;
  nature: string | null;
  status: string;
  queue: string | null;
  assignee: string | null;
  walled_off: string[] | null;
}

export interface CaseBundle {
  c: CaseRecord;
  /** The case as the lifecycle commands see it (core/lifecycle/case-state.ts). */
  state: CaseState;
  snapshot: CaseSnapshot;
  file: CaseFile;
  events: EventRecord[];
  clocks: ClockRow[];
  antecedents: Antecedent[];
}

export async function readCase(db: Duck, caseId: string, profile: Profile, calendar: BusinessCalendar, now = new Date()): Promise<CaseBundle | undefined> {
  const file = await caseFile(db, caseId, now);
  if (!file) return undefined;
  const snapshot = await loadCase(db, caseId, profile, calendar);
  const c = file.case as unknown as CaseRecord;
  const ids = file.antecedents.map((a) => a.case_id);
  const antecedents = ids.length
    ? await db.all<Antecedent>(
        `SELECT case_id, received_at, nature, status, queue, assignee, walled_off FROM cases WHERE case_id IN (SELECT unnest(from_json($1::JSON, '["VARCHAR"]'))) ORDER BY received_at DESC`,
        [JSON.stringify(ids)],
      )
    : [];
  return {
    c: { ...c, assignee: snapshot.state.assignee, queue: snapshot.state.queue ?? c.queue, status: snapshot.state.status },
    state: snapshot.state,
    snapshot,
    file,
    events: file.timeline.map((e) => ({ seq: e.seq, event_id: e.event_id, type: e.type, occurred_at: e.occurred_at, actor: e.actor, data: e.data, sealed: e.sealed })),
    clocks: file.deadlines.map((d) => ({ clock: d.clock, due_at: d.due_at, met_at: d.met_at, paused: !!d.paused_since && !d.met_at })),
    antecedents,
  };
}
