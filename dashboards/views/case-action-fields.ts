// The fields of each action form (labels tied to inputs, required fields marked as such). Choices
// come from the policy: seed 001's criteria of a founded or unfounded complaint, seed 000's steps
// for neighbour-behaviour complaints, the profile's queues, natures, urgency reasons, referral
// bodies and admissibility codes. The reply's subject and text are in French, the citizens'
// language, marked lang="fr" for screen readers when the interface is in English (WCAG 3.1.2).
import { KIND_LABELS, escapeHtml as h, label } from '../../core/i18n/format.ts';
import { CLOCKS, ESCALATION_STEPS, FINDINGS, FOUNDED_CRITERIA, UNFOUNDED_CRITERIA, KINDS } from '../../core/events/schemas.ts';
import type { UiAction } from '../cases/commands.ts';
import { actorOf, can } from '../auth/roles.ts';
import type { MessageKey } from '../i18n/translate.ts';
import type { ActionsCtx } from './case-actions.ts';
import { clockLabel } from './clocks.ts';
import type { PageCtx } from './layout.ts';

let n = 0;
const uid = (name: string) => `f-${name}-${++n}`;

function field(labelText: string, name: string, input: (id: string) => string, hint = ''): string {
  const id = uid(name);
  return `<label for="${id}">${h(labelText)}</label>${input(id)}${hint ? `<p class="hint">${h(hint)}</p>` : ''}`;
}

const textarea = (name: string, required = true, value = '', attrs = '') => (id: string) => `<textarea id="${id}" name="${name}"${required ? ' required' : ''}${attrs}>${h(value)}</textarea>`;
const input = (name: string, type = 'text', required = true, value = '', attrs = '') => (id: string) => `<input id="${id}" name="${name}" type="${type}"${required ? ' required' : ''} value="${h(value)}"${attrs}>`;
const select = (name: string, options: [string, string][], current = '', attrs = '') => (id: string) =>
  `<select id="${id}" name="${name}"${attrs}>${options.map(([v, l]) => `<option value="${h(v)}"${v === current ? ' selected' : ''}>${h(l)}</option>`).join('')}</select>`;

function reason(ctx: PageCtx, min = 1): string {
  return field(ctx.t('f.reason'), 'reason', (id) => `<textarea id="${id}" name="reason" required${min > 1 ? ` minlength="${min}"` : ''}></textarea>`);
}

const VIA = ['email', 'letter', 'phone', 'sms', 'fax', 'in_person'] as const;

