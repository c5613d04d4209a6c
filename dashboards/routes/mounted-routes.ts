// Sub-apps built elsewhere and mounted in the staff app: the monthly reports (analytics/web.ts,
// under /rapports, for roles with `reports.view`: the board and the management; the list is framed
// by the staff layout, so it has the app's navigation and language switch) and the citizens'
// satisfaction survey (dashboards/survey/routes.ts, under /sondage/, public: its signed token is
// both the capability and the CSRF token, so the staff CSRF guard leaves it alone).
import type { Context } from 'hono';
import { Hono } from 'hono';
import { reportRoutes } from '../../analytics/web.ts';
import { can } from '../auth/roles.ts';
import type { AppEnv } from '../http/env.ts';
import { ctxOf, forbidden } from '../http/page.ts';
import { answeredInWarehouse, surveyRoutes } from '../survey/routes.ts';
import type { StaffServices } from '../services.ts';
import { layout } from '../views/layout.ts';

export const SURVEY_PATH = '/sondage';

export function reportsApp(svc: StaffServices): Hono {
  // The sub-app runs inside the staff app: its context carries the viewer and language set by loadViewer.
  const staff = (c: Context) => c as unknown as Context<AppEnv>;
  return reportRoutes({
    reportsDir: svc.deps.config.paths.reports,
    stylesheet: '/static/app.css',
    frame: (c, title, body) => layout(ctxOf(staff(c), svc), title, body),
    authorize: (c: Context) => {
      const v = staff(c).get('viewer');
      if (!v) return c.redirect(`/connexion?suite=${encodeURIComponent(c.req.path)}`, 303);
      if (!can(v.user, 'reports.view')) return forbidden(staff(c), svc);
      return null;
    },
  });
}

export function surveyApp(svc: StaffServices): Hono {
  return surveyRoutes({
    log: svc.deps.log,
    keyring: svc.deps.keyring,
    profile: svc.profile,
    answered: (caseId) => svc.reader.use((db) => answeredInWarehouse(db)(caseId)),
  });
}

export function mountedRoutes(svc: StaffServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.route('/rapports', reportsApp(svc));
  app.route(SURVEY_PATH, surveyApp(svc));
  return app;
}
