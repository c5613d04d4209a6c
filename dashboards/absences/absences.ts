// Absence delegation (seed 004, « Les membres de l'organisation » : « En cas d'absence courte ou
// prolongée … le message d'absence doit indiquer qui prendra en charge les plaintes et requêtes
// pendant l'absence »). A staff member marks an absence with dates and names a colleague; while it
// lasts, the colleague sees the absent person's queues and the cases assigned to them. Dates are
// local dates of the body's time zone, both inclusive. Marking and cancelling are audited.
import crypto from 'node:crypto';
import { DoleancesError } from '../../core/errors.ts';
import type { StaffDb } from '../auth/staff-db.ts';

export interface Absence {
  absenceId: string;
  userId: string;
  delegateId: string;
  startsOn: string;
  endsOn: string;
  note: string;
}

interface Row {
  absence_id: string;
  user_id: string;
  delegate_id: string;
  starts_on: string;
  ends_on: string;
  note: string | null;
}

const toAbsence = (r: Row): Absence => ({ absenceId: r.absence_id, userId: r.user_id, delegateId: r.delegate_id, startsOn: r.starts_on, endsOn: r.ends_on, note: r.note ?? '' });
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class Absences {
  constructor(private db: StaffDb) {}

  async mark(a: Omit<Absence, 'absenceId'>, actor: string): Promise<Absence> {
    if (!DATE.test(a.startsOn) || !DATE.test(a.endsOn) || a.endsOn < a.startsOn) {
      throw new DoleancesError('AUTH_INVALID_INPUT', 'Dates d’absence invalides (AAAA-MM-JJ, la fin après le début).');
    }
    if (a.delegateId === a.userId) throw new DoleancesError('AUTH_INVALID_INPUT', 'La personne qui remplace doit être une autre personne.');
    const absenceId = crypto.randomUUID();
    await this.db.run(`INSERT INTO staff_absences VALUES ($1, $2, $3, $4, $5, $6, now(), NULL)`, [absenceId, a.userId, a.delegateId, a.startsOn, a.endsOn, a.note]);
    await this.db.audit(actor, 'absence.marked', a.userId, { absenceId, delegateId: a.delegateId, startsOn: a.startsOn, endsOn: a.endsOn });
    return { absenceId, ...a };
  }

  async cancel(absenceId: string, actor: string): Promise<void> {
    await this.db.run(`UPDATE staff_absences SET cancelled_at = now() WHERE absence_id = $1`, [absenceId]);
    await this.db.audit(actor, 'absence.cancelled', absenceId);
  }

  async get(absenceId: string): Promise<Absence | undefined> {
    const r = await this.db.one<Row>(`SELECT * FROM staff_absences WHERE absence_id = $1 AND cancelled_at IS NULL`, [absenceId]);
    return r ? toAbsence(r) : undefined;
  }

  /** Absences not yet over on `today` (current and upcoming), for the absences page. */
  async upcoming(today: string): Promise<Absence[]> {
    return (await this.db.all<Row>(`SELECT * FROM staff_absences WHERE cancelled_at IS NULL AND ends_on >= $1 ORDER BY starts_on`, [today])).map(toAbsence);
  }

  /** Absences in force on `today`. */
  async current(today: string): Promise<Absence[]> {
    return (await this.upcoming(today)).filter((a) => a.startsOn <= today);
  }

  /** Who stands in for whom today: absent user id → delegate id, following chains (A→B, B absent→C). */
  async standIns(today: string): Promise<Map<string, string>> {
    const direct = new Map((await this.current(today)).map((a) => [a.userId, a.delegateId]));
    const resolved = new Map<string, string>();
    for (const absent of direct.keys()) {
      let d = direct.get(absent)!;
      const seen = new Set([absent]);
      while (direct.has(d) && !seen.has(d)) {
        seen.add(d);
        d = direct.get(d)!;
      }
      resolved.set(absent, d);
    }
    return resolved;
  }
}
