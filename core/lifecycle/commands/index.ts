// The case commands by verb, as the CLI (`bin/doleances case <id> <action> …`) and the staff web app
// (issue 9) call them: raw arguments (strings from a form or the command line) are validated here,
// then the command validates against the case and returns the events to publish. `merge` acts on
// two cases (the duplicate and the case kept): runMergeCommand takes both.
import { z } from 'zod';
import type { CaseEvent } from '../../events/schemas.ts';
import type { Action } from '../state-machine.ts';
import { invalid, type CaseSnapshot, type CommandContext } from './context.ts';
import { extend } from './deadlines.ts';
import { close, drop, inadmissible, judge, redirect, reclassify, reopen } from './decisions.ts';
import { answer, answered, ask, assign, escalate, note, take } from './handling.ts';
import { merge } from './merge.ts';
import { reveal, view, wallOff } from './privacy.ts';

export type { Actor, CaseSnapshot, CommandContext } from './context.ts';

const text = z.string();
const opt = z.string().optional();
const list = z.preprocess((v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : v), z.array(z.string()));
const yes = z.preprocess((v) => (typeof v === 'string' ? ['oui', 'true', '1', 'yes'].includes(v.toLowerCase()) : v), z.boolean());
const via = z.enum(['email', 'letter', 'phone', 'sms']).optional();

interface Command {
  args: z.ZodType;
  run(snap: CaseSnapshot, ctx: CommandContext, args: never): CaseEvent[];
}

const cmd = <S extends z.ZodType>(args: S, run: (snap: CaseSnapshot, ctx: CommandContext, args: z.infer<S>) => CaseEvent[]): Command => ({ args, run: run as Command['run'] });

export const CASE_COMMANDS: Record<Exclude<Action, 'merge'>, Command> = {
  take: cmd(z.object({ reason: opt }), take),
  assign: cmd(z.object({ queue: opt, assignee: opt, reason: text }), assign),
  note: cmd(z.object({ text, interventionAt: opt }), note),
  ask: cmd(z.object({ reason: text, question: opt, via }), ask),
  answered: cmd(z.object({ at: opt, messageId: opt, reason: opt }), answered),
  answer: cmd(z.object({ text, via: z.enum(['email', 'letter', 'phone', 'sms', 'fax', 'in_person']).optional() }), answer),
  judge: cmd(z.object({ finding: text, criteria: list, reason: text, improvements: opt }), judge),
  close: cmd(z.object({ reason: text }), close),
  redirect: cmd(z.object({ body: text, consent: yes, reason: text }), redirect),
  inadmissible: cmd(z.object({ code: text, reason: text }), inadmissible),
  drop: cmd(z.object({ reason: text }), drop),
  reopen: cmd(z.object({ reason: text }), reopen),
  reclassify: cmd(z.object({ kind: opt, admissibility: opt, nature: opt, urgency: opt, urgencyReason: opt, reason: text }), reclassify),
  escalate: cmd(z.object({ step: text, reason: text, note: opt }), escalate),
  extend: cmd(z.object({ clock: opt, until: text, justification: text }), extend),
  view: cmd(z.object({ purpose: opt }), view),
  reveal: cmd(z.object({ role: opt, reason: text, fields: list.optional() }), reveal),
  'wall-off': cmd(z.object({ employee: text, reason: text }), wallOff),
};

/** Validates raw arguments for `action` and runs it: the events to publish, or a DoleancesError. */
export function runCaseCommand(action: string, snap: CaseSnapshot, ctx: CommandContext, raw: Record<string, unknown>): CaseEvent[] {
  if (action === 'merge') throw invalid('action', '« merge » demande aussi le dossier conservé (runMergeCommand)');
  const c = CASE_COMMANDS[action as Exclude<Action, 'merge'>];
  if (!c) throw invalid('action', `« ${action} » inconnue (${[...Object.keys(CASE_COMMANDS), 'merge'].join(', ')})`);
  return c.run(snap, ctx, parse(c.args, raw, action) as never);
}

const MERGE_ARGS = z.object({ reason: text });

/** Merges the duplicate `dup` into `kept`: the events of both cases, or a DoleancesError. */
export function runMergeCommand(dup: CaseSnapshot, kept: CaseSnapshot, ctx: CommandContext, raw: Record<string, unknown>): CaseEvent[] {
  return merge(dup, kept, ctx, parse(MERGE_ARGS, raw, 'merge'));
}

function parse<S extends z.ZodType>(schema: S, raw: Record<string, unknown>, action: string): z.infer<S> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw invalid(issue.path.join('.') || action, issue.code === 'invalid_type' ? 'obligatoire' : issue.message);
  }
  return parsed.data;
}

export { answer, answered, ask, assign, close, drop, escalate, extend, inadmissible, judge, merge, note, redirect, reclassify, reopen, reveal, take, view, wallOff };
