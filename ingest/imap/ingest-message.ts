// One fetched message to the events that account for it, the same way the drop folder does
// (ingest/drop-folder/process-file.ts): the original bytes are archived (encrypted) first, then the
// message is parsed and becomes an intake.received (a case or a reply) or an intake.disposed
// (auto-reply, bounce, duplicate, quarantine). Nothing is published here: the caller publishes a
// batch, then records it (seen ledger, checkpoint), then moves the mail (see sync.ts).
import { errorCode, errorMessage } from '../../core/errors.ts';
import type { IntakeEvent } from '../../core/events/schemas.ts';
import { archiveBytes, type ArchivedBlob } from '../archive.ts';
import { buildIntakeDisposed, buildIntakeReceived, contactIdOf, idempotencyKey } from '../intake.ts';
import { parseEmailDetailed, type EmailParseOptions } from '../parse/email.ts';
import type { ContentFingerprint } from '../parse/email-fingerprint.ts';
import { isPermanentFailure, type DeliveryReport } from '../parse/email-report.ts';
import { emptySender, type ParsedMessage } from '../parse/types.ts';
import { recordQuarantined, type QuarantineContext } from './quarantine.ts';
import type { SeenEntry } from './seen-ledger.ts';

export interface MessageRef {
  mailbox: string;
  folder: string;
  uidValidity: string;
  uid: number;
  /** IMAP INTERNALDATE (RFC 3501 §2.3.3): when the server received it; used when Date is missing. */
  internalDate: Date | null;
}

export interface IngestedMessage {
  events: IntakeEvent[];
  disposition: 'case' | 'reply' | 'autoreply' | 'bounce' | 'duplicate' | 'quarantine' | 'seen';
  key: string;
  /** To append to the seen ledger once the events are published. */
  seen: { key: string; entry: SeenEntry } | null;
}

export interface IngestContext extends QuarantineContext {
  emailOptions: EmailParseOptions;
  /** Earlier sightings: the ledger, and messages being published by any folder, not yet recorded. */
  lookup(key: string): SeenEntry | undefined;
  /** Marks a key as this batch's, from the moment it is looked up and found new. */
  hold(key: string, entry: SeenEntry): void;
  now(): Date;
}

const RAW = 'message/rfc822';

/**
 * How far apart two copies of a message with neither Message-ID nor Date may arrive: copies of one
 * message reach two mailboxes within seconds, or minutes when a server greylists or queues; the
 * same words sent again later are another message.
 */
export const DATELESS_COPY_WINDOW_MS = 24 * 3600_000;

function nearInTime(a: string | null | undefined, b: string | null | undefined): boolean {
  if (!a || !b) return true; // unknown: a copy rather than a second case
  return Math.abs(new Date(a).getTime() - new Date(b).getTime()) <= DATELESS_COPY_WINDOW_MS;
}

/**
 * The message's key and its earlier sighting. Mail without Message-ID is keyed by its content
 * fingerprint; the ledger may still know it by its bytes (`file:`, before the fingerprint). A
 * dateless one seen before but far from now in time is another message: it takes the next free key
 * of the series (`~1`, `~2`…), the same again when it is handled again.
 */
function sighting(ctx: IngestContext, parsed: ParsedMessage, fingerprint: ContentFingerprint | null, raw: ArchivedBlob): { key: string; earlier: SeenEntry | undefined } {
  const base = idempotencyKey(parsed, raw);
  if (!fingerprint) return { key: base, earlier: ctx.lookup(base) };
  const byBytes = ctx.lookup(`file:${raw.sha256}`);
  if (byBytes) return { key: `file:${raw.sha256}`, earlier: byBytes };
  let key = base;
  let earlier = ctx.lookup(key);
  for (let n = 1; earlier && !fingerprint.dated && earlier.rawSha256 !== raw.sha256 && !nearInTime(earlier.at, parsed.receivedAt); n++) {
    key = `${base}~${n}`;
    earlier = ctx.lookup(key);
  }
  return { key, earlier };
}

/**
 * A delivery report as the disposed record's reason and error code: for the bounce of one of our
 * acknowledgements, the case, action, status and the pseudonymous id of the contact whose address
 * failed (never the address itself). The drop folder can use it too.
 */
