// The board's and the management's pages: the live dashboard of the month so far (computed and
// protected exactly as the monthly report: analytics/monthly-report.ts then analytics/publish.ts),
// its refreshable fragment, and the received messages that are not cases, a page at a time (staff
// with intake access only: it lists file names). Board members never reach a case or a name.
import { Hono } from 'hono';
import { computeMonthlyReport } from '../../analytics/monthly-report.ts';
import { monthOf } from '../../analytics/month.ts';
import { publishReport } from '../../analytics/publish.ts';
import { requirePerm } from '../auth/middleware.ts';
import type { AppEnv } from '../http/env.ts';
import { ctxOf } from '../http/page.ts';
import type { StaffServices } from '../services.ts';
import { dashboardData, dashboardPage } from '../views/dashboard-page.ts';
import { DISPOSITION_KEYS, pageDispositions } from '../../store/queries.ts';
import { cursorsAround, pageRequest } from '../paging/cursor.ts';
import { intakePage } from '../views/intake-page.ts';

const INTAKE_LIST = 'accueil.recus';

export function boardRoutes(svc: StaffServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { profile } = svc;

  const current = async (now: Date) => {
    const month = monthOf(now, profile.timezone);
    const raw = await svc.reader.use((db) => computeMonthlyReport(db, profile, svc.calendar, month, now, svc.deps.keyring));
    return publishReport(raw, profile);
  };

  app.use('/tableau-de-bord', requirePerm(svc, 'reports.view'));
  app.use('/tableau-de-bord/*', requirePerm(svc, 'reports.view'));
  app.get('/tableau-de-bord', async (c) => {
    const now = new Date();
    return c.html(dashboardPage(ctxOf(c, svc), await current(now), now));
  });
  app.get('/tableau-de-bord/donnees', async (c) => {
    const now = new Date();
    return c.html(dashboardData(ctxOf(c, svc), await current(now), now));
  });

  app.use('/accueil/*', requirePerm(svc, 'intake.view'));
  app.get('/accueil/non-dossiers', async (c) => {
    const req = pageRequest(INTAKE_LIST, DISPOSITION_KEYS, { after: c.req.query('after'), before: c.req.query('before') });
    const page = await svc.reader.use((db) => pageDispositions(db, req));
    return c.html(intakePage(ctxOf(c, svc), { rows: page.rows, total: page.total, offset: page.offset, ...cursorsAround(INTAKE_LIST, page) }));
  });

  return app;
}
