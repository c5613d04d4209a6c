// What one viewer's live stream says about a batch of projected events: the queues and cases they
// may see that changed and how many of them are new, never anything personal. Accesses
// (consultations, identity reveals) change nothing a page shows and are left out: announcing them
// would make every open case file report a change each time someone reads it.
import type { Change } from './change-feed.ts';

export const ACCESS_EVENTS = new Set(['case.viewed.v1', 'case.identity-revealed.v1']);

export interface LiveMessage {
  queues: string[];
  cases: string[];
  opened: number;
  aggregates: boolean;
}

export function changesFor(batch: Change[], who: { allCases: boolean; ownCases: boolean; queues: ReadonlySet<string>; aggregates: boolean }): LiveMessage | null {
  const real = batch.filter((ch) => !ACCESS_EVENTS.has(ch.type));
  if (real.length === 0) return null;
  const visible = real.filter((ch) => who.allCases || (who.ownCases && ch.queue !== null && who.queues.has(ch.queue)));
  const msg = {
    queues: [...new Set(visible.map((ch) => ch.queue).filter((q): q is string => q !== null))],
    cases: [...new Set(visible.map((ch) => ch.caseId))],
    opened: new Set(visible.filter((ch) => ch.type.startsWith('case.routed') || ch.type.startsWith('case.opened')).map((ch) => ch.caseId)).size,
    aggregates: who.aggregates,
  };
  return msg.cases.length || who.aggregates ? msg : null;
}
