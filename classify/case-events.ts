// What an intake becomes on the case log: case opened, classified, routed with its deadlines, and
// the acknowledgement that is due; or, for a reply to an existing case, a message added to that
// case's file. Pure: the same intake always yields the same events (ids derive from it).
import type { Keyring } from '../core/crypto/keyring.ts';
import { open } from '../core/crypto/sealed.ts';
import type { BusinessCalendar } from '../core/calendar/business-calendar.ts';
import type { CaseEvent, Deadline, EventOf } from '../core/events/schemas.ts';
import { caseIdFor, deterministicId } from '../core/ids.ts';
import type { Profile } from '../core/profiles/schema.ts';
import type { Classification } from './rules-classifier.ts';

export interface Classifier {
  classify(input: { subject: string | null; text: string; channel: string; textConfidence: number | null }): Classification;
}

const ACTOR = 'systeme:classification';

export function deadlinesFor(profile: Profile, cal: BusinessCalendar, receivedAt: string, c: Pick<Classification, 'urgency'>, channel: string): Deadline[] {
  const d = profile.deadlines;
  const out: Deadline[] = [];
  const add = (clock: Deadline['clock'], rule: { unit: 'business_days' | 'calendar_days' | 'hours'; amount: number; source: string } | null) => {
    if (rule) out.push({ clock, dueAt: cal.due(receivedAt, rule).toISOString(), rule: `${rule.amount} ${UNIT_FR[rule.unit]} — ${rule.source}` });
  };
  add('acknowledgement', d.acknowledgement);
  add('followUp', d.followUp);
  add('answer', d.answer);
  if (c.urgency === 'urgente') add('urgent', d.urgent);
  if (channel === 'voicemail') add('callback', d.callback);
  return out;
}

const UNIT_FR = { business_days: 'jours ouvrables', calendar_days: 'jours civils', hours: 'heures' } as const;

export function caseEventsFor(
  intake: EventOf<'intake.received.v1'>,
  deps: { profile: Profile; calendar: BusinessCalendar; classifier: Classifier; keyring: Keyring },
): CaseEvent[] {
  const d = intake.data;
  const base = (type: string, caseId: string) => ({
    id: deterministicId(type, d.idempotencyKey),
    occurredAt: intake.occurredAt,
    correlationId: intake.correlationId,
    profileId: intake.profileId,
    caseId,
  });

  if (d.inReplyToCaseRef) {
    const b = base('case.message-added.v1', d.inReplyToCaseRef);
    return [
      {
        id: b.id,
        type: 'case.message-added.v1',
        occurredAt: b.occurredAt,
        correlationId: b.correlationId,
        profileId: b.profileId,
        data: { caseId: b.caseId, intakeId: d.intakeId, direction: 'inbound', channel: d.channel, at: d.receivedAt, subject: d.subject, text: d.text, attachments: d.attachments, raw: d.raw },
      },
    ];
  }

  const caseId = caseIdFor(d.idempotencyKey, d.receivedAt);
  // A call with no message (or no usable transcript) has no words to classify: it is a call-back
  // task for a person to triage (seed 004: every call is returned by the next business day).
  const placeholder = d.flags.includes('callback-only') || d.flags.includes('transcript-missing');
  const c: Classification = placeholder
    ? {
        kind: 'requete',
        admissibility: 'recevable',
        referral: null,
        nature: deps.profile.defaultNature,
        urgency: 'normale',
        urgencyReason: null,
        queue: deps.profile.triageQueue,
        confidence: 0,
        rules: [d.flags.includes('callback-only') ? 'rappel:sans-message' : 'rappel:transcription-absente', 'file:triage-rappel'],
        terms: [],
        modelVersion: 'regle-rappel',
      }
    : deps.classifier.classify({
        subject: d.subject ? open(deps.keyring, d.subject) : null,
        text: open(deps.keyring, d.text),
        channel: d.channel,
        textConfidence: d.textConfidence,
      });
  const deadlines = deadlinesFor(deps.profile, deps.calendar, d.receivedAt, c, d.channel);
  const ack = deadlines.find((x) => x.clock === 'acknowledgement') ?? deadlines.find((x) => x.clock === 'callback');
  const via = d.sender.email ? 'email' : d.channel === 'voicemail' ? 'callback' : d.sender.address ? 'letter' : d.sender.phone ? 'callback' : 'none';
  const env = (type: string) => {
    const b = base(type, caseId);
    return { id: b.id, occurredAt: b.occurredAt, correlationId: b.correlationId, profileId: b.profileId };
  };
  const queueWhy = c.rules.filter((r) => r.startsWith('file:') || r.startsWith('nature:') || r.startsWith('urgence:') || r.startsWith('renvoi:')).join(', ');

  const events: CaseEvent[] = [
    {
      ...env('case.opened.v1'),
      type: 'case.opened.v1',
      data: {
        caseId,
        caseRef: caseId,
        intakeId: d.intakeId,
        idempotencyKey: d.idempotencyKey,
        channel: d.channel,
        receivedAt: d.receivedAt,
        contact: d.sender,
        subject: d.subject,
        text: d.text,
        textConfidence: d.textConfidence,
        attachments: d.attachments,
        raw: d.raw,
        flags: d.flags,
        source: d.source,
      },
    },
    {
      ...env('case.classified.v1'),
      type: 'case.classified.v1',
      data: {
        caseId,
        kind: c.kind,
        admissibility: c.admissibility,
        referral: c.referral,
        nature: c.nature,
        urgency: c.urgency,
        urgencyReason: c.urgencyReason,
        confidence: c.confidence,
        modelVersion: c.modelVersion,
        rules: c.rules,
        terms: c.terms,
        actor: ACTOR,
      },
    },
    {
      ...env('case.routed.v1'),
      type: 'case.routed.v1',
      data: { caseId, queue: c.queue, reason: queueWhy, deadlines, actor: ACTOR },
    },
  ];
  if (ack && c.admissibility === 'recevable') {
    events.push({
      ...env('case.acknowledgement-due.v1'),
      type: 'case.acknowledgement-due.v1',
      data: { caseId, dueAt: ack.dueAt, channel: d.channel, via },
    });
  }
  return events;
}
