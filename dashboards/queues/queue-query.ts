// The routed queues as the staff app shows them: the cases of the queues a viewer may see (plus the
// cases assigned to them or to colleagues they stand in for), each with its clocks, filtered by
// nature, channel, state, lateness and a search over the reference, the subject (decrypted on the
// server for this authorised viewer only) and the classification terms; urgent cases first, then
// by the earliest clock still running. A viewer walled off from a case (a complaint about them)
// never sees it listed.
import type { Keyring } from '../../core/crypto/keyring.ts';
import { isClosed } from '../../core/lifecycle/state-machine.ts';
import type { Duck } from '../../store/duck.ts';
import { VaultReader } from '../../store/vault.ts';
import { isOverdue, nextClock, type ClockRow } from './countdown.ts';

export interface QueueFilters {
  queue?: string;
  nature?: string;
  channel?: string;
  state?: string;
  overdue?: boolean;
  mine?: boolean;
  q?: string;
}

export interface QueueCase {
  caseId: string;
  channel: string;
  receivedAt: string;
  kind: string | null;
  nature: string | null;
  admissibility: string | null;
  urgency: string | null;
  urgencyReason: string | null;
  queue: string | null;
  status: string;
  assignee: string | null;
  subject: string | null;
  terms: string[];
  clocks: ClockRow[];
  overdue: boolean;
}

interface Row {
  case_id: string;
  channel: string;
  received_at: string;
  kind: string | null;
  nature: string | null;
  admissibility: string | null;
  urgency: string | null;
  urgency_reason: string | null;
  queue: string | null;
  status: string;
  assignee: string | null;
  classification_terms: string[] | null;
}

const json = (v: unknown) => JSON.stringify(v);
const IN = (n: number) => `(SELECT unnest(from_json($${n}::JSON, '["VARCHAR"]')))`;

/** Cases in the queues (and assigned to the people) given, minus those the viewer is walled off from. */
export async function listQueueCases(
  db: Duck,
  keyring: Keyring,
  scope: { queues: string[]; assignees: string[]; viewerId: string },
  f: QueueFilters,
  now: Date,
): Promise<QueueCase[]> {
  // The closed states (merged duplicates included) are looked for among the closed cases.
  const closedWanted = !!f.state && isClosed(f.state);
  const rows = await db.all<Row>(
    `SELECT c.case_id, c.channel, c.received_at, c.kind, c.nature, c.admissibility, c.urgency, c.urgency_reason, c.queue, c.status,
            c.assignee, c.classification_terms
     FROM cases c
     WHERE (c.queue IN ${IN(1)} OR c.assignee IN ${IN(2)})
       AND NOT list_contains(coalesce(c.walled_off, []::VARCHAR[]), $3)
       AND ${closedWanted ? 'c.closed_at IS NOT NULL' : 'c.closed_at IS NULL'}`,
    [json(scope.queues), json(scope.assignees), scope.viewerId],
  );
  const ids = rows.map((r) => r.case_id);
  const clocks = new Map<string, ClockRow[]>();
  if (ids.length) {
    const rows2 = await db.all<ClockRow & { case_id: string; paused_since: string | null }>(`SELECT case_id, clock, due_at, met_at, paused_since FROM deadlines WHERE case_id IN ${IN(1)}`, [json(ids)]);
    for (const d of rows2) {
      // store/project-clocks.ts keeps each clock's pause (core/lifecycle/clocks.ts: only the clocks that wait on the citizen pause).
      clocks.set(d.case_id, [...(clocks.get(d.case_id) ?? []), { clock: d.clock, due_at: d.due_at, met_at: d.met_at, paused: !!d.paused_since && !d.met_at }]);
    }
  }
  const subjects = await openSubjects(db, keyring, ids);
  const q = f.q?.trim().toLowerCase();
  const out: QueueCase[] = [];
  for (const r of rows) {
    const cl = clocks.get(r.case_id) ?? [];
    const item: QueueCase = {
      caseId: r.case_id, channel: r.channel, receivedAt: r.received_at, kind: r.kind, nature: r.nature, admissibility: r.admissibility,
      urgency: r.urgency, urgencyReason: r.urgency_reason, queue: r.queue, status: r.status, assignee: r.assignee,
      subject: subjects.get(r.case_id) ?? null, terms: r.classification_terms ?? [], clocks: cl,
      overdue: isOverdue(cl, now),
    };
    if (f.queue && item.queue !== f.queue) continue;
    if (f.nature && item.nature !== f.nature) continue;
    if (f.channel && item.channel !== f.channel) continue;
    if (f.state && item.status !== f.state) continue;
    if (f.overdue && !item.overdue) continue;
    if (f.mine && item.assignee !== scope.viewerId) continue;
    if (q && ![item.caseId, item.subject ?? '', ...item.terms].some((s) => s.toLowerCase().includes(q))) continue;
    out.push(item);
  }
  return out.sort(byPriority);
}

/** The subject each case was received with, from the vault (the opening event's `subject` field). */
async function openSubjects(db: Duck, keyring: Keyring, caseIds: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (caseIds.length === 0) return out;
  const rows = await db.all<{ case_id: string; subject_id: string; ref: string; field: string; sealed: string | null; pending: boolean | null }>(
    `SELECT v.case_id, v.subject_id, v.ref, v.field, v.sealed, v.pending FROM vault v JOIN case_events e ON e.event_id = v.ref
     WHERE v.field = 'subject' AND e.type = 'case.opened.v1' AND v.case_id IN ${IN(1)}`,
    [json(caseIds)],
  );
  const vault = new VaultReader(db, keyring);
  for (const r of rows) {
    try {
      const text = await vault.open(r);
      if (text) out.set(r.case_id, text);
    } catch {
      // destroyed at the end of its retention, or unreadable: the list shows no subject
    }
  }
  return out;
}

/** Urgent first, then the earliest running clock, then the oldest. */
export function byPriority(a: QueueCase, b: QueueCase): number {
  const u = Number(b.urgency === 'urgente') - Number(a.urgency === 'urgente');
  if (u) return u;
  const da = nextClock(a.clocks)?.due_at ?? '9999';
  const dbb = nextClock(b.clocks)?.due_at ?? '9999';
  return new Date(da).getTime() - new Date(dbb).getTime() || a.receivedAt.localeCompare(b.receivedAt);
}

/** Open cases per queue (for the tiles above the table). */
export async function queueTotals(db: Duck, queues: string[]): Promise<Map<string, { open: number; urgent: number }>> {
  const rows = await db.all<{ queue: string; open: string; urgent: string }>(
    `SELECT queue, count(*) AS open, count(*) FILTER (WHERE urgency = 'urgente') AS urgent FROM cases
     WHERE closed_at IS NULL AND queue IN ${IN(1)} GROUP BY queue`,
    [json(queues)],
  );
  return new Map(rows.map((r) => [r.queue, { open: Number(r.open), urgent: Number(r.urgent) }]));
}
