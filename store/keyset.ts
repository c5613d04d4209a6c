// Keyset pagination over a warehouse query (the web pages' long lists: queues, non-cases). A page
// is found by the sort key of a row, never by OFFSET: « the rows after this key » costs the same on
// page 1 and page 200, and a row that arrives or leaves does not shift the pages under the reader.
// The listed query (a SELECT with its filters) exposes its sort-key columns under their names; the
// last one is unique (the row's id), so the order is total and each row is on exactly one page.
// DuckDB has no index that serves an ORDER BY: every page is one filtered scan bounded by a top-N
// (ORDER BY … LIMIT), plus one count over the same scan for « 51–100 sur 12 345 ».
import type { Duck, Param } from './duck.ts';

export interface KeyColumn {
  name: string;
  type: 'BIGINT' | 'VARCHAR';
}

/** A row's sort key, as text (BIGINTs in decimal), in the order of the columns. */
export type Key = string[];

export interface KeysetSpec {
  /** The listed rows: a SELECT whose output has every key column; its parameters are `params`. */
  sql: string;
  params: Param[];
  keys: KeyColumn[];
  /** One direction for every key column (the query puts each column the right way round). */
  dir: 'ASC' | 'DESC';
}

export interface KeysetRequest {
  /** The rows after this key (the next page), or before it (the previous page); neither: page 1. */
  after?: Key | null;
  before?: Key | null;
  size: number;
}

export interface KeysetPage<R> {
  rows: R[];
  total: number;
  /** How many rows come before the first one of this page (0 on page 1). */
  offset: number;
  firstKey: Key | null;
  lastKey: Key | null;
}

export function keyOf(row: object, keys: KeyColumn[]): Key {
  return keys.map((k) => String((row as Record<string, unknown>)[k.name] ?? ''));
}

/** One page of the listed rows. A key past the end (its rows closed or gone) gives page 1. */
export async function keysetPage<R extends object>(db: Duck, spec: KeysetSpec, req: KeysetRequest): Promise<KeysetPage<R>> {
  const cols = spec.keys.map((k) => k.name).join(', ');
  const n = spec.params.length;
  const tuple = `(${spec.keys.map((k, i) => `$${n + i + 1}::${k.type}`).join(', ')})`;
  const back = spec.dir === 'ASC' ? 'DESC' : 'ASC';
  const [lt, gt] = spec.dir === 'ASC' ? ['<', '>'] : ['>', '<'];
  const size = Math.max(1, Math.floor(req.size));
  const cursor = req.before ?? req.after ?? null;
  const backwards = !!req.before;
  const where = cursor ? `WHERE (${cols}) ${backwards ? lt : gt} ${tuple}` : '';
  const order = spec.keys.map((k) => `${k.name} ${backwards ? back : spec.dir}`).join(', ');
  const rows = await db.all<R>(`WITH listed AS (${spec.sql}) SELECT * FROM listed ${where} ORDER BY ${order} LIMIT ${size}`, cursor ? [...spec.params, ...cursor] : spec.params);
  if (backwards) rows.reverse();
  if (rows.length === 0 && cursor) return keysetPage(db, spec, { size });
  const firstKey = rows.length ? keyOf(rows[0]!, spec.keys) : null;
  const counts = await db.one<{ total: string; before: string | null }>(
    firstKey
      ? `WITH listed AS (${spec.sql}) SELECT count(*) AS total, count(*) FILTER (WHERE (${cols}) ${lt} ${tuple}) AS before FROM listed`
      : `WITH listed AS (${spec.sql}) SELECT count(*) AS total, 0 AS before FROM listed`,
    firstKey ? [...spec.params, ...firstKey] : spec.params,
  );
  return {
    rows,
    total: Number(counts?.total ?? 0),
    offset: Number(counts?.before ?? 0),
    firstKey,
    lastKey: rows.length ? keyOf(rows[rows.length - 1]!, spec.keys) : null,
  };
}
