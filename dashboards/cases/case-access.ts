// Who may open which case, decided on the server for every request that names a case: the viewer's
// role, their queues (own services and those of absent colleagues they stand in for) and the case's
// assignee. A refusal is a 403 and is written to the staff audit trail; a case that does not exist
// is a 404 for everyone.
import type { Context } from 'hono';
import { actorOf, canSeeCase } from '../auth/roles.ts';
import type { AppEnv, Viewer } from '../http/env.ts';
import { forbidden, notFound } from '../http/page.ts';
import type { StaffServices } from '../services.ts';
import { readCase, type CaseBundle } from './case-read.ts';

export function viewerSees(v: Viewer, c: { queue: string | null; assignee: string | null; walledOff?: readonly string[] }): boolean {
  return canSeeCase(v.user, c, v.queues, v.standsInFor);
}

/** The case bundle when this viewer may see it; otherwise the 404/403 response to send. */
export async function caseFor(c: Context<AppEnv>, svc: StaffServices, caseId: string): Promise<{ bundle: CaseBundle; viewer: Viewer } | Response> {
  const v = c.get('viewer');
  if (!v) return c.redirect(`/connexion?suite=${encodeURIComponent(c.req.path)}`, 303);
  if (!/^20\d{2}-[0-9A-Z]{5}-[0-9A-Z]{5}$/.test(caseId)) return notFound(c, svc);
  const bundle = await svc.reader.use((db) => readCase(db, caseId, svc.profile, svc.calendar));
  if (!bundle) return notFound(c, svc);
  if (!viewerSees(v, { ...bundle.c, walledOff: bundle.state.walledOff })) {
    await svc.staffDb.audit(actorOf(v.user), 'case.access-denied', caseId, { path: c.req.path });
    return forbidden(c, svc);
  }
  return { bundle, viewer: v };
}
