// The deadlines table as a projection: each case a batch touches gets its clocks recomputed from
// all its events with the body's current profile and calendar (core/lifecycle/clocks.ts), so a
// corrected calendar applies to open cases; `recomputeOpenClocks` does it for every open case
// (the scheduler runs it when the calendar of a profile changed). Set-based: one read of the
// touched cases' earlier events, one DELETE and one merge per batch.
import crypto from 'node:crypto';
import type { StoredEvent } from '../core/lifecycle/case-state.ts';
import { computeClocks } from '../core/lifecycle/clocks.ts';
import { deleteIn, writeRows, type Cell } from './batch-writer.ts';
import type { Duck } from './duck.ts';
import type { ProfileResolver } from './fold.ts';

const IN = `(SELECT unnest(from_json($1::JSON, '["VARCHAR"]')))`;

export async function storedEvents(db: Duck, caseIds: string[]): Promise<Map<string, StoredEvent[]>> {
  const out = new Map<string, StoredEvent[]>();
  if (caseIds.length === 0) return out;
  const rows = await db.all<{ case_id: string; event_id: string; type: string; occurred_at: string; data: string }>(
    `SELECT case_id, event_id, type, strftime(occurred_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS occurred_at, data::VARCHAR AS data
     FROM case_events WHERE case_id IN ${IN} AND seq > 0 ORDER BY case_id, seq`,
    [JSON.stringify(caseIds)],
  );
  for (const r of rows) {
    const list = out.get(r.case_id) ?? [];
    list.push({ id: r.event_id, type: r.type as StoredEvent['type'], occurredAt: r.occurred_at, data: JSON.parse(r.data) as StoredEvent['data'] });
    out.set(r.case_id, list);
  }
  return out;
}

export function clockRows(caseId: string, events: readonly StoredEvent[], profiles: ProfileResolver, profileId: string | null): Cell[][] {
  const p = profileId ? profiles(profileId) : null;
  return computeClocks(events, p?.profile ?? null, p?.calendar ?? null).map((k) => [
    caseId, k.clock, k.startedAt, k.dueAt, k.dueSoonAt, k.rule, k.metAt, k.pausedSince, k.pausedUnits, k.extendedAt, k.extensionReason, k.warnedFor, k.overdueFor, k.stoppedAt,
  ]);
}

export async function writeClocks(db: Duck, rows: Map<string, Cell[][]>): Promise<void> {
  await deleteIn(db, 'deadlines', 'case_id', [...rows.keys()]);
  await writeRows(db, 'deadlines', [...rows.values()].flat());
}

/** A fingerprint of what the clocks depend on in a profile: its deadlines and its calendar. */
export function clockFingerprint(p: { deadlines: unknown; calendar: unknown; timezone: string }): string {
  return crypto.createHash('sha256').update(JSON.stringify([p.deadlines, p.calendar, p.timezone])).digest('hex').slice(0, 16);
}

/** Recomputes the clocks of every open case of `profileId` (after a calendar or deadline correction). */
export async function recomputeOpenClocks(db: Duck, profiles: ProfileResolver, profileId: string, chunk = 5000): Promise<number> {
  const ids = await db.transaction(async () => (await db.all<{ case_id: string }>(`SELECT case_id FROM cases WHERE profile_id = $1 AND closed_at IS NULL ORDER BY case_id`, [profileId])).map((r) => r.case_id));
  for (let i = 0; i < ids.length; i += chunk) {
    const part = ids.slice(i, i + chunk);
    await db.transaction(async () => {
      const events = await storedEvents(db, part);
      await writeClocks(db, new Map(part.map((id) => [id, clockRows(id, events.get(id) ?? [], profiles, profileId)])));
    });
  }
  return ids.length;
}
