// Projection of events into the warehouse, idempotently: an event already projected (same id) is
// skipped, so redelivery and replaying the log twice change nothing. A batch is folded in memory,
// event by event in log order (store/fold-case.ts, store/fold-contact.ts), then written set-based
// (store/batch-writer.ts): one merge per table, the clocks of the touched cases recomputed
// (store/project-clocks.ts), the sealed fields re-sealed into the vault (store/vault.ts); the
// consumed offset is written in the same transaction, so a crash between write and commit never
// doubles a case. Each case's events form a hash chain over their canonical form (store/canonical.ts).
import path from 'node:path';
import { REPO_ROOT } from '../core/config.ts';
import type { Keyring } from '../core/crypto/keyring.ts';
import type { CaseEvent, ContactEvent, DoleancesEvent } from '../core/events/schemas.ts';
import type { Consumed } from '../core/log/consumer.ts';
import type { LogRecord } from '../core/log/types.ts';
import { calendarOf, loadProfile } from '../core/profiles/load.ts';
import { CASE_COLUMNS, LIST_COLUMNS, TABLES, createStaging, writeRows, type Cell, type TableName } from './batch-writer.ts';
import { canonicalData, chainHash, sealedFields } from './canonical.ts';
import type { Duck } from './duck.ts';
import { foldContactEvent } from './fold-contact.ts';
import { foldCaseEvent, foldOrphan } from './fold-case.ts';
import { Fold, type ProfileResolver, type Row } from './fold.ts';
import { clockRows, storedEvents, writeClocks } from './project-clocks.ts';
import { writeVault } from './vault.ts';

export { chainHash } from './canonical.ts';

const IN = `(SELECT unnest(from_json($1::JSON, '["VARCHAR"]')))`;
const inList = (ids: string[]) => [JSON.stringify(ids)];

export interface ProjectorOptions {
  /** Re-seals personal fields under per-contact keys; without it they wait in the vault, pending. */
  keyring?: Keyring | null;
  /** The body's profile and calendar for the clocks; by default the shipped profiles/ folder. */
  profiles?: ProfileResolver;
}

/** Profiles read from a folder, cached; null for an unknown id (the clocks then keep the routed deadlines). */
export function profilesFrom(dir: string): ProfileResolver {
  const cache = new Map<string, ReturnType<ProfileResolver>>();
  return (id) => {
    if (!cache.has(id)) {
      try {
        const profile = loadProfile(dir, id);
        cache.set(id, { profile, calendar: calendarOf(profile) });
      } catch {
        cache.set(id, null);
      }
    }
    return cache.get(id)!;
  };
}

export const DEFAULT_PROFILES_DIR = path.join(REPO_ROOT, 'profiles');

export class Projector {
  private staged = false;
  private readonly keyring: Keyring | null;
  private readonly profiles: ProfileResolver;

