// Received messages that are not cases (quarantined files, auto-replies, bounces, duplicates),
// each with its reason and error code, newest first, a page at a time (views/pager.ts): nothing
// received is ever silently dropped.
import { escapeHtml as h, formatDate, formatDateTime } from '../../core/i18n/format.ts';
import type { DispositionRow } from '../../store/queries.ts';
import { layout, type PageCtx } from './layout.ts';
import { pageHref, pager, rangeVars, type PagerData } from './pager.ts';

export interface IntakePage {
  rows: DispositionRow[];
  total: number;
  offset: number;
  /** Cursors (paging/cursor.ts) of the previous and next pages; null at either end. */
  prev: string | null;
  next: string | null;
}

export function intakePage(ctx: PageCtx, page: IntakePage): string {
  const { t, profile: p, lang } = ctx;
  const body = page.rows
    .map((r) => `<tr><td>${h(formatDateTime(r.received_at, p.timezone, lang))}</td><td>${h(r.disposition)}</td><td>${h(r.reason ?? '')}</td><td class="ref">${h(r.error_code ?? '')}</td><td class="small">${h(r.destroyed_at ? t('intake.destroyed', { date: formatDate(r.destroyed_at, p.timezone, lang) }) : (r.quarantine_path ?? ''))}</td></tr>`)
    .join('');
  const nav: PagerData = {
    total: page.total,
    offset: page.offset,
    shown: page.rows.length,
    prevHref: pageHref('/accueil/non-dossiers', '', 'before', page.prev),
    nextHref: pageHref('/accueil/non-dossiers', '', 'after', page.next),
  };
  const vars = rangeVars(nav, lang);
  const count = nav.prevHref || nav.nextHref ? t('intake.range', vars) : t('intake.count', { n: page.total });
  return layout(
    ctx,
    t('intake.title'),
    `<h1>${h(t('intake.title'))}</h1><p class="muted">${h(t('intake.intro'))}</p>
     <p id="intake-count" class="muted">${h(count)}</p>
     <div class="table-wrap"><table aria-describedby="intake-count"><thead><tr><th scope="col">${h(t('intake.received'))}</th><th scope="col">${h(t('intake.disposition'))}</th><th scope="col">${h(t('intake.reason'))}</th><th scope="col">${h(t('intake.code'))}</th><th scope="col">${h(t('intake.file'))}</th></tr></thead>
     <tbody>${body || `<tr><td colspan="5" class="muted">${h(t('common.none'))}</td></tr>`}</tbody></table></div>
     ${pager(nav, { label: t('intake.pages'), range: t('intake.range', vars), prev: t('pager.prev'), next: t('pager.next') })}`,
  );
}