export function describeReport(ctx: Pick<IngestContext, 'keyring'>, report: DeliveryReport, fallback: string): { reason: string; errorCode: string | null } {
  if (!report.caseRef) return { reason: fallback, errorCode: null };
  const contact = report.recipient ? contactIdOf(ctx.keyring, { ...emptySender(), email: report.recipient }) : null;
  const what = report.kind === 'mdn' ? 'accusé de lecture' : report.action === 'delayed' ? 'remise retardée' : 'non-remise';
  // Machine-readable after the sentence, for the store and for a future contact.undeliverable event.
  const fields = [`dossier=${report.caseRef}`, `action=${report.action ?? '-'}`, `statut=${report.status ?? '-'}`, `contact=${contact ?? '-'}`].join('; ');
  return {
    reason: `${what} de l’accusé de réception (${report.kind === 'mdn' ? 'RFC 8098' : 'RFC 3464'}) ; ${fields}`,
    errorCode: isPermanentFailure(report) ? 'ACK_UNDELIVERABLE' : null,
  };
}

export async function ingestMessage(ctx: IngestContext, bytes: Buffer, ref: MessageRef): Promise<IngestedMessage> {
  const now = ctx.now();
  const raw = await archiveBytes(ctx.archiveRoot, ctx.keyring, bytes);
  const rawInfo = { sha256: raw.sha256, size: raw.size, contentType: RAW };
  const source = { mailbox: ref.mailbox, folder: ref.folder, uidValidity: ref.uidValidity, uid: ref.uid };
  const where = `${ref.mailbox}/${ref.folder}/${ref.uidValidity}/${ref.uid}`;

  let detailed;
  try {
    detailed = await parseEmailDetailed(bytes, ctx.emailOptions);
  } catch (err) {
    // Unreadable: the original stays in the archive (done above), a reason record lists it.
    const key = `file:${raw.sha256}`;
    const why = { errorCode: errorCode(err), reason: errorMessage(err) };
    const quarantinePath = await recordQuarantined(ctx, ref, raw, why, now);
    const event = buildIntakeDisposed(ctx, { key, channel: 'email', disposition: 'quarantine', reason: why.reason, errorCode: why.errorCode, raw: rawInfo, quarantinePath, now });
    return { events: [event], disposition: 'quarantine', key, seen: { key, entry: { rawSha256: raw.sha256, source: where } } };
  }
  const parsed = detailed.message;
  if (!parsed.receivedAt && ref.internalDate) parsed.receivedAt = ref.internalDate.toISOString();
  const { key, earlier } = sighting(ctx, parsed, detailed.fingerprint, raw);
  if (earlier) {
    // The very bytes seen before in this folder (a redelivery, a UIDVALIDITY resynchronisation).
    const sameBytes = earlier.rawSha256 === raw.sha256;
    const folder = `${ref.mailbox}/${ref.folder}`;
    if (sameBytes && earlier.source.startsWith(`${folder}/`)) return { events: [], disposition: 'seen', key, seen: null };
    // Another copy of a message already received (second mailbox, SMTP retry): one case only. A
    // byte-identical copy (APPENDed or copied by a client) is told apart by the folder it is in.
    const dupKey = sameBytes ? `duplicate:${key}:${raw.sha256}:${folder}` : `duplicate:${key}:${raw.sha256}`;
    const same = !detailed.fingerprint
      ? 'Message-ID et contenu'
      : detailed.fingerprint.dated
        ? 'sans Message-ID : expéditeur, date, objet et contenu'
        : `sans Message-ID ni date : expéditeur, objet et contenu, arrivé dans les ${DATELESS_COPY_WINDOW_MS / 3600_000} h`;
    const event = buildIntakeDisposed(ctx, {
      key: dupKey,
      channel: parsed.channel,
      disposition: 'duplicate',
      reason: `même message (${same}) qu’un courriel déjà reçu (${earlier.source.split('/').slice(0, 2).join('/')})`,
      errorCode: null,
      raw: rawInfo,
      quarantinePath: null,
      now,
    });
    return { events: [event], disposition: 'duplicate', key, seen: null };
  }

  const seen = { key, entry: { rawSha256: raw.sha256, source: where, at: parsed.receivedAt } };
  ctx.hold(seen.key, seen.entry);
  if (parsed.disposition === 'autoreply' || parsed.disposition === 'bounce') {
    const fallback = parsed.dispositionReason ?? parsed.disposition;
    const b = detailed.report ? describeReport(ctx, detailed.report, fallback) : { reason: fallback, errorCode: null };
    const event = buildIntakeDisposed(ctx, { key, channel: parsed.channel, disposition: parsed.disposition, reason: b.reason, errorCode: b.errorCode, raw: rawInfo, quarantinePath: null, now });
    // The case the auto-reply or bounce is about (our acknowledgement's), so it shows in its file.
    event.data.caseId = detailed.caseRef;
    return { events: [event], disposition: parsed.disposition, key, seen };
  }
  const event = await buildIntakeReceived(ctx, parsed, raw, RAW, source, now, key);
  return { events: [event], disposition: parsed.disposition, key, seen };
}
