// Everything the case page needs, in one read: the case, its deadlines with their clock state, the
// timeline (every event with who, when and why: seed 004 « toutes les actions … au fur et à
// mesure »), the messages and attachments (their texts as vault cells, still sealed: opening one is
// an access the caller logs), the antecedents of the person (seed 000, Étapes 2: « prendre
// connaissance des antécédents inscrits au dossier ») and the other cases about the same address.
// A merge shows on both sides: the duplicate's row names the case it went into (`merged_into`), and
// the kept case lists its merged duplicates (and theirs, when a case that had some was merged in
// turn), whose messages the staff app shows with the kept case's file.
import { clockStatus, CLOCK_LABELS, CLOCK_STATUS_LABELS, type ClockName, type ClockStatus } from '../core/lifecycle/clocks.ts';
import { EVENT_LABELS } from '../core/lifecycle/vocabulary.ts';
import type { EventType } from '../core/events/schemas.ts';
import type { Duck } from './duck.ts';

/** A sealed value of the vault: open it with store/vault.ts VaultReader.open (and log the access). */
export interface VaultCell {
  subject_id: string;
  ref: string;
  field: string;
  sealed: string;
  pending: boolean;
}

export interface CaseFile {
  case: Record<string, unknown> & { case_id: string; status: string; contact_id: string | null; person_id: string | null };
  deadlines: { clock: string; label: string; started_at: string; due_at: string; due_soon_at: string; rule: string; met_at: string | null; stopped_at: string | null; paused_since: string | null; paused_units: number; extended_at: string | null; extension_reason: string | null; state: ClockStatus; stateLabel: string }[];
  timeline: { seq: number; event_id: string; type: string; label: string; occurred_at: string; actor: string; reason: string | null; data: Record<string, unknown>; sealed: VaultCell[] }[];
  messages: { message_id: string; event_id: string; direction: string; channel: string; sent_at: string; raw_sha256: string | null; actor: string | null; subject: VaultCell | null; text: VaultCell | null; attachments: CaseFile['attachments'] }[];
  attachments: { message_id: string; sha256: string; content_type: string; size: number; ocr_confidence: number | null; pages: number | null; name: VaultCell | null; text: VaultCell | null }[];
  /** The person's other cases (across their merged contact ids), most recent first. */
  antecedents: { case_id: string; received_at: string; kind: string | null; nature: string | null; status: string; outcome: string | null; closed_at: string | null }[];
  sameAddress: { case_id: string; received_at: string; nature: string | null; status: string }[];
  /** Duplicates merged into this case (`via`: the duplicate they were merged into first), oldest merge first. */
  duplicates: { case_id: string; via: string | null; received_at: string; channel: string; nature: string | null; merged_at: string; actor: string; reason: string | null }[];
  /** The contact as this case received them: vault cells for name, email, phone, fax, address. */
  identity: Record<'name' | 'email' | 'phone' | 'fax' | 'address', VaultCell | null> | null;
  surveys: { token_id: string; sent_at: string | null; via: string | null; expires_at: string | null; answered_at: string | null; score: number | null }[];
  accesses: { event_id: string; accessed_at: string; actor: string; kind: string; role: string | null; reason: string | null }[];
}

const REASON_KEYS = ['reason', 'justification', 'purpose'] as const;

