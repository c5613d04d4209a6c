// The page frame: skip link, header with the body's name, navigation by permission, the language
// switch and the sign-out form (a POST with the CSRF token). No inline script or style: the CSP
// forbids them; behaviour comes from /static/app.js.
import { escapeHtml as h } from '../../core/i18n/format.ts';
import type { Profile } from '../../core/profiles/schema.ts';
import { can } from '../auth/roles.ts';
import type { Viewer } from '../http/env.ts';
import type { Lang, T } from '../i18n/translate.ts';

export interface PageCtx {
  profile: Profile;
  viewer: Viewer | null;
  lang: Lang;
  t: T;
  /** Current path, for the language switch to come back to and for the active nav item. */
  path: string;
  reportsMounted: boolean;
}

export function csrfField(ctx: PageCtx): string {
  return ctx.viewer ? `<input type="hidden" name="_csrf" value="${h(ctx.viewer.session.csrf)}">` : '';
}

function nav(ctx: PageCtx): string {
  const v = ctx.viewer;
  if (!v) return '';
  const { t } = ctx;
  const items: [string, string][] = [];
  if (can(v.user, 'cases.own-queues') || can(v.user, 'cases.all-queues')) items.push(['/files', t('nav.queues')]);
  if (can(v.user, 'reports.view')) items.push(['/tableau-de-bord', t('nav.dashboard')]);
  if (can(v.user, 'reports.view') && ctx.reportsMounted) items.push(['/rapports', t('nav.reports')]);
  if (can(v.user, 'intake.view')) items.push(['/accueil/non-dossiers', t('nav.intake')]);
  if (can(v.user, 'cases.act')) items.push(['/absences', t('nav.absences')]);
  if (can(v.user, 'users.manage')) items.push(['/admin/utilisateurs', t('nav.users')]);
  const links = items
    .map(([href, label]) => `<li><a href="${href}"${ctx.path === href || ctx.path.startsWith(`${href}/`) ? ' aria-current="page"' : ''}>${h(label)}</a></li>`)
    .join('');
  return `<nav aria-label="${h(t('nav.main'))}"><ul class="nav">${links}</ul></nav>`;
}

function account(ctx: PageCtx): string {
  const { t, viewer } = ctx;
  const other: Lang = ctx.lang === 'fr' ? 'en' : 'fr';
  const langLink = `<a class="lang" href="/langue/${other}?retour=${encodeURIComponent(ctx.path)}" lang="${other}" title="${h(t('nav.langLabel'))}">${h(t('nav.lang'))}</a>`;
  if (!viewer) return `<div class="account">${langLink}</div>`;
  const who = t('nav.signedInAs', { name: viewer.user.displayName, role: t(`role.${viewer.user.role}`) });
  return `<div class="account"><span class="who">${h(who)}</span>${langLink}
    <form method="post" action="/deconnexion" class="inline">${csrfField(ctx)}<button type="submit" class="link">${h(t('nav.logout'))}</button></form></div>`;
}

export function layout(ctx: PageCtx, title: string, body: string, opts: { live?: boolean; flash?: string; caseId?: string } = {}): string {
  const { t } = ctx;
  const flash = opts.flash ? `<p class="flash" role="status">${h(opts.flash)}</p>` : '';
  return `<!doctype html>
<html lang="${ctx.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(title)} — ${h(t('app.name'))}</title><link rel="stylesheet" href="/static/app.css">
<script src="/static/app.js" defer></script></head>
<body${opts.live ? ' data-live="1"' : ''}${opts.caseId ? ` data-case-id="${h(opts.caseId)}"` : ''}><a class="skip" href="#contenu">${h(t('app.skip'))}</a>
<header class="top"><div class="brand"><a href="/">${h(t('app.name'))}</a><span class="org">${h(ctx.profile.name[ctx.lang])}</span></div>${account(ctx)}</header>
${nav(ctx)}
<main id="contenu" tabindex="-1">${flash}${body}</main>
<div id="annonces" class="visually-hidden" aria-live="polite"></div>
</body></html>`;
}