  constructor(private db: Duck, readonly consumer: string, opts: ProjectorOptions = {}) {
    this.keyring = opts.keyring ?? null;
    this.profiles = opts.profiles ?? profilesFrom(DEFAULT_PROFILES_DIR);
  }

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
    const tracked = events.filter((e): e is CaseEvent | ContactEvent => e.type.startsWith('case.') || e.type.startsWith('contact.'));
    const known = new Set(
      tracked.length ? (await this.db.all<{ id: string }>(`SELECT event_id AS id FROM case_events WHERE event_id IN ${IN} UNION ALL SELECT event_id FROM contact_events WHERE event_id IN ${IN}`, inList(tracked.map((e) => e.id)))).map((r) => r.id) : [],
    );
    const f = new Fold();
    const caseIds = [...new Set(tracked.filter((e): e is CaseEvent => e.type.startsWith('case.')).map((e) => e.data.caseId))];
    await this.load(f, caseIds, contactIdsOf(tracked));
    for (const e of events) {
      if (e.type === 'intake.received.v1') {
        const d = e.data;
        if (!f.intakesNew.has(d.intakeId)) f.intakesNew.set(d.intakeId, { intake_id: d.intakeId, idempotency_key: d.idempotencyKey, channel: d.channel, received_at: d.receivedAt, disposition: 'recue', reason: null, error_code: null, case_id: null, raw_sha256: d.raw.sha256, quarantine_path: null, connector: String(d.source.connector) });
      } else if (e.type === 'intake.disposed.v1') {
        const d = e.data;
        if (!f.intakesNew.has(d.intakeId)) f.intakesNew.set(d.intakeId, { intake_id: d.intakeId, idempotency_key: d.idempotencyKey, channel: d.channel, received_at: d.receivedAt, disposition: d.disposition, reason: d.reason, error_code: d.errorCode, case_id: d.caseId, raw_sha256: d.raw?.sha256 ?? null, quarantine_path: d.quarantinePath, connector: null });
      } else if (e.type === 'intake.destroyed.v1') {
        const d = e.data;
        if (!f.intakeDestructions.has(d.intakeId)) f.intakeDestructions.set(d.intakeId, [d.intakeId, e.id, d.sha256, e.occurredAt, d.actor, d.reason, d.original]);
      } else if (!known.has(e.id)) {
        known.add(e.id);
        if (e.type.startsWith('contact.')) foldContactEvent(f, e as ContactEvent);
        else this.foldCase(f, e as CaseEvent);
      }
    }
    await this.write(f);
  }

  private async load(f: Fold, caseIds: string[], contactIds: string[]): Promise<void> {
    if (caseIds.length) {
      const cols = CASE_COLUMNS.map((c) => (LIST_COLUMNS.has(c) ? `to_json(${c})::VARCHAR AS ${c}` : `${c}::VARCHAR AS ${c}`)).join(', ');
      for (const r of await this.db.all<Row>(`SELECT ${cols} FROM cases WHERE case_id IN ${IN}`, inList(caseIds))) {
        f.cases.set(String(r.case_id), r);
        f.known.add(String(r.case_id));
        if (r.contact_id) contactIds.push(String(r.contact_id));
      }
    }
    if (contactIds.length) {
      for (const r of await this.db.all<Row>(`SELECT contact_id, person_id, first_seen_at::VARCHAR AS first_seen_at, last_seen_at::VARCHAR AS last_seen_at, destroyed_at::VARCHAR AS destroyed_at FROM contacts WHERE contact_id IN ${IN}`, inList([...new Set(contactIds)]))) {
        f.contacts.set(String(r.contact_id), r);
      }
    }
  }

  private foldCase(f: Fold, e: CaseEvent): void {
    const id = e.data.caseId;
    const row = f.cases.get(id);
    if (!row && e.type !== 'case.opened.v1') {
      f.events.push([e.id, id, 0, e.type, e.occurredAt, actorOf(e), JSON.stringify(canonicalData(e.data)), null, null]);
      // Its sealed fields stay readable in the vault, under the unknown reference, for staff to re-file.
      for (const s of sealedFields(e.data)) f.vault.push({ kind: 'put', subject: `anon:${id}`, ref: e.id, field: s.field, caseId: null, at: e.occurredAt, value: s.value });
      foldOrphan(f, e);
      return;
    }
    const c: Row = row ?? { case_id: id, event_count: 0, last_hash: null };
    if (!row) f.cases.set(id, c);
    const seq = Number(c.event_count ?? 0) + 1;
    const prev = (c.last_hash as string | null) ?? null;
    const hash = chainHash(prev, e);
    f.events.push([e.id, id, seq, e.type, e.occurredAt, actorOf(e), JSON.stringify(canonicalData(e.data)), prev, hash]);
    const list = f.caseEvents.get(id) ?? [];
    list.push({ id: e.id, type: e.type, occurredAt: e.occurredAt, data: canonicalData(e.data) as CaseEvent['data'] });
    f.caseEvents.set(id, list);
    foldCaseEvent(f, c, e);
    c.event_count = seq;
    c.last_hash = hash;
    c.updated_at = e.occurredAt;
  }

  private async write(f: Fold): Promise<void> {
    const rows = (name: TableName, values: Iterable<Row>) => [...values].map((r) => TABLES[name].columns.map((c) => r[c] ?? null) as Cell[]);
    await writeRows(this.db, 'intakes_new', rows('intakes_new', f.intakesNew.values()));
    await writeRows(this.db, 'intakes_final', rows('intakes_final', f.intakesFinal.values()));
    await writeRows(this.db, 'contacts', rows('contacts', f.contacts.values()));
    await writeRows(this.db, 'cases', rows('cases', f.cases.values()));
    await writeRows(this.db, 'case_events', f.events);
    await writeRows(this.db, 'case_messages', [...f.messages.values()]);
    await writeRows(this.db, 'attachments', [...f.attachments.values()]);
    await writeRows(this.db, 'case_labels', f.labels);
    await writeRows(this.db, 'access_log', f.access);
    await writeRows(this.db, 'contact_events', f.contactEvents);
    await writeRows(this.db, 'intake_destructions', [...f.intakeDestructions.values()]);
    await writeRows(this.db, 'surveys', rows('surveys', f.surveys.values()));
    if (f.clockCases.size) {
      const earlier = await storedEvents(this.db, [...f.clockCases].filter((id) => f.known.has(id)));
      const clocks = new Map<string, Cell[][]>();
      for (const id of f.clockCases) {
        const batch = f.caseEvents.get(id) ?? [];
        const all = [...(earlier.get(id) ?? []).filter((e) => !batch.some((b) => b.id === e.id)), ...batch];
        clocks.set(id, clockRows(id, all, this.profiles, (f.cases.get(id)?.profile_id as string | null) ?? null));
      }
      await writeClocks(this.db, clocks);
    }
    await writeVault(this.db, this.keyring, f.vault);
    for (const s of f.after) await this.db.run(s.sql, s.params);
    if (f.surveysChanged) {
      await this.db.run(`UPDATE surveys SET comment_sealed = (SELECT v.sealed FROM vault v WHERE v.ref = surveys.answer_event_id AND v.field = 'comment') WHERE answer_event_id IS NOT NULL`);
    }
  }
}

function contactIdsOf(events: readonly (CaseEvent | ContactEvent)[]): string[] {
  const ids: string[] = [];
  for (const e of events) {
    if (e.type === 'case.opened.v1' && e.data.contact.contactId) ids.push(e.data.contact.contactId);
    else if (e.type.startsWith('contact.')) {
      const d = e.data as { contactId: string; mergedId?: string };
      ids.push(d.contactId);
      if (d.mergedId) ids.push(d.mergedId);
    }
  }
  return ids;
}

function actorOf(e: CaseEvent): string {
  return (e.data as { actor?: string }).actor ?? 'systeme';
}
