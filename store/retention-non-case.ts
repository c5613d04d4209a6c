// Law 25 for the messages that never became a case (intake.disposed: quarantined, auto-replies,
// bounces, duplicates): once their purpose is served, profile.retention.nonCaseMonths after their
// receipt (core/profiles/schema.ts cites the principle), their archived original is erased and their
// quarantine record deleted; an intake.destroyed.v1 records it, and the warehouse keeps the
// intake's metadata (sha256, reason, dates), no content. The archive is content-addressed: a blob
// that a case, or a message not yet due, also holds stays (the case's own retention,
// store/retention.ts, erases it in its time). Files go first, the event last: a run interrupted
// in between leaves the intake due, and the next run finds its files gone and records it.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { IntakeEvent } from '../core/events/schemas.ts';
import { deterministicId } from '../core/ids.ts';
import type { Profile } from '../core/profiles/schema.ts';
import type { Duck } from './duck.ts';
import { archivedPath, eraseUnlessTouched, finishErasing, type EraseOutcome } from './erase.ts';

/** What intake.disposed.v1 calls a message without a case (a disposed « reply » is not sent by any connector). */
const DISPOSED = ['autoreply', 'bounce', 'duplicate', 'quarantine'];

export interface NonCaseDue {
  intakeId: string;
  idempotencyKey: string;
  sha256: string;
  disposition: string;
  receivedAt: string;
  /** A case, or a message not yet due, holds the same bytes: the blob stays. */
  shared: boolean;
  /** A quarantined message not yet due has the same bytes: the quarantine record stays. */
  recordShared: boolean;
}

/** Messages received before this moment are past their retention. */
export function nonCaseCutoff(profile: Profile, now: Date): Date {
  const cutoff = new Date(now);
  cutoff.setUTCMonth(cutoff.getUTCMonth() - profile.retention.nonCaseMonths);
  return cutoff;
}

export async function nonCaseDue(db: Duck, profile: Profile, now: Date): Promise<NonCaseDue[]> {
  const rows = await db.all<{ intake_id: string; idempotency_key: string; raw_sha256: string; disposition: string; received_at: string; shared: boolean; record_shared: boolean }>(
    `WITH gone AS (SELECT intake_id FROM intake_destructions),
          due AS (SELECT intake_id, coalesce(idempotency_key, intake_id) AS idempotency_key, raw_sha256, disposition, received_at FROM intakes
                  WHERE disposition IN (SELECT unnest(from_json($2::JSON, '["VARCHAR"]'))) AND raw_sha256 IS NOT NULL
                    AND received_at < $1::TIMESTAMPTZ AND intake_id NOT IN (SELECT intake_id FROM gone)),
          others AS (SELECT raw_sha256, disposition FROM intakes WHERE raw_sha256 IS NOT NULL
                       AND intake_id NOT IN (SELECT intake_id FROM due) AND intake_id NOT IN (SELECT intake_id FROM gone)),
          held AS (SELECT raw_sha256 AS sha256 FROM case_messages WHERE raw_sha256 IS NOT NULL
                   UNION SELECT sha256 FROM attachments UNION SELECT raw_sha256 FROM others)
     SELECT intake_id, idempotency_key, raw_sha256, disposition, strftime(received_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS received_at,
            raw_sha256 IN (SELECT sha256 FROM held) AS shared,
            raw_sha256 IN (SELECT raw_sha256 FROM others WHERE disposition = 'quarantine') AS record_shared
     FROM due ORDER BY due.received_at, intake_id`,
    [nonCaseCutoff(profile, now).toISOString(), JSON.stringify(DISPOSED)],
  );
  return rows.map((r) => ({ intakeId: r.intake_id, idempotencyKey: r.idempotency_key, sha256: r.raw_sha256, disposition: r.disposition, receivedAt: r.received_at, shared: r.shared, recordShared: r.record_shared }));
}

export interface NonCaseDestruction {
  /** One intake.destroyed.v1 per message whose files are gone: the caller publishes them. */
  events: IntakeEvent[];
  /** Archived originals erased. */
  erased: number;
  /** Quarantine records deleted. */
  records: number;
  /** Messages left for a later run: their bytes were received again since the cut-off. */
  deferred: number;
  /**
   * No archive folder here: this process is not where the originals are (a store on a volume of
   * its own); nothing is recorded, so that no message is marked destroyed while its original lives on.
   */
  unreachable: boolean;
}

