// The warehouse is a projection of the log: replaying the log (twice) yields tables identical to
// the live ones, and the hash chain of every case verifies; an edited event is detected. A merge
// of two cases (an event on each) is among what is replayed.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createKeyring } from '../../core/crypto/keyring.ts';
import { publishEvents } from '../../core/events/publish.ts';
import { runMergeCommand } from '../../core/lifecycle/commands/index.ts';
import { EmbeddedLog } from '../../core/log/embedded.ts';
import { calendarOf, loadProfile } from '../../core/profiles/load.ts';
import { loadCase } from '../../store/case-state.ts';
import { startDoleances } from '../../main.ts';
import { countCases } from '../../store/queries.ts';
import { replayInto } from '../../store/replay.ts';
import { PROJECTED_TABLES } from '../../store/schema.ts';
import { verifyChains } from '../../store/verify.ts';
import { openWarehouse } from '../../store/warehouse.ts';
import { silentLogger, tempDataDir, testConfig, waitFor } from '../helpers/app.ts';
import { syntheticLetter } from '../helpers/generate.ts';

async function dump(file: string): Promise<Record<string, string>> {
  const db = await openWarehouse(file, { readOnly: true });
  try {
    const out: Record<string, string> = {};
    for (const [table, order] of Object.entries(PROJECTED_TABLES)) {
      out[table] = JSON.stringify(await db.all(`SELECT * FROM ${table} ORDER BY ${order}`));
    }
    return out;
  } finally {
    db.close();
  }
}

describe('replay', () => {
  it('rebuilds identical tables from the log, twice, and the chains verify', async () => {
    const dataDir = tempDataDir('dol-replay-');
    const config = testConfig(dataDir);
    fs.mkdirSync(config.paths.inbox, { recursive: true });
    for (let i = 0; i < 40; i++) {
      const l = syntheticLetter(i);
      fs.writeFileSync(path.join(config.paths.inbox, l.name), l.text);
    }
    fs.writeFileSync(path.join(config.paths.inbox, 'casse.json'), '{"pas": "twilio"}');
    const app = await startDoleances(config, { logger: silentLogger, web: false });
    const reader = await app.db.reader();
    await waitFor(async () => (await countCases(reader)) >= 40 + 7);
    await waitFor(async () => (await reader.all(`SELECT 1 FROM intakes WHERE disposition = 'quarantine'`)).length === 1);
    // Staff merge one case into another, as the web app does: an event in each case's stream.
    const profile = loadProfile(config.profilesDir, config.profileId);
    const calendar = calendarOf(profile);
    const [dup, kept] = (await reader.all<{ case_id: string }>(`SELECT case_id FROM cases ORDER BY received_at, case_id LIMIT 2`)).map((r) => r.case_id);
    const ctx = { actor: { id: 'agent:clientele:mgagnon', roles: ['agent'] }, now: new Date(), profile, calendar, keyring: createKeyring([{ id: 'k', key: crypto.randomBytes(32) }]) };
    await publishEvents(app.log, runMergeCommand(await loadCase(reader, dup!, profile, calendar), await loadCase(reader, kept!, profile, calendar), ctx, { reason: 'Même demande reçue deux fois' }));
    await waitFor(async () => (await reader.all(`SELECT 1 FROM case_events WHERE type IN ('case.merged.v1', 'case.duplicate-attached.v1')`)).length === 2);
    await app.stop();

    const live = await dump(config.paths.warehouse);
    expect(JSON.parse(live.cases!)).toHaveLength(47);
    expect((JSON.parse(live.cases!) as { status: string; merged_into: string | null }[]).filter((c) => c.merged_into).map((c) => c.status)).toEqual(['fusionne']);
    expect((JSON.parse(live.deadlines!) as { stopped_at: string | null }[]).some((d) => d.stopped_at)).toBe(true);
    const log = await EmbeddedLog.open(config.paths.log);
    try {
      const a = path.join(dataDir, 'replay-a.duckdb');
      const b = path.join(dataDir, 'replay-b.duckdb');
      const ra = await replayInto(log, a);
      await replayInto(log, b);
      expect(ra.events).toBeGreaterThan(47 * 3);
      expect(await dump(a)).toEqual(live);
      expect(await dump(b)).toEqual(live);
    } finally {
      await log.close();
    }

    const db = await openWarehouse(config.paths.warehouse);
    try {
      const ok = await verifyChains(db);
      expect(ok.cases).toBe(47);
      expect(ok.breaks).toEqual([]);
      const victim = (await db.all<{ event_id: string; case_id: string }>(`SELECT event_id, case_id FROM case_events WHERE type = 'case.classified.v1' LIMIT 1`))[0]!;
      await db.run(`UPDATE case_events SET data = json_merge_patch(data, '{"nature":"autre"}') WHERE event_id = $1`, [victim.event_id]);
      const tampered = await verifyChains(db);
      expect(tampered.breaks).toEqual([expect.objectContaining({ caseId: victim.case_id, problem: 'contenu modifié' })]);
    } finally {
      db.close();
    }
  });
});
