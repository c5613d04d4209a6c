// Request guards of the staff app: who is signed in (session → active account → visible queues,
// absences included), the interface language, sign-in and permission checks, and the CSRF check on
// every POST. A refusal is an answer with its status (401/403), never a hidden link.
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { isLang, translator, type Lang } from '../i18n/translate.ts';
import type { AppEnv, Viewer } from '../http/env.ts';
import { errorResponse, forbidden } from '../http/page.ts';
import type { StaffServices } from '../services.ts';
import { CSRF_FIELD, sameToken } from './csrf.ts';
import { actorOf, can, visibleQueues, type Permission } from './roles.ts';

export const LANG_COOKIE = 'doleances_lang';

export function today(svc: StaffServices, now = new Date()): string {
  return svc.calendar.localDate(now);
}

/** Resolve the viewer of this request (or null) and the language. */
export function loadViewer(svc: StaffServices): MiddlewareHandler<AppEnv> {
  const allQueues = svc.profile.queues.map((q) => q.id);
  return async (c, next) => {
    let viewer: Viewer | null = null;
    const session = await svc.sessions.current(c);
    const user = session && (await svc.users.byId(session.userId));
    if (session && user?.active) {
      const standIns = await svc.absences.standIns(today(svc));
      const delegated: string[] = [];
      const standsInFor: string[] = [];
      for (const [absentId, delegate] of standIns) {
        if (delegate !== user.userId) continue;
        const absent = await svc.users.byId(absentId);
        if (!absent) continue;
        delegated.push(...absent.services);
        standsInFor.push(actorOf(absent));
      }
      viewer = { user, session, queues: visibleQueues(user, allQueues, delegated), standsInFor };
    }
    const cookieLang = getCookie(c, LANG_COOKIE);
    const lang: Lang = isLang(cookieLang) ? cookieLang : (viewer?.user.lang ?? 'fr');
    c.set('viewer', viewer);
    c.set('lang', lang);
    c.set('t', translator(lang));
    await next();
  };
}

function wantsHtml(c: Context): boolean {
  return c.req.method === 'GET' && !c.req.path.startsWith('/api/') && c.req.path !== '/evenements';
}

export function requireLogin(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.get('viewer')) return next();
    if (wantsHtml(c)) return c.redirect(`/connexion?suite=${encodeURIComponent(c.req.path + (new URL(c.req.url).search || ''))}`, 303);
    return c.json({ error: 'AUTH_REQUIRED' }, 401);
  };
}

/** Signed in and holding at least one of the permissions. */
export function requirePerm(svc: StaffServices, ...perms: Permission[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const v = c.get('viewer');
    if (!v) {
      if (wantsHtml(c)) return c.redirect(`/connexion?suite=${encodeURIComponent(c.req.path)}`, 303);
      return c.json({ error: 'AUTH_REQUIRED' }, 401);
    }
    if (!perms.some((p) => can(v.user, p))) return forbidden(c, svc);
    return next();
  };
}

/** Every POST but the sign-in form must carry the session's synchronizer token. */
export function csrfGuard(svc: StaffServices): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    // The sign-in form has its pre-login token; the citizens' survey its signed token (mounted-routes.ts).
    if (c.req.method !== 'POST' || c.req.path === '/connexion' || c.req.path.startsWith('/sondage/')) return next();
    const v = c.get('viewer');
    if (!v) return c.json({ error: 'AUTH_REQUIRED' }, 401);
    const type = c.req.header('content-type') ?? '';
    let token = c.req.header('x-csrf-token');
    if (!token && (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data'))) {
      const body = await c.req.parseBody();
      const f = body[CSRF_FIELD];
      token = typeof f === 'string' ? f : undefined;
    }
    if (!sameToken(token, v.session.csrf)) return errorResponse(c, svc, 403, c.get('t')('error.csrf'));
    return next();
  };
}
