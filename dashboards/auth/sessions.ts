// Sessions: a random id in a signed cookie (HttpOnly, SameSite=Strict, Secure behind https), its
// SHA-256 in the staff database with the session's CSRF synchronizer token. Idle sessions end after
// 8 hours, every session after 12; logging out deletes the row, so a stolen cookie dies with it.
import crypto from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie';
import type { StaffDb } from './staff-db.ts';

export const SESSION_COOKIE = 'doleances_session';
const IDLE_MS = 8 * 3_600_000;
const ABSOLUTE_MS = 12 * 3_600_000;

export interface Session {
  userId: string;
  csrf: string;
}

const sha = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

export class Sessions {
  private secret: Uint8Array<ArrayBuffer>;

  constructor(
    private db: StaffDb,
    secret: Buffer,
    private secure: boolean,
  ) {
    this.secret = new Uint8Array(secret);
  }

  async start(c: Context, userId: string): Promise<Session> {
    const sid = crypto.randomBytes(32).toString('base64url');
    const csrf = crypto.randomBytes(32).toString('base64url');
    const now = Date.now();
    await this.db.run(`INSERT INTO staff_sessions VALUES ($1, $2, $3, $4::TIMESTAMPTZ, $4::TIMESTAMPTZ, $5::TIMESTAMPTZ)`, [
      sha(sid), userId, csrf, new Date(now).toISOString(), new Date(now + ABSOLUTE_MS).toISOString(),
    ]);
    await setSignedCookie(c, SESSION_COOKIE, sid, this.secret, { path: '/', httpOnly: true, sameSite: 'Strict', secure: this.secure });
    return { userId, csrf };
  }

  /** The session of this request, when its cookie is genuine and it has not expired. */
  async current(c: Context): Promise<Session | undefined> {
    const sid = await getSignedCookie(c, this.secret, SESSION_COOKIE);
    if (!sid) return undefined;
    const row = await this.db.one<{ user_id: string; csrf: string; last_seen_at: string; expires_at: string }>(
      `SELECT user_id, csrf, last_seen_at, expires_at FROM staff_sessions WHERE session_hash = $1`,
      [sha(sid)],
    );
    if (!row) return undefined;
    const now = Date.now();
    if (now > Date.parse(row.expires_at) || now - Date.parse(row.last_seen_at) > IDLE_MS) {
      await this.db.run(`DELETE FROM staff_sessions WHERE session_hash = $1`, [sha(sid)]);
      return undefined;
    }
    if (now - Date.parse(row.last_seen_at) > 60_000) {
      await this.db.run(`UPDATE staff_sessions SET last_seen_at = now() WHERE session_hash = $1`, [sha(sid)]);
    }
    return { userId: row.user_id, csrf: row.csrf };
  }

  async end(c: Context): Promise<void> {
    const sid = await getSignedCookie(c, this.secret, SESSION_COOKIE);
    if (sid) await this.db.run(`DELETE FROM staff_sessions WHERE session_hash = $1`, [sha(sid)]);
    deleteCookie(c, SESSION_COOKIE, { path: '/', secure: this.secure });
  }

  /** Every session of a user ends (account deactivated, password changed by an administrator). */
  async endAllFor(userId: string): Promise<void> {
    await this.db.run(`DELETE FROM staff_sessions WHERE user_id = $1`, [userId]);
  }

  async purgeExpired(): Promise<void> {
    await this.db.run(`DELETE FROM staff_sessions WHERE expires_at < now() OR last_seen_at < now() - INTERVAL 8 HOUR`);
  }
}