export async function caseFile(db: Duck, caseId: string, now: Date = new Date()): Promise<CaseFile | undefined> {
  const c = await db.one<CaseFile['case']>(`SELECT * FROM cases WHERE case_id = $1`, [caseId]);
  if (!c) return undefined;
  const cells = await db.all<VaultCell & { case_id: string }>(`SELECT subject_id, ref, field, sealed, pending FROM vault WHERE case_id = $1`, [caseId]);
  const cell = (ref: string, field: string) => cells.find((v) => v.ref === ref && v.field === field) ?? null;
  const deadlines = await db.all<Omit<CaseFile['deadlines'][number], 'label' | 'state' | 'stateLabel'>>(
    `SELECT clock, started_at, due_at, due_soon_at, rule, met_at, stopped_at, paused_since, paused_units, extended_at, extension_reason FROM deadlines WHERE case_id = $1 ORDER BY due_at`,
    [caseId],
  );
  const events = await db.all<{ seq: number; event_id: string; type: string; occurred_at: string; actor: string; data: string }>(
    `SELECT seq, event_id, type, occurred_at, actor, data::VARCHAR AS data FROM case_events WHERE case_id = $1 ORDER BY seq`,
    [caseId],
  );
  const messages = await db.all<Omit<CaseFile['messages'][number], 'subject' | 'text' | 'attachments'>>(
    `SELECT message_id, event_id, direction, channel, sent_at, raw_sha256, actor FROM case_messages WHERE case_id = $1 ORDER BY sent_at, message_id`,
    [caseId],
  );
  const atts = await db.all<{ message_id: string; event_id: string; idx: number; sha256: string; content_type: string; size: number; ocr_confidence: number | null; pages: number | null }>(
    `SELECT message_id, event_id, idx, sha256, content_type, size, ocr_confidence, pages FROM attachments WHERE case_id = $1 ORDER BY message_id, idx`,
    [caseId],
  );
  const attachments = atts.map(({ event_id, idx, ...a }) => ({ ...a, size: Number(a.size), name: cell(event_id, `attachments.${idx}.name`), text: cell(event_id, `attachments.${idx}.text`) }));
  const opened = events.find((e) => e.type === 'case.opened.v1');
  const identity = opened && c.contact_id
    ? { name: cell(opened.event_id, 'contact.name'), email: cell(opened.event_id, 'contact.email'), phone: cell(opened.event_id, 'contact.phone'), fax: cell(opened.event_id, 'contact.fax'), address: cell(opened.event_id, 'contact.address') }
    : null;
  const person = c.person_id ?? c.contact_id;
  return {
    case: c,
    deadlines: deadlines.map((d) => {
      const state = clockStatus({ dueAt: d.due_at, dueSoonAt: d.due_soon_at, metAt: d.met_at, stoppedAt: d.stopped_at, pausedSince: d.paused_since }, now);
      return { ...d, paused_units: Number(d.paused_units ?? 0), label: CLOCK_LABELS[d.clock as ClockName] ?? d.clock, state, stateLabel: CLOCK_STATUS_LABELS[state] };
    }),
    timeline: events.map((e) => {
      const data = JSON.parse(e.data) as Record<string, unknown>;
      const reason = REASON_KEYS.map((k) => data[k]).find((v): v is string => typeof v === 'string') ?? null;
      return { seq: Number(e.seq), event_id: e.event_id, type: e.type, label: EVENT_LABELS[e.type as EventType] ?? e.type, occurred_at: e.occurred_at, actor: e.actor, reason, data, sealed: cells.filter((v) => v.ref === e.event_id) };
    }),
    messages: messages.map((m) => {
      const text = cell(m.event_id, 'text') ?? cell(m.event_id, 'question');
      return { ...m, subject: cell(m.event_id, 'subject'), text, attachments: attachments.filter((a) => a.message_id === m.message_id) };
    }),
    attachments,
    antecedents: person
      ? await db.all(`SELECT case_id, received_at, kind, nature, status, outcome, closed_at FROM cases WHERE coalesce(person_id, contact_id) = $1 AND case_id <> $2 ORDER BY received_at DESC`, [person, caseId])
      : [],
    sameAddress: await db.all(
      `SELECT c.case_id, c.received_at, c.nature, c.status FROM address_keys a JOIN address_keys b ON a.address_key = b.address_key AND b.case_id <> a.case_id
       JOIN cases c ON c.case_id = b.case_id WHERE a.case_id = $1 ORDER BY c.received_at DESC`,
      [caseId],
    ),
    duplicates: await db.all(
      `WITH RECURSIVE dup(case_id, via, depth) AS (
         SELECT case_id, NULL::VARCHAR, 1 FROM cases WHERE merged_into = $1
         UNION ALL SELECT c.case_id, dup.case_id, dup.depth + 1 FROM cases c JOIN dup ON c.merged_into = dup.case_id WHERE dup.depth < 10)
       SELECT c.case_id, dup.via, c.received_at, c.channel, c.nature, e.occurred_at AS merged_at, e.actor, e.data->>'reason' AS reason
       FROM dup JOIN cases c USING (case_id) JOIN case_events e ON e.case_id = c.case_id AND e.type = 'case.merged.v1'
       ORDER BY e.occurred_at, c.case_id`,
      [caseId],
    ),
    identity,
    surveys: (await db.all<CaseFile['surveys'][number]>(`SELECT token_id, sent_at, via, expires_at, answered_at, score FROM surveys WHERE case_id = $1 ORDER BY sent_at`, [caseId])).map((s) => ({ ...s, score: s.score === null ? null : Number(s.score) })),
    accesses: await db.all(`SELECT event_id, accessed_at, actor, kind, role, reason FROM access_log WHERE case_id = $1 ORDER BY accessed_at, event_id`, [caseId]),
  };
}
