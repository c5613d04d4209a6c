// A merge as each side's file shows it. On the case kept: its merged duplicates, each with a link
// to its own file and its messages as they came (the same matter, received twice), folded. On the
// duplicate: where it went, and that the handling goes on there. A duplicate the viewer may not see
// (walled off from it: seed 002) is listed by reference only.
import { CHANNEL_LABELS, escapeHtml as h, formatDateTime, label } from '../../core/i18n/format.ts';
import type { CaseFile } from '../../store/case-file.ts';
import { messagesBlock, type ShownMessage } from './case-messages.ts';
import type { PageCtx } from './layout.ts';

export interface ShownDuplicate {
  item: CaseFile['duplicates'][number];
  /** Null when this viewer may not open the duplicate. */
  messages: ShownMessage[] | null;
  recordingUrl: string | null;
  textConfidence: number | null;
}

const link = (id: string) => `<a class="ref" href="/dossiers/${h(id)}">${h(id)}</a>`;

export function duplicatesBlock(ctx: PageCtx, items: ShownDuplicate[], who: (actor: string) => string): string {
  if (items.length === 0) return '';
  const { t, lang, profile: p } = ctx;
  const blocks = items
    .map((d, n) => {
      const x = d.item;
      const title = t('case.duplicateTitle', { id: '{id}' }).split('{id}').map(h).join(d.messages ? link(x.case_id) : `<span class="ref">${h(x.case_id)}</span>`);
      const via = x.via ? ` · ${t('case.duplicateVia', { id: '{id}' }).split('{id}').map(h).join(link(x.via))}` : '';
      const meta = h(t('case.duplicateMeta', { when: formatDateTime(x.received_at, p.timezone, lang), channel: label(CHANNEL_LABELS, x.channel, lang), merged: formatDateTime(x.merged_at, p.timezone, lang), who: who(x.actor) }));
      const body = d.messages
        ? `<details><summary>${h(t('case.duplicateMessages', { n: d.messages.length }))}</summary>${messagesBlock(ctx, x.case_id, d.messages, { recordingUrl: d.recordingUrl, textConfidence: d.textConfidence, idPrefix: `dup${n}-msg` })}</details>`
        : `<p class="muted small">${h(t('case.duplicateHidden'))}</p>`;
      return `<article class="card duplicate"><h3>${title}</h3><p class="muted small">${meta}${via}</p>${x.reason ? `<p>${h(x.reason)}</p>` : ''}${body}</article>`;
    })
    .join('');
  return `<section aria-labelledby="h-dups"><h2 id="h-dups">${h(t('case.duplicates'))}</h2>${blocks}</section>`;
}

/** On a merged duplicate's file: the case it was merged into, and when. */
export function mergedNotice(ctx: PageCtx, intoCaseId: string, at: string | null): string {
  const { t, lang, profile: p } = ctx;
  const text = t('case.mergedNotice', { when: at ? formatDateTime(at, p.timezone, lang) : '—', id: '{id}' }).split('{id}').map(h).join(link(intoCaseId));
  return `<p class="flash">${text}</p>`;
}
