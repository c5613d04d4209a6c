// The staff and board web app (issue 9): sign-in and sessions, roles checked on the server for
// every route and every case, CSRF tokens on every POST, security headers (a CSP without inline
// scripts), the routed queues with live updates, the case file and its actions, absences, the
// board's aggregates, account administration. `startStaffWeb` is what the composition root calls.
import { serve, type ServerType } from '@hono/node-server';
import { Hono, type Env } from 'hono';
import { DoleancesError } from '../core/errors.ts';
import { bootstrapAdmin } from './auth/bootstrap.ts';
import { csrfGuard, loadViewer } from './auth/middleware.ts';
import type { AppEnv } from './http/env.ts';
import { errorResponse, notFound } from './http/page.ts';
import { securityHeaders } from './http/security-headers.ts';
import { staticRoutes } from './http/static.ts';
import { absenceRoutes } from './routes/absence-routes.ts';
import { adminRoutes } from './routes/admin-routes.ts';
import { authRoutes } from './routes/auth-routes.ts';
import { boardRoutes } from './routes/board-routes.ts';
import { caseActionRoutes } from './routes/case-action-routes.ts';
import { caseRoutes } from './routes/case-routes.ts';
import { liveRoutes } from './routes/live-routes.ts';
import { mountedRoutes } from './routes/mounted-routes.ts';
import { queueRoutes } from './routes/queue-routes.ts';
import { countCases } from '../store/queries.ts';
import { buildServices, type StaffDeps, type StaffServices } from './services.ts';

export type { StaffDeps } from './services.ts';

export function createStaffApp(svc: StaffServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', securityHeaders(svc.secure));
  app.route('/', staticRoutes());
  // Health for load balancers and compose, with the case count the fault tests wait on.
  app.get('/healthz', async (c) => c.json({ status: 'ok', profile: svc.profile.id, cases: await svc.reader.use(countCases) }));
  for (const r of svc.deps.publicRoutes ?? []) app.route(r.path, r.app);
  app.use('*', loadViewer(svc));
  app.use('*', csrfGuard(svc));
  app.route('/', authRoutes(svc));
  app.route('/', queueRoutes(svc));
  app.route('/', caseRoutes(svc));
  app.route('/', caseActionRoutes(svc));
  app.route('/', absenceRoutes(svc));
  app.route('/', boardRoutes(svc));
  app.route('/', adminRoutes(svc));
  app.route('/', liveRoutes(svc));
  app.route('/', mountedRoutes(svc));
  app.notFound((c) => notFound(c, svc));
  app.onError((err, c) => {
    if (err instanceof DoleancesError && (err.code === 'AUTH_INVALID_INPUT' || err.code === 'AUTH_WEAK_PASSWORD')) {
      return errorResponse(c, svc, 400, c.get('t')('error.invalid', { message: err.message }));
    }
    svc.logger.error({ err, path: c.req.path }, 'request failed');
    return c.text('Erreur interne', 500);
  });
  return app;
}

export interface StaffWeb {
  url: string;
  server: ServerType;
  services: StaffServices;
  stop(): Promise<void>;
}

/** Build the app's services, create the first administrator when needed, and listen. */
export async function startStaffWeb(deps: StaffDeps): Promise<StaffWeb> {
  const svc = await buildServices(deps);
  try {
    await bootstrapAdmin(svc);
    const web = await startWeb(createStaffApp(svc), deps.config.host, deps.config.port);
    const purge = setInterval(() => void svc.sessions.purgeExpired().catch(() => undefined), 15 * 60_000);
    purge.unref();
    return {
      url: web.url,
      server: web.server,
      services: svc,
      async stop() {
        clearInterval(purge);
        svc.feed.stop();
        await new Promise<void>((r) => {
          web.server.close(() => r());
          (web.server as { closeAllConnections?: () => void }).closeAllConnections?.();
        });
        svc.staffDb.close();
      },
    };
  } catch (err) {
    svc.feed.stop();
    svc.staffDb.close();
    throw err;
  }
}

export function startWeb<E extends Env>(app: Hono<E>, host: string, port: number): Promise<{ server: ServerType; url: string }> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: host, port }, (info) => resolve({ server, url: `http://${host}:${info.port}/` }));
    server.once('error', reject);
  });
}
