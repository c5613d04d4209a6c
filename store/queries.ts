// Read queries over the warehouse for the web pages and the CLI. Nothing here decrypts personal
// data: callers get pseudonymous ids and sealed fields only (caseFile: store/case-file.ts).
import type { Duck } from './duck.ts';

export { caseFile, type CaseFile, type VaultCell } from './case-file.ts';

export interface DispositionRow {
  intake_id: string;
  channel: string | null;
  received_at: string;
  disposition: string;
  reason: string | null;
  error_code: string | null;
  quarantine_path: string | null;
}

/** Received messages that are not cases (quarantine, auto-replies, bounces, duplicates…), newest first. */
export async function listDispositions(db: Duck, opts: { limit?: number } = {}): Promise<DispositionRow[]> {
  return db.all(
    `SELECT intake_id, channel, received_at, disposition, reason, error_code, quarantine_path FROM intakes
     WHERE disposition NOT IN ('case', 'reply', 'recue') ORDER BY received_at DESC${opts.limit ? ` LIMIT ${Math.floor(opts.limit)}` : ''}`,
  );
}

export async function countCases(db: Duck): Promise<number> {
  return Number((await db.one<{ n: string }>(`SELECT count(*) AS n FROM cases`))?.n ?? 0);
}
