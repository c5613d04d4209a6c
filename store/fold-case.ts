// What each case event does to the rows of its case file: the case row (status through the
// lifecycle's own rule, core/lifecycle/state-machine.ts), messages and attachments, staff labels
// kept for retraining, the access log (Law 25), surveys, and the vault entries of its sealed fields.
// A merge is folded on each side from that side's own event: the duplicate's row says where it went
// (merged_into, closed); the kept case's row does not change (its file lists its duplicates).
import type { AttachmentRef, CaseEvent } from '../core/events/schemas.ts';
import { statusAfter } from '../core/lifecycle/state-machine.ts';
import { sealedFields } from './canonical.ts';
import { subjectOf, type Fold, type Row } from './fold.ts';

const json = (v: unknown) => JSON.stringify(v);
const CLOCKLESS = new Set(['case.viewed.v1', 'case.identity-revealed.v1', 'case.walled-off.v1', 'case.survey-sent.v1', 'case.survey-answered.v1', 'case.judged.v1', 'case.referred.v1', 'case.extension-notice-due.v1', 'case.duplicate-attached.v1']);

function message(f: Fold, caseId: string, m: { id: string; eventId: string; direction: string; channel: string; at: string; raw: string | null; actor: string | null; attachments: AttachmentRef[] }): void {
  f.messages.set(m.id, [m.id, caseId, m.eventId, m.direction, m.channel, m.at, m.raw, m.actor]);
  m.attachments.forEach((a, i) => f.attachments.set(`${m.id}|${a.sha256}`, [m.id, caseId, m.eventId, i, a.sha256, a.contentType, a.size, a.ocrConfidence, a.pages]));
}

function finalIntake(f: Fold, intakeId: string, row: Row): void {
  const pending = f.intakesNew.get(intakeId);
  f.intakesNew.delete(intakeId);
  const prev = f.intakesFinal.get(intakeId) ?? pending ?? {};
  f.intakesFinal.set(intakeId, { ...prev, ...Object.fromEntries(Object.entries(row).filter(([, v]) => v !== null)), disposition: row.disposition ?? null, case_id: row.case_id ?? null });
}

export function foldOrphan(f: Fold, e: CaseEvent): void {
  // An event for a case this warehouse does not know (a reply quoting an unknown or mistyped
  // reference): kept in the events table and accounted for on its intake, never dropped.
  if (e.type === 'case.message-added.v1') {
    finalIntake(f, e.data.intakeId, { intake_id: e.data.intakeId, idempotency_key: null, channel: e.data.channel, received_at: e.data.at, disposition: 'reponse_orpheline', reason: `référence ${e.data.caseId} inconnue`, error_code: null, case_id: null, raw_sha256: e.data.raw?.sha256 ?? null, quarantine_path: null, connector: null });
  }
}

