// Received messages that are not cases (quarantined files, auto-replies, bounces, duplicates),
// each with its reason and error code: nothing received is ever silently dropped.
import { escapeHtml as h, formatDateTime } from '../../core/i18n/format.ts';
import { layout, type PageCtx } from './layout.ts';
import type { DispositionRow } from '../../store/queries.ts';

export function intakePage(ctx: PageCtx, rows: DispositionRow[]): string {
  const { t, profile: p, lang } = ctx;
  const body = rows
    .map((r) => `<tr><td>${h(formatDateTime(r.received_at, p.timezone, lang))}</td><td>${h(r.disposition)}</td><td>${h(r.reason ?? '')}</td><td class="ref">${h(r.error_code ?? '')}</td><td class="small">${h(r.quarantine_path ?? '')}</td></tr>`)
    .join('');
  return layout(
    ctx,
    t('intake.title'),
    `<h1>${h(t('intake.title'))}</h1><p class="muted">${h(t('intake.intro'))}</p>
     <div class="table-wrap"><table><thead><tr><th scope="col">${h(t('intake.received'))}</th><th scope="col">${h(t('intake.disposition'))}</th><th scope="col">${h(t('intake.reason'))}</th><th scope="col">${h(t('intake.code'))}</th><th scope="col">${h(t('intake.file'))}</th></tr></thead>
     <tbody>${body || `<tr><td colspan="5" class="muted">${h(t('common.none'))}</td></tr>`}</tbody></table></div>`,
  );
}
