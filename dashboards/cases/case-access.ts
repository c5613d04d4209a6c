// Who may open which case, decided on the server for every request that names a case: the viewer's
// role, their queues (own services and those of absent colleagues they stand in for) and the case's
// assignee. A merged duplicate belongs to the file it was merged into: whoever may open that file
// may open the duplicate, unless walled off from the duplicate itself (seed 002: a complaint about
// an employee stays out of their reach wherever it is filed). A refusal is a 403 and is written to
// the staff audit trail; a case that does not exist is a 404 for everyone.
import type { Context } from 'hono';
import type { Duck } from '../../store/duck.ts';
import { actorOf, canSeeCase } from '../auth/roles.ts';
import type { AppEnv, Viewer } from '../http/env.ts';
import { forbidden, notFound } from '../http/page.ts';
import type { StaffServices } from '../services.ts';
import { readCase, type CaseBundle } from './case-read.ts';

type Visible = { queue: string | null; assignee: string | null; walledOff?: readonly string[] };

export function viewerSees(v: Viewer, c: Visible): boolean {
  return canSeeCase(v.user, c, v.queues, v.standsInFor);
}

/** Merges chain at most this deep (a case that had duplicates merged into another): a guard, not a limit met in practice. */
const MAX_HOPS = 10;

/**
 * May this viewer open the case `c`, a merged duplicate (`mergedInto`) included? Follows the merge
 * to the case kept: every case on the way must not wall the viewer off.
 */
export async function viewerSeesCase(db: Duck, v: Viewer, c: Visible & { mergedInto?: string | null }): Promise<boolean> {
  if (viewerSees(v, c)) return true;
  const me = actorOf(v.user);
  let into = c.mergedInto ?? null;
  if (c.walledOff?.includes(me)) return false;
  for (let hop = 0; into && hop < MAX_HOPS; hop++) {
    const k = await db.one<{ queue: string | null; assignee: string | null; walled_off: string[] | null; merged_into: string | null }>(
      `SELECT queue, assignee, walled_off, merged_into FROM cases WHERE case_id = $1`,
      [into],
    );
    if (!k) return false;
    const kept = { queue: k.queue, assignee: k.assignee, walledOff: k.walled_off ?? [] };
    if (kept.walledOff.includes(me)) return false;
    if (viewerSees(v, kept)) return true;
    into = k.merged_into;
  }
  return false;
}

/** The case bundle when this viewer may see it; otherwise the 404/403 response to send. */
export async function caseFor(c: Context<AppEnv>, svc: StaffServices, caseId: string): Promise<{ bundle: CaseBundle; viewer: Viewer } | Response> {
  const v = c.get('viewer');
  if (!v) return c.redirect(`/connexion?suite=${encodeURIComponent(c.req.path)}`, 303);
  if (!/^20\d{2}-[0-9A-Z]{5}-[0-9A-Z]{5}$/.test(caseId)) return notFound(c, svc);
  const bundle = await svc.reader.use((db) => readCase(db, caseId, svc.profile, svc.calendar));
  if (!bundle) return notFound(c, svc);
  const visible = { ...bundle.c, walledOff: bundle.state.walledOff, mergedInto: bundle.state.mergedInto };
  if (!(await svc.reader.use((db) => viewerSeesCase(db, v, visible)))) {
    await svc.staffDb.audit(actorOf(v.user), 'case.access-denied', caseId, { path: c.req.path });
    return forbidden(c, svc);
  }
  return { bundle, viewer: v };
}
