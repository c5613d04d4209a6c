// Read queries over the warehouse for the web pages and the CLI. Nothing here decrypts personal
// data: callers get pseudonymous ids and sealed fields only (caseFile: store/case-file.ts).
import type { Duck } from './duck.ts';

export { caseFile, type CaseFile, type VaultCell } from './case-file.ts';

export interface CaseRow {
  case_id: string;
  channel: string;
  received_at: string;
  kind: string | null;
  admissibility: string | null;
  referral: string | null;
  nature: string | null;
  urgency: string | null;
  urgency_reason: string | null;
  confidence: number | null;
  queue: string | null;
  status: string;
  contact_id: string | null;
  answer_due_at: string | null;
  ack_due_at: string | null;
}

const CASE_COLUMNS = `c.case_id, c.channel, c.received_at, c.kind, c.admissibility, c.referral, c.nature, c.urgency,
  c.urgency_reason, c.confidence, c.queue, c.status, c.contact_id, c.ack_due_at,
  (SELECT due_at FROM deadlines d WHERE d.case_id = c.case_id AND d.clock = 'answer') AS answer_due_at`;

export async function queueCounts(db: Duck): Promise<{ queue: string; open: number; urgent: number }[]> {
  const rows = await db.all<{ queue: string; open: string; urgent: string }>(
    `SELECT queue, count(*) AS open, count(*) FILTER (WHERE urgency = 'urgente') AS urgent
     FROM cases WHERE closed_at IS NULL AND queue IS NOT NULL GROUP BY queue ORDER BY queue`,
  );
  return rows.map((r) => ({ queue: r.queue, open: Number(r.open), urgent: Number(r.urgent) }));
}

/** Open cases, urgent first, then by answer deadline. */
export async function listOpenCases(db: Duck, queue?: string): Promise<CaseRow[]> {
  return db.all<CaseRow>(
    `SELECT ${CASE_COLUMNS} FROM cases c WHERE c.closed_at IS NULL ${queue ? 'AND c.queue = $1' : ''}
     ORDER BY (c.urgency = 'urgente') DESC, answer_due_at NULLS LAST, c.received_at`,
    queue ? [queue] : [],
  );
}

export async function getCase(db: Duck, caseId: string): Promise<CaseRow & { route_reason: string | null; classification_rules: string[] | null; classification_terms: string[] | null; model_version: string | null; text_confidence: number | null } | undefined> {
  return db.one(`SELECT ${CASE_COLUMNS}, c.route_reason, c.classification_rules, c.classification_terms, c.model_version, c.text_confidence FROM cases c WHERE c.case_id = $1`, [caseId]);
}

export async function caseTimeline(db: Duck, caseId: string): Promise<{ seq: number; type: string; occurred_at: string; actor: string }[]> {
  return db.all(`SELECT seq, type, occurred_at, actor FROM case_events WHERE case_id = $1 ORDER BY seq`, [caseId]);
}

export async function caseDeadlines(db: Duck, caseId: string): Promise<{ clock: string; due_at: string; rule: string; met_at: string | null }[]> {
  return db.all(`SELECT clock, due_at, rule, met_at FROM deadlines WHERE case_id = $1 ORDER BY due_at`, [caseId]);
}

export async function listDispositions(db: Duck, exclude: string[] = ['case', 'reply', 'recue']): Promise<{ intake_id: string; channel: string | null; received_at: string; disposition: string; reason: string | null; error_code: string | null; quarantine_path: string | null }[]> {
  return db.all(
    `SELECT intake_id, channel, received_at, disposition, reason, error_code, quarantine_path FROM intakes
     WHERE disposition NOT IN (SELECT unnest(from_json($1::JSON, '["VARCHAR"]'))) ORDER BY received_at DESC`,
    [JSON.stringify(exclude)],
  );
}

export async function countCases(db: Duck): Promise<number> {
  return Number((await db.one<{ n: string }>(`SELECT count(*) AS n FROM cases`))?.n ?? 0);
}
