// Projection of events into the warehouse, idempotently: an event already projected (same id) is
// skipped, so redelivery and replaying the log twice change nothing. Each case's events form a
// hash chain (tamper evidence, `bin/doleances verify`). Offsets are written in the same
// transaction as the rows they account for, so a crash between write and commit never doubles a case.
import crypto from 'node:crypto';
import type { CaseEvent, DoleancesEvent, EventOf } from '../core/events/schemas.ts';
import type { Consumed } from '../core/log/consumer.ts';
import type { LogRecord } from '../core/log/types.ts';
import type { Duck, Param } from './duck.ts';

const json = (v: unknown) => JSON.stringify(v);
const list = (v: string[]) => JSON.stringify(v);

export function chainHash(prev: string | null, e: CaseEvent): string {
  return crypto
    .createHash('sha256')
    .update(`${prev ?? ''}|${e.id}|${e.type}|${new Date(e.occurredAt).toISOString()}|${JSON.stringify(e.data)}`)
    .digest('hex');
}

function actorOf(e: CaseEvent): string {
  const d = e.data as { actor?: string };
  return d.actor ?? 'systeme';
}

const STATUS_ON_CLOSE: Record<EventOf<'case.closed.v1'>['data']['outcome'], string> = {
  fondee: 'fermee',
  non_fondee: 'fermee',
  partiellement_fondee: 'fermee',
  reglee: 'fermee',
  redirigee: 'redirigee',
  irrecevable: 'irrecevable',
  classee_sans_suite: 'classee_sans_suite',
};

export class Projector {
  constructor(private db: Duck, readonly consumer: string) {}

  async offsets(): Promise<Map<string, number>> {
    const rows = await this.db.all<{ topic: string; partition: number; next_offset: string }>(
      `SELECT topic, "partition", next_offset FROM consumer_offsets WHERE consumer = $1`,
      [this.consumer],
    );
    return new Map(rows.map((r) => [`${r.topic}:${r.partition}`, Number(r.next_offset)]));
  }

  /** Project a batch and record `upTo` as consumed, all in one transaction. */
  async project(items: Consumed[], upTo: LogRecord): Promise<void> {
    await this.db.transaction(async () => {
      for (const { event } of items) await this.apply(event);
      await this.db.run(
        `INSERT INTO consumer_offsets VALUES ($1, $2, $3, $4)
         ON CONFLICT (consumer, topic, "partition") DO UPDATE SET next_offset = greatest(consumer_offsets.next_offset, excluded.next_offset)`,
        [this.consumer, upTo.topic, upTo.partition, upTo.offset + 1],
      );
    });
  }

  async apply(event: DoleancesEvent): Promise<void> {
    switch (event.type) {
      case 'intake.received.v1':
        return this.db.run(
          `INSERT INTO intakes VALUES ($1, $2, $3, $4::TIMESTAMPTZ, 'recue', NULL, NULL, NULL, $5, NULL, $6) ON CONFLICT DO NOTHING`,
          [event.data.intakeId, event.data.idempotencyKey, event.data.channel, event.data.receivedAt, event.data.raw.sha256, String(event.data.source.connector)],
        );
      case 'intake.disposed.v1': {
        const d = event.data;
        return this.db.run(
          `INSERT INTO intakes VALUES ($1, $2, $3, $4::TIMESTAMPTZ, $5, $6, $7, $8, $9, $10, NULL) ON CONFLICT DO NOTHING`,
          [d.intakeId, d.idempotencyKey, d.channel, d.receivedAt, d.disposition, d.reason, d.errorCode, d.caseId, d.raw?.sha256 ?? null, d.quarantinePath],
        );
      }
      default:
        return this.applyCaseEvent(event);
    }
  }

