// The staff app's door to the lifecycle command layer (core/lifecycle/commands): it builds the
// command context (the acting staff member as an Actor with their lifecycle role, now, profile,
// calendar, keyring), runs a command on the case as folded from its events, and publishes the
// events it returns with publishEvents. The page shows them once the store has projected them.
// It also says which actions to offer (the state machine's transitions, the viewer's permissions,
// the policy's conditions). Merging a duplicate acts on two cases (the lifecycle's `merge`:
// case.merged.v1 on the duplicate, case.duplicate-attached.v1 on the case kept); the absence
// hand-over is composed here, one assignment per case.
import type { BusinessCalendar } from '../../core/calendar/business-calendar.ts';
import type { Keyring } from '../../core/crypto/keyring.ts';
import { publishEvents } from '../../core/events/publish.ts';
import type { CaseEvent } from '../../core/events/schemas.ts';
import type { Log } from '../../core/log/types.ts';
import { runCaseCommand, runMergeCommand, type Actor, type CommandContext } from '../../core/lifecycle/commands/index.ts';
import { TRANSITIONS, type Action } from '../../core/lifecycle/state-machine.ts';
import { REVEAL_ROLES, STEP_NATURES } from '../../core/lifecycle/vocabulary.ts';
import type { Profile } from '../../core/profiles/schema.ts';
import { actorOf, can, LIFECYCLE_ROLES, type StaffUser } from '../auth/roles.ts';
import type { WarehouseReader } from '../http/warehouse-reader.ts';
import { fillTemplate, TEMPLATES } from '../mail/templates.ts';
import { readCase, type CaseBundle } from './case-read.ts';

/** What a form can ask for: the lifecycle's verbs. */
export type UiAction = Action;

export function lifecycleActor(user: StaffUser): Actor {
  return { id: actorOf(user), roles: [LIFECYCLE_ROLES[user.role]] };
}

const OFFERED: readonly Action[] = ['take', 'assign', 'note', 'answer', 'ask', 'answered', 'escalate', 'judge', 'close', 'redirect', 'inadmissible', 'drop', 'reclassify', 'merge', 'extend', 'wall-off', 'reopen'];

export class CaseCommands {
  constructor(
    private deps: { profile: Profile; calendar: BusinessCalendar; keyring: Keyring; log: Log; reader: WarehouseReader },
    private now: () => Date = () => new Date(),
  ) {}

  private ctx(user: StaffUser): CommandContext {
    return { actor: lifecycleActor(user), now: this.now(), profile: this.deps.profile, calendar: this.deps.calendar, keyring: this.deps.keyring };
  }

  /** The actions worth offering on this case to this user (the command validates again when run). */
  available(b: CaseBundle, user: StaffUser): UiAction[] {
    if (!can(user, 'cases.act')) return [];
    const s = b.state;
    const me = actorOf(user);
    const roles = lifecycleActor(user).roles;
    const offered = OFFERED.filter((a) => TRANSITIONS[a].from.includes(s.status)).filter((a) => {
      if (a === 'take') return s.assignee !== me;
      if (a === 'judge') return s.kind === 'plainte';
      if (a === 'close') return s.kind !== 'plainte' || s.judgement !== null;
      if (a === 'escalate') {
        const nature = this.deps.profile.natures.find((n) => n.code === s.nature);
        return (nature?.steps.length ?? 0) > 0 || (STEP_NATURES as readonly string[]).includes(s.nature ?? '');
      }
      if (a === 'wall-off') return roles.some((r) => (REVEAL_ROLES as readonly string[]).includes(r));
      // A merged duplicate is not reopened (the case kept carries the matter).
      if (a === 'reopen') return !s.mergedInto;
      return true;
    });
    return offered;
  }

  /** Validate and build the events of an action without publishing them (for sends that must succeed first). */
  prepare(action: Action, b: CaseBundle, user: StaffUser, raw: Record<string, unknown>): CaseEvent[] {
    return runCaseCommand(action, b.snapshot, this.ctx(user), raw);
  }

  async publish(events: CaseEvent[]): Promise<void> {
    if (events.length) await publishEvents(this.deps.log, events);
  }

  async run(action: Action, b: CaseBundle, user: StaffUser, raw: Record<string, unknown>): Promise<CaseEvent[]> {
    const events = this.prepare(action, b, user, raw);
    await this.publish(events);
    return events;
  }

  /** Every consultation, download and identity reveal is an event of the case file (Law 25, seed 001). */
  async access(b: CaseBundle, user: StaffUser, kind: 'view' | 'download' | 'reveal', detail: string): Promise<void> {
    if (kind === 'reveal') await this.run('reveal', b, user, { reason: detail });
    else await this.run('view', b, user, { purpose: kind === 'view' ? 'consultation du dossier' : `téléchargement : ${detail}` });
  }

  /** Merge the duplicate `dup` into the case `kept`: one event in each file, published together. */
  async merge(dup: CaseBundle, kept: CaseBundle, user: StaffUser, reason: string): Promise<CaseEvent[]> {
    const events = runMergeCommand(dup.snapshot, kept.snapshot, this.ctx(user), { reason });
    await this.publish(events);
    return events;
  }

  /** Seed 004: an absent person's open cases go to their stand-in, each with the reason in its file. */
  async reassignAll(absent: StaffUser, delegate: StaffUser, by: StaffUser, reason: string): Promise<number> {
    const ids = await this.deps.reader.use((db) =>
      db.all<{ case_id: string }>(
        `SELECT case_id FROM cases WHERE assignee = $1 AND closed_at IS NULL`,
        [actorOf(absent)],
      ),
    );
    let moved = 0;
    for (const { case_id } of ids) {
      const b = await this.deps.reader.use((db) => readCase(db, case_id, this.deps.profile, this.deps.calendar));
      if (!b || b.state.assignee !== actorOf(absent) || b.state.walledOff.includes(actorOf(delegate))) continue;
      await this.run('assign', b, by, { queue: b.state.queue ?? undefined, assignee: actorOf(delegate), reason });
      moved++;
    }
    return moved;
  }

  templates(lang: 'fr' | 'en', caseId: string): { id: string; label: string; subject: string; text: string }[] {
    return TEMPLATES.map((t) => ({ id: t.id, label: t.label[lang], subject: fillTemplate(t.subject, this.deps.profile, caseId), text: fillTemplate(t.body, this.deps.profile, caseId) }));
  }
}
