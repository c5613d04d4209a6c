// The actions on a case: POST /dossiers/<id>/actions/<action>. The case must be visible to the
// viewer and the action offered to them; the form is turned into the lifecycle command's arguments;
// the command validates against the case (a refusal re-renders the file with its French message).
// Replies and questions by email are sent through SMTP first and recorded only once the server has
// accepted them. After publishing, the answer waits (briefly) for the store to project the events,
// so the page it redirects to shows them.
import type { Context } from 'hono';
import { Hono } from 'hono';
import { DoleancesError } from '../../core/errors.ts';
import type { Action } from '../../core/lifecycle/state-machine.ts';
import { requirePerm } from '../auth/middleware.ts';
import { caseFor } from '../cases/case-access.ts';
import type { CaseBundle } from '../cases/case-read.ts';
import type { UiAction } from '../cases/commands.ts';
import type { AppEnv, Viewer } from '../http/env.ts';
import type { StaffServices } from '../services.ts';
import { formArgs } from '../cases/form-args.ts';
import { opened, renderCase } from './case-routes.ts';

async function waitProjected(svc: StaffServices, ids: string[], ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  const list = JSON.stringify(ids);
  while (ids.length && Date.now() < end) {
    const n = await svc.reader.use((db) => db.one<{ n: string }>(`SELECT count(*) AS n FROM case_events WHERE event_id IN (SELECT unnest(from_json($1::JSON, '["VARCHAR"]')))`, [list]));
    if (Number(n?.n ?? 0) >= ids.length) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

function withRef(subject: string, caseId: string): string {
  return subject.includes(caseId) ? subject : `${subject} [${caseId}]`;
}

/** Send by email first when asked to; then publish. Returns the published event ids. */
async function perform(svc: StaffServices, b: CaseBundle, v: Viewer, action: Action, form: Record<string, string | string[]>): Promise<string[]> {
  const args = formArgs(action, form);
  const events = svc.commands.prepare(action, b, v.user, args);
  const byEmail = (action === 'answer' || action === 'ask') && args.via === 'email';
  if (byEmail) {
    const to = (await opened(svc, b, { identity: true })).identity?.email;
    if (!to) throw new DoleancesError('CASE_ACTION_INVALID', 'courriel : aucune adresse courriel au dossier');
    const subject = withRef(String(form.subject ?? (action === 'ask' ? `Renseignements requis — dossier ${b.c.case_id}` : `Votre dossier ${b.c.case_id}`)), b.c.case_id);
    const text = action === 'answer' ? String(args.text) : `${String(args.question ?? '')}\n\nRéférence : ${b.c.case_id}\n${svc.profile.name.fr}`;
    await svc.mailer.send({ to, subject, text });
  }
  await svc.commands.publish(events);
  return events.map((e) => e.id);
}

export function caseActionRoutes(svc: StaffServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('/dossiers/:id/actions/*', requirePerm(svc, 'cases.act'));

  app.post('/dossiers/:id/actions/:action', async (c: Context<AppEnv>) => {
    const id = c.req.param('id')!;
    const action = c.req.param('action') as UiAction;
    const r = await caseFor(c, svc, id);
    if (r instanceof Response) return r;
    const t = c.get('t');
    if (!svc.commands.available(r.bundle, r.viewer.user).includes(action)) {
      return renderCase(c, svc, r.bundle, r.viewer, { error: t('act.error', { message: action }), status: 409 });
    }
    const form = (await c.req.parseBody({ all: true })) as Record<string, string | string[]>;
    try {
      let ids: string[];
      if (action === 'merge') {
        // The case kept must be one this viewer may open; the command checks the rest (itself, closed, merged).
        const target = await caseFor(c, svc, String(form.duplicateOf ?? '').trim().toUpperCase());
        if (target instanceof Response) return target;
        ids = (await svc.commands.merge(r.bundle, target.bundle, r.viewer.user, String(form.reason ?? ''))).map((e) => e.id);
      } else {
        ids = await perform(svc, r.bundle, r.viewer, action, form);
      }
      await waitProjected(svc, ids);
    } catch (err) {
      if (!(err instanceof DoleancesError)) throw err;
      const message = err.code === 'MAIL_SEND_FAILED' ? t('act.mailError', { message: err.message }) : t('act.error', { message: err.message });
      return renderCase(c, svc, r.bundle, r.viewer, { error: message, status: err.code === 'CASE_TRANSITION_INVALID' ? 409 : 400 });
    }
    return c.redirect(`/dossiers/${encodeURIComponent(id)}?fait=1`, 303);
  });

  return app;
}