  private async applyCaseEvent(e: CaseEvent): Promise<void> {
    if (await this.db.one(`SELECT 1 FROM case_events WHERE event_id = $1`, [e.id])) return;
    const caseId = e.data.caseId;
    const head = await this.db.one<{ event_count: number; last_hash: string | null }>(`SELECT event_count, last_hash FROM cases WHERE case_id = $1`, [caseId]);
    if (!head && e.type !== 'case.opened.v1') {
      // An event for a case this warehouse does not know (a reply quoting an unknown or mistyped
      // reference): kept in the events table and accounted for on its intake, never dropped.
      await this.insertEvent(e, 0, null, null);
      if (e.type === 'case.message-added.v1') {
        await this.db.run(
          `INSERT INTO intakes VALUES ($1, NULL, $2, $3::TIMESTAMPTZ, 'reponse_orpheline', $4, NULL, NULL, NULL, NULL, NULL)
           ON CONFLICT (intake_id) DO UPDATE SET disposition = 'reponse_orpheline', reason = excluded.reason`,
          [e.data.intakeId, e.data.channel, e.data.at, `référence ${caseId} inconnue`],
        );
      }
      return;
    }
    const seq = (head?.event_count ?? 0) + 1;
    const prev = head?.last_hash ?? null;
    const hash = chainHash(prev, e);
    await this.insertEvent(e, seq, prev, hash);
    await this.effects(e);
    await this.db.run(`UPDATE cases SET event_count = $2, last_hash = $3, updated_at = $4::TIMESTAMPTZ WHERE case_id = $1`, [caseId, seq, hash, e.occurredAt]);
  }

  private insertEvent(e: CaseEvent, seq: number, prev: string | null, hash: string | null): Promise<void> {
    return this.db.run(`INSERT INTO case_events VALUES ($1, $2, $3, $4, $5::TIMESTAMPTZ, $6, $7::JSON, $8, $9)`, [
      e.id, e.data.caseId, seq, e.type, e.occurredAt, actorOf(e), json(e.data), prev, hash,
    ]);
  }

  private async insertMessage(
    caseId: string,
    m: { intakeId: string; direction: string; channel: string; at: string; subject: string | null; text: string; raw: { sha256: string } | null; attachments: EventOf<'case.opened.v1'>['data']['attachments'] },
  ): Promise<void> {
    await this.db.run(`INSERT INTO case_messages VALUES ($1, $2, $3, $4, $5::TIMESTAMPTZ, $6, $7, $8) ON CONFLICT DO NOTHING`, [
      m.intakeId, caseId, m.direction, m.channel, m.at, m.subject, m.text, m.raw?.sha256 ?? null,
    ]);
    for (const a of m.attachments) {
      await this.db.run(`INSERT INTO attachments VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`, [
        m.intakeId, caseId, a.sha256, a.name, a.contentType, a.size, a.text, a.ocrConfidence, a.pages,
      ]);
    }
  }

