// The actions panel of a case file: one small form per action the lifecycle allows from the
// case's status and the viewer's role allows (both are checked again on the server when the form
// is posted). Each form posts to /dossiers/<id>/actions/<action> with the CSRF token.
import { escapeHtml as h } from '../../core/i18n/format.ts';
import type { UiAction } from '../cases/commands.ts';
import type { StaffUser } from '../auth/roles.ts';
import type { CaseRecord } from '../cases/case-read.ts';
import type { MessageKey } from '../i18n/translate.ts';
import { actionFields } from './case-action-fields.ts';
import { csrfField, type PageCtx } from './layout.ts';

export interface ActionsCtx {
  c: CaseRecord;
  actions: readonly UiAction[];
  users: StaffUser[];
  /** Reply templates already filled for this case: id → label, subject, text. */
  templates: { id: string; label: string; subject: string; text: string }[];
  canEmail: boolean;
}

const ORDER: UiAction[] = ['take', 'assign', 'note', 'answer', 'ask', 'answered', 'escalate', 'judge', 'close', 'redirect', 'inadmissible', 'drop', 'reclassify', 'merge', 'extend', 'wall-off', 'reopen'];
const CONFIRM: Partial<Record<UiAction, MessageKey>> = { close: 'f.confirmClose', drop: 'f.confirmClose', inadmissible: 'f.confirmClose', redirect: 'f.confirmClose', merge: 'f.confirmMerge' };

export function actionsPanel(ctx: PageCtx, a: ActionsCtx): string {
  const { t } = ctx;
  const shown = ORDER.filter((x) => a.actions.includes(x));
  if (shown.length === 0) return '';
  const base = `/dossiers/${h(a.c.case_id)}/actions`;
  const forms = shown
    .map((action) => {
      const label = t(`act.${action}` as MessageKey);
      const confirm = CONFIRM[action] ? ` data-confirm="${h(t(CONFIRM[action]!))}"` : '';
      if (action === 'take') {
        return `<form method="post" action="${base}/take">${csrfField(ctx)}<button type="submit" class="primary">${h(label)}</button></form>`;
      }
      return `<details${action === 'answer' ? ' open' : ''}><summary>${h(label)}</summary><form method="post" action="${base}/${action}"${confirm}>${csrfField(ctx)}
        ${actionFields(ctx, action, a)}<button type="submit"${action === 'close' ? ' class="primary"' : ''}>${h(action === 'answer' || action === 'ask' ? t('f.send') : t('f.submit'))}</button></form></details>`;
    })
    .join('');
  return `<section class="card actions-panel" aria-labelledby="h-actions"><h2 id="h-actions">${h(t('case.actions'))}</h2>${forms}</section>`;
}
