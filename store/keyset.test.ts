// Keyset pages over a real DuckDB table with ties in every sort column: walking forward then back
// sees each row exactly once, in the order of the whole list, with the right counts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Duck } from './duck.ts';
import { keysetPage, type KeysetSpec } from './keyset.ts';

let db: Duck;
beforeAll(async () => {
  db = await Duck.open(':memory:');
  // 123 rows, 3 urgencies × 7 due dates: plenty of ties broken only by the id.
  await db.run(`CREATE TABLE t AS SELECT printf('id-%03d', i) AS id, i % 3 AS a, (i * 7) % 11 AS b, i % 2 = 0 AS even FROM range(123) r(i)`);
});
afterAll(() => db.close());

const spec = (dir: 'ASC' | 'DESC', where = 'TRUE'): KeysetSpec => ({
  sql: `SELECT id, a, b FROM t WHERE ${where}`,
  params: [],
  keys: [{ name: 'a', type: 'BIGINT' }, { name: 'b', type: 'BIGINT' }, { name: 'id', type: 'VARCHAR' }],
  dir,
});

describe('keysetPage', () => {
  it.each(['ASC', 'DESC'] as const)('walks every row once forward and back (%s)', async (dir) => {
    const s = spec(dir);
    const all = (await db.all<{ id: string }>(`SELECT id FROM (${s.sql}) ORDER BY a ${dir}, b ${dir}, id ${dir}`)).map((r) => r.id);
    const seen: string[] = [];
    const offsets: number[] = [];
    let page = await keysetPage<{ id: string }>(db, s, { size: 50 });
    for (;;) {
      expect(page.total).toBe(123);
      offsets.push(page.offset);
      seen.push(...page.rows.map((r) => r.id));
      if (page.offset + page.rows.length >= page.total) break;
      page = await keysetPage(db, s, { after: page.lastKey, size: 50 });
    }
    expect(offsets).toEqual([0, 50, 100]);
    expect(seen).toEqual(all);
    const back: string[][] = [];
    while (page.offset > 0) {
      page = await keysetPage(db, s, { before: page.firstKey, size: 50 });
      back.unshift(page.rows.map((r) => r.id));
    }
    expect(back.flat()).toEqual(all.slice(0, 100));
  });

  it('keeps the filter of the listed query, with parameters before the key', async () => {
    const s: KeysetSpec = { ...spec('ASC', 'even = $1'), params: [true] };
    const p1 = await keysetPage<{ id: string }>(db, s, { size: 50 });
    const p2 = await keysetPage<{ id: string }>(db, s, { after: p1.lastKey, size: 50 });
    expect(p1.total).toBe(62);
    expect([...p1.rows, ...p2.rows].map((r) => Number(r.id.slice(3)) % 2)).toEqual(new Array(62).fill(0));
  });

  it('gives page 1 for a key past the end, and an empty page for an empty list', async () => {
    const past = await keysetPage<{ id: string }>(db, spec('ASC'), { after: ['9', '9', 'zzz'], size: 50 });
    expect(past.offset).toBe(0);
    expect(past.rows).toHaveLength(50);
    const none = await keysetPage(db, spec('ASC', 'FALSE'), { size: 50 });
    expect(none).toEqual({ rows: [], total: 0, offset: 0, firstKey: null, lastKey: null });
  });
});
