// CSRF protection (OWASP synchronizer token pattern): every form carries the session's token in a
// hidden `_csrf` field and every POST is refused (403) unless it matches, compared in constant
// time. Before login there is no session, so the login form's token is an HMAC of a random
// pre-login cookie (SameSite=Strict), which a cross-site page can neither read nor set.
import crypto from 'node:crypto';
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';

export const CSRF_FIELD = '_csrf';
const PRELOGIN_COOKIE = 'doleances_prelogin';

export function sameToken(a: string | undefined | null, b: string | undefined | null): boolean {
  if (!a || !b) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

function mac(secret: Buffer, value: string): string {
  return crypto.createHmac('sha256', secret).update(`prelogin:${value}`).digest('base64url');
}

/** The login form's token; sets the pre-login cookie when the browser has none. */
export function loginToken(c: Context, secret: Buffer, secure: boolean): string {
  let v = getCookie(c, PRELOGIN_COOKIE);
  if (!v || !/^[A-Za-z0-9_-]{43}$/.test(v)) {
    v = crypto.randomBytes(32).toString('base64url');
    setCookie(c, PRELOGIN_COOKIE, v, { path: '/', httpOnly: true, sameSite: 'Strict', secure, maxAge: 3600 });
  }
  return mac(secret, v);
}

export function checkLoginToken(c: Context, secret: Buffer, submitted: string | undefined): boolean {
  const v = getCookie(c, PRELOGIN_COOKIE);
  return !!v && sameToken(mac(secret, v), submitted);
}
