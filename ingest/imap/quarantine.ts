// Mail that is not made into a case but must stay visible: an unreadable message, or one larger
// than config.maxFileBytes. As in the drop folder, the original is only in the encrypted archive
// (ingest/archive.ts) and the quarantine folder holds a reason record (ingest/quarantine.ts), named
// by its sha256, with nothing of the message (seed 002: complaint files are confidential); an
// intake.disposed (quarantine) points to the record, and `doleances quarantine show` opens the
// original. A large message is streamed from the server into the archive (constant memory; its
// hash computed on the way), never held in memory.
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { EventOf } from '../../core/events/schemas.ts';
import { archiveStream, type ArchivedBlob } from '../archive.ts';
import { buildIntakeDisposed, type IntakeContext } from '../intake.ts';
import { writeQuarantineRecord } from '../quarantine.ts';
import type { MessageRef } from './ingest-message.ts';

export interface QuarantineContext extends IntakeContext {
  quarantineDir: string;
  dataDir: string;
}

export interface QuarantineReason {
  errorCode: string;
  reason: string;
}

const RAW = 'message/rfc822';

/**
 * Writes the reason record of an archived message; returns its path relative to the data dir (the
 * event's quarantinePath). Where it came from (mailbox id, folder, UID: configuration, not personal
 * data) helps an operator find it in the logs and in the handled folder.
 */
export async function recordQuarantined(ctx: QuarantineContext, ref: MessageRef, raw: Pick<ArchivedBlob, 'sha256' | 'size'>, why: QuarantineReason, now: Date): Promise<string> {
  const target = await writeQuarantineRecord(ctx.quarantineDir, {
    sha256: raw.sha256,
    size: raw.size,
    contentType: RAW,
    extension: '.eml',
    errorCode: why.errorCode,
    reason: why.reason,
    at: now.toISOString(),
    source: { connector: 'imap', mailbox: ref.mailbox, folder: ref.folder, uidValidity: ref.uidValidity, uid: ref.uid },
  });
  return path.relative(ctx.dataDir, target);
}

/** Streams `content` into the encrypted archive, records why, and builds the disposed record. */
export async function quarantineStream(
  ctx: QuarantineContext,
  ref: MessageRef,
  content: Readable,
  why: QuarantineReason,
  now: Date,
): Promise<{ event: EventOf<'intake.disposed.v1'>; sha256: string; size: number; record: string }> {
  const raw = await archiveStream(ctx.archiveRoot, ctx.keyring, content);
  const quarantinePath = await recordQuarantined(ctx, ref, raw, why, now);
  const event = buildIntakeDisposed(ctx, {
    key: `file:${raw.sha256}`,
    channel: 'email',
    disposition: 'quarantine',
    reason: why.reason,
    errorCode: why.errorCode,
    raw: { sha256: raw.sha256, size: raw.size, contentType: RAW },
    quarantinePath,
    now,
  });
  return { event, sha256: raw.sha256, size: raw.size, record: quarantinePath };
}
