// A merged duplicate belongs to the file it was merged into: who may open that file may open the
// duplicate (its messages are shown with the case kept), unless walled off from the duplicate or
// from any case on the way; a duplicate of another queue stays closed to everyone else.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Duck } from '../../store/duck.ts';
import { openWarehouse } from '../../store/warehouse.ts';
import type { StaffUser } from '../auth/roles.ts';
import type { Viewer } from '../http/env.ts';
import { viewerSeesCase } from './case-access.ts';

let db: Duck;
const agent = (username: string, services: string[]): Viewer => ({
  user: { userId: username, username, displayName: username, role: 'agent', services, lang: 'fr', active: true } satisfies StaffUser,
  session: {} as Viewer['session'],
  queues: new Set(services),
  standsInFor: [],
});

// id, queue, walled off, merged into
const CASES: [string, string, string[], string | null][] = [
  ['KEPT', 'service-immeubles', [], null],
  ['DUP', 'service-clientele', [], 'KEPT'],
  ['WALLED', 'service-clientele', ['staff:jt'], 'KEPT'],
  ['MIDDLE', 'service-clientele', [], 'KEPT'],
  ['FIRST', 'service-clientele', [], 'MIDDLE'],
  ['WALL-ON-THE-WAY', 'service-clientele', ['staff:jt'], 'KEPT'],
  ['BEHIND-WALL', 'service-clientele', [], 'WALL-ON-THE-WAY'],
  ['ALONE', 'service-clientele', [], null],
];

beforeAll(async () => {
  db = await openWarehouse(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dol-access-')), 'w.duckdb'));
  for (const [id, queue, walled, into] of CASES) {
    await db.run(`INSERT INTO cases BY NAME SELECT $1 AS case_id, $2 AS queue, from_json($3::JSON, '["VARCHAR"]') AS walled_off, $4 AS merged_into`, [id, queue, JSON.stringify(walled), into]);
  }
});
afterAll(() => db?.close());

const sees = async (v: Viewer, id: string) => {
  const [, queue, walledOff, mergedInto] = CASES.find((c) => c[0] === id)!;
  return viewerSeesCase(db, v, { queue, assignee: null, walledOff, mergedInto });
};

describe('merged duplicates and who may open them', () => {
  it('follow the case kept, through a chain of merges, never past a wall', async () => {
    const jt = agent('jt', ['service-immeubles']);
    expect(await sees(jt, 'KEPT')).toBe(true);
    expect(await sees(jt, 'DUP')).toBe(true);
    expect(await sees(jt, 'FIRST')).toBe(true);
    expect(await sees(jt, 'WALLED')).toBe(false);
    expect(await sees(jt, 'BEHIND-WALL')).toBe(false);
    expect(await sees(jt, 'ALONE')).toBe(false);
    const mg = agent('mg', ['service-clientele']);
    expect(await sees(mg, 'DUP')).toBe(true);
    const other = agent('xx', ['triage']);
    for (const id of ['KEPT', 'DUP', 'FIRST']) expect(await sees(other, id)).toBe(false);
  });
});
