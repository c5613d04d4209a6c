// The links between the pages of a long list (store/keyset.ts, paging/cursor.ts): a navigation
// landmark named after the list, where this page sits (« Dossiers 51–100 sur 12 345 ») and links
// to the previous and next pages that keep the list's filters. Without JavaScript, plain links.
import { escapeHtml as h } from '../../core/i18n/format.ts';
import type { Lang } from '../i18n/translate.ts';

export interface PagerData {
  total: number;
  /** Rows before the first one shown. */
  offset: number;
  /** Rows shown on this page. */
  shown: number;
  prevHref: string | null;
  nextHref: string | null;
}

export function formatCount(n: number, lang: Lang): string {
  return new Intl.NumberFormat(lang === 'en' ? 'en-CA' : 'fr-CA').format(n);
}

/** The range shown, e.g. { from: '51', to: '100', total: '12 345' }, for the list's own wording. */
export function rangeVars(p: PagerData, lang: Lang): { from: string; to: string; total: string } {
  return { from: formatCount(p.shown ? p.offset + 1 : 0, lang), to: formatCount(p.offset + p.shown, lang), total: formatCount(p.total, lang) };
}

/** A list's pagination; empty when everything fits on one page. */
export function pager(p: PagerData, text: { label: string; range: string; prev: string; next: string }): string {
  if (!p.prevHref && !p.nextHref) return '';
  const prev = p.prevHref ? `<li><a href="${h(p.prevHref)}" rel="prev"><span aria-hidden="true">←</span> ${h(text.prev)}</a></li>` : '';
  const next = p.nextHref ? `<li><a href="${h(p.nextHref)}" rel="next">${h(text.next)} <span aria-hidden="true">→</span></a></li>` : '';
  return `<nav class="pager" aria-label="${h(text.label)}"><p class="pager-range">${h(text.range)}</p><ul>${prev}${next}</ul></nav>`;
}

/** `path?query&key=cursor` (the query already URL-encoded). */
export function pageHref(path: string, query: string, key: 'after' | 'before', cursor: string | null): string | null {
  if (!cursor) return null;
  return `${path}?${query ? `${query}&` : ''}${key}=${encodeURIComponent(cursor)}`;
}