  private async effects(e: CaseEvent): Promise<void> {
    const id = e.data.caseId;
    const run = (sql: string, params: Param[]) => this.db.run(sql, params);
    switch (e.type) {
      case 'case.opened.v1': {
        const d = e.data;
        await run(
          `INSERT INTO cases (case_id, profile_id, channel, received_at, contact_id, subject_sealed, text_confidence, flags, status, event_count)
           VALUES ($1, $2, $3, $4::TIMESTAMPTZ, $5, $6, $7, from_json($8::JSON, '["VARCHAR"]'), 'recue', 0)`,
          [id, e.profileId, d.channel, d.receivedAt, d.contact.contactId, d.subject, d.textConfidence, list(d.flags)],
        );
        if (d.contact.contactId) {
          const c = d.contact;
          await run(
            `INSERT INTO contacts VALUES ($1, $2, $3, $4, $5, $6, $7::TIMESTAMPTZ, $7::TIMESTAMPTZ)
             ON CONFLICT (contact_id) DO UPDATE SET
               name_sealed = coalesce(excluded.name_sealed, contacts.name_sealed),
               email_sealed = coalesce(excluded.email_sealed, contacts.email_sealed),
               phone_sealed = coalesce(excluded.phone_sealed, contacts.phone_sealed),
               fax_sealed = coalesce(excluded.fax_sealed, contacts.fax_sealed),
               address_sealed = coalesce(excluded.address_sealed, contacts.address_sealed),
               first_seen_at = least(contacts.first_seen_at, excluded.first_seen_at),
               last_seen_at = greatest(contacts.last_seen_at, excluded.last_seen_at)`,
            [c.contactId, c.name, c.email, c.phone, c.fax, c.address, d.receivedAt],
          );
        }
        await this.insertMessage(id, { ...d, direction: 'inbound', at: d.receivedAt });
        // The intake topic and the case topic are read independently: whichever comes first
        // writes the intake row, and the case's disposition always wins.
        await run(
          `INSERT INTO intakes VALUES ($1, $2, $3, $4::TIMESTAMPTZ, 'case', NULL, NULL, $5, $6, NULL, $7)
           ON CONFLICT (intake_id) DO UPDATE SET disposition = 'case', case_id = excluded.case_id`,
          [d.intakeId, d.idempotencyKey, d.channel, d.receivedAt, id, d.raw.sha256, String(d.source.connector ?? '')],
        );
        return;
      }
      case 'case.classified.v1': {
        const d = e.data;
        return run(
          `UPDATE cases SET kind = $2, admissibility = $3, referral = $4, nature = $5, urgency = $6, urgency_reason = $7,
             confidence = $8, model_version = $9, classification_rules = from_json($10::JSON, '["VARCHAR"]'),
             classification_terms = from_json($11::JSON, '["VARCHAR"]') WHERE case_id = $1`,
          [id, d.kind, d.admissibility, d.referral, d.nature, d.urgency, d.urgencyReason, d.confidence, d.modelVersion, list(d.rules), list(d.terms)],
        );
      }
      case 'case.routed.v1': {
        await run(`UPDATE cases SET queue = $2, route_reason = $3 WHERE case_id = $1`, [id, e.data.queue, e.data.reason]);
        for (const dl of e.data.deadlines) {
          await run(
            `INSERT INTO deadlines VALUES ($1, $2, $3::TIMESTAMPTZ, $4, NULL)
             ON CONFLICT (case_id, clock) DO UPDATE SET due_at = excluded.due_at, rule = excluded.rule`,
            [id, dl.clock, dl.dueAt, dl.rule],
          );
        }
        return;
      }
      case 'case.acknowledgement-due.v1':
        return run(`UPDATE cases SET ack_via = $2, ack_due_at = $3::TIMESTAMPTZ WHERE case_id = $1`, [id, e.data.via, e.data.dueAt]);
      case 'case.acknowledgement-sent.v1':
        await run(`UPDATE cases SET ack_sent_at = $2::TIMESTAMPTZ, status = CASE WHEN status = 'recue' THEN 'accuse_envoye' ELSE status END WHERE case_id = $1`, [id, e.data.sentAt]);
        return run(`UPDATE deadlines SET met_at = coalesce(met_at, $2::TIMESTAMPTZ) WHERE case_id = $1 AND clock IN ('acknowledgement', 'callback')`, [id, e.data.sentAt]);
      case 'case.message-added.v1': {
        const d = e.data;
        await this.insertMessage(id, { ...d });
        if (d.direction === 'inbound') {
          await run(
            `INSERT INTO intakes VALUES ($1, NULL, $2, $3::TIMESTAMPTZ, 'reply', NULL, NULL, $4, $5, NULL, NULL)
             ON CONFLICT (intake_id) DO UPDATE SET disposition = 'reply', case_id = excluded.case_id`,
            [d.intakeId, d.channel, d.at, id, d.raw?.sha256 ?? null],
          );
        }
        return;
      }
      case 'case.status-changed.v1':
        return run(`UPDATE cases SET status = $2 WHERE case_id = $1`, [id, e.data.to]);
      case 'case.closed.v1':
        await run(`UPDATE cases SET status = $2, outcome = $3, closed_at = $4::TIMESTAMPTZ WHERE case_id = $1`, [id, STATUS_ON_CLOSE[e.data.outcome], e.data.outcome, e.occurredAt]);
        return run(`UPDATE deadlines SET met_at = coalesce(met_at, $2::TIMESTAMPTZ) WHERE case_id = $1 AND clock IN ('answer', 'urgent', 'followUp')`, [id, e.occurredAt]);
      case 'case.staff-action.v1':
        return;
    }
  }
}
