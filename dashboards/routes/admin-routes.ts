// Account administration (administrators only): list, create, edit role/services/activity, set a
// password. Deactivating an account or changing its password ends its sessions. Every change is
// written to the staff audit trail.
import { Hono } from 'hono';
import { DoleancesError } from '../../core/errors.ts';
import { requirePerm } from '../auth/middleware.ts';
import { actorOf, isRole } from '../auth/roles.ts';
import type { AppEnv } from '../http/env.ts';
import { ctxOf, notFound } from '../http/page.ts';
import type { StaffServices } from '../services.ts';
import { userEditPage, usersPage } from '../views/users-page.ts';

const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : v === undefined ? [] : [String(v)]);

export function adminRoutes(svc: StaffServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const queues = new Set(svc.profile.queues.map((q) => q.id));
  app.use('/admin/*', requirePerm(svc, 'users.manage'));

  app.get('/admin/utilisateurs', async (c) => c.html(usersPage(ctxOf(c, svc), await svc.users.list(), { flash: c.req.query('ok') ? c.get('t')('users.created') : undefined })));

  app.post('/admin/utilisateurs', async (c) => {
    const b = await c.req.parseBody({ all: true });
    const role = String(b.role ?? '');
    try {
      if (!isRole(role)) throw new DoleancesError('AUTH_INVALID_INPUT', `rôle « ${role} »`);
      await svc.users.create(
        { username: String(b.username ?? ''), displayName: String(b.displayName ?? ''), role, services: list(b.services).filter((q) => queues.has(q)), password: String(b.password ?? ''), lang: b.lang === 'en' ? 'en' : 'fr' },
        actorOf(c.get('viewer')!.user),
      );
    } catch (err) {
      if (!(err instanceof DoleancesError)) throw err;
      return c.html(usersPage(ctxOf(c, svc), await svc.users.list(), { error: err.message }), 400);
    }
    return c.redirect('/admin/utilisateurs?ok=1', 303);
  });

  app.get('/admin/utilisateurs/:id', async (c) => {
    const u = await svc.users.byId(c.req.param('id'));
    if (!u) return notFound(c, svc);
    return c.html(userEditPage(ctxOf(c, svc), u, { flash: c.req.query('ok') ? c.get('t')('users.updated') : undefined }));
  });

  app.post('/admin/utilisateurs/:id', async (c) => {
    const id = c.req.param('id');
    const b = await c.req.parseBody({ all: true });
    const role = String(b.role ?? '');
    const u = await svc.users.byId(id);
    if (!u) return notFound(c, svc);
    if (!isRole(role)) return c.html(userEditPage(ctxOf(c, svc), u, { error: `rôle « ${role} »` }), 400);
    const active = b.active === '1';
    await svc.users.update(id, { displayName: String(b.displayName ?? ''), role, services: list(b.services).filter((q) => queues.has(q)), active, lang: b.lang === 'en' ? 'en' : 'fr' }, actorOf(c.get('viewer')!.user));
    if (!active || role !== u.role) await svc.sessions.endAllFor(id);
    return c.redirect(`/admin/utilisateurs/${encodeURIComponent(id)}?ok=1`, 303);
  });

  app.post('/admin/utilisateurs/:id/mot-de-passe', async (c) => {
    const id = c.req.param('id');
    const u = await svc.users.byId(id);
    if (!u) return notFound(c, svc);
    try {
      await svc.users.setPassword(id, String((await c.req.parseBody()).password ?? ''), actorOf(c.get('viewer')!.user));
    } catch (err) {
      if (!(err instanceof DoleancesError)) throw err;
      return c.html(userEditPage(ctxOf(c, svc), u, { error: err.message }), 400);
    }
    await svc.sessions.endAllFor(id);
    return c.redirect(`/admin/utilisateurs/${encodeURIComponent(id)}?ok=1`, 303);
  });

  return app;
}
