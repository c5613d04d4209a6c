// The rows of a queue table: also served alone (GET /files/lignes) so that the page's script can
// refresh them live. Every value is escaped here, on the server.
import type { BusinessCalendar } from '../../core/calendar/business-calendar.ts';
import { CHANNEL_LABELS, STATUS_LABELS, escapeHtml as h, label } from '../../core/i18n/format.ts';
import type { Profile } from '../../core/profiles/schema.ts';
import type { Lang, T } from '../i18n/translate.ts';
import type { QueueCase } from '../queues/queue-query.ts';
import { clockBadges, nextDeadline } from './clocks.ts';
import { shortDate } from './dates.ts';

export interface RowsCtx {
  profile: Profile;
  lang: Lang;
  t: T;
  calendar: BusinessCalendar;
  now: Date;
  names: Map<string, string>;
}

export function natureName(p: Profile, code: string | null, lang: Lang): string {
  return code ? (p.natures.find((n) => n.code === code)?.label[lang] ?? code) : '—';
}

export function queueRows(ctx: RowsCtx, cases: QueueCase[]): string {
  const { t, profile: p, lang } = ctx;
  if (cases.length === 0) return `<tr><td colspan="9" class="muted">${h(t('queues.empty'))}</td></tr>`;
  const date = (iso: string) => shortDate(iso, p.timezone, lang);
  return cases
    .map((c) => {
      const urgent = c.urgency === 'urgente';
      const reason = urgent ? (p.urgencyReasons.find((u) => u.code === c.urgencyReason)?.label[lang] ?? '') : '';
      return `<tr class="${urgent ? 'is-urgent' : ''}" data-case-id="${h(c.caseId)}">
        <td><a class="ref" href="/dossiers/${h(c.caseId)}">${h(c.caseId)}</a></td>
        <td class="date">${h(date(c.receivedAt))}<br><span class="small muted">${h(label(CHANNEL_LABELS, c.channel, lang))}</span></td>
        <td class="subject-cell">${h(c.subject ?? '—')}</td>
        <td>${h(natureName(p, c.nature, lang))}</td>
        <td>${urgent ? `<span class="badge urgent">${h(t('urgency.urgent'))}</span><br><span class="small muted">${h(reason)}</span>` : `<span class="muted">${h(t('urgency.normal'))}</span>`}</td>
        <td>${h(label(STATUS_LABELS, c.status, lang))}</td>
        <td>${c.assignee ? h(ctx.names.get(c.assignee) ?? t('common.unknownUser')) : `<span class="muted">${h(t('unassigned'))}</span>`}</td>
        <td>${nextDeadline(t, ctx.calendar, c.clocks, ctx.now, date)}</td>
        <td>${clockBadges(t, ctx.calendar, c.clocks, ctx.now)}</td></tr>`;
    })
    .join('');
}
