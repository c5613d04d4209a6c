// Administration of accounts: the list, the creation form, and one account's edit page (role,
// services, language, active, password). Services are the profile's queues.
import { escapeHtml as h } from '../../core/i18n/format.ts';
import { ROLES, type StaffUser } from '../auth/roles.ts';
import { csrfField, layout, type PageCtx } from './layout.ts';

function roleSelect(ctx: PageCtx, current: string): string {
  return `<select id="role" name="role">${ROLES.map((r) => `<option value="${r}"${r === current ? ' selected' : ''}>${h(ctx.t(`role.${r}`))}</option>`).join('')}</select>`;
}

function servicesField(ctx: PageCtx, selected: string[]): string {
  return `<fieldset><legend>${h(ctx.t('users.services'))}</legend>${ctx.profile.queues
    .map((q) => `<label class="check"><input type="checkbox" name="services" value="${h(q.id)}"${selected.includes(q.id) ? ' checked' : ''}> ${h(q.label[ctx.lang])}</label>`)
    .join('')}</fieldset>`;
}

function langSelect(ctx: PageCtx, current: string): string {
  return `<label for="lang">${h(ctx.t('users.lang'))}</label><select id="lang" name="lang"><option value="fr"${current === 'fr' ? ' selected' : ''}>Français</option><option value="en"${current === 'en' ? ' selected' : ''}>English</option></select>`;
}

export function usersPage(ctx: PageCtx, users: StaffUser[], opts: { flash?: string; error?: string } = {}): string {
  const { t } = ctx;
  const queueName = (id: string) => ctx.profile.queues.find((q) => q.id === id)?.label[ctx.lang] ?? id;
  const rows = users
    .map(
      (u) => `<tr><td>${h(u.displayName)}${u.active ? '' : ` <span class="badge neutral">${h(t('users.inactive'))}</span>`}</td><td class="ref">${h(u.username)}</td>
        <td>${h(t(`role.${u.role}`))}</td><td>${h(u.services.map(queueName).join(', ') || '—')}</td>
        <td><a href="/admin/utilisateurs/${h(u.userId)}">${h(t('users.edit'))}<span class="visually-hidden"> ${h(u.displayName)}</span></a></td></tr>`,
    )
    .join('');
  const error = opts.error ? `<p class="error" role="alert">${h(opts.error)}</p>` : '';
  return layout(
    ctx,
    t('users.title'),
    `<h1>${h(t('users.title'))}</h1><p class="muted">${h(t('users.intro'))}</p>
     <div class="table-wrap"><table><thead><tr><th scope="col">${h(t('users.displayName'))}</th><th scope="col">${h(t('users.username'))}</th><th scope="col">${h(t('users.role'))}</th><th scope="col">${h(t('users.services'))}</th><th scope="col"><span class="visually-hidden">${h(t('users.edit'))}</span></th></tr></thead><tbody>${rows}</tbody></table></div>
     <section class="card"><h2>${h(t('users.new'))}</h2>${error}
       <form method="post" action="/admin/utilisateurs">${csrfField(ctx)}
         <label for="username">${h(t('users.username'))}</label><input id="username" name="username" required autocomplete="off">
         <label for="displayName">${h(t('users.displayName'))}</label><input id="displayName" name="displayName" required autocomplete="off">
         <label for="role">${h(t('users.role'))}</label>${roleSelect(ctx, 'agent')}
         ${servicesField(ctx, [])}${langSelect(ctx, 'fr')}
         <label for="password">${h(t('users.password'))}</label><input id="password" name="password" type="password" required minlength="12" autocomplete="new-password">
         <button type="submit" class="primary">${h(t('users.create'))}</button>
       </form></section>`,
    { flash: opts.flash },
  );
}

export function userEditPage(ctx: PageCtx, u: StaffUser, opts: { flash?: string; error?: string } = {}): string {
  const { t } = ctx;
  const error = opts.error ? `<p class="error" role="alert">${h(opts.error)}</p>` : '';
  return layout(
    ctx,
    t('users.editTitle', { name: u.displayName }),
    `<p><a href="/admin/utilisateurs">← ${h(t('users.title'))}</a></p><h1>${h(t('users.editTitle', { name: u.displayName }))}</h1>${error}
     <section class="card"><form method="post" action="/admin/utilisateurs/${h(u.userId)}">${csrfField(ctx)}
       <p class="muted">${h(t('users.username'))} : <span class="ref">${h(u.username)}</span></p>
       <label for="displayName">${h(t('users.displayName'))}</label><input id="displayName" name="displayName" value="${h(u.displayName)}" required>
       <label for="role">${h(t('users.role'))}</label>${roleSelect(ctx, u.role)}
       ${servicesField(ctx, u.services)}${langSelect(ctx, u.lang)}
       <label class="check"><input type="checkbox" name="active" value="1"${u.active ? ' checked' : ''}> ${h(t('users.active'))}</label>
       <button type="submit" class="primary">${h(t('form.save'))}</button></form></section>
     <section class="card"><h2>${h(t('users.resetPassword'))}</h2><form method="post" action="/admin/utilisateurs/${h(u.userId)}/mot-de-passe">${csrfField(ctx)}
       <label for="password">${h(t('users.newPassword'))}</label><input id="password" name="password" type="password" required minlength="12" autocomplete="new-password">
       <button type="submit">${h(t('users.resetPassword'))}</button></form></section>`,
    { flash: opts.flash },
  );
}
