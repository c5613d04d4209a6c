// From an action form's fields to the lifecycle command's raw arguments (core/lifecycle/commands/
// index.ts validates them): field names of the forms (dashboards/views/case-action-fields.ts) on
// one side, the commands' argument names on the other. Empty fields are left out, so optional
// arguments keep the command's defaults.
import type { Action } from '../../core/lifecycle/state-machine.ts';

type Form = Record<string, string | string[]>;

const one = (f: Form, k: string): string | undefined => {
  const v = f[k];
  const s = Array.isArray(v) ? v[0] : v;
  return s === undefined || s.trim() === '' ? undefined : s.trim();
};

const many = (f: Form, k: string): string[] => {
  const v = f[k];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).map((s) => s.trim()).filter(Boolean);
};

function compact(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

export function formArgs(action: Action, f: Form): Record<string, unknown> {
  const reason = one(f, 'reason');
  switch (action) {
    case 'take':
      return compact({ reason });
    case 'assign':
      return compact({ queue: one(f, 'queue'), assignee: one(f, 'assignee'), reason });
    case 'note':
      return compact({ text: one(f, 'note'), interventionAt: one(f, 'interventionAt') });
    case 'ask':
      return compact({ reason, question: one(f, 'question'), via: one(f, 'via') });
    case 'answered':
      return compact({ at: one(f, 'at'), reason: one(f, 'note') });
    case 'answer':
      return compact({ text: one(f, 'text'), via: one(f, 'via') });
    case 'escalate':
      return compact({ step: one(f, 'step'), reason, note: one(f, 'note') });
    case 'judge':
      return compact({ finding: one(f, 'finding'), criteria: many(f, 'criteria'), reason, improvements: one(f, 'improvements') });
    case 'redirect':
      return compact({ body: one(f, 'body'), consent: one(f, 'consent') === '1' ? '1' : '0', reason });
    case 'inadmissible':
      return compact({ code: one(f, 'code'), reason });
    case 'reclassify':
      return compact({ kind: one(f, 'kind'), nature: one(f, 'nature'), urgency: one(f, 'urgency'), urgencyReason: one(f, 'urgencyReason'), reason });
    case 'extend':
      return compact({ clock: one(f, 'clock'), until: one(f, 'until'), justification: reason });
    case 'wall-off':
      return compact({ employee: one(f, 'employee'), reason });
    case 'reveal':
      return compact({ reason, fields: many(f, 'fields') });
    default:
      return compact({ reason });
  }
}
