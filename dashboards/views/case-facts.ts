// The side facts of a case file: the person (a pseudonym, identity protected by default, revealed
// only on request with a reason — seed 001), the classification with « why this queue » (rules,
// terms, confidence, model version), the clocks with their countdown, and the antecedents.
import type { BusinessCalendar } from '../../core/calendar/business-calendar.ts';
import { KIND_LABELS, STATUS_LABELS, escapeHtml as h, formatDate, label } from '../../core/i18n/format.ts';
import type { CaseBundle, CaseRecord } from '../cases/case-read.ts';
import { countdown } from '../queues/countdown.ts';
import { clockLabel, countdownText } from './clocks.ts';
import { shortDateTime } from './dates.ts';
import { csrfField, type PageCtx } from './layout.ts';
import { natureName } from './queue-rows.ts';

export interface Identity {
  name: string | null;
  email: string | null;
  phone: string | null;
  fax: string | null;
  address: string | null;
}

export function identityBlock(ctx: PageCtx, c: CaseRecord, opts: { canReveal: boolean; revealed: Identity | null }): string {
  const { t } = ctx;
  const who = c.contact_id ? t('case.pseudonym', { id: c.contact_id.slice(0, 8) }) : t('case.anonymous');
  if (opts.revealed) {
    const r = opts.revealed;
    const rows = (['name', 'email', 'phone', 'fax', 'address'] as const)
      .filter((k) => r[k])
      .map((k) => `<tr><th scope="row">${h(t(`case.${k}`))}</th><td>${h(r[k])}</td></tr>`)
      .join('');
    return `<section class="card identity" aria-labelledby="h-identity"><h2 id="h-identity">${h(t('case.identity'))}</h2><p class="small">${h(t('case.revealed'))}</p><table class="kv"><tbody>${rows}</tbody></table></section>`;
  }
  const form =
    opts.canReveal && c.contact_id
      ? `<details><summary>${h(t('case.reveal'))}</summary><form method="post" action="/dossiers/${h(c.case_id)}/identite">${csrfField(ctx)}
          <label for="reveal-reason">${h(t('case.revealReason'))}</label><textarea id="reveal-reason" name="reason" required minlength="10"></textarea>
          <button type="submit">${h(t('case.reveal'))}</button></form></details>`
      : '';
  return `<section class="card" aria-labelledby="h-identity"><h2 id="h-identity">${h(t('case.identity'))}</h2><p>${h(who)}</p><p class="small muted">${h(t('case.protected'))}</p>${form}</section>`;
}

/** Why the case is in its queue: the router's reason, or the profile's destination for its nature. */
function whyQueue(ctx: PageCtx, c: CaseRecord): string {
  const { t, profile: p, lang } = ctx;
  const dest = p.natures.find((n) => n.code === c.nature);
  const parts = [c.route_reason?.trim() || ''];
  if (dest && dest.queue === c.queue) parts.push(t('case.whyNature', { nature: dest.label[lang], queue: p.queues.find((q) => q.id === c.queue)?.label[lang] ?? c.queue ?? '' }));
  else if (c.queue === p.triageQueue) parts.push(t('case.whyTriage'));
  else if (c.queue && dest) parts.push(t('case.whyMoved'));
  return parts.filter(Boolean).join(' ; ') || '—';
}

