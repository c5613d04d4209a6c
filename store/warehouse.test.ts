// A warehouse of an older schema is set aside (kept) and rebuilt from the log by the store, since
// its offsets live in the file; a read-only opener is told to start Doléances or replay first.
// Schema 2 → 3 (merges of duplicates: cases.merged_into, deadlines.stopped_at) goes the same way;
// schema 3 → 4 only adds a table (intake_destructions), in place: nothing is rebuilt.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Duck } from './duck.ts';
import { SCHEMA_VERSION } from './schema.ts';
import { openWarehouse } from './warehouse.ts';

describe('openWarehouse', () => {
  it.each([1, 2])('sets a schema-%i file aside and starts a fresh one', async (old) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dol-wh-'));
    const file = path.join(dir, 'warehouse.duckdb');
    const prev = await Duck.open(file);
    await prev.run(`CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR); INSERT INTO meta VALUES ('schema_version', '${old}');
                   CREATE TABLE cases (case_id VARCHAR PRIMARY KEY, subject_sealed VARCHAR); INSERT INTO cases VALUES ('2026-OLD', 's1.x')`);
    prev.close();
    await expect(openWarehouse(file, { readOnly: true })).rejects.toThrow(new RegExp(`schéma ${old}.*replay`));
    const db = await openWarehouse(file);
    try {
      expect(await db.one(`SELECT value FROM meta WHERE key = 'schema_version'`)).toEqual({ value: String(SCHEMA_VERSION) });
      expect(SCHEMA_VERSION).toBe(4);
      expect(await db.all(`SELECT * FROM cases`)).toEqual([]);
      expect((await db.all<{ column_name: string }>(`SELECT column_name FROM duckdb_columns() WHERE table_name = 'cases' AND column_name = 'merged_into'`)).length).toBe(1);
    } finally {
      db.close();
    }
    expect(fs.readdirSync(dir).some((f) => new RegExp(`^warehouse\\.duckdb\\.schema${old}\\..*\\.bak$`).test(f))).toBe(true);
  });

  it('brings a schema-3 file up to date in place: its rows stay, the new table is added', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dol-wh-'));
    const file = path.join(dir, 'warehouse.duckdb');
    const prev = await openWarehouse(file);
    await prev.run(`DROP TABLE intake_destructions; UPDATE meta SET value = '3' WHERE key = 'schema_version'; INSERT INTO cases (case_id) VALUES ('2026-KEPT')`);
    prev.close();
    await expect(openWarehouse(file, { readOnly: true })).rejects.toThrow(/schéma 3/);
    const db = await openWarehouse(file);
    try {
      expect(await db.one(`SELECT value FROM meta WHERE key = 'schema_version'`)).toEqual({ value: '4' });
      expect(await db.all(`SELECT case_id FROM cases`)).toEqual([{ case_id: '2026-KEPT' }]);
      expect(await db.all(`SELECT * FROM intake_destructions`)).toEqual([]);
    } finally {
      db.close();
    }
    expect(fs.readdirSync(dir).some((f) => f.endsWith('.bak'))).toBe(false);
  });
});
