// The web process of the foundation: a plain page of queues and cases, a case file page, the
// list of intakes that are not cases, and a health endpoint. Security headers on every answer
// (a CSP without inline scripts); the full staff app with login and roles is issue 9.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import type { Profile } from '../core/profiles/schema.ts';
import type { Duck } from '../store/duck.ts';
import { caseDeadlines, caseTimeline, countCases, getCase, listDispositions, listOpenCases, queueCounts } from '../store/queries.ts';
import { casePage, dispositionsPage, queuesPage } from './pages.ts';

const STATIC = path.join(path.dirname(fileURLToPath(import.meta.url)), 'static');

export function createApp(db: Duck, profile: Profile): Hono {
  const app = new Hono();
  app.use('*', async (c, next) => {
    await next();
    c.header('Content-Security-Policy', "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('X-Frame-Options', 'DENY');
    c.header('Cache-Control', 'no-store');
  });
  app.get('/static/app.css', (c) => c.body(fs.readFileSync(path.join(STATIC, 'app.css'), 'utf8'), 200, { 'Content-Type': 'text/css; charset=utf-8' }));
  app.get('/', async (c) => c.html(queuesPage(profile, await queueCounts(db), await listOpenCases(db), (await listDispositions(db)).length)));
  app.get('/dossiers/:id', async (c) => {
    const id = c.req.param('id');
    const row = await getCase(db, id);
    if (!row) return c.html('<!doctype html><title>Introuvable</title><p>Dossier introuvable.</p>', 404);
    return c.html(casePage(profile, row, await caseDeadlines(db, id), await caseTimeline(db, id)));
  });
  app.get('/accueil/non-dossiers', async (c) => c.html(dispositionsPage(profile, await listDispositions(db))));
  app.get('/api/cases', async (c) => c.json(await listOpenCases(db, c.req.query('queue'))));
  app.get('/healthz', async (c) => c.json({ status: 'ok', profile: profile.id, cases: await countCases(db) }));
  app.notFound((c) => c.text('Introuvable', 404));
  return app;
}

export function startWeb(app: Hono, host: string, port: number): Promise<{ server: ServerType; url: string }> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: host, port }, (info) => resolve({ server, url: `http://${host}:${info.port}/` }));
    server.once('error', reject);
  });
}
