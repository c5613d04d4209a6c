// Rendering helpers for route handlers: the page context of a request, and error pages with their
// HTTP status (403, 404, 400) in the viewer's language.
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { StaffServices } from '../services.ts';
import { errorPage } from '../views/login-page.ts';
import type { PageCtx } from '../views/layout.ts';
import type { AppEnv } from './env.ts';

export function ctxOf(c: Context<AppEnv>, svc: StaffServices): PageCtx {
  return { profile: svc.profile, viewer: c.get('viewer'), lang: c.get('lang'), t: c.get('t'), path: c.req.path, reportsMounted: svc.reportsMounted };
}

export function errorResponse(c: Context<AppEnv>, svc: StaffServices, status: ContentfulStatusCode, message: string): Response {
  return c.html(errorPage(ctxOf(c, svc), message), status);
}

export function forbidden(c: Context<AppEnv>, svc: StaffServices): Response {
  return errorResponse(c, svc, 403, c.get('t')('error.forbidden'));
}

export function notFound(c: Context<AppEnv>, svc: StaffServices): Response {
  return errorResponse(c, svc, 404, c.get('t')('error.notFound'));
}
