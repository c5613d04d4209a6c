// A warehouse of an older schema is set aside (kept) and rebuilt from the log by the store, since
// its offsets live in the file; a read-only opener is told to start Doléances or replay first.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Duck } from './duck.ts';
import { openWarehouse } from './warehouse.ts';

describe('openWarehouse', () => {
  it('sets a schema-1 file aside and starts a fresh one', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dol-wh-'));
    const file = path.join(dir, 'warehouse.duckdb');
    const old = await Duck.open(file);
    await old.run(`CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR); INSERT INTO meta VALUES ('schema_version', '1');
                   CREATE TABLE cases (case_id VARCHAR PRIMARY KEY, subject_sealed VARCHAR); INSERT INTO cases VALUES ('2026-OLD', 's1.x')`);
    old.close();
    await expect(openWarehouse(file, { readOnly: true })).rejects.toThrow(/schéma 1.*replay/);
    const db = await openWarehouse(file);
    try {
      expect(await db.one(`SELECT value FROM meta WHERE key = 'schema_version'`)).toEqual({ value: '2' });
      expect(await db.all(`SELECT * FROM cases`)).toEqual([]);
    } finally {
      db.close();
    }
    expect(fs.readdirSync(dir).some((f) => /^warehouse\.duckdb\.schema1\..*\.bak$/.test(f))).toBe(true);
  });
});
