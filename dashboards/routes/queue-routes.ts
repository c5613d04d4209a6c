// The work queues: the home page sends each role where it works (queues, dashboard, accounts);
// /files lists the cases the viewer may see, filtered, one page at a time (`after` / `before`
// cursors: paging/cursor.ts); /files/lignes is the same table alone, for the live refresh of
// page 1. The scope is computed on the server from the viewer's role, services and absences
// (seed 004), never taken from the request.
import type { Context } from 'hono';
import { Hono } from 'hono';
import { actorOf, can } from '../auth/roles.ts';
import { requirePerm } from '../auth/middleware.ts';
import type { AppEnv, Viewer } from '../http/env.ts';
import { ctxOf } from '../http/page.ts';
import { pageRequest } from '../paging/cursor.ts';
import { listQueueCases, QUEUE_KEYS, QUEUE_LIST, queueTotals, type QueueFilters } from '../queues/queue-query.ts';
import type { StaffServices } from '../services.ts';
import type { RowsCtx } from '../views/queue-rows.ts';
import { queuesPage, queueTable, queueTiles } from '../views/queues-page.ts';

export function readFilters(c: Context, visible: Set<string>): QueueFilters {
  const q = (k: string) => c.req.query(k)?.slice(0, 200) || undefined;
  const queue = q('queue');
  return { queue: queue && visible.has(queue) ? queue : undefined, nature: q('nature'), channel: q('channel'), state: q('state'), overdue: q('overdue') === '1', mine: q('mine') === '1', q: q('q') };
}

/** Display names by actor id (what case events and assignees carry). */
export async function staffNames(svc: StaffServices): Promise<Map<string, string>> {
  return new Map((await svc.users.list()).map((u) => [actorOf(u), u.displayName]));
}

function scopeOf(v: Viewer) {
  const me = actorOf(v.user);
  return { queues: [...v.queues], assignees: [me, ...v.standsInFor], viewerId: me };
}

export function queueRoutes(svc: StaffServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { profile } = svc;
  const order = profile.queues.map((q) => q.id);

  app.get('/', (c) => {
    const v = c.get('viewer');
    if (!v) return c.redirect('/connexion', 303);
    if (can(v.user, 'cases.own-queues') || can(v.user, 'cases.all-queues')) return c.redirect('/files', 303);
    if (can(v.user, 'reports.view')) return c.redirect('/tableau-de-bord', 303);
    return c.redirect('/admin/utilisateurs', 303);
  });

  app.use('/files', requirePerm(svc, 'cases.own-queues', 'cases.all-queues'));
  app.use('/files/*', requirePerm(svc, 'cases.own-queues', 'cases.all-queues'));

  const load = async (c: Context<AppEnv>) => {
    const v = c.get('viewer')!;
    const filters = readFilters(c, v.queues);
    const now = new Date();
    const names = await staffNames(svc);
    const rows: RowsCtx = { profile, lang: c.get('lang'), t: c.get('t'), calendar: svc.calendar, now, names };
    const req = pageRequest(QUEUE_LIST, QUEUE_KEYS, { after: c.req.query('after'), before: c.req.query('before') });
    const [page, totals] = await svc.reader.use(async (db) => [
      await listQueueCases(db, svc.deps.keyring, scopeOf(v), filters, now, req),
      await queueTotals(db, [...v.queues]),
    ] as const);
    return { v, filters, rows, page, totals, names };
  };

  app.get('/files', async (c) => {
    const { v, filters, rows, page, totals, names } = await load(c);
    const queues = order.filter((q) => v.queues.has(q));
    const standsInFor = v.standsInFor.map((actor) => names.get(actor) ?? actor);
    const url = new URL(c.req.url);
    return c.html(queuesPage(ctxOf(c, svc), rows, { queues, totals, page, filters, standsInFor, here: `${url.pathname}${url.search}` }));
  });

  app.get('/files/lignes', async (c) => {
    const { rows, page, filters } = await load(c);
    return c.html(queueTable(ctxOf(c, svc), rows, page, filters));
  });

  // The tiles alone: the open and urgent counts per queue, without listing any case.
  app.get('/files/tuiles', async (c) => {
    const v = c.get('viewer')!;
    const totals = await svc.reader.use((db) => queueTotals(db, [...v.queues]));
    return c.html(queueTiles(ctxOf(c, svc), order.filter((q) => v.queues.has(q)), totals, readFilters(c, v.queues).queue));
  });

  return app;
}