export function actionFields(ctx: PageCtx, action: UiAction, a: ActionsCtx): string {
  const { t, profile: p, lang } = ctx;
  const queues = p.queues.map((q) => [q.id, q.label[lang]] as [string, string]);
  const via = (def: string) => field(t('f.via'), 'via', select('via', VIA.map((v) => [v, t(`via.${v}`)]), def));
  switch (action) {
    case 'assign': {
      const people = a.users.filter((u) => u.active && (can(u, 'cases.all-queues') || (can(u, 'cases.own-queues') && u.services.length > 0)));
      return field(t('f.assignee'), 'assignee', select('assignee', [['', t('unassigned')], ...people.map((u) => [actorOf(u), `${u.displayName} (${t(`role.${u.role}`)})`] as [string, string])], a.c.assignee ?? ''))
        + field(t('f.queue'), 'queue', select('queue', queues, a.c.queue ?? '')) + reason(ctx);
    }
    case 'note':
      return field(t('f.note'), 'note', textarea('note')) + field(t('f.interventionAt'), 'interventionAt', input('interventionAt', 'date', false));
    case 'answer': {
      const first = a.templates[0];
      const tpl = select('template', a.templates.map((x) => [x.id, x.label]), first?.id ?? '', ' data-template-target="1"');
      const options = a.templates.map((x) => `<template data-template="${h(x.id)}" data-subject="${h(x.subject)}">${h(x.text)}</template>`).join('');
      return `${field(t('f.template'), 'template', tpl)}${options}${via(a.canEmail ? 'email' : 'letter')}${a.canEmail ? '' : `<p class="hint">${h(t('f.noEmail'))}</p>`}
        ${field(t('f.subject'), 'subject', input('subject', 'text', true, first?.subject ?? '', ' lang="fr"'))}${field(t('f.text'), 'text', textarea('text', true, first?.text ?? '', ' lang="fr"'))}`;
    }
    case 'ask':
      return field(t('f.question'), 'question', textarea('question')) + via(a.canEmail ? 'email' : 'phone') + reason(ctx) + `<p class="hint">${h(t('f.pauses'))}</p>`;
    case 'answered':
      return field(t('f.answeredAt'), 'at', input('at', 'date', false)) + field(t('f.note'), 'note', textarea('note', false));
    case 'escalate':
      return field(t('f.step'), 'step', select('step', ESCALATION_STEPS.map((s) => [s, t(`step.${s}` as MessageKey)]))) + reason(ctx) + field(t('f.stepNote'), 'note', textarea('note', false));
    case 'judge': {
      const findings = FINDINGS.map((f) => `<label class="check"><input type="radio" name="finding" value="${f}" required> ${h(t(`finding.${f}` as MessageKey))}</label>`).join('');
      const crit = [...FOUNDED_CRITERIA, ...UNFOUNDED_CRITERIA].map((c) => `<label class="check"><input type="checkbox" name="criteria" value="${c}"> ${h(t(`crit.${c}` as MessageKey))}</label>`).join('');
      return `<fieldset><legend>${h(t('f.finding'))}</legend>${findings}</fieldset><fieldset><legend>${h(t('f.criteria'))}</legend>${crit}</fieldset>${reason(ctx)}${field(t('f.improvements'), 'improvements', textarea('improvements', false))}`;
    }
    case 'close':
      return reason(ctx);
    case 'redirect':
      return field(t('f.body'), 'body', select('body', p.referrals.map((r) => [r.body, r.body]), a.c.referral ?? ''))
        + `<label class="check"><input type="checkbox" name="consent" value="1"> ${h(t('f.consent'))}</label>` + reason(ctx);
    case 'inadmissible':
      return field(t('case.admissibility'), 'code', select('code', p.admissibility.filter((x) => x.code !== 'recevable' && x.code !== 'hors_competence').map((x) => [x.code, x.label[lang]]), a.c.admissibility ?? '')) + reason(ctx);
    case 'reclassify':
      return field(t('f.kind'), 'kind', select('kind', KINDS.map((k) => [k, label(KIND_LABELS, k, lang)]), a.c.kind ?? ''))
        + field(t('f.nature'), 'nature', select('nature', p.natures.map((x) => [x.code, `${x.label[lang]} → ${p.queues.find((q) => q.id === x.queue)?.label[lang] ?? x.queue}`]), a.c.nature ?? ''))
        + field(t('f.urgency'), 'urgency', select('urgency', [['normale', t('urgency.normal')], ['urgente', t('urgency.urgent')]], a.c.urgency ?? 'normale'))
        + field(t('f.urgencyReason'), 'urgencyReason', select('urgencyReason', [['', '—'], ...p.urgencyReasons.map((u) => [u.code, u.label[lang]] as [string, string])], a.c.urgency_reason ?? ''))
        + reason(ctx) + `<p class="hint">${h(t('f.reclassifyHint'))}</p>`;
    case 'extend':
      return field(t('f.clock'), 'clock', select('clock', CLOCKS.map((c) => [c, clockLabel(t, c)]), 'answer')) + field(t('f.newDue'), 'until', input('until', 'date')) + reason(ctx, 10);
    case 'wall-off':
      return field(t('f.employee'), 'employee', select('employee', a.users.filter((u) => u.role === 'agent').map((u) => [actorOf(u), u.displayName]))) + reason(ctx);
    case 'merge':
      return field(t('f.duplicateOf'), 'duplicateOf', (id) => `<input id="${id}" name="duplicateOf" required pattern="20[0-9]{2}-[0-9A-Za-z]{5}-[0-9A-Za-z]{5}" placeholder="2026-XXXXX-XXXXX">`) + reason(ctx)
        + `<p class="hint">${h(t('f.mergeHint'))}</p>`;
    case 'drop':
    case 'reopen':
      return reason(ctx);
    default:
      return '';
  }
}
