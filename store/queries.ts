// Read queries over the warehouse for the web pages and the CLI. Nothing here decrypts personal
// data: callers get pseudonymous ids and sealed fields only (caseFile: store/case-file.ts).
import type { Duck } from './duck.ts';
import { keysetPage, type KeyColumn, type KeysetPage, type KeysetRequest } from './keyset.ts';

export { caseFile, type CaseFile, type VaultCell } from './case-file.ts';

export interface DispositionRow {
  intake_id: string;
  channel: string | null;
  received_at: string;
  disposition: string;
  reason: string | null;
  error_code: string | null;
  quarantine_path: string | null;
  /** When its original was destroyed at the end of its retention (intake.destroyed.v1), if it was. */
  destroyed_at: string | null;
}

/** The received messages that are not cases, with when their original was destroyed (one query for the CLI list and the web page). */
const DISPOSITION_COLUMNS = `i.intake_id, i.channel, i.received_at, i.disposition, i.reason, i.error_code, i.quarantine_path,
  strftime(d.destroyed_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS destroyed_at`;
const DISPOSITIONS = `intakes i LEFT JOIN intake_destructions d ON d.intake_id = i.intake_id WHERE i.disposition NOT IN ('case', 'reply', 'recue')`;

/** Received messages that are not cases (quarantine, auto-replies, bounces, duplicates…), newest first. */
export async function listDispositions(db: Duck, opts: { limit?: number } = {}): Promise<DispositionRow[]> {
  return db.all(
    `SELECT ${DISPOSITION_COLUMNS} FROM ${DISPOSITIONS} ORDER BY i.received_at DESC${opts.limit ? ` LIMIT ${Math.floor(opts.limit)}` : ''}`,
  );
}

/** The order of the non-cases page: newest first, then by id (to the millisecond, so the key is plain integers). */
export const DISPOSITION_KEYS: KeyColumn[] = [
  { name: 'k_received', type: 'BIGINT' },
  { name: 'intake_id', type: 'VARCHAR' },
];

/** One page of the received messages that are not cases, newest first (store/keyset.ts). */
export function pageDispositions(db: Duck, req: KeysetRequest): Promise<KeysetPage<DispositionRow>> {
  return keysetPage<DispositionRow>(
    db,
    {
      sql: `SELECT ${DISPOSITION_COLUMNS}, epoch_ms(coalesce(i.received_at, TIMESTAMPTZ '1970-01-01 00:00:00+00')) AS k_received FROM ${DISPOSITIONS}`,
      params: [],
      keys: DISPOSITION_KEYS,
      dir: 'DESC',
    },
    req,
  );
}

export async function countCases(db: Duck): Promise<number> {
  return Number((await db.one<{ n: string }>(`SELECT count(*) AS n FROM cases`))?.n ?? 0);
}
