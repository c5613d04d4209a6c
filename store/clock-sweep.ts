// The open-case clock sweep: one set-based query over the deadlines table finds the clocks that are
// now "due soon" or "overdue" and have not been announced for their current due date; each becomes
// an event (once per clock and due date: an extension that moves the date may warn again). Ids are
// derived from (case, clock, due date), so a sweep that runs again before the store has projected
// the previous one's events changes nothing. Also: a citizen who writes back while the case waits
// for them resumes its clocks (seed 001/000: the file waits on their information, not longer).
import type { CaseEvent } from '../core/events/schemas.ts';
import { deterministicId } from '../core/ids.ts';
import type { ClockName } from '../core/lifecycle/clocks.ts';
import type { Duck } from './duck.ts';

const ISO = (c: string) => `strftime(${c}, '%Y-%m-%dT%H:%M:%S.%gZ')`;

export async function sweepClocks(db: Duck, now: Date): Promise<CaseEvent[]> {
  const rows = await db.all<{ case_id: string; profile_id: string; clock: ClockName; due_at: string; overdue: boolean }>(
    `SELECT d.case_id, c.profile_id, d.clock, ${ISO('d.due_at')} AS due_at, d.due_at < $1::TIMESTAMPTZ AS overdue
     FROM deadlines d JOIN cases c USING (case_id)
     WHERE c.closed_at IS NULL AND d.met_at IS NULL AND d.stopped_at IS NULL AND d.paused_since IS NULL
       AND ((d.due_at < $1::TIMESTAMPTZ AND d.overdue_for IS DISTINCT FROM d.due_at)
         OR (d.due_at >= $1::TIMESTAMPTZ AND d.due_soon_at <= $1::TIMESTAMPTZ AND d.warned_for IS DISTINCT FROM d.due_at))
     ORDER BY d.due_at, d.case_id, d.clock`,
    [now.toISOString()],
  );
  return rows.map((r) => {
    const type = r.overdue ? 'case.clock-overdue.v1' : 'case.clock-due-soon.v1';
    return {
      id: deterministicId(type, r.case_id, r.clock, r.due_at),
      type,
      occurredAt: now.toISOString(),
      correlationId: deterministicId('clock', r.case_id),
      profileId: r.profile_id,
      data: { caseId: r.case_id, clock: r.clock, dueAt: r.due_at, detectedAt: now.toISOString() },
    } as CaseEvent;
  });
}

/** Cases waiting for the citizen who have written back since: their clocks resume at the message. */
export async function resumeAnswered(db: Duck, now: Date): Promise<CaseEvent[]> {
  const rows = await db.all<{ case_id: string; profile_id: string; message_id: string; at: string }>(
    `SELECT c.case_id, c.profile_id, arg_min(m.message_id, m.sent_at) AS message_id, ${ISO('min(m.sent_at)')} AS at
     FROM cases c JOIN case_messages m ON m.case_id = c.case_id AND m.direction = 'inbound' AND m.sent_at > c.paused_since
     WHERE c.status = 'en_attente_citoyen' AND c.paused_since IS NOT NULL GROUP BY c.case_id, c.profile_id ORDER BY c.case_id`,
  );
  const actor = 'systeme:accueil';
  return rows.flatMap((r) => {
    const base = { occurredAt: now.toISOString(), correlationId: deterministicId('resume', r.message_id), profileId: r.profile_id };
    return [
      { ...base, id: deterministicId('case.citizen-answered.v1', r.message_id), type: 'case.citizen-answered.v1', data: { caseId: r.case_id, actor, at: r.at, messageId: r.message_id } },
      { ...base, id: deterministicId('case.status-changed.v1', 'resume', r.message_id), type: 'case.status-changed.v1', data: { caseId: r.case_id, from: 'en_attente_citoyen', to: 'en_traitement', actor, reason: 'Réponse du citoyen reçue : délais repris' } },
    ] as CaseEvent[];
  });
}
