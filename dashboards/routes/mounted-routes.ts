// Sub-apps built elsewhere and mounted in the staff app: the monthly reports (analytics/web.ts,
// under /rapports, for roles with `reports.view`: the board and the management) and the citizens'
// satisfaction survey (dashboards/survey/routes.ts, under /sondage/, public: its signed token is
// both the capability and the CSRF token, so the staff CSRF guard leaves it alone).
import type { Context } from 'hono';
import { Hono } from 'hono';
import { reportRoutes } from '../../analytics/web.ts';
import { can } from '../auth/roles.ts';
import type { AppEnv, Viewer } from '../http/env.ts';
import { answeredInWarehouse, surveyRoutes } from '../survey/routes.ts';
import type { StaffServices } from '../services.ts';

export const SURVEY_PATH = '/sondage';

export function reportsApp(svc: StaffServices): Hono {
  return reportRoutes({
    reportsDir: svc.deps.config.paths.reports,
    stylesheet: '/static/app.css',
    authorize: (c: Context) => {
      const v = c.get('viewer' as never) as Viewer | null;
      if (!v) return c.redirect(`/connexion?suite=${encodeURIComponent(c.req.path)}`, 303);
      if (!can(v.user, 'reports.view')) return c.text('Accès refusé', 403);
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
