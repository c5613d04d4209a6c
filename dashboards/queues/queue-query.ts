// The routed queues as the staff app shows them, one page at a time: the cases of the queues a
// viewer may see (plus the cases assigned to them or to colleagues they stand in for), each with
// its clocks, filtered by nature, channel, state, lateness and a search over the reference, the
// subject (decrypted on the server for this authorised viewer only) and the classification terms;
// urgent cases first, then by the earliest clock still running, then the oldest, then the
// reference (store/keyset.ts: that key orders every case once, and a page starts after a key). A
// viewer walled off from a case (a complaint about them) never sees it listed.
import type { Keyring } from '../../core/crypto/keyring.ts';
import { isClosed } from '../../core/lifecycle/state-machine.ts';
import type { Duck, Param } from '../../store/duck.ts';
import { keysetPage, type KeyColumn, type KeysetRequest, type KeysetSpec } from '../../store/keyset.ts';
import { VaultReader } from '../../store/vault.ts';
import { cursorsAround } from '../paging/cursor.ts';
import { isOverdue, type ClockRow } from './countdown.ts';

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

/** One page of a queue: its cases, where it sits in the whole list, and the cursors around it. */
export interface QueuePage {
  cases: QueueCase[];
  total: number;
  /** Cases before the first one shown (0 on page 1). */
  offset: number;
  /** Cursors (paging/cursor.ts) for the previous and next pages; null at either end. */
  prev: string | null;
  next: string | null;
}

