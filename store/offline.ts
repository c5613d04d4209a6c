// The store for a command-line action while Doléances is stopped (the embedded log and the DuckDB
// file each belong to one process): the log, the warehouse as its writer, the keyring and the
// body's profile; `catchUp` projects whatever the log holds beyond the warehouse, so a command reads
// the state the previous one left and the next one reads this one's.
import type { BusinessCalendar } from '../core/calendar/business-calendar.ts';
import type { Config } from '../core/config.ts';
import { openKeyring, type Keyring } from '../core/crypto/keyring.ts';
import { publishEvents } from '../core/events/publish.ts';
import type { DoleancesEvent } from '../core/events/schemas.ts';
import { openLog } from '../core/log/open.ts';
import type { Log } from '../core/log/types.ts';
import { calendarOf, loadProfile } from '../core/profiles/load.ts';
import type { Profile } from '../core/profiles/schema.ts';
import { projectToEnd } from './catch-up.ts';
import type { Duck } from './duck.ts';
import { profilesFrom } from './projector.ts';
import { openWarehouse, projectorFor } from './warehouse.ts';

export interface OfflineStore {
  log: Log;
  db: Duck;
  keyring: Keyring;
  profile: Profile;
  calendar: BusinessCalendar;
  /** Publishes events and projects them before returning. */
  record(events: DoleancesEvent[]): Promise<void>;
  /** Projects what the log holds beyond the warehouse (events another component published). */
  catchUp(): Promise<void>;
  close(): Promise<void>;
}

export async function openOfflineStore(config: Config): Promise<OfflineStore> {
  const keyring = openKeyring(config);
  const profile = loadProfile(config.profilesDir, config.profileId);
  const log = await openLog(config);
  let db: Duck;
  try {
    db = await openWarehouse(config.paths.warehouse);
  } catch (err) {
    await log.close();
    throw err;
  }
  const projector = projectorFor(db, { keyring, profiles: profilesFrom(config.profilesDir) });
  const catchUp = () => projectToEnd(log, projector, { group: 'store' });
  try {
    await catchUp();
  } catch (err) {
    db.close();
    await log.close();
    throw err;
  }
  return {
    log,
    db,
    keyring,
    profile,
    calendar: calendarOf(profile),
    async catchUp() {
      await catchUp();
    },
    async record(events) {
      if (events.length === 0) return;
      await publishEvents(log, events);
      await catchUp();
    },
    async close() {
      db.close();
      await log.close();
    },
  };
}