export function classificationBlock(ctx: PageCtx, c: CaseRecord): string {
  const { t, profile: p, lang } = ctx;
  const adm = p.admissibility.find((a) => a.code === c.admissibility)?.label[lang] ?? c.admissibility ?? '—';
  const reason = c.urgency === 'urgente' ? (p.urgencyReasons.find((u) => u.code === c.urgency_reason)?.label[lang] ?? c.urgency_reason ?? '') : '';
  return `<section class="card" aria-labelledby="h-class"><h2 id="h-class">${h(t('case.classification'))}</h2><table class="kv"><tbody>
    <tr><th scope="row">${h(t('case.kind'))}</th><td>${h(label(KIND_LABELS, c.kind, lang))}</td></tr>
    <tr><th scope="row">${h(t('case.admissibility'))}</th><td>${h(adm)}${c.referral ? ` → ${h(c.referral)}` : ''}</td></tr>
    <tr><th scope="row">${h(t('case.nature'))}</th><td>${h(natureName(p, c.nature, lang))}</td></tr>
    <tr><th scope="row">${h(t('case.urgency'))}</th><td>${c.urgency === 'urgente' ? `<span class="badge urgent">${h(t('urgency.urgent'))}</span> ${h(reason)}` : h(t('urgency.normal'))}</td></tr>
    <tr><th scope="row">${h(t('case.queue'))}</th><td>${h(p.queues.find((q) => q.id === c.queue)?.label[lang] ?? c.queue ?? '—')}</td></tr>
    <tr><th scope="row">${h(t('case.why'))}</th><td>${h(whyQueue(ctx, c))}</td></tr>
    <tr><th scope="row">${h(t('case.rules'))}</th><td>${h((c.classification_rules ?? []).join(', ') || '—')}</td></tr>
    <tr><th scope="row">${h(t('case.terms'))}</th><td>${h((c.classification_terms ?? []).join(', ') || '—')}</td></tr>
    <tr><th scope="row">${h(t('case.confidence'))}</th><td>${c.confidence === null ? '—' : `${Math.round(c.confidence * 100)} %`}</td></tr>
    <tr><th scope="row">${h(t('case.model'))}</th><td class="ref">${h(c.model_version ?? '—')}</td></tr>
  </tbody></table></section>`;
}

export function deadlinesBlock(ctx: PageCtx, cal: BusinessCalendar, clocks: CaseBundle['clocks'], now: Date): string {
  const { t, profile: p, lang } = ctx;
  const rows = clocks
    .map((k) => {
      const cd = countdown(cal, k.due_at, now, { met: !!k.met_at, paused: k.paused });
      const cls = cd.state === 'late' || cd.state === 'today' ? 'late' : cd.state === 'met' ? 'ok' : cd.state === 'paused' ? 'paused' : cd.state === 'soon' ? 'soon' : 'neutral';
      return `<tr><td>${h(clockLabel(t, k.clock))}</td><td>${h(shortDateTime(k.due_at, p.timezone, lang))}</td><td><span class="badge ${cls}">${h(countdownText(t, cd))}</span>${k.met_at ? `<br><span class="small muted">${h(shortDateTime(k.met_at, p.timezone, lang))}</span>` : ''}</td></tr>`;
    })
    .join('');
  return `<section class="card" aria-labelledby="h-dl"><h2 id="h-dl">${h(t('case.deadlines'))}</h2>${
    clocks.length
      ? `<table><thead><tr><th scope="col">${h(t('case.clock'))}</th><th scope="col">${h(t('case.due'))}</th><th scope="col">${h(t('case.countdown'))}</th></tr></thead><tbody>${rows}</tbody></table>`
      : `<p class="muted">${h(t('cd.none'))}</p>`
  }</section>`;
}

export function antecedentsBlock(ctx: PageCtx, items: CaseBundle['antecedents'], canOpen: (a: CaseBundle['antecedents'][number]) => boolean): string {
  const { t, profile: p, lang } = ctx;
  const list = items.length
    ? `<ul>${items
        .map(
          (a) => `<li>${canOpen(a) ? `<a class="ref" href="/dossiers/${h(a.case_id)}">${h(a.case_id)}</a>` : `<span class="ref">${h(a.case_id)}</span> <span class="muted small">${h(t('case.otherQueue'))}</span>`}
            — ${h(formatDate(a.received_at, p.timezone, lang))}, ${h(natureName(p, a.nature, lang))}, ${h(label(STATUS_LABELS, a.status, lang))}</li>`,
        )
        .join('')}</ul>`
    : `<p class="muted">${h(t('case.noAntecedents'))}</p>`;
  return `<section class="card" aria-labelledby="h-ante"><h2 id="h-ante">${h(t('case.antecedents'))}</h2>${list}</section>`;
}
