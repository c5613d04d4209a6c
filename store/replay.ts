// Rebuilding the warehouse from the log: every intake and case event from the first offset is
// projected into a fresh DuckDB file, which then replaces the old one (kept as a backup). The
// projection is deterministic, so the rebuilt tables equal the ones kept live (PROJECTED_TABLES).
// The per-contact keys are not in the log (destroying them must destroy something) but in the key
// store beside the warehouse (store/contact-key-store.ts), which the replay reuses: with the
// keyring, the vault re-seals to the same bytes (KEYED_TABLES). The contacts destroyed in the log
// are marked first, so no personal data of theirs is ever written again, even for a moment.
import fs from 'node:fs/promises';
import type { Keyring } from '../core/crypto/keyring.ts';
import { TOPICS } from '../core/events/schemas.ts';
import { readAll } from '../core/log/read-all.ts';
import type { Log } from '../core/log/types.ts';
import { writeRows } from './batch-writer.ts';
import { projectToEnd } from './catch-up.ts';
import type { Duck } from './duck.ts';
import type { ProfileResolver } from './fold.ts';
import { openWarehouse, projectorFor } from './warehouse.ts';

export interface ReplayOptions {
  /** Without it, personal fields wait in the vault, pending (store/vault.ts sealPendingVault). */
  keyring?: Keyring;
  profiles?: ProfileResolver;
}

export async function replayInto(log: Log, file: string, opts: ReplayOptions = {}): Promise<{ events: number; skipped: number }> {
  await fs.rm(file, { force: true });
  await fs.rm(`${file}.wal`, { force: true });
  const db = await openWarehouse(file);
  try {
    await db.transaction(() => markShredded(db, log));
    const projector = projectorFor(db, { keyring: opts.keyring ?? null, ...(opts.profiles ? { profiles: opts.profiles } : {}) });
    return await projectToEnd(log, projector, { group: 'replay', fromStart: true });
  } finally {
    db.close();
  }
}

async function markShredded(db: Duck, log: Log): Promise<void> {
  // The latest destruction of each contact (a contact can write again later, under a new key).
  const tombstones = new Map<string, (string | number | null)[]>();
  await readAll(log, TOPICS.caseEvents, (records) => {
    for (const r of records) {
      const v = r.value as { type?: string; occurredAt?: string; data?: { contactId?: string; reason?: string } };
      if (v?.type === 'contact.shredded.v1' && v.data?.contactId) tombstones.set(v.data.contactId, [v.data.contactId, 0, null, v.occurredAt ?? null, v.data.reason ?? null]);
    }
  });
  const known = new Set((await db.all<{ subject_id: string }>(`SELECT subject_id FROM contact_keys`)).map((r) => r.subject_id));
  await writeRows(db, 'contact_keys', [...tombstones.values()].filter((t) => !known.has(String(t[0]))));
}
