// The store's scheduler (node-cron, every few minutes, never two runs at once): raises the "due
// soon" and "overdue" events of the open cases' clocks, resumes the clocks of cases whose citizen
// wrote back, links a person's contacts across channels, and destroys what the retention schedule
// says must go (Law 25): contacts past profile.retention.yearsAfterClosure (store/retention.ts),
// messages without a case past profile.retention.nonCaseMonths (store/retention-non-case.ts).
// Everything it decides is an event on the log; nothing depends on a page being open. On its first
// run it recomputes the clocks of open cases when the profile's deadlines or calendar changed (a
// corrected closure applies to open cases) and re-seals pending vault values.
// Tests call `tick(now)` with an injected "now"; no timer is involved.
import cron from 'node-cron';
import type { Keyring } from '../core/crypto/keyring.ts';
import { publishEvents } from '../core/events/publish.ts';
import type { DoleancesEvent } from '../core/events/schemas.ts';
import type { Log } from '../core/log/types.ts';
import type { Logger } from '../core/logger.ts';
import { calendarOf } from '../core/profiles/load.ts';
import type { Profile } from '../core/profiles/schema.ts';
import { resumeAnswered, sweepClocks } from './clock-sweep.ts';
import { crossChannelMerges } from './contact-linking.ts';
import type { Duck } from './duck.ts';
import type { ProfileResolver } from './fold.ts';
import { clockFingerprint, recomputeOpenClocks } from './project-clocks.ts';
import { destroyNonCase, nonCaseDue } from './retention-non-case.ts';
import { destroyArchived, destructionsDue, shredEvents } from './retention.ts';
import { sealPendingVault } from './vault.ts';

export interface ClockSchedulerDeps {
  /** The warehouse as its single writer opened it (the store role). */
  db: Duck;
  log: Log;
  profile: Profile;
  logger: Logger;
  /** Resolves the profile of a case for the clocks; defaults to `profile` for its own id. */
  profiles?: ProfileResolver;
  /** For pending vault values and cross-channel linking; without it, both are skipped. */
  keyring?: Keyring;
  /** Where the archived originals are (config.paths.archive), erased at destruction. */
  archiveRoot?: string;
  /** The quarantine records (config.paths.quarantine); with archiveRoot, messages without a case are destroyed. */
  quarantineDir?: string;
  /** Cron expression (node-cron, local time); default every 5 minutes. */
  schedule?: string;
  now?: () => Date;
}

export interface TickReport {
  recomputed: number;
  sealed: number;
  dueSoon: number;
  overdue: number;
  resumed: number;
  merged: number;
  shredded: number;
  archivedErased: number;
  /** Messages without a case destroyed (intake.destroyed.v1), and their originals erased. */
  nonCaseDestroyed: number;
  nonCaseErased: number;
}

