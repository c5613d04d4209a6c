// The timeline of every event of a case, oldest first: what happened, when, by whom, and the
// details that matter (queue, status change and reason, finding and criteria, step, note). Labels
// are the lifecycle's French ones (core/lifecycle/vocabulary.ts) or their English translation.
// Consultations (case.viewed.v1) are listed apart, folded, so the story stays readable; event types
// this page does not know are shown by name, never hidden. A merge links the other case.
import { escapeHtml as h, formatDateTime, STATUS_LABELS, label } from '../../core/i18n/format.ts';
import type { EventType } from '../../core/events/schemas.ts';
import { CRITERIA_LABELS, ESCALATION_LABELS, EVENT_LABELS, FINDING_LABELS } from '../../core/lifecycle/vocabulary.ts';
import type { EventRecord } from '../cases/case-read.ts';
import { EVENT_LABELS_EN } from '../i18n/events-en.ts';
import type { MessageKey } from '../i18n/translate.ts';
import type { PageCtx } from './layout.ts';

export interface TimelineItem extends EventRecord {
  /** A decrypted note, question or answer, when the event carries one and the viewer may read it. */
  note?: string | null;
}

function details(ctx: PageCtx, e: TimelineItem): string {
  const { lang, profile } = ctx;
  const d = e.data;
  const parts: string[] = [];
  const str = (k: string) => (typeof d[k] === 'string' ? (d[k] as string) : null);
  const queue = (q: string | null) => profile.queues.find((x) => x.id === q)?.label[lang] ?? q ?? '';
  if (e.type.startsWith('case.routed') || e.type.startsWith('case.assigned')) parts.push(queue(str('queue')));
  if (e.type.startsWith('case.classified')) parts.push(`${str('kind') ?? ''} · ${profile.natures.find((n) => n.code === str('nature'))?.label[lang] ?? str('nature') ?? ''}${str('urgency') === 'urgente' ? ' · urgente' : ''}`);
  if (e.type.startsWith('case.status-changed')) parts.push(`${label(STATUS_LABELS, str('from'), lang)} → ${label(STATUS_LABELS, str('to'), lang)}`);
  if (str('finding')) parts.push(FINDING_LABELS[str('finding') as keyof typeof FINDING_LABELS] ?? str('finding')!);
  if (str('step')) parts.push(ESCALATION_LABELS[str('step') as keyof typeof ESCALATION_LABELS] ?? str('step')!);
  if (str('outcome')) parts.push(str('outcome')!);
  if (Array.isArray(d.criteria) && d.criteria.length) parts.push((d.criteria as string[]).map((c) => CRITERIA_LABELS[c as keyof typeof CRITERIA_LABELS] ?? c).join(' ; '));
  if (str('body')) parts.push(str('body')!);
  if (str('via')) parts.push(viaLabel(ctx, str('via')!));
  if (str('reason')) parts.push(str('reason')!);
  if (str('justification')) parts.push(str('justification')!);
  if (str('purpose')) parts.push(str('purpose')!);
  const other = str('intoCaseId') ?? str('duplicateCaseId');
  const ref = other ? `<a class="ref" href="/dossiers/${h(other)}">${h(other)}</a>` : '';
  const text = [ref, ...parts.filter(Boolean).map((p) => h(p))].filter(Boolean).join(' · ');
  const note = e.note ? `<pre class="ocr">${h(e.note)}</pre>` : '';
  return `${text ? `<div>${text}</div>` : ''}${note}`;
}

function viaLabel(ctx: PageCtx, via: string): string {
  const key = `via.${via}` as MessageKey;
  const s = ctx.t(key);
  return s === key ? via : s;
}

export function eventLabel(lang: 'fr' | 'en', type: string): string {
  return (lang === 'en' ? EVENT_LABELS_EN[type] : EVENT_LABELS[type as EventType]) ?? EVENT_LABELS[type as EventType] ?? type;
}

function item(ctx: PageCtx, e: TimelineItem, who: (actor: string) => string): string {
  const { t, lang, profile } = ctx;
  return `<li><strong>${h(eventLabel(lang, e.type))}</strong> <span class="when">${h(formatDateTime(e.occurred_at, profile.timezone, lang))} · ${h(t('case.by', { who: who(e.actor) }))}</span>${details(ctx, e)}</li>`;
}

/** Who an actor id is, for people: a staff member's name, « Système », or the id itself. */
export function actorName(ctx: PageCtx, names: Map<string, string>): (actor: string) => string {
  const { t } = ctx;
  return (actor: string) => {
    const name = names.get(actor);
    if (name) return name;
    if (actor.startsWith('staff:')) return t('common.unknownUser');
    if (!actor || actor === 'systeme') return t('common.system');
    const m = /^syst[eè]me:(.+)$/.exec(actor);
    return m ? `${t('common.system')} (${m[1]})` : actor;
  };
}

export function timelineBlock(ctx: PageCtx, events: TimelineItem[], names: Map<string, string>): string {
  const { t } = ctx;
  const who = actorName(ctx, names);
  const story = events.filter((e) => e.type !== 'case.viewed.v1');
  const views = events.filter((e) => e.type === 'case.viewed.v1');
  const consultations = views.length
    ? `<details class="small"><summary>${h(t('case.consultations', { n: views.length }))}</summary><ol class="timeline">${views.map((e) => item(ctx, e, who)).join('')}</ol></details>`
    : '';
  return `<ol class="timeline">${story.map((e) => item(ctx, e, who)).join('')}</ol>${consultations}`;
}
