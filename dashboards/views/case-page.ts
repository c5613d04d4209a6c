// The case file on one page: the header (reference, state, urgency, queue, assignee), the messages
// and the complete timeline in the main column; the actions, the person, the classification and
// « why this queue », the clocks and the antecedents beside them. The page refreshes itself when
// the store projects a new event of this case (data-case-id, /static/app.js). A merged duplicate
// says where it went; a case kept shows its merged duplicates and their messages.
import type { BusinessCalendar } from '../../core/calendar/business-calendar.ts';
import { CHANNEL_LABELS, KIND_LABELS, STATUS_LABELS, escapeHtml as h, formatDateTime, label, mergedLabel } from '../../core/i18n/format.ts';
import type { CaseBundle } from '../cases/case-read.ts';
import { antecedentsBlock, classificationBlock, deadlinesBlock, identityBlock, type Identity } from './case-facts.ts';
import { duplicatesBlock, mergedNotice, type ShownDuplicate } from './case-duplicates.ts';
import { messagesBlock, type ShownMessage } from './case-messages.ts';
import { actorName, timelineBlock, type TimelineItem } from './case-timeline.ts';
import type { MessageKey } from '../i18n/translate.ts';
import { layout, type PageCtx } from './layout.ts';

export interface CasePageData {
  bundle: CaseBundle;
  messages: ShownMessage[];
  timeline: TimelineItem[];
  /** Duplicates merged into this case, their messages opened when the viewer may see them. */
  duplicates: ShownDuplicate[];
  names: Map<string, string>;
  recordingUrl: string | null;
  canReveal: boolean;
  revealed: Identity | null;
  canOpen: (a: CaseBundle['antecedents'][number]) => boolean;
  actions: string;
  flash?: string;
  error?: string;
}

export function casePage(ctx: PageCtx, cal: BusinessCalendar, now: Date, d: CasePageData): string {
  const { t, lang, profile: p } = ctx;
  const c = d.bundle.c;
  const urgent = c.urgency === 'urgente';
  const assignee = c.assignee ? (d.names.get(c.assignee) ?? t('common.unknownUser')) : t('unassigned');
  const head = `<div class="case-head"><div><h1>${h(t('case.title', { id: c.case_id }))}</h1>
      <p class="muted">${h(t('case.received', { when: formatDateTime(c.received_at, p.timezone, lang), channel: label(CHANNEL_LABELS, c.channel, lang) }))}</p></div>
    <div class="badges"><span class="badge neutral">${h(c.merged_into ? mergedLabel(c.merged_into, lang) : label(STATUS_LABELS, c.status, lang))}</span>${urgent ? `<span class="badge urgent">${h(t('urgency.urgent'))}</span>` : ''}
      <span class="badge neutral">${h(label(KIND_LABELS, c.kind, lang))}</span></div></div>
    <table class="kv card"><tbody>
      <tr><th scope="row">${h(t('case.queue'))}</th><td>${h(p.queues.find((q) => q.id === c.queue)?.label[lang] ?? c.queue ?? '—')}</td></tr>
      <tr><th scope="row">${h(t('case.assignee'))}</th><td>${h(assignee)}</td></tr>
      ${c.merged_into ? `<tr><th scope="row">${h(t('case.keptCase'))}</th><td><a class="ref" href="/dossiers/${h(c.merged_into)}">${h(c.merged_into)}</a></td></tr>` : c.outcome ? `<tr><th scope="row">${h(t('case.outcome'))}</th><td>${h(t(`outcome.${c.outcome}` as MessageKey))}</td></tr>` : ''}
    </tbody></table>`;
  const changed = `<p id="case-changed" class="flash" role="status" hidden>${h(t('case.changed'))} <a href="/dossiers/${h(c.case_id)}">${h(t('case.reload'))}</a></p>`;
  const error = d.error ? `<p class="error" role="alert">${h(d.error)}</p>` : '';
  const merged = c.merged_into ? mergedNotice(ctx, c.merged_into, c.closed_at) : '';
  const main = `<div>${merged}<section aria-labelledby="h-msgs"><h2 id="h-msgs">${h(t('case.messages'))}</h2>${messagesBlock(ctx, c.case_id, d.messages, { recordingUrl: d.recordingUrl, textConfidence: c.text_confidence })}</section>
    ${duplicatesBlock(ctx, d.duplicates, actorName(ctx, d.names))}
    <section class="card" aria-labelledby="h-tl"><h2 id="h-tl">${h(t('case.timeline'))}</h2>${timelineBlock(ctx, d.timeline, d.names)}</section></div>`;
  const side = `<div class="side">${d.actions}${identityBlock(ctx, c, { canReveal: d.canReveal, revealed: d.revealed })}${classificationBlock(ctx, c)}${deadlinesBlock(ctx, cal, d.bundle.clocks, now)}${antecedentsBlock(ctx, d.bundle.antecedents, d.canOpen)}</div>`;
  const body = `${changed}${error}${head}<div class="grid-case">${main}${side}</div>`;
  return layout(ctx, t('case.title', { id: c.case_id }), body, { live: true, flash: d.flash, caseId: c.case_id });
}