export function foldCaseEvent(f: Fold, c: Row, e: CaseEvent): void {
  const id = e.data.caseId;
  c.status = statusAfter((c.status as never) ?? null, e);
  if (!CLOCKLESS.has(e.type)) f.clockCases.add(id);
  const subject = e.type === 'case.opened.v1' ? (e.data.contact.contactId ?? `anon:${id}`) : subjectOf(c, id);
  for (const s of sealedFields(e.data)) f.vault.push({ kind: 'put', subject, ref: e.id, field: s.field, caseId: id, at: e.occurredAt, value: s.value });
  const actor = (e.data as { actor?: string }).actor ?? null;
  switch (e.type) {
    case 'case.opened.v1': {
      const d = e.data;
      const k = d.contact.contactId;
      Object.assign(c, { profile_id: e.profileId, channel: d.channel, received_at: d.receivedAt, contact_id: k, person_id: k ? f.personOf(k) : null, text_confidence: d.textConfidence, flags: json(d.flags) });
      if (k) {
        const prev = f.contacts.get(k);
        f.contacts.set(k, {
          contact_id: k,
          person_id: prev?.person_id ?? k,
          first_seen_at: prev && new Date(String(prev.first_seen_at)) < new Date(d.receivedAt) ? (prev.first_seen_at ?? null) : d.receivedAt,
          last_seen_at: prev && new Date(String(prev.last_seen_at)) > new Date(d.receivedAt) ? (prev.last_seen_at ?? null) : d.receivedAt,
          destroyed_at: prev?.destroyed_at ?? null,
        });
      }
      message(f, id, { id: d.intakeId, eventId: e.id, direction: 'inbound', channel: d.channel, at: d.receivedAt, raw: d.raw.sha256, actor: null, attachments: d.attachments });
      // The intake topic and the case topic are read independently: whichever comes first
      // writes the intake row, and the case's disposition always wins.
      finalIntake(f, d.intakeId, { intake_id: d.intakeId, idempotency_key: d.idempotencyKey, channel: d.channel, received_at: d.receivedAt, disposition: 'case', reason: null, error_code: null, case_id: id, raw_sha256: d.raw.sha256, quarantine_path: null, connector: String(d.source.connector ?? '') });
      return;
    }
    case 'case.classified.v1': {
      const d = e.data;
      // A person's (re)classification is a label to retrain on (issue 6), beside what the model said.
      if (!d.actor.startsWith('systeme')) {
        f.labels.push([e.id, id, e.occurredAt, d.actor, d.kind, d.admissibility, d.referral, d.nature, d.urgency, d.urgencyReason, (c.model_version as string) ?? null, (c.kind as string) ?? null, (c.nature as string) ?? null, (c.urgency as string) ?? null]);
      }
      Object.assign(c, { kind: d.kind, admissibility: d.admissibility, referral: d.referral, nature: d.nature, urgency: d.urgency, urgency_reason: d.urgencyReason, classification_rules: json(d.rules), classification_terms: json(d.terms) });
      if (d.actor.startsWith('systeme')) Object.assign(c, { confidence: d.confidence, model_version: d.modelVersion });
      return;
    }
    case 'case.routed.v1':
      Object.assign(c, { queue: e.data.queue, route_reason: e.data.reason });
      return;
    case 'case.acknowledgement-due.v1':
      Object.assign(c, { ack_via: e.data.via, ack_due_at: e.data.dueAt });
      return;
    case 'case.acknowledgement-sent.v1':
      c.ack_sent_at = e.data.sentAt;
      return;
    case 'case.message-added.v1': {
      const d = e.data;
      message(f, id, { id: d.intakeId, eventId: e.id, direction: d.direction, channel: d.channel, at: d.at, raw: d.raw?.sha256 ?? null, actor: null, attachments: d.attachments });
      if (d.direction === 'inbound') {
        finalIntake(f, d.intakeId, { intake_id: d.intakeId, idempotency_key: null, channel: d.channel, received_at: d.at, disposition: 'reply', reason: null, error_code: null, case_id: id, raw_sha256: d.raw?.sha256 ?? null, quarantine_path: null, connector: null });
      }
      return;
    }
    case 'case.assigned.v1':
      Object.assign(c, { queue: e.data.queue, assignee: e.data.assignee });
      return;
    case 'case.info-requested.v1':
      c.paused_since ??= e.occurredAt;
      if (e.data.question) message(f, id, { id: e.id, eventId: e.id, direction: 'outbound', channel: e.data.via, at: e.occurredAt, raw: null, actor, attachments: [] });
      return;
    case 'case.citizen-answered.v1':
      c.paused_since = null;
      return;
    case 'case.answer-sent.v1':
      message(f, id, { id: e.id, eventId: e.id, direction: 'outbound', channel: e.data.via, at: e.data.sentAt, raw: null, actor, attachments: [] });
      return;
    case 'case.judged.v1':
      Object.assign(c, { finding: e.data.finding, criteria: json(e.data.criteria) });
      return;
    case 'case.referred.v1':
      c.referral = e.data.body;
      return;
    case 'case.escalated.v1':
      c.escalation_step = e.data.step;
      return;
    case 'case.walled-off.v1': {
      const list = c.walled_off ? (JSON.parse(String(c.walled_off)) as string[]) : [];
      if (!list.includes(e.data.employee)) list.push(e.data.employee);
      c.walled_off = json(list);
      return;
    }
    case 'case.closed.v1':
      Object.assign(c, { outcome: e.data.outcome, closed_at: e.occurredAt, paused_since: null });
      return;
    case 'case.merged.v1':
      Object.assign(c, { merged_into: e.data.intoCaseId, outcome: 'fusionne', closed_at: e.occurredAt, paused_since: null });
      return;
    case 'case.reopened.v1':
      Object.assign(c, { closed_at: null, outcome: null, finding: null, criteria: null, reopened_at: e.occurredAt });
      return;
    case 'case.viewed.v1':
      f.access.push([e.id, e.occurredAt, e.data.actor, 'consultation', id, (c.contact_id as string) ?? null, null, e.data.purpose, null]);
      return;
    case 'case.identity-revealed.v1':
      f.access.push([e.id, e.occurredAt, e.data.actor, 'levee_anonymat', id, (c.contact_id as string) ?? null, e.data.role, e.data.reason, json(e.data.fields)]);
      return;
    case 'case.survey-sent.v1': {
      const prev = f.surveys.get(e.data.tokenId) ?? {};
      f.surveys.set(e.data.tokenId, { ...prev, token_id: e.data.tokenId, case_id: id, sent_at: e.occurredAt, via: e.data.via, expires_at: e.data.expiresAt });
      return;
    }
    case 'case.survey-answered.v1': {
      const prev = f.surveys.get(e.data.tokenId) ?? {};
      f.surveys.set(e.data.tokenId, { ...prev, token_id: e.data.tokenId, case_id: id, answered_at: e.occurredAt, score: e.data.score, answer_event_id: e.id });
      f.surveysChanged = true;
      return;
    }
    default:
      return;
  }
}
