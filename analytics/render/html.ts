// The report as one self-contained HTML file: inline CSS, server-drawn SVG, no script, no link to
// anything outside it. The same file is printed to PDF for the board's package. Its content sits
// in a main landmark, the footer after it (screen-reader navigation, SGQRI 008).
import { escapeHtml as h } from '../../core/i18n/format.ts';
import type { PublishedReport } from '../publish.ts';
import { detailHtml } from './detail.ts';
import { REPORT_CSS } from './style.ts';
import { summaryHtml } from './summary.ts';
import { SVG_DEFS } from './svg.ts';

export function renderReportHtml(r: PublishedReport): string {
  return `<!doctype html>
<html lang="fr-CA"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Bilan mensuel des plaintes et requêtes — ${h(r.meta.title)} — ${h(r.meta.shortName)}</title>
<style>${REPORT_CSS}</style></head>
<body>${SVG_DEFS}
<main>
${summaryHtml(r)}
${detailHtml(r)}
</main>
<footer class="doc note">${h(r.meta.body)} · Bilan mensuel ${h(r.meta.title)} · produit par Doléances le ${h(r.meta.generatedOn)}.</footer>
</body></html>
`;
}
