// The sign-in form: username and password, the pre-login CSRF token, and the reason the previous
// attempt failed (wrong credentials, too many attempts, expired session).
import { escapeHtml as h } from '../../core/i18n/format.ts';
import { layout, type PageCtx } from './layout.ts';

export function loginPage(ctx: PageCtx, token: string, opts: { error?: string; next?: string; username?: string } = {}): string {
  const { t } = ctx;
  const error = opts.error ? `<p class="error" role="alert" id="login-error">${h(opts.error)}</p>` : '';
  return layout(
    ctx,
    t('login.title'),
    `<section class="login card"><h1>${h(t('login.title'))}</h1><p class="muted">${h(t('login.intro'))}</p>${error}
     <form method="post" action="/connexion"${opts.error ? ' aria-describedby="login-error"' : ''}>
       <input type="hidden" name="_csrf" value="${h(token)}"><input type="hidden" name="suite" value="${h(opts.next ?? '')}">
       <label for="username">${h(t('login.username'))}</label>
       <input id="username" name="username" autocomplete="username" required autofocus value="${h(opts.username ?? '')}">
       <label for="password">${h(t('login.password'))}</label>
       <input id="password" name="password" type="password" autocomplete="current-password" required>
       <button type="submit" class="primary">${h(t('login.submit'))}</button>
     </form></section>`,
  );
}

export function errorPage(ctx: PageCtx, message: string): string {
  const { t } = ctx;
  return layout(ctx, t('error.title'), `<section class="card"><h1>${h(t('error.title'))}</h1><p role="alert">${h(message)}</p><p><a href="/">${h(t('error.back'))}</a></p></section>`);
}
