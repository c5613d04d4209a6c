// Every event is defined once here; its TypeScript type is inferred from the schema. Names carry
// their version (`intake.received.v1`); a published version never changes, a new one is added.
// Personal data inside events is sealed (core/crypto/sealed.ts): the log never holds it in clear.
import { z } from 'zod';

const isoDate = z.string().datetime({ offset: true });
const sealed = z.string().startsWith('s1.');
const sha = z.string().regex(/^[0-9a-f]{64}$/);

export const CHANNELS = ['email', 'fax', 'letter', 'voicemail', 'sms', 'web', 'phone', 'in_person'] as const;
export const channelSchema = z.enum(CHANNELS);
export type Channel = z.infer<typeof channelSchema>;

export const DISPOSITIONS = ['case', 'reply', 'autoreply', 'bounce', 'duplicate', 'quarantine'] as const;
export const dispositionSchema = z.enum(DISPOSITIONS);
export type Disposition = z.infer<typeof dispositionSchema>;

/** Personal contact data as received, each field sealed. */
export const sealedContactSchema = z.object({
  name: sealed.nullable(),
  email: sealed.nullable(),
  phone: sealed.nullable(),
  fax: sealed.nullable(),
  address: sealed.nullable(),
  /** Pseudonymous contact id (HMAC of the normalised email or phone); null when anonymous. */
  contactId: z.string().nullable(),
});

export const attachmentRefSchema = z.object({
  sha256: sha,
  name: sealed.nullable(),
  contentType: z.string(),
  size: z.number().int().nonnegative(),
  /** Text extracted from the attachment (PDF text layer or OCR), sealed. */
  text: sealed.nullable(),
  ocrConfidence: z.number().min(0).max(100).nullable(),
  pages: z.number().int().nonnegative().nullable(),
});
export type AttachmentRef = z.infer<typeof attachmentRefSchema>;

const envelope = <T extends string, D extends z.ZodTypeAny>(type: T, data: D) =>
  z.object({
    id: z.string().min(8),
    type: z.literal(type),
    occurredAt: isoDate,
    correlationId: z.string().min(1),
    profileId: z.string().min(1),
    data,
  });

export const intakeReceivedV1 = envelope(
  'intake.received.v1',
  z.object({
    intakeId: z.string(),
    channel: channelSchema,
    /** Where it came from: connector name plus source ids (mailbox, UID, path, CallSid…). */
    source: z.object({ connector: z.string() }).catchall(z.union([z.string(), z.number(), z.null()])),
    idempotencyKey: z.string().min(3),
    receivedAt: isoDate,
    sender: sealedContactSchema,
    subject: sealed.nullable(),
    text: sealed,
    /** Confidence of the text itself (OCR or speech-to-text), 0-100; null for typed text. */
    textConfidence: z.number().min(0).max(100).nullable(),
    language: z.string().nullable(),
    attachments: z.array(attachmentRefSchema),
    raw: z.object({ sha256: sha, size: z.number().int().nonnegative(), contentType: z.string() }),
    flags: z.array(z.string()),
    /** For replies: the case the message answers, when the connector recognised it. */
    inReplyToCaseRef: z.string().nullable(),
  }),
);

export const intakeDisposedV1 = envelope(
  'intake.disposed.v1',
  z.object({
    intakeId: z.string(),
    idempotencyKey: z.string(),
    channel: channelSchema.nullable(),
    disposition: dispositionSchema.exclude(['case']),
    reason: z.string(),
    errorCode: z.string().nullable(),
    receivedAt: isoDate,
    raw: z.object({ sha256: sha, size: z.number().int().nonnegative(), contentType: z.string() }).nullable(),
    /** Where a quarantined file now lies, relative to the data directory. */
    quarantinePath: z.string().nullable(),
    caseId: z.string().nullable(),
  }),
);

const caseEnvelope = <T extends string, D extends z.ZodRawShape>(type: T, shape: D) =>
  envelope(type, z.object({ caseId: z.string(), ...shape }));

export const KINDS = ['plainte', 'requete', 'commentaire', 'information'] as const;
export const URGENCIES = ['urgente', 'normale'] as const;

export const caseOpenedV1 = caseEnvelope('case.opened.v1', {
  caseRef: z.string(),
  intakeId: z.string(),
  idempotencyKey: z.string(),
  channel: channelSchema,
  receivedAt: isoDate,
  contact: sealedContactSchema,
  subject: sealed.nullable(),
  text: sealed,
  textConfidence: z.number().nullable(),
  attachments: z.array(attachmentRefSchema),
  raw: z.object({ sha256: sha, size: z.number().int().nonnegative(), contentType: z.string() }),
  flags: z.array(z.string()),
  source: z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
});

