// The reports in the web app, as a hono sub-app (mount it, e.g. app.route('/rapports',
// reportRoutes(deps))): the list of monthly reports, newest first, and each file of a report for
// download (or inline view with ?voir=1). Only files named in a report's manifest are served, so
// no path from the request ever reaches the file system. Who may see them (the board, the
// direction) is the web app's decision: `authorize(c)` returns a Response to refuse, nothing to allow.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { Hono, type Context } from 'hono';
import { escapeHtml as h } from '../core/i18n/format.ts';
import { monthTitle } from './month.ts';
import { REPORT_CSS } from './render/style.ts';
import { MANIFEST, type Manifest } from './write-report.ts';

export interface ReportRouteDeps {
  reportsDir: string;
  authorize?: (c: Context) => Response | null | undefined | void | Promise<Response | null | undefined | void>;
  /** Stylesheet of the surrounding app, for the list page. */
  stylesheet?: string;
  /**
   * The surrounding app's page frame (header, navigation, language switch, main landmark) around
   * the list, so the list is a page of that app like the others; a page of its own without it.
   */
  frame?: (c: Context, title: string, body: string) => string;
}

const LIST_TITLE = "Rapports mensuels au conseil d'administration";

function standalone(stylesheet: string | undefined, title: string, body: string): string {
  return `<!doctype html><html lang="fr-CA"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${h(title)}</title>${stylesheet ? `<link rel="stylesheet" href="${h(stylesheet)}">` : ''}</head>
<body><main>${body}</main></body></html>`;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.pdf': 'application/pdf',
  '.json': 'application/json; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.parquet': 'application/vnd.apache.parquet',
};
const FORMAT_LABELS: Record<string, string> = { pdf: 'PDF', html: 'HTML', csv: 'CSV', parquet: 'Parquet', json: 'JSON' };

/** The complete reports, newest first. */
export function listReports(reportsDir: string): Manifest[] {
  const dirs = fs.existsSync(reportsDir) ? fs.readdirSync(reportsDir).filter((d) => MONTH.test(d)) : [];
  return dirs
    .flatMap((d) => {
      try {
        return [JSON.parse(fs.readFileSync(path.join(reportsDir, d, MANIFEST), 'utf8')) as Manifest];
      } catch {
        return [];
      }
    })
    .sort((a, b) => b.month.localeCompare(a.month));
}

/** The CSP under which a report's own HTML may be viewed inline: its one <style> by hash, nothing else. */
export function reportCsp(): string {
  const hash = crypto.createHash('sha256').update(REPORT_CSS).digest('base64');
  return `default-src 'none'; style-src 'sha256-${hash}'; img-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'`;
}

export function reportRoutes(deps: ReportRouteDeps): Hono {
  const app = new Hono();
  app.use('*', async (c, next) => {
    const refusal = await deps.authorize?.(c);
    if (refusal) return refusal;
    await next();
    c.header('Cache-Control', 'no-store');
    c.header('X-Content-Type-Options', 'nosniff');
  });

  app.get('/', (c) => {
    const base = c.req.path.endsWith('/') ? '' : `${path.posix.basename(c.req.path)}/`;
    const rows = listReports(deps.reportsDir)
      .map((m) => {
        const links = (['pdf', 'html', 'csv', 'parquet', 'json'] as const)
          .filter((k) => m.files[k])
          .map((k) => `<a href="${h(`${base}${m.month}/${m.files[k]}`)}">${FORMAT_LABELS[k]}</a>`)
          .join(' · ');
        return `<tr><td>${h(monthTitle(m.month))}</td><td>${h(new Date(m.generatedAt).toLocaleDateString('fr-CA'))}</td><td>${links}</td></tr>`;
      })
      .join('');
    // The list is French, like the reports: marked so when the frame is in another language.
    const body = `<div lang="fr-CA"><h1>${h(LIST_TITLE)}</h1>
${rows ? `<div class="table-wrap"><table><thead><tr><th scope="col">Mois</th><th scope="col">Produit le</th><th scope="col">Fichiers</th></tr></thead><tbody>${rows}</tbody></table></div>` : '<p>Aucun rapport pour le moment : le premier est produit le premier jour ouvrable du mois suivant.</p>'}
<p>Aucune donnée personnelle dans ces rapports; les nombres de 1 à 4 y sont indiqués « &lt; 5 ».</p></div>`;
    return c.html(deps.frame ? deps.frame(c, LIST_TITLE, body) : standalone(deps.stylesheet, LIST_TITLE, body));
  });

  app.get('/:month/:file', (c) => {
    const month = c.req.param('month');
    const file = c.req.param('file');
    if (!MONTH.test(month)) return c.text('Introuvable', 404);
    const manifest = listReports(deps.reportsDir).find((m) => m.month === month);
    if (!manifest || !Object.values(manifest.files).includes(file)) return c.text('Introuvable', 404);
    const full = path.join(deps.reportsDir, month, path.basename(file));
    const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
    const inline = c.req.query('voir') !== undefined && (type.startsWith('text/html') || type === 'application/pdf');
    const headers: Record<string, string> = {
      'Content-Type': type,
      'Content-Disposition': `${inline ? 'inline' : 'attachment'}; filename="${path.basename(file)}"`,
    };
    if (type.startsWith('text/html')) headers['Content-Security-Policy'] = reportCsp();
    return c.body(fs.readFileSync(full), 200, headers);
  });
  return app;
}
