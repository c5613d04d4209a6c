// What the staff app is built from (StaffDeps, handed in by the composition root) and what it
// builds once at start-up (StaffServices: the staff database, accounts, sessions, the login
// limiter, absences, the warehouse readers, the business calendar, the live change feed).
import crypto from 'node:crypto';
import type { Hono } from 'hono';
import path from 'node:path';
import type { Config } from '../core/config.ts';
import type { Keyring } from '../core/crypto/keyring.ts';
import type { Log } from '../core/log/types.ts';
import type { Logger } from '../core/logger.ts';
import type { BusinessCalendar } from '../core/calendar/business-calendar.ts';
import { calendarOf } from '../core/profiles/load.ts';
import type { Profile } from '../core/profiles/schema.ts';
import type { Duck } from '../store/duck.ts';
import { Absences } from './absences/absences.ts';
import { LoginLimiter } from './auth/rate-limit.ts';
import { Sessions } from './auth/sessions.ts';
import { StaffDb } from './auth/staff-db.ts';
import { Users } from './auth/users.ts';
import { CaseCommands } from './cases/commands.ts';
import { WarehouseReader } from './http/warehouse-reader.ts';
import { ChangeFeed } from './live/change-feed.ts';
import { createMailer, type Mailer } from './mail/mailer.ts';

export interface StaffDeps {
  config: Config;
  profile: Profile;
  /** The store's warehouse (the process with the `store` role); the app opens its own read connections. */
  warehouse: Duck;
  log: Log;
  keyring: Keyring;
  logger: Logger;
  /** First-start administrator (DOLEANCES_ADMIN_USER / DOLEANCES_ADMIN_PASSWORD), created only when no account exists. */
  bootstrapAdmin?: { username: string; password?: string | undefined } | null;
  /** Where the staff tables live; default `<data>/state/staff.duckdb`. */
  staffDbFile?: string;
  /** Poll interval of the live change feed (ms). */
  livePollMs?: number;
  /**
   * Routes served without a staff session and outside the CSRF guard, because they carry their
   * own authentication (Twilio's request signatures).
   */
  publicRoutes?: { path: string; app: Hono<any> }[];
}

export interface StaffServices {
  deps: StaffDeps;
  profile: Profile;
  staffDb: StaffDb;
  users: Users;
  sessions: Sessions;
  limiter: LoginLimiter;
  absences: Absences;
  reader: WarehouseReader;
  calendar: BusinessCalendar;
  feed: ChangeFeed;
  /** The lifecycle command layer, as the staff app calls it. */
  commands: CaseCommands;
  /** SMTP (SMTP_URL): replies and questions to citizens. */
  mailer: Mailer;
  /** HMAC key of the session cookie and of the pre-login CSRF token, derived from the data key. */
  secret: Buffer;
  /** Cookies get `Secure` when the public URL is https. */
  secure: boolean;
  /** The monthly report routes (analytics/web.ts) are mounted under /rapports. */
  reportsMounted: boolean;
  logger: Logger;
}

export async function buildServices(deps: StaffDeps): Promise<StaffServices> {
  const staffDb = await StaffDb.open(deps.staffDbFile ?? path.join(deps.config.paths.state, 'staff.duckdb'));
  const secret = Buffer.from(crypto.hkdfSync('sha256', deps.keyring.key(deps.keyring.currentId), Buffer.alloc(0), 'doleances/staff-session/v1', 32));
  const secure = (deps.config.publicUrl ?? '').startsWith('https:');
  const reader = await WarehouseReader.open(deps.warehouse);
  const logger = deps.logger.child({ component: 'staff-web' });
  const feed = new ChangeFeed(reader, deps.livePollMs ?? 1000, logger);
  const calendar = calendarOf(deps.profile);
  const commands = new CaseCommands({ profile: deps.profile, calendar, keyring: deps.keyring, log: deps.log, reader });
  await feed.poll(); // the first look sets the watermark: later polls report what is new
  return {
    deps,
    profile: deps.profile,
    staffDb,
    users: new Users(staffDb),
    sessions: new Sessions(staffDb, secret, secure),
    limiter: new LoginLimiter(),
    absences: new Absences(staffDb),
    reader,
    calendar,
    feed,
    commands,
    mailer: createMailer(deps.config),
    secret,
    secure,
    reportsMounted: true,
    logger,
  };
}
