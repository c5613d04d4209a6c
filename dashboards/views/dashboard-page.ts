// The live dashboard of the month so far, for the board and the management: the same definitions
// and the same small-number protection as the monthly board report (analytics/publish.ts), so a
// figure on this page is the figure the report will print. Aggregates only: no case, no name.
import { escapeHtml as h, formatDateTime } from '../../core/i18n/format.ts';
import type { PRow, PublishedReport } from '../../analytics/publish.ts';
import type { MessageKey } from '../i18n/translate.ts';
import { layout, type PageCtx } from './layout.ts';

const HEADLINE: [keyof PublishedReport['headline'], MessageKey][] = [
  ['received', 'dash.received'],
  ['handled', 'dash.handled'],
  ['open', 'dash.open'],
  ['overdue', 'dash.overdue'],
];

function breakdown(ctx: PageCtx, title: string, rows: PRow[]): string {
  const { t } = ctx;
  const max = Math.max(1, ...rows.map((r) => r.cell.v ?? 0));
  return `<section class="card"><h2>${h(title)}</h2>${
    rows.length
      ? `<table><thead><tr><th scope="col">${h(t('dash.category'))}</th><th scope="col" class="num">${h(t('dash.count'))}</th><th scope="col"><span class="visually-hidden">%</span></th></tr></thead><tbody>${rows
          .map((r) => `<tr><td>${h(r.label)}</td><td class="num">${h(r.cell.t)}</td><td>${r.cell.v !== null ? `<meter min="0" max="${max}" value="${r.cell.v}" aria-hidden="true"></meter>` : ''}</td></tr>`)
          .join('')}</tbody></table>`
      : `<p class="muted">${h(t('common.none'))}</p>`
  }</section>`;
}

/** The part that refreshes live (also served alone at /tableau-de-bord/donnees). */
export function dashboardData(ctx: PageCtx, r: PublishedReport, now: Date): string {
  const { t, profile: p, lang } = ctx;
  const tiles = HEADLINE.map(([k, key]) => `<li class="tile"><span class="lbl">${h(t(key))}</span><span class="n">${h(r.headline[k].t)}</span></li>`).join('');
  const clocks = r.clocks.length
    ? `<section class="card"><h2>${h(t('case.deadlines'))}</h2><table><thead><tr><th scope="col">${h(t('case.clock'))}</th><th scope="col">${h(t('dash.target'))}</th><th scope="col" class="num">${h(t('dash.due'))}</th><th scope="col" class="num">${h(t('dash.inTime'))}</th><th scope="col" class="num">%</th></tr></thead><tbody>${r.clocks
        .map((c) => `<tr><td>${h(c.label)}</td><td>${h(c.target)}</td><td class="num">${h(c.due.t)}</td><td class="num">${h(c.inTime.t)}</td><td class="num">${h(c.inTimePct.t)}</td></tr>`)
        .join('')}</tbody></table></section>`
    : '';
  return `<ul class="tiles">${tiles}</ul>
    <div class="grid-2">${breakdown(ctx, t('dash.byKind'), r.received.by.kind)}${breakdown(ctx, t('dash.byNature'), r.received.by.nature)}
    ${breakdown(ctx, t('dash.byChannel'), r.received.by.channel)}${breakdown(ctx, t('dash.byUrgency'), r.received.by.urgency)}</div>${clocks}
    <p class="live-note">${h(t('dash.updated', { when: formatDateTime(now, p.timezone, lang) }))}</p>`;
}

export function dashboardPage(ctx: PageCtx, r: PublishedReport, now: Date): string {
  const { t } = ctx;
  const reports = ctx.reportsMounted ? `<p><a href="/rapports">${h(t('dash.reports'))}</a></p>` : '';
  return layout(
    ctx,
    t('dash.title'),
    `<h1>${h(t('dash.title'))}</h1><p class="muted">${h(t('dash.month', { month: r.meta.title }))}. ${h(t('dash.intro'))}</p>${reports}
     <div id="dash" data-live-src="/tableau-de-bord/donnees" aria-live="off">${dashboardData(ctx, r, now)}</div>`,
    { live: true },
  );
}