export const caseClassifiedV1 = caseEnvelope('case.classified.v1', {
  kind: z.enum(KINDS),
  admissibility: z.string(),
  referral: z.string().nullable(),
  nature: z.string(),
  urgency: z.enum(URGENCIES),
  urgencyReason: z.string().nullable(),
  confidence: z.number().min(0).max(1),
  modelVersion: z.string(),
  rules: z.array(z.string()),
  terms: z.array(z.string()),
  actor: z.string(),
});

export const deadlineSchema = z.object({
  clock: z.enum(['acknowledgement', 'followUp', 'answer', 'urgent', 'callback']),
  dueAt: isoDate,
  /** Human-readable rule and its source, e.g. "3 jours ouvrables (seed 000, Fonctionnement)". */
  rule: z.string(),
});
export type Deadline = z.infer<typeof deadlineSchema>;

export const caseRoutedV1 = caseEnvelope('case.routed.v1', {
  queue: z.string(),
  reason: z.string(),
  deadlines: z.array(deadlineSchema),
  actor: z.string(),
});

export const caseAcknowledgementDueV1 = caseEnvelope('case.acknowledgement-due.v1', {
  dueAt: isoDate,
  channel: channelSchema,
  /** Where to send it, or null when the citizen left no usable address (a call-back task then). */
  via: z.enum(['email', 'sms', 'letter', 'callback', 'none']),
});

export const caseAcknowledgementSentV1 = caseEnvelope('case.acknowledgement-sent.v1', {
  sentAt: isoDate,
  via: z.enum(['email', 'sms', 'letter', 'callback']),
  to: sealed.nullable(),
  messageId: z.string().nullable(),
});

export const caseMessageAddedV1 = caseEnvelope('case.message-added.v1', {
  intakeId: z.string(),
  direction: z.enum(['inbound', 'outbound']),
  channel: channelSchema,
  at: isoDate,
  subject: sealed.nullable(),
  text: sealed,
  attachments: z.array(attachmentRefSchema),
  raw: z.object({ sha256: sha, size: z.number().int().nonnegative(), contentType: z.string() }).nullable(),
});

export const caseStaffActionV1 = caseEnvelope('case.staff-action.v1', {
  actor: z.string(),
  action: z.string(),
  note: sealed.nullable(),
  details: z.record(z.string(), z.unknown()),
});

export const CASE_STATUSES = [
  'recue', 'accuse_envoye', 'en_traitement', 'en_attente_citoyen', 'reponse_envoyee', 'fermee',
  'redirigee', 'irrecevable', 'classee_sans_suite', 'rouverte',
] as const;
export const caseStatusSchema = z.enum(CASE_STATUSES);
export type CaseStatus = z.infer<typeof caseStatusSchema>;

export const caseStatusChangedV1 = caseEnvelope('case.status-changed.v1', {
  from: caseStatusSchema,
  to: caseStatusSchema,
  actor: z.string(),
  reason: z.string(),
});

export const caseClosedV1 = caseEnvelope('case.closed.v1', {
  outcome: z.enum(['fondee', 'non_fondee', 'partiellement_fondee', 'redirigee', 'irrecevable', 'classee_sans_suite', 'reglee']),
  /** Seed 001, Critères d'appréciation: which criteria the judgement relied on. */
  criteria: z.array(z.string()),
  actor: z.string(),
  reason: z.string(),
});

export const EVENT_SCHEMAS = {
  'intake.received.v1': intakeReceivedV1,
  'intake.disposed.v1': intakeDisposedV1,
  'case.opened.v1': caseOpenedV1,
  'case.classified.v1': caseClassifiedV1,
  'case.routed.v1': caseRoutedV1,
  'case.acknowledgement-due.v1': caseAcknowledgementDueV1,
  'case.acknowledgement-sent.v1': caseAcknowledgementSentV1,
  'case.message-added.v1': caseMessageAddedV1,
  'case.staff-action.v1': caseStaffActionV1,
  'case.status-changed.v1': caseStatusChangedV1,
  'case.closed.v1': caseClosedV1,
} as const;

export type EventType = keyof typeof EVENT_SCHEMAS;
export type EventOf<T extends EventType> = z.infer<(typeof EVENT_SCHEMAS)[T]>;
export type DoleancesEvent = { [T in EventType]: EventOf<T> }[EventType];
export type CaseEvent = Extract<DoleancesEvent, { type: `case.${string}` }>;
export type IntakeEvent = Extract<DoleancesEvent, { type: `intake.${string}` }>;

export const TOPICS = {
  intake: 'intake',
  caseEvents: 'case-events',
  deadLetter: 'dead-letter',
} as const;
