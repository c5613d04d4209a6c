// Signing in and out, and the language switch. Sign-in is rate limited per username and per
// client address (429 with Retry-After), protected by the pre-login CSRF token, and never says
// whether the username exists. Only local paths are accepted as the page to come back to.
import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono } from 'hono';
import { setCookie } from 'hono/cookie';
import { checkLoginToken, loginToken } from '../auth/csrf.ts';
import { LANG_COOKIE } from '../auth/middleware.ts';
import { actorOf } from '../auth/roles.ts';
import type { AppEnv } from '../http/env.ts';
import { ctxOf, errorResponse } from '../http/page.ts';
import { isLang } from '../i18n/translate.ts';
import type { StaffServices } from '../services.ts';
import { loginPage } from '../views/login-page.ts';

/** A local path to go back to: starts with one slash, no scheme, no backslash. */
export function localPath(p: string | undefined | null, fallback = '/'): string {
  return p && /^\/(?![/\\])[^\s\\]*$/.test(p) ? p : fallback;
}

export function authRoutes(svc: StaffServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/connexion', (c) => {
    if (c.get('viewer')) return c.redirect(localPath(c.req.query('suite')), 303);
    return c.html(loginPage(ctxOf(c, svc), loginToken(c, svc.secret, svc.secure), { next: localPath(c.req.query('suite'), '') }));
  });

  app.post('/connexion', async (c) => {
    const body = await c.req.parseBody();
    const username = String(body.username ?? '').trim().toLowerCase().slice(0, 64);
    const password = String(body.password ?? '').slice(0, 1024);
    const next = localPath(String(body.suite ?? ''), '/');
    const t = c.get('t');
    const ctx = ctxOf(c, svc);
    if (!checkLoginToken(c, svc.secret, String(body._csrf ?? ''))) return errorResponse(c, svc, 403, t('error.csrf'));
    const address = getConnInfo(c).remote.address ?? 'inconnue';
    const wait = svc.limiter.retryAfter(username, address);
    if (wait > 0) {
      c.header('Retry-After', String(wait));
      return c.html(loginPage(ctx, loginToken(c, svc.secret, svc.secure), { error: t('login.limited', { minutes: Math.ceil(wait / 60) }), next, username }), 429);
    }
    const user = await svc.users.authenticate(username, password);
    if (!user) {
      svc.limiter.fail(username, address);
      svc.logger.info({ event: 'login.failed' }, 'sign-in refused');
      return c.html(loginPage(ctx, loginToken(c, svc.secret, svc.secure), { error: t('login.failed'), next, username }), 401);
    }
    svc.limiter.succeed(username);
    await svc.sessions.start(c, user.userId);
    await svc.staffDb.audit(actorOf(user), 'session.started', user.userId);
    return c.redirect(next, 303);
  });

  app.post('/deconnexion', async (c) => {
    const v = c.get('viewer');
    await svc.sessions.end(c);
    if (v) await svc.staffDb.audit(actorOf(v.user), 'session.ended', v.user.userId);
    return c.redirect('/connexion', 303);
  });

  app.get('/langue/:lang', (c) => {
    const lang = c.req.param('lang');
    if (!isLang(lang)) return c.notFound();
    setCookie(c, LANG_COOKIE, lang, { path: '/', sameSite: 'Strict', httpOnly: true, secure: svc.secure, maxAge: 365 * 86400 });
    return c.redirect(localPath(c.req.query('retour')), 303);
  });

  return app;
}
