// From a parsed message to the events the log receives: an intake.received (personal data sealed)
// for anything that may become a case or join one, an intake.disposed for what is accounted for
// without a case (auto-reply, bounce, quarantine). Shared by every connector.
import path from 'node:path';
import type { Keyring } from '../core/crypto/keyring.ts';
import { pseudonym, seal, sealOpt } from '../core/crypto/sealed.ts';
import type { EventOf } from '../core/events/schemas.ts';
import { deterministicId, sha256Hex } from '../core/ids.ts';
import { archiveBytes, type ArchivedBlob } from './archive.ts';
import type { ParsedMessage } from './parse/types.ts';

export interface IntakeContext {
  keyring: Keyring;
  profileId: string;
  archiveRoot: string;
  connector: string;
}

/**
 * The idempotency key: the source's own id (Twilio CallSid) or, for mail, Message-ID plus a hash
 * of the content (the same mail delivered to two mailboxes is one case; a reused Message-ID with
 * other content is not), for mail without Message-ID its content fingerprint (From, Date, Subject,
 * body: parse/email-fingerprint.ts), otherwise the hash of the original bytes.
 */
export function idempotencyKey(parsed: ParsedMessage, raw: ArchivedBlob): string {
  if (parsed.sourceId?.startsWith('twilio:')) return parsed.sourceId;
  if (parsed.sourceId?.startsWith('msgid:')) {
    const content = sha256Hex([parsed.subject ?? '', parsed.text, ...parsed.attachments.map((a) => sha256Hex(a.content))].join('\u0000'));
    return `email:${sha256Hex(`${parsed.sourceId}\u0000${content}`).slice(0, 40)}`;
  }
  if (parsed.sourceId?.startsWith('mailfp:')) return `email-fp:${parsed.sourceId.slice('mailfp:'.length, 'mailfp:'.length + 40)}`;
  return `file:${raw.sha256}`;
}

export function contactIdOf(keyring: Keyring, sender: ParsedMessage['sender']): string | null {
  if (sender.email) return pseudonym(keyring, 'email', sender.email);
  if (sender.phone) return pseudonym(keyring, 'phone', sender.phone);
  if (sender.fax) return pseudonym(keyring, 'phone', sender.fax);
  return null;
}

export async function buildIntakeReceived(
  ctx: IntakeContext,
  parsed: ParsedMessage,
  raw: ArchivedBlob,
  rawContentType: string,
  source: Record<string, string | number | null>,
  now: Date,
  /** The connector's key when it had to set one apart (see imap/ingest-message.ts). */
  key = idempotencyKey(parsed, raw),
): Promise<EventOf<'intake.received.v1'>> {
  const attachments = [];
  for (const a of parsed.attachments) {
    const blob = await archiveBytes(ctx.archiveRoot, ctx.keyring, a.content);
    attachments.push({
      sha256: blob.sha256,
      name: sealOpt(ctx.keyring, a.name),
      contentType: a.contentType,
      size: blob.size,
      text: sealOpt(ctx.keyring, a.text),
      ocrConfidence: a.ocrConfidence,
      pages: a.pages,
    });
  }
  const receivedAt = (parsed.receivedAt && new Date(parsed.receivedAt) <= now ? parsed.receivedAt : null) ?? now.toISOString();
  const s = parsed.sender;
  return {
    id: deterministicId('intake.received.v1', key),
    type: 'intake.received.v1',
    occurredAt: now.toISOString(),
    correlationId: deterministicId('correlation', key),
    profileId: ctx.profileId,
    data: {
      intakeId: deterministicId('intake', key),
      channel: parsed.channel,
      source: { connector: ctx.connector, ...parsed.source, ...source },
      idempotencyKey: key,
      receivedAt,
      sender: {
        name: sealOpt(ctx.keyring, s.name),
        email: sealOpt(ctx.keyring, s.email),
        phone: sealOpt(ctx.keyring, s.phone),
        fax: sealOpt(ctx.keyring, s.fax),
        address: sealOpt(ctx.keyring, s.address),
        contactId: contactIdOf(ctx.keyring, s),
      },
      subject: sealOpt(ctx.keyring, parsed.subject),
      text: seal(ctx.keyring, parsed.text),
      textConfidence: parsed.textConfidence,
      language: parsed.language,
      attachments,
      raw: { sha256: raw.sha256, size: raw.size, contentType: rawContentType },
      flags: parsed.flags,
      inReplyToCaseRef: parsed.inReplyToCaseRef,
    },
  };
}

export function buildIntakeDisposed(
  ctx: IntakeContext,
  args: {
    key: string;
    channel: ParsedMessage['channel'] | null;
    disposition: 'autoreply' | 'bounce' | 'quarantine' | 'duplicate' | 'reply';
    reason: string;
    errorCode: string | null;
    raw: { sha256: string; size: number; contentType: string } | null;
    quarantinePath: string | null;
    now: Date;
  },
): EventOf<'intake.disposed.v1'> {
  return {
    id: deterministicId('intake.disposed.v1', args.key),
    type: 'intake.disposed.v1',
    occurredAt: args.now.toISOString(),
    correlationId: deterministicId('correlation', args.key),
    profileId: ctx.profileId,
    data: {
      intakeId: deterministicId('intake', args.key),
      idempotencyKey: args.key,
      channel: args.channel,
      disposition: args.disposition,
      reason: args.reason,
      errorCode: args.errorCode,
      receivedAt: args.now.toISOString(),
      raw: args.raw,
      quarantinePath: args.quarantinePath ? path.normalize(args.quarantinePath) : null,
      caseId: null,
    },
  };
}
