// Absences and stand-ins (seed 004): the form to record an absence (oneself, or anyone for the
// complaints officer and the management) and name who takes over, and the list of current and
// upcoming absences with a cancel button.
import { escapeHtml as h, formatDate } from '../../core/i18n/format.ts';
import type { Absence } from '../absences/absences.ts';
import type { StaffUser } from '../auth/roles.ts';
import { csrfField, layout, type PageCtx } from './layout.ts';

export function absencesPage(ctx: PageCtx, data: { me: StaffUser; people: StaffUser[]; canForOthers: boolean; absences: Absence[]; today: string; flash?: string; error?: string }): string {
  const { t, profile: p, lang } = ctx;
  const name = (id: string) => data.people.find((u) => u.userId === id)?.displayName ?? t('common.unknownUser');
  const day = (d: string) => formatDate(`${d}T12:00:00Z`, p.timezone, lang);
  const who = data.canForOthers
    ? `<label for="abs-who">${h(t('absences.who'))}</label><select id="abs-who" name="userId">${data.people.map((u) => `<option value="${h(u.userId)}"${u.userId === data.me.userId ? ' selected' : ''}>${h(u.displayName)}</option>`).join('')}</select>`
    : `<input type="hidden" name="userId" value="${h(data.me.userId)}">`;
  const delegates = data.people.filter((u) => u.userId !== data.me.userId || data.canForOthers);
  const rows = data.absences
    .map((a) => {
      const mayCancel = data.canForOthers || a.userId === data.me.userId;
      return `<tr><td>${h(name(a.userId))}</td><td>${h(name(a.delegateId))}</td><td>${h(day(a.startsOn))} → ${h(day(a.endsOn))}${a.startsOn <= data.today ? ` <span class="badge ok">${h(t('absences.current'))}</span>` : ''}</td><td>${h(a.note)}</td>
        <td>${mayCancel ? `<form method="post" action="/absences/${h(a.absenceId)}/annuler" class="inline">${csrfField(ctx)}<button type="submit" class="danger">${h(t('absences.cancel'))}</button></form>` : ''}</td></tr>`;
    })
    .join('');
  const error = data.error ? `<p class="error" role="alert">${h(data.error)}</p>` : '';
  return layout(
    ctx,
    t('absences.title'),
    `<h1>${h(t('absences.title'))}</h1><p class="muted">${h(t('absences.intro'))}</p>${error}
     <section class="card"><form method="post" action="/absences">${csrfField(ctx)}${who}
       <label for="abs-delegate">${h(t('absences.delegate'))}</label><select id="abs-delegate" name="delegateId" required>${delegates.filter((u) => u.userId !== data.me.userId).map((u) => `<option value="${h(u.userId)}">${h(u.displayName)} (${h(t(`role.${u.role}`))})</option>`).join('')}</select>
       <div class="filters"><div><label for="abs-from">${h(t('absences.from'))}</label><input id="abs-from" name="startsOn" type="date" required value="${h(data.today)}"></div>
       <div><label for="abs-to">${h(t('absences.to'))}</label><input id="abs-to" name="endsOn" type="date" required value="${h(data.today)}"></div></div>
       <label for="abs-note">${h(t('absences.note'))}</label><input id="abs-note" name="note" maxlength="300">
       <button type="submit" class="primary">${h(t('absences.mark'))}</button></form></section>
     <h2>${h(t('absences.list'))}</h2>${
       data.absences.length
         ? `<div class="table-wrap"><table><thead><tr><th scope="col">${h(t('absences.who'))}</th><th scope="col">${h(t('absences.delegate'))}</th><th scope="col">${h(t('absences.from'))} / ${h(t('absences.to'))}</th><th scope="col">${h(t('absences.note'))}</th><th scope="col"><span class="visually-hidden">${h(t('absences.cancel'))}</span></th></tr></thead><tbody>${rows}</tbody></table></div>`
         : `<p class="muted">${h(t('absences.none'))}</p>`
     }`,
    { flash: data.flash },
  );
}
