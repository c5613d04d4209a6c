// The position of a page in a long list, carried in the link (`?after=…` or `?before=…`): the sort
// key of the last (or first) row shown, tagged with the list it belongs to, in base64url JSON. A
// cursor is not a secret nor a permission (every row is still filtered by the viewer's scope on the
// server): a cursor that does not decode, belongs to another list or holds a value of the wrong
// shape is read as « no cursor », so a tampered or stale link shows page 1, never an error.
import type { Key, KeyColumn, KeysetPage, KeysetRequest } from '../../store/keyset.ts';

/** Rows per page of the queues and of the non-cases. */
export const PAGE_SIZE = 50;

const MAX_CURSOR = 1024;
const MAX_TEXT = 200;
// A BIGINT that fits in DuckDB's signed 64 bits whatever its digits, so the cast cannot fail.
const BIGINT = /^-?\d{1,18}$/;

export function encodeCursor(list: string, key: Key): string {
  return Buffer.from(JSON.stringify([list, ...key]), 'utf8').toString('base64url');
}

export function decodeCursor(list: string, keys: KeyColumn[], raw: string | null | undefined): Key | null {
  if (!raw || raw.length > MAX_CURSOR || !/^[A-Za-z0-9_-]+$/.test(raw)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(parsed) || parsed.length !== keys.length + 1 || parsed[0] !== list) return null;
  const key = parsed.slice(1);
  const ok = keys.every((k, i) => {
    const v = key[i];
    if (typeof v !== 'string' || v.length > MAX_TEXT) return false;
    return k.type === 'BIGINT' ? BIGINT.test(v) : true;
  });
  return ok ? (key as Key) : null;
}

/** The page asked for by a request's `after` / `before` parameters (`after` wins if both are given). */
export function pageRequest(list: string, keys: KeyColumn[], query: { after?: string | undefined; before?: string | undefined }, size = PAGE_SIZE): KeysetRequest {
  const after = decodeCursor(list, keys, query.after);
  if (after) return { after, size };
  return { before: decodeCursor(list, keys, query.before), size };
}

/** The cursors of the pages around a page of `list`: null before page 1 and after the last page. */
export function cursorsAround(list: string, page: KeysetPage<object>): { prev: string | null; next: string | null } {
  return {
    prev: page.offset > 0 && page.firstKey ? encodeCursor(list, page.firstKey) : null,
    next: page.offset + page.rows.length < page.total && page.lastKey ? encodeCursor(list, page.lastKey) : null,
  };
}