/**
 * Erases the files of the messages `nonCaseDue` found. Idempotent: a file already gone counts as
 * gone; one touched since the cut-off (the same bytes received again, perhaps not projected yet)
 * defers its message to a later run, when the warehouse knows who holds it.
 */
export async function destroyNonCase(
  paths: { archive: string; quarantine: string },
  due: NonCaseDue[],
  profile: Profile,
  now: Date,
  actor = 'systeme:conservation',
): Promise<NonCaseDestruction> {
  const out: NonCaseDestruction = { events: [], erased: 0, records: 0, deferred: 0, unreachable: false };
  if (due.length === 0) return out;
  if (!(await fs.stat(paths.archive).catch(() => null))?.isDirectory()) return { ...out, unreachable: true };
  const cutoff = nonCaseCutoff(profile, now);
  const records = await recordsBySha(paths.quarantine);
  for (const d of due) {
    const blob = archivedPath(paths.archive, d.sha256);
    let original: 'erased' | 'absent' | 'shared';
    if (d.shared) {
      await finishErasing(blob); // only a copy an interrupted run had set aside; the blob itself stays
      original = 'shared';
    } else {
      const r = await eraseUnlessTouched(blob, cutoff);
      if (r === 'touched') {
        out.deferred++;
        continue;
      }
      original = r;
      if (r === 'erased') out.erased++;
    }
    if (!d.recordShared) {
      const outcomes: EraseOutcome[] = [];
      for (const name of records.get(d.sha256) ?? []) outcomes.push(await eraseUnlessTouched(path.join(paths.quarantine, name), cutoff));
      if (outcomes.includes('touched')) {
        out.deferred++;
        continue;
      }
      out.records += outcomes.filter((o) => o === 'erased').length;
      records.delete(d.sha256);
    }
    out.events.push({
      id: deterministicId('intake.destroyed.v1', d.intakeId),
      type: 'intake.destroyed.v1',
      occurredAt: now.toISOString(),
      correlationId: deterministicId('correlation', d.idempotencyKey),
      profileId: profile.id,
      data: {
        intakeId: d.intakeId,
        idempotencyKey: d.idempotencyKey,
        sha256: d.sha256,
        original,
        actor,
        reason: `Fin de la période de conservation : ${profile.retention.nonCaseMonths} mois après la réception d'un message sans dossier (${profile.retention.source})`,
      },
    });
  }
  return out;
}

/**
 * Quarantine records (ingest/quarantine.ts: « <sha256><.ext>.raison.json ») by the sha256 their name
 * starts with, including one an interrupted run had set aside for erasing (store/erase.ts).
 */
async function recordsBySha(dir: string): Promise<Map<string, string[]>> {
  const bySha = new Map<string, Set<string>>();
  for (const name of await fs.readdir(dir).catch(() => [] as string[])) {
    const m = /^(([0-9a-f]{64})(?:\.[A-Za-z0-9]+)?\.raison\.json)(?:\.destruction)?$/.exec(name);
    if (m) bySha.set(m[2]!, (bySha.get(m[2]!) ?? new Set()).add(m[1]!));
  }
  return new Map([...bySha].map(([sha, names]) => [sha, [...names]]));
}

export interface DestroyedIntake {
  sha256: string;
  disposition: string;
  received_at: string;
  destroyed_at: string;
  original: string;
}

/** What is left of destroyed messages whose sha256 starts with `prefix`: their metadata (`quarantine show`). */
export async function destroyedIntakes(db: Duck, prefix: string): Promise<DestroyedIntake[]> {
  return db.all<DestroyedIntake>(
    `SELECT d.raw_sha256 AS sha256, i.disposition, strftime(i.received_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS received_at,
            strftime(d.destroyed_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS destroyed_at, d.original
     FROM intake_destructions d JOIN intakes i USING (intake_id) WHERE starts_with(d.raw_sha256, $1) ORDER BY d.destroyed_at DESC`,
    [prefix.toLowerCase()],
  );
}
