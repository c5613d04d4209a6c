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

/**
 * Law 25: a message that never became a case (intake.disposed.v1) is destroyed at the end of
 * profile.retention.nonCaseMonths (store/retention-non-case.ts). Its archived original is erased
 * unless a case or a younger message holds the same bytes (`original: 'shared'`; 'absent' when the
 * archive no longer had it), its quarantine record deleted; the intake's metadata stays.
 */
export const intakeDestroyedV1 = envelope(
  'intake.destroyed.v1',
  z.object({
    intakeId: z.string(),
    /** The disposed intake's own key: both events share a partition and stay in order. */
    idempotencyKey: z.string(),
    sha256: sha,
    original: z.enum(['erased', 'absent', 'shared']),
    actor: z.string().min(1),
    reason: z.string().min(1),
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

/** The statuses as case.status-changed.v1 was published with them (a published version never changes). */
export const CASE_STATUSES_V1 = [
  'recue', 'accuse_envoye', 'en_traitement', 'en_attente_citoyen', 'reponse_envoyee', 'fermee',
  'redirigee', 'irrecevable', 'classee_sans_suite', 'rouverte',
] as const;
/**
 * Every status a case can be in. « fusionne » (a duplicate merged into the case it duplicates) is
 * entered only through case.merged.v1 and never left, so no status-changed event ever names it.
 */
export const CASE_STATUSES = [...CASE_STATUSES_V1, 'fusionne'] as const;
export const caseStatusSchema = z.enum(CASE_STATUSES);
export type CaseStatus = z.infer<typeof caseStatusSchema>;
export type CaseStatusV1 = (typeof CASE_STATUSES_V1)[number];

export const caseStatusChangedV1 = caseEnvelope('case.status-changed.v1', {
  from: z.enum(CASE_STATUSES_V1),
  to: z.enum(CASE_STATUSES_V1),
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


// ---- Issue 7: the case file (seeds 000, 001, 002, 004). Every action on a case is an event of
// its file, with who (actor), when (occurredAt) and why (reason). Reasons and justifications are
// short motives in clear; anything about a person (notes, questions, answers) is sealed.
const actor = z.string().min(1);
const reason = z.string().min(1);
export const CLOCKS = ['acknowledgement', 'followUp', 'answer', 'urgent', 'callback'] as const;
const clockSchema = z.enum(CLOCKS);
/** Seed 001, Critères d'appréciation: a complaint is founded, unfounded, or partly founded. */
export const FINDINGS = ['fondee', 'non_fondee', 'partiellement_fondee'] as const;
/** Seed 001: the five criteria of a founded complaint, and the one of an unfounded one. */
export const FOUNDED_CRITERIA = ['engagements_generaux', 'normes_service', 'erreur', 'ecart_normes', 'culture_service'] as const;
export const UNFOUNDED_CRITERIA = ['aucun_prejudice'] as const;
/** Seed 000, Étapes à suivre 1: the neighbour-behaviour steps after the complaint is taken (step 1). */
export const ESCALATION_STEPS = ['sensibilisation', 'enquete', 'tentative_resolution', 'premier_avis', 'transfert_sociocommunautaire', 'mise_en_demeure'] as const;
const via = z.enum(['email', 'letter', 'phone', 'sms', 'fax', 'in_person']);

export const caseAssignedV1 = caseEnvelope('case.assigned.v1', { queue: z.string().min(1), assignee: z.string().nullable(), actor, reason });
export const caseNoteAddedV1 = caseEnvelope('case.note-added.v1', { actor, note: sealed, interventionAt: isoDate.nullable() });
export const caseInfoRequestedV1 = caseEnvelope('case.info-requested.v1', { actor, reason, question: sealed.nullable(), via });
export const caseCitizenAnsweredV1 = caseEnvelope('case.citizen-answered.v1', { actor, at: isoDate, messageId: z.string().nullable() });
export const caseAnswerSentV1 = caseEnvelope('case.answer-sent.v1', { actor, via, sentAt: isoDate, to: sealed.nullable(), text: sealed });
export const caseJudgedV1 = caseEnvelope('case.judged.v1', {
  actor,
  finding: z.enum(FINDINGS),
  criteria: z.array(z.enum([...FOUNDED_CRITERIA, ...UNFOUNDED_CRITERIA])).min(1),
  reason,
  /** Seed 001: an unfounded complaint can still lead to ways of improving. */
  improvements: z.string().nullable(),
});
export const caseReferredV1 = caseEnvelope('case.referred.v1', { actor, body: z.string().min(1), url: z.string().nullable(), consent: z.boolean(), reason });
export const caseReopenedV1 = caseEnvelope('case.reopened.v1', { actor, reason });
export const caseEscalatedV1 = caseEnvelope('case.escalated.v1', { actor, step: z.enum(ESCALATION_STEPS), reason, note: sealed.nullable() });
export const caseDeadlineExtendedV1 = caseEnvelope('case.deadline-extended.v1', { actor, clock: clockSchema, previousDueAt: isoDate, newDueAt: isoDate, justification: reason });
/** Seed 000: « le plaignant sera informé du délai additionnel jugé nécessaire ». */
export const caseExtensionNoticeDueV1 = caseEnvelope('case.extension-notice-due.v1', { clock: clockSchema, newDueAt: isoDate, dueAt: isoDate, via: z.enum(['email', 'sms', 'letter', 'callback', 'none']) });
export const caseViewedV1 = caseEnvelope('case.viewed.v1', { actor, purpose: z.string().min(1) });
export const caseIdentityRevealedV1 = caseEnvelope('case.identity-revealed.v1', { actor, role: z.string().min(1), reason: z.string().min(10), fields: z.array(z.string()).min(1) });
export const caseWalledOffV1 = caseEnvelope('case.walled-off.v1', { actor, employee: z.string().min(1), reason });
export const caseClockDueSoonV1 = caseEnvelope('case.clock-due-soon.v1', { clock: clockSchema, dueAt: isoDate, detectedAt: isoDate });
export const caseClockOverdueV1 = caseEnvelope('case.clock-overdue.v1', { clock: clockSchema, dueAt: isoDate, detectedAt: isoDate });
export const caseSurveySentV1 = caseEnvelope('case.survey-sent.v1', { via: z.enum(['email', 'sms', 'letter', 'phone']), tokenId: z.string().min(8), expiresAt: isoDate });
export const caseSurveyAnsweredV1 = caseEnvelope('case.survey-answered.v1', { tokenId: z.string().min(8), score: z.number().int().min(1).max(5), comment: sealed.nullable() });
/**
 * A duplicate merged into the case it duplicates (seed 004, « Les membres de l'organisation »:
 * every action is written in the file). On the duplicate's stream: it ends there, « fusionné », its
 * clocks stopped; the answer is owed once, in the kept case. The kept case records the same merge
 * in its own file (case.duplicate-attached.v1): each case's events share a key and stay in order,
 * a merge touches two cases, so it is two events, one on each stream, with one correlation id.
 */
export const caseMergedV1 = caseEnvelope('case.merged.v1', { intoCaseId: z.string().min(1), actor, reason });
/** The kept case's side of a merge: `duplicateCaseId` was merged into it (case.merged.v1). */
export const caseDuplicateAttachedV1 = caseEnvelope('case.duplicate-attached.v1', { duplicateCaseId: z.string().min(1), actor, reason });

const contactEnvelope = <T extends string, D extends z.ZodRawShape>(type: T, shape: D) =>
  envelope(type, z.object({ contactId: z.string().min(1), ...shape }));

/** Staff (or the cross-channel linker) state that `mergedId` is the same person as `contactId`. */
export const contactMergedV1 = contactEnvelope('contact.merged.v1', { mergedId: z.string().min(1), actor, reason });
/** Cases wrongly attached to a person move to a new contact id. */
export const contactSplitV1 = contactEnvelope('contact.split.v1', { newContactId: z.string().min(1), caseIds: z.array(z.string()).min(1), actor, reason });
/** Law 25: every access to a person's data outside a case view (export, access request). */
export const contactAccessedV1 = contactEnvelope('contact.accessed.v1', { actor, purpose: z.string().min(1), caseIds: z.array(z.string()) });
/** Law 25: destruction at the end of the retention period (crypto-shredding of the contact's key). */
export const contactShreddedV1 = contactEnvelope('contact.shredded.v1', { actor, reason, caseIds: z.array(z.string()) });

export const EVENT_SCHEMAS = {
  'intake.received.v1': intakeReceivedV1,
  'intake.disposed.v1': intakeDisposedV1,
  'intake.destroyed.v1': intakeDestroyedV1,
  'case.opened.v1': caseOpenedV1,
  'case.classified.v1': caseClassifiedV1,
  'case.routed.v1': caseRoutedV1,
  'case.acknowledgement-due.v1': caseAcknowledgementDueV1,
  'case.acknowledgement-sent.v1': caseAcknowledgementSentV1,
  'case.message-added.v1': caseMessageAddedV1,
  'case.staff-action.v1': caseStaffActionV1,
  'case.status-changed.v1': caseStatusChangedV1,
  'case.closed.v1': caseClosedV1,
  'case.assigned.v1': caseAssignedV1,
  'case.note-added.v1': caseNoteAddedV1,
  'case.info-requested.v1': caseInfoRequestedV1,
  'case.citizen-answered.v1': caseCitizenAnsweredV1,
  'case.answer-sent.v1': caseAnswerSentV1,
  'case.judged.v1': caseJudgedV1,
  'case.referred.v1': caseReferredV1,
  'case.reopened.v1': caseReopenedV1,
  'case.escalated.v1': caseEscalatedV1,
  'case.deadline-extended.v1': caseDeadlineExtendedV1,
  'case.extension-notice-due.v1': caseExtensionNoticeDueV1,
  'case.viewed.v1': caseViewedV1,
  'case.identity-revealed.v1': caseIdentityRevealedV1,
  'case.walled-off.v1': caseWalledOffV1,
  'case.clock-due-soon.v1': caseClockDueSoonV1,
  'case.clock-overdue.v1': caseClockOverdueV1,
  'case.survey-sent.v1': caseSurveySentV1,
  'case.survey-answered.v1': caseSurveyAnsweredV1,
  'case.merged.v1': caseMergedV1,
  'case.duplicate-attached.v1': caseDuplicateAttachedV1,
  'contact.merged.v1': contactMergedV1,
  'contact.split.v1': contactSplitV1,
  'contact.accessed.v1': contactAccessedV1,
  'contact.shredded.v1': contactShreddedV1,
} as const;

export type EventType = keyof typeof EVENT_SCHEMAS;
export type EventOf<T extends EventType> = z.infer<(typeof EVENT_SCHEMAS)[T]>;
export type DoleancesEvent = { [T in EventType]: EventOf<T> }[EventType];
export type CaseEvent = Extract<DoleancesEvent, { type: `case.${string}` }>;
export type IntakeEvent = Extract<DoleancesEvent, { type: `intake.${string}` }>;
export type ContactEvent = Extract<DoleancesEvent, { type: `contact.${string}` }>;

export const TOPICS = {
  intake: 'intake',
  caseEvents: 'case-events',
  deadLetter: 'dead-letter',
} as const;
