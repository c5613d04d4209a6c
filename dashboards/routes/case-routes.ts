// The case file: the page (every view is logged as an access event through the lifecycle layer),
// the downloads of attachments and originals (decrypted from the encrypted archive for this viewer
// only, served as attachments with nosniff and a sandboxing CSP), and the identity reveal, which
// needs the permission and a reason, and is logged before anything is shown. The messages of the
// duplicates merged into a case are shown with it, and each such consultation is written in the
// duplicate's own file too (Law 25: every access to personal information is logged).
import type { Context } from 'hono';
import { Hono } from 'hono';
import { DoleancesError } from '../../core/errors.ts';
import { readArchived } from '../../ingest/archive.ts';
import { requirePerm } from '../auth/middleware.ts';
import { can } from '../auth/roles.ts';
import { caseFor, viewerSees, viewerSeesCase } from '../cases/case-access.ts';
import { openCase, recordingUrl, type OpenedCase } from '../cases/case-open.ts';
import { readCase, type CaseBundle } from '../cases/case-read.ts';
import type { AppEnv, Viewer } from '../http/env.ts';
import { ctxOf, errorResponse, notFound } from '../http/page.ts';
import type { StaffServices } from '../services.ts';
import { actionsPanel } from '../views/case-actions.ts';
import type { ShownDuplicate } from '../views/case-duplicates.ts';
import type { Identity } from '../views/case-facts.ts';
import { casePage } from '../views/case-page.ts';
import { staffNames } from './queue-routes.ts';

const FLASHES = { ok: 'flash.pending' } as const;

/** The case's personal content, opened for a viewer already allowed to see the case. */
export async function opened(svc: StaffServices, bundle: CaseBundle, opts: { identity?: boolean } = {}): Promise<OpenedCase> {
  return svc.reader.use((db) => openCase(db, svc.deps.keyring, bundle, opts));
}

/** The duplicates merged into `kept`, opened for this viewer where they may see them (each opening logged). */
async function duplicatesOf(svc: StaffServices, kept: CaseBundle, v: Viewer): Promise<ShownDuplicate[]> {
  const out: ShownDuplicate[] = [];
  for (const item of kept.file.duplicates) {
    const dup = await svc.reader.use((db) => readCase(db, item.case_id, svc.profile, svc.calendar));
    const visible = dup && (await svc.reader.use((db) => viewerSeesCase(db, v, { ...dup.c, walledOff: dup.state.walledOff, mergedInto: dup.state.mergedInto })));
    if (!dup || !visible) {
      out.push({ item, messages: null, recordingUrl: null, textConfidence: null });
      continue;
    }
    await svc.commands.run('view', dup, v.user, { purpose: `consultation depuis le dossier ${kept.c.case_id}` });
    out.push({ item, messages: (await opened(svc, dup)).messages, recordingUrl: recordingUrl(dup), textConfidence: dup.c.text_confidence });
  }
  return out;
}

export async function renderCase(c: Context<AppEnv>, svc: StaffServices, bundle: CaseBundle, v: Viewer, opts: { revealed?: Identity | null; error?: string; status?: 200 | 400 | 409 } = {}): Promise<Response> {
  const ctx = ctxOf(c, svc);
  const names = await staffNames(svc);
  const open = await opened(svc, bundle);
  const flashKey = c.req.query('fait') === '1' ? FLASHES.ok : undefined;
  const html = casePage(ctx, svc.calendar, new Date(), {
    bundle,
    messages: open.messages,
    timeline: open.timeline,
    duplicates: await duplicatesOf(svc, bundle, v),
    names,
    recordingUrl: recordingUrl(bundle),
    canReveal: can(v.user, 'identity.reveal'),
    revealed: opts.revealed ?? null,
    canOpen: (a) => viewerSees(v, { queue: a.queue, assignee: a.assignee, walledOff: a.walled_off ?? [] }),
    actions: actionsPanel(ctx, {
      c: bundle.c,
      actions: svc.commands.available(bundle, v.user),
      users: await svc.users.list(),
      templates: svc.commands.templates(ctx.lang, bundle.c.case_id),
      canEmail: bundle.state.reach.email && svc.mailer.configured,
    }),
    flash: flashKey ? ctx.t(flashKey) : undefined,
    error: opts.error,
  });
  return c.html(html, opts.status ?? 200);
}

function attachmentHeaders(name: string, contentType: string): Record<string, string> {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return {
    'Content-Type': contentType || 'application/octet-stream',
    'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`,
    'Content-Security-Policy': "default-src 'none'; sandbox",
  };
}

export function caseRoutes(svc: StaffServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('/dossiers/*', requirePerm(svc, 'cases.own-queues', 'cases.all-queues'));

  app.get('/dossiers/:id', async (c) => {
    const r = await caseFor(c, svc, c.req.param('id'));
    if (r instanceof Response) return r;
    await svc.commands.access(r.bundle, r.viewer.user, 'view', c.req.path);
    return renderCase(c, svc, r.bundle, r.viewer);
  });

  const download = (kind: 'pieces' | 'original') =>
    app.get(`/dossiers/:id/${kind}/:sha`, async (c) => {
      const r = await caseFor(c, svc, c.req.param('id'));
      if (r instanceof Response) return r;
      const sha = c.req.param('sha');
      const msgs = (await opened(svc, r.bundle)).messages;
      const att = kind === 'pieces' ? msgs.flatMap((m) => m.attachments).find((a) => a.sha256 === sha) : undefined;
      const raw = kind === 'original' ? msgs.map((m) => m.raw).find((x) => x?.sha256 === sha) : undefined;
      const found: { name: string | null; contentType: string } | undefined = att ?? (raw ? { name: null, contentType: raw.contentType } : undefined);
      if (!found) return notFound(c, svc);
      const name = found.name ?? `${r.bundle.c.case_id}-${kind === 'original' ? 'original' : sha.slice(0, 8)}${extension(found.contentType)}`;
      let bytes: Buffer;
      try {
        bytes = await readArchived(svc.deps.config.paths.archive, svc.deps.keyring, sha);
      } catch {
        return errorResponse(c, svc, 404, c.get('t')('case.unreadable'));
      }
      await svc.commands.access(r.bundle, r.viewer.user, 'download', name);
      return c.body(new Uint8Array(bytes), 200, attachmentHeaders(name, found.contentType));
    });
  download('pieces');
  download('original');

  app.post('/dossiers/:id/identite', async (c) => {
    const r = await caseFor(c, svc, c.req.param('id'));
    if (r instanceof Response) return r;
    if (!can(r.viewer.user, 'identity.reveal')) return errorResponse(c, svc, 403, c.get('t')('error.forbidden'));
    const reason = String((await c.req.parseBody()).reason ?? '').trim();
    try {
      await svc.commands.access(r.bundle, r.viewer.user, 'reveal', reason);
    } catch (err) {
      if (err instanceof DoleancesError) return renderCase(c, svc, r.bundle, r.viewer, { error: c.get('t')('act.error', { message: err.message }), status: 400 });
      throw err;
    }
    return renderCase(c, svc, r.bundle, r.viewer, { revealed: (await opened(svc, r.bundle, { identity: true })).identity });
  });

  return app;
}

function extension(contentType: string): string {
  const t = contentType.toLowerCase();
  if (t.includes('rfc822')) return '.eml';
  if (t.includes('pdf')) return '.pdf';
  if (t.includes('tiff')) return '.tif';
  if (t.includes('json')) return '.json';
  if (t.includes('png')) return '.png';
  if (t.includes('jpeg')) return '.jpg';
  if (t.startsWith('text/')) return '.txt';
  return '';
}
