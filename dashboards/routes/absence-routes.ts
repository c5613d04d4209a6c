// Absences (seed 004): record one (oneself; anyone for the complaints officer and the management),
// name the stand-in, cancel. When the absence has begun, the absent person's open cases are
// reassigned to the stand-in through the lifecycle's assign command, so each case file says who
// took it over and why; during the absence the stand-in also sees the absent person's queues.
import type { Context } from 'hono';
import { Hono } from 'hono';
import { DoleancesError } from '../../core/errors.ts';
import { today, requirePerm } from '../auth/middleware.ts';
import { actorOf, can, type StaffUser } from '../auth/roles.ts';
import type { AppEnv } from '../http/env.ts';
import { ctxOf, forbidden } from '../http/page.ts';
import type { StaffServices } from '../services.ts';
import { absencesPage } from '../views/absences-page.ts';

const mayCoverOthers = (u: StaffUser) => can(u, 'cases.all-queues');

export function absenceRoutes(svc: StaffServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('/absences', requirePerm(svc, 'cases.act'));
  app.use('/absences/*', requirePerm(svc, 'cases.act'));

  const page = async (c: Context<AppEnv>, opts: { flash?: string; error?: string } = {}, status: 200 | 400 = 200) => {
    const v = c.get('viewer')!;
    const people = (await svc.users.list()).filter((u) => u.active && can(u, 'cases.act'));
    const d = today(svc);
    return c.html(absencesPage(ctxOf(c, svc), { me: v.user, people, canForOthers: mayCoverOthers(v.user), absences: await svc.absences.upcoming(d), today: d, ...opts }), status);
  };

  app.get('/absences', (c) => page(c, { flash: c.req.query('fait') ? c.get('t')('absences.cancelled') : undefined }));

  app.post('/absences', async (c) => {
    const v = c.get('viewer')!;
    const b = await c.req.parseBody();
    const userId = String(b.userId ?? v.user.userId);
    if (userId !== v.user.userId && !mayCoverOthers(v.user)) return forbidden(c, svc);
    const absent = await svc.users.byId(userId);
    const delegate = await svc.users.byId(String(b.delegateId ?? ''));
    if (!absent || !delegate || !delegate.active || !can(delegate, 'cases.act')) return page(c, { error: c.get('t')('error.invalid', { message: 'remplaçant' }) }, 400);
    let absence;
    try {
      absence = await svc.absences.mark({ userId, delegateId: delegate.userId, startsOn: String(b.startsOn ?? ''), endsOn: String(b.endsOn ?? ''), note: String(b.note ?? '').slice(0, 300) }, actorOf(v.user));
    } catch (err) {
      if (err instanceof DoleancesError) return page(c, { error: err.message }, 400);
      throw err;
    }
    let moved = 0;
    if (absence.startsOn <= today(svc)) {
      const reason = `Absence de ${absent.displayName} du ${absence.startsOn} au ${absence.endsOn} : dossiers pris en charge par ${delegate.displayName} (politique de service au citoyen, absence).`;
      moved = await svc.commands.reassignAll(absent, delegate, v.user, reason);
    }
    return page(c, { flash: c.get('t')('absences.marked', { count: moved, name: delegate.displayName }) });
  });

  app.post('/absences/:id/annuler', async (c) => {
    const v = c.get('viewer')!;
    const a = await svc.absences.get(c.req.param('id'));
    if (!a) return c.redirect('/absences', 303);
    if (a.userId !== v.user.userId && !mayCoverOthers(v.user)) return forbidden(c, svc);
    await svc.absences.cancel(a.absenceId, actorOf(v.user));
    return c.redirect('/absences?fait=1', 303);
  });

  return app;
}