export interface QueueScope {
  queues: string[];
  assignees: string[];
  viewerId: string;
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

/** The cursor tag of the queues' order (a cursor of another list or order reads as page 1). */
export const QUEUE_LIST = 'files.priorite';

/**
 * Urgent first (0), then the earliest clock not yet met (none: year 9999, last), then the oldest,
 * then the reference; instants to the millisecond, so the key travels as plain integers.
 */
export const QUEUE_KEYS: KeyColumn[] = [
  { name: 'k_urgent', type: 'BIGINT' },
  { name: 'k_due', type: 'BIGINT' },
  { name: 'k_received', type: 'BIGINT' },
  { name: 'case_id', type: 'VARCHAR' },
];

const json = (v: unknown) => JSON.stringify(v);
const IN = (n: number) => `(SELECT unnest(from_json($${n}::JSON, '["VARCHAR"]')))`;

/** The listed cases (scope, state and filters) with their sort key; `ids` narrows them to a search's matches. */
function listedSql(scope: QueueScope, f: QueueFilters, now: Date, ids: string[] | null): { sql: string; params: Param[] } {
  const params: Param[] = [json(scope.queues), json(scope.assignees), scope.viewerId, now.toISOString()];
  const p = (v: Param) => `$${params.push(v)}`;
  // The closed states (merged duplicates included) are looked for among the closed cases.
  const where = [
    `(c.queue IN ${IN(1)} OR c.assignee IN ${IN(2)})`,
    `NOT list_contains(coalesce(c.walled_off, []::VARCHAR[]), $3)`,
    f.state && isClosed(f.state) ? 'c.closed_at IS NOT NULL' : 'c.closed_at IS NULL',
  ];
  if (f.queue) where.push(`c.queue = ${p(f.queue)}`);
  if (f.nature) where.push(`c.nature = ${p(f.nature)}`);
  if (f.channel) where.push(`c.channel = ${p(f.channel)}`);
  if (f.state) where.push(`c.status = ${p(f.state)}`);
  if (f.mine) where.push(`c.assignee = $3`);
  // countdown.ts isOverdue: a clock not met, not paused (waiting on the citizen), past its due time.
  if (f.overdue) where.push(`coalesce(k.overdue, false)`);
  if (ids) where.push(`c.case_id IN ${IN(params.push(json(ids)))}`);
  return {
    sql: `SELECT c.case_id, c.channel, c.received_at, c.kind, c.nature, c.admissibility, c.urgency, c.urgency_reason, c.queue, c.status,
            c.assignee, c.classification_terms,
            CASE WHEN c.urgency = 'urgente' THEN 0 ELSE 1 END AS k_urgent,
            epoch_ms(coalesce(k.next_due, TIMESTAMPTZ '9999-12-31 00:00:00+00')) AS k_due,
            epoch_ms(coalesce(c.received_at, TIMESTAMPTZ '1970-01-01 00:00:00+00')) AS k_received
     FROM cases c LEFT JOIN (
       SELECT case_id, min(due_at) AS next_due, bool_or(paused_since IS NULL AND due_at < $4::TIMESTAMPTZ) AS overdue
       FROM deadlines WHERE met_at IS NULL GROUP BY case_id) k USING (case_id)
     WHERE ${where.join(' AND ')}`,
    params,
  };
}

/** One page of the cases in the queues (and assigned to the people) given, minus those the viewer is walled off from. */
export async function listQueueCases(db: Duck, keyring: Keyring, scope: QueueScope, f: QueueFilters, now: Date, page: KeysetRequest): Promise<QueuePage> {
  const q = f.q?.trim().toLowerCase();
  const ids = q ? await searchMatches(db, keyring, scope, f, now, q) : null;
  const spec: KeysetSpec = { ...listedSql(scope, f, now, ids), keys: QUEUE_KEYS, dir: 'ASC' };
  const res = await keysetPage<Row>(db, spec, page);
  const pageIds = res.rows.map((r) => r.case_id);
  const clocks = await clocksOf(db, pageIds);
  const subjects = await openSubjects(db, keyring, pageIds);
  const cases = res.rows.map((r): QueueCase => {
    const cl = clocks.get(r.case_id) ?? [];
    return {
      caseId: r.case_id, channel: r.channel, receivedAt: r.received_at, kind: r.kind, nature: r.nature, admissibility: r.admissibility,
      urgency: r.urgency, urgencyReason: r.urgency_reason, queue: r.queue, status: r.status, assignee: r.assignee,
      subject: subjects.get(r.case_id) ?? null, terms: r.classification_terms ?? [], clocks: cl, overdue: isOverdue(cl, now),
    };
  });
  return { cases, total: res.total, offset: res.offset, ...cursorsAround(QUEUE_LIST, res) };
}

/**
 * The listed cases a search matches (reference, classification terms, subject). The subject is
 * sealed, so it is opened here for each listed case the other fields did not match: a search costs
 * up to one decryption per listed case, bounded by the viewer's scope and the other filters (the
 * open cases, or the closed ones of one state), not by the page.
 */
async function searchMatches(db: Duck, keyring: Keyring, scope: QueueScope, f: QueueFilters, now: Date, q: string): Promise<string[]> {
  const { sql, params } = listedSql(scope, f, now, null);
  const rows = await db.all<{ case_id: string; classification_terms: string[] | null } & SubjectCell>(
    `SELECT l.case_id, l.classification_terms, s.subject_id, s.ref, s.field, s.sealed, s.pending
     FROM (${sql}) l LEFT JOIN (${SUBJECTS}) s ON s.case_id = l.case_id`,
    params,
  );
  const hit = (s: string) => s.toLowerCase().includes(q);
  const vault = new VaultReader(db, keyring);
  const out: string[] = [];
  for (const r of rows) {
    if (hit(r.case_id) || (r.classification_terms ?? []).some(hit) || hit((await openSubject(vault, r)) ?? '')) out.push(r.case_id);
  }
  return out;
}

async function clocksOf(db: Duck, caseIds: string[]): Promise<Map<string, ClockRow[]>> {
  const out = new Map<string, ClockRow[]>();
  if (caseIds.length === 0) return out;
  const rows = await db.all<ClockRow & { case_id: string; paused_since: string | null }>(`SELECT case_id, clock, due_at, met_at, paused_since FROM deadlines WHERE case_id IN ${IN(1)}`, [json(caseIds)]);
  for (const d of rows) {
    // store/project-clocks.ts keeps each clock's pause (core/lifecycle/clocks.ts: only the clocks that wait on the citizen pause).
    out.set(d.case_id, [...(out.get(d.case_id) ?? []), { clock: d.clock, due_at: d.due_at, met_at: d.met_at, paused: !!d.paused_since && !d.met_at }]);
  }
  return out;
}

interface SubjectCell {
  subject_id: string | null;
  ref: string | null;
  field: string | null;
  sealed: string | null;
  pending: boolean | null;
}

/** The subject each case was received with: the vault's `subject` field of its opening event (for a search: every case). */
const SUBJECTS = `SELECT v.case_id, v.subject_id, v.ref, v.field, v.sealed, v.pending FROM vault v
  WHERE v.field = 'subject' AND v.ref IN (SELECT event_id FROM case_events WHERE type = 'case.opened.v1')`;

async function openSubject(vault: VaultReader, r: SubjectCell): Promise<string | null> {
  if (!r.subject_id || !r.ref || !r.field) return null;
  try {
    return await vault.open({ subject_id: r.subject_id, ref: r.ref, field: r.field, sealed: r.sealed, pending: r.pending });
  } catch {
    return null; // destroyed at the end of its retention, or unreadable: no subject
  }
}

/** The subjects of a page's cases (opened for this authorised viewer; the list shows none when destroyed). */
async function openSubjects(db: Duck, keyring: Keyring, caseIds: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (caseIds.length === 0) return out;
  const rows = await db.all<{ case_id: string } & SubjectCell>(
    `SELECT v.case_id, v.subject_id, v.ref, v.field, v.sealed, v.pending FROM vault v
     WHERE v.field = 'subject' AND v.case_id IN ${IN(1)}
       AND v.ref IN (SELECT event_id FROM case_events WHERE type = 'case.opened.v1' AND case_id IN ${IN(1)})`,
    [json(caseIds)],
  );
  const vault = new VaultReader(db, keyring);
  for (const r of rows) {
    const text = await openSubject(vault, r);
    if (text) out.set(r.case_id, text);
  }
  return out;
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
