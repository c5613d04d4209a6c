// The two static files of the staff app (stylesheet and script), read once at start-up and served
// with their type; the CSP allows scripts and styles from this origin only.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import type { AppEnv } from './env.ts';

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'static');
const FILES: Record<string, string> = { 'app.css': 'text/css; charset=utf-8', 'app.js': 'text/javascript; charset=utf-8' };

export function staticRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const bodies = new Map(Object.keys(FILES).map((f) => [f, fs.readFileSync(path.join(DIR, f), 'utf8')]));
  app.get('/static/:file', (c) => {
    const file = c.req.param('file');
    const body = bodies.get(file);
    if (body === undefined) return c.notFound();
    return c.body(body, 200, { 'Content-Type': FILES[file]!, 'Cache-Control': 'no-cache' });
  });
  return app;
}