/** The scheduler's work without a timer: tests and one-off commands call `tick(now)` themselves. */
export function clockTicker(deps: ClockSchedulerDeps): { tick(now?: Date): Promise<TickReport>; idle(): Promise<void> } {
  const logger = deps.logger.child({ component: 'scheduler' });
  const now = deps.now ?? (() => new Date());
  const own = { profile: deps.profile, calendar: calendarOf(deps.profile) };
  const profiles: ProfileResolver = deps.profiles ?? ((id) => (id === deps.profile.id ? own : null));
  let first = true;
  let linkedUpTo: Date | undefined;
  const destroyed = new Set<string>();
  let warned = false;
  // Reads go through a connection of their own: they never run inside the projector's open
  // transaction on the writer's connection, and only ever see committed state (DuckDB MVCC).
  let reader: Duck | undefined;
  let running: Promise<TickReport> | null = null;

  const publish = async (events: DoleancesEvent[]) => {
    if (events.length) await publishEvents(deps.log, events);
  };

  async function run(at: Date): Promise<TickReport> {
    const r: TickReport = { recomputed: 0, sealed: 0, dueSoon: 0, overdue: 0, resumed: 0, merged: 0, shredded: 0, archivedErased: 0, nonCaseDestroyed: 0, nonCaseErased: 0 };
    reader ??= await deps.db.reader();
    const db = reader;
    if (first) {
      const key = `clock_fingerprint:${deps.profile.id}`;
      const fp = clockFingerprint(deps.profile);
      const stored = await db.one<{ value: string }>(`SELECT value FROM meta WHERE key = $1`, [key]);
      if (stored?.value !== fp) {
        r.recomputed = await recomputeOpenClocks(deps.db, profiles, deps.profile.id);
        await deps.db.transaction(() => deps.db.run(`INSERT INTO meta VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, [key, fp]));
      }
      if (deps.keyring) r.sealed = await sealPendingVault(deps.db, deps.keyring);
      first = false;
    }
    const clocks = await sweepClocks(db, at);
    r.dueSoon = clocks.filter((e) => e.type === 'case.clock-due-soon.v1').length;
    r.overdue = clocks.length - r.dueSoon;
    await publish(clocks);
    const resumed = await resumeAnswered(db, at);
    r.resumed = resumed.length / 2;
    await publish(resumed);
    if (deps.keyring) {
      const merges = await crossChannelMerges(db, deps.keyring, at, { profileId: deps.profile.id, ...(linkedUpTo ? { since: linkedUpTo } : {}) });
      r.merged = merges.length;
      await publish(merges);
      linkedUpTo = new Date(at.getTime() - 3_600_000); // an hour of overlap: the store may lag behind the log
    }
    const due = await destructionsDue(db, deps.profile, at);
    r.shredded = due.length;
    // Originals first, the event last: a crash in between leaves the contact due for the next run.
    if (deps.archiveRoot) r.archivedErased = await destroyArchived(db, deps.archiveRoot, due.flatMap((d) => d.caseIds));
    await publish(shredEvents(due, deps.profile, at));
    if (deps.archiveRoot && deps.quarantineDir) {
      // Until the store has projected them, the intakes destroyed last time still look due: skipped
      // (and forgotten here once projected).
      const expired = await nonCaseDue(db, deps.profile, at);
      const ids = new Set(expired.map((d) => d.intakeId));
      for (const id of destroyed) if (!ids.has(id)) destroyed.delete(id);
      const pending = expired.filter((d) => !destroyed.has(d.intakeId));
      const nc = await destroyNonCase({ archive: deps.archiveRoot, quarantine: deps.quarantineDir }, pending, deps.profile, at);
      if (nc.unreachable && !warned) logger.warn({ archiveRoot: deps.archiveRoot, due: pending.length }, 'archive not reachable from this process: messages without a case not destroyed');
      warned ||= nc.unreachable;
      await publish(nc.events);
      for (const e of nc.events) destroyed.add(e.data.intakeId);
      r.nonCaseDestroyed = nc.events.length;
      r.nonCaseErased = nc.erased;
    }
    if (Object.values(r).some((n) => n > 0)) logger.info(r, 'scheduler tick');
    return r;
  }

  /** One run; a run already in progress is joined rather than overlapped. */
  function tick(at: Date = now()): Promise<TickReport> {
    running ??= run(at).finally(() => {
      running = null;
    });
    return running;
  }

  return { tick, idle: async () => void (await running?.catch(() => undefined)) };
}

/** Starts the ticker on node-cron (every 5 minutes by default, never overlapping). For the store role. */
export function startClockScheduler(deps: ClockSchedulerDeps): { stop(): Promise<void>; tick(now?: Date): Promise<TickReport> } {
  const logger = deps.logger.child({ component: 'scheduler' });
  const ticker = clockTicker(deps);
  const task = cron.schedule(
    deps.schedule ?? '*/5 * * * *',
    async () => {
      try {
        await ticker.tick();
      } catch (err) {
        logger.error({ err }, 'scheduler tick failed');
      }
    },
    { noOverlap: true, name: 'doleances-clocks', timezone: deps.profile.timezone },
  );
  return {
    tick: ticker.tick,
    async stop() {
      await task.destroy();
      await ticker.idle();
    },
  };
}
