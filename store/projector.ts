// Projection of events into the warehouse, idempotently: an event already projected (same id) is
// skipped, so redelivery and replaying the log twice change nothing. A batch is folded in memory,
// event by event in log order, then written set-based (store/batch-writer.ts); the consumed offset
// is written in the same transaction, so a crash between write and commit never doubles a case.
// Each case's events form a hash chain (tamper evidence, `bin/doleances verify`).
import crypto from 'node:crypto';
import type { CaseEvent, DoleancesEvent, EventOf } from '../core/events/schemas.ts';
import type { Consumed } from '../core/log/consumer.ts';
import type { LogRecord } from '../core/log/types.ts';
import { CASE_COLUMNS, TABLES, createStaging, writeRows, type Cell, type TableName } from './batch-writer.ts';
import type { Duck } from './duck.ts';

export function chainHash(prev: string | null, e: CaseEvent): string {
  return crypto
    .createHash('sha256')
    .update(`${prev ?? ''}|${e.id}|${e.type}|${new Date(e.occurredAt).toISOString()}|${JSON.stringify(e.data)}`)
    .digest('hex');
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

type Row = Record<string, Cell>;
const json = (v: unknown) => JSON.stringify(v);
const inList = (ids: string[]) => [JSON.stringify(ids)];
const IN = `(SELECT unnest(from_json($1::JSON, '["VARCHAR"]')))`;

/** The rows one batch touches, folded in log order before being written. */
class Fold {
  cases = new Map<string, Row>();
  events: Cell[][] = [];
  intakesNew = new Map<string, Row>();
  intakesFinal = new Map<string, Row>();
  contacts = new Map<string, Row>();
  messages = new Map<string, Cell[]>();
  attachments = new Map<string, Cell[]>();
  deadlines = new Map<string, Row>();
}

export class Projector {
  private staged = false;

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
      if (!this.staged) {
        await createStaging(this.db);
        this.staged = true;
      }
      if (items.length) await this.apply(items.map((i) => i.event));
      await this.db.run(
        `INSERT INTO consumer_offsets VALUES ($1, $2, $3, $4)
         ON CONFLICT (consumer, topic, "partition") DO UPDATE SET next_offset = greatest(consumer_offsets.next_offset, excluded.next_offset)`,
        [this.consumer, upTo.topic, upTo.partition, upTo.offset + 1],
      );
    });
  }

  private async apply(events: DoleancesEvent[]): Promise<void> {
    const caseEvents = events.filter((e): e is CaseEvent => e.type.startsWith('case.'));
    const known = new Set(
      caseEvents.length
        ? (await this.db.all<{ event_id: string }>(`SELECT event_id FROM case_events WHERE event_id IN ${IN}`, inList(caseEvents.map((e) => e.id)))).map((r) => r.event_id)
        : [],
    );
    const f = new Fold();
    await this.loadCases(f, [...new Set(caseEvents.map((e) => e.data.caseId))]);
    for (const e of events) {
      if (e.type === 'intake.received.v1') {
        const d = e.data;
        if (!f.intakesNew.has(d.intakeId)) f.intakesNew.set(d.intakeId, { intake_id: d.intakeId, idempotency_key: d.idempotencyKey, channel: d.channel, received_at: d.receivedAt, disposition: 'recue', reason: null, error_code: null, case_id: null, raw_sha256: d.raw.sha256, quarantine_path: null, connector: String(d.source.connector) });
      } else if (e.type === 'intake.disposed.v1') {
        const d = e.data;
        if (!f.intakesNew.has(d.intakeId)) f.intakesNew.set(d.intakeId, { intake_id: d.intakeId, idempotency_key: d.idempotencyKey, channel: d.channel, received_at: d.receivedAt, disposition: d.disposition, reason: d.reason, error_code: d.errorCode, case_id: d.caseId, raw_sha256: d.raw?.sha256 ?? null, quarantine_path: d.quarantinePath, connector: null });
      } else if (!known.has(e.id)) {
        known.add(e.id);
        this.fold(f, e);
      }
    }
    await this.write(f);
  }

  private async loadCases(f: Fold, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const lists = new Set(['flags', 'classification_rules', 'classification_terms']);
    const cols = CASE_COLUMNS.map((c) => (lists.has(c) ? `to_json(${c})::VARCHAR AS ${c}` : `${c}::VARCHAR AS ${c}`)).join(', ');
    for (const r of await this.db.all<Row>(`SELECT ${cols} FROM cases WHERE case_id IN ${IN}`, inList(ids))) f.cases.set(String(r.case_id), r);
    for (const r of await this.db.all<Row>(`SELECT case_id, clock, due_at::VARCHAR AS due_at, rule, met_at::VARCHAR AS met_at FROM deadlines WHERE case_id IN ${IN}`, inList(ids))) {
      f.deadlines.set(`${r.case_id}|${r.clock}`, r);
    }
  }

  private finalIntake(f: Fold, intakeId: string, row: Row): void {
    const pending = f.intakesNew.get(intakeId);
    f.intakesNew.delete(intakeId);
    const prev = f.intakesFinal.get(intakeId) ?? pending ?? {};
    f.intakesFinal.set(intakeId, { ...prev, ...Object.fromEntries(Object.entries(row).filter(([, v]) => v !== null)), disposition: row.disposition ?? null, case_id: row.case_id ?? null });
  }

  private fold(f: Fold, e: CaseEvent): void {
    const id = e.data.caseId;
    const row = f.cases.get(id);
    if (!row && e.type !== 'case.opened.v1') {
      // An event for a case this warehouse does not know (a reply quoting an unknown or mistyped
      // reference): kept in the events table and accounted for on its intake, never dropped.
      f.events.push([e.id, id, 0, e.type, e.occurredAt, actorOf(e), json(e.data), null, null]);
      if (e.type === 'case.message-added.v1') {
        this.finalIntake(f, e.data.intakeId, { intake_id: e.data.intakeId, idempotency_key: null, channel: e.data.channel, received_at: e.data.at, disposition: 'reponse_orpheline', reason: `référence ${id} inconnue`, error_code: null, case_id: null, raw_sha256: e.data.raw?.sha256 ?? null, quarantine_path: null, connector: null });
      }
      return;
    }
    const c: Row = row ?? { case_id: id, event_count: 0, last_hash: null };
    if (!row) f.cases.set(id, c);
    const seq = Number(c.event_count ?? 0) + 1;
    const prev = (c.last_hash as string | null) ?? null;
    const hash = chainHash(prev, e);
    f.events.push([e.id, id, seq, e.type, e.occurredAt, actorOf(e), json(e.data), prev, hash]);
    this.effects(f, c, e);
    c.event_count = seq;
    c.last_hash = hash;
    c.updated_at = e.occurredAt;
  }

  private message(f: Fold, caseId: string, m: { intakeId: string; direction: string; channel: string; at: string; subject: string | null; text: string; raw: { sha256: string } | null; attachments: EventOf<'case.opened.v1'>['data']['attachments'] }): void {
    f.messages.set(m.intakeId, [m.intakeId, caseId, m.direction, m.channel, m.at, m.subject, m.text, m.raw?.sha256 ?? null]);
    for (const a of m.attachments) f.attachments.set(`${m.intakeId}|${a.sha256}`, [m.intakeId, caseId, a.sha256, a.name, a.contentType, a.size, a.text, a.ocrConfidence, a.pages]);
  }

  private meet(f: Fold, caseId: string, clocks: string[], at: string): void {
    for (const clock of clocks) {
      const d = f.deadlines.get(`${caseId}|${clock}`);
      if (d && !d.met_at) d.met_at = at;
    }
  }

  private effects(f: Fold, c: Row, e: CaseEvent): void {
    const id = e.data.caseId;
    switch (e.type) {
      case 'case.opened.v1': {
        const d = e.data;
        Object.assign(c, { profile_id: e.profileId, channel: d.channel, received_at: d.receivedAt, contact_id: d.contact.contactId, subject_sealed: d.subject, text_confidence: d.textConfidence, flags: json(d.flags), status: 'recue' });
        const k = d.contact;
        if (k.contactId) {
          const prev = f.contacts.get(k.contactId);
          f.contacts.set(k.contactId, {
            contact_id: k.contactId,
            name_sealed: k.name ?? prev?.name_sealed ?? null,
            email_sealed: k.email ?? prev?.email_sealed ?? null,
            phone_sealed: k.phone ?? prev?.phone_sealed ?? null,
            fax_sealed: k.fax ?? prev?.fax_sealed ?? null,
            address_sealed: k.address ?? prev?.address_sealed ?? null,
            first_seen_at: prev && String(prev.first_seen_at) < d.receivedAt ? (prev.first_seen_at ?? null) : d.receivedAt,
            last_seen_at: prev && String(prev.last_seen_at) > d.receivedAt ? (prev.last_seen_at ?? null) : d.receivedAt,
          });
        }
        this.message(f, id, { ...d, direction: 'inbound', at: d.receivedAt });
        // The intake topic and the case topic are read independently: whichever comes first
        // writes the intake row, and the case's disposition always wins.
        this.finalIntake(f, d.intakeId, { intake_id: d.intakeId, idempotency_key: d.idempotencyKey, channel: d.channel, received_at: d.receivedAt, disposition: 'case', reason: null, error_code: null, case_id: id, raw_sha256: d.raw.sha256, quarantine_path: null, connector: String(d.source.connector ?? '') });
        return;
      }
      case 'case.classified.v1': {
        const d = e.data;
        Object.assign(c, { kind: d.kind, admissibility: d.admissibility, referral: d.referral, nature: d.nature, urgency: d.urgency, urgency_reason: d.urgencyReason, confidence: d.confidence, model_version: d.modelVersion, classification_rules: json(d.rules), classification_terms: json(d.terms) });
        return;
      }
      case 'case.routed.v1':
        Object.assign(c, { queue: e.data.queue, route_reason: e.data.reason });
        for (const dl of e.data.deadlines) {
          const key = `${id}|${dl.clock}`;
          f.deadlines.set(key, { case_id: id, clock: dl.clock, due_at: dl.dueAt, rule: dl.rule, met_at: f.deadlines.get(key)?.met_at ?? null });
        }
        return;
      case 'case.acknowledgement-due.v1':
        Object.assign(c, { ack_via: e.data.via, ack_due_at: e.data.dueAt });
        return;
      case 'case.acknowledgement-sent.v1':
        c.ack_sent_at = e.data.sentAt;
        if (c.status === 'recue') c.status = 'accuse_envoye';
        this.meet(f, id, ['acknowledgement', 'callback'], e.data.sentAt);
        return;
      case 'case.message-added.v1': {
        const d = e.data;
        this.message(f, id, { ...d });
        if (d.direction === 'inbound') {
          this.finalIntake(f, d.intakeId, { intake_id: d.intakeId, idempotency_key: null, channel: d.channel, received_at: d.at, disposition: 'reply', reason: null, error_code: null, case_id: id, raw_sha256: d.raw?.sha256 ?? null, quarantine_path: null, connector: null });
        }
        return;
      }
      case 'case.status-changed.v1':
        c.status = e.data.to;
        return;
      case 'case.closed.v1':
        Object.assign(c, { status: STATUS_ON_CLOSE[e.data.outcome], outcome: e.data.outcome, closed_at: e.occurredAt });
        this.meet(f, id, ['answer', 'urgent', 'followUp'], e.occurredAt);
        return;
      case 'case.staff-action.v1':
        return;
    }
  }

  private async write(f: Fold): Promise<void> {
    const rows = (name: TableName, values: Iterable<Row>) => [...values].map((r) => TABLES[name].columns.map((c) => r[c] ?? null));
    await writeRows(this.db, 'intakes_new', rows('intakes_new', f.intakesNew.values()));
    await writeRows(this.db, 'intakes_final', rows('intakes_final', f.intakesFinal.values()));
    await writeRows(this.db, 'contacts', rows('contacts', f.contacts.values()));
    await writeRows(this.db, 'cases', rows('cases', f.cases.values()));
    await writeRows(this.db, 'case_events', f.events);
    await writeRows(this.db, 'case_messages', [...f.messages.values()]);
    await writeRows(this.db, 'attachments', [...f.attachments.values()]);
    await writeRows(this.db, 'deadlines', rows('deadlines', f.deadlines.values()));
  }
}

function actorOf(e: CaseEvent): string {
  return (e.data as { actor?: string }).actor ?? 'systeme';
}
