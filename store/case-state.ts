// The case as the lifecycle commands see it, read from the warehouse: its events folded by
// core/lifecycle (state and clocks), so the state a command validates against is the one the file
// shows. Staff commands: `runCaseCommand(action, await loadCase(…), ctx, args)` then publishEvents.
import type { BusinessCalendar } from '../core/calendar/business-calendar.ts';
import { DoleancesError } from '../core/errors.ts';
import { foldCaseState } from '../core/lifecycle/case-state.ts';
import { computeClocks } from '../core/lifecycle/clocks.ts';
import type { CaseSnapshot } from '../core/lifecycle/commands/context.ts';
import type { Profile } from '../core/profiles/schema.ts';
import type { Duck } from './duck.ts';
import { storedEvents } from './project-clocks.ts';

export async function loadCase(db: Duck, caseId: string, profile: Profile, calendar: BusinessCalendar): Promise<CaseSnapshot> {
  const row = await db.one<{ profile_id: string; destroyed: boolean }>(`SELECT profile_id, personal_data_destroyed_at IS NOT NULL AS destroyed FROM cases WHERE case_id = $1`, [caseId]);
  const events = (await storedEvents(db, [caseId])).get(caseId) ?? [];
  const state = row ? foldCaseState(events.map((e) => ({ ...e, profileId: row.profile_id }))) : null;
  if (!row || !state) throw new DoleancesError('NOT_FOUND', `Dossier ${caseId} introuvable.`, { details: { caseId } });
  state.personalDataDestroyed = row.destroyed;
  return { state, clocks: computeClocks(events, profile, calendar) };
}
