// Mail that is not made into a case but must stay visible: an unreadable message, or one larger
// than config.maxFileBytes. As the drop folder does, the message is kept as received in the
// quarantine folder with a « .raison.json » beside it, and an intake.disposed (quarantine) record
// lists it. A large message is streamed from the server to the file (constant memory; its hash
// computed on the way), never held in memory.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { EventOf } from '../../core/events/schemas.ts';
import { buildIntakeDisposed, type IntakeContext } from '../intake.ts';
import type { MessageRef } from './ingest-message.ts';

export interface QuarantineContext extends IntakeContext {
  quarantineDir: string;
  dataDir: string;
}

export function quarantineFileName(ref: MessageRef): string {
  // Deterministic: handling the same message again overwrites the same file.
  const folder = ref.folder.replace(/[^A-Za-z0-9_-]+/g, '_');
  return `imap-${ref.mailbox}-${folder}-${ref.uidValidity}-${ref.uid}.eml`;
}

async function writeReason(target: string, info: Record<string, unknown>): Promise<void> {
  await fsp.writeFile(`${target}.raison.json`, `${JSON.stringify(info, null, 2)}\n`);
}

/** Streams `content` into the quarantine folder and builds the disposed record. */
export async function quarantineStream(
  ctx: QuarantineContext,
  ref: MessageRef,
  content: Readable,
  why: { errorCode: string; reason: string },
  now: Date,
): Promise<{ event: EventOf<'intake.disposed.v1'>; sha256: string; size: number; file: string }> {
  await fsp.mkdir(ctx.quarantineDir, { recursive: true });
  const target = path.join(ctx.quarantineDir, quarantineFileName(ref));
  const tmp = `${target}.${process.pid}.part`;
  const hash = createHash('sha256');
  let size = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  await pipeline(content, tap, fs.createWriteStream(tmp, { mode: 0o600 }));
  const fh = await fsp.open(tmp, 'r+');
  await fh.sync();
  await fh.close();
  await fsp.rename(tmp, target);
  const sha256 = hash.digest('hex');
  await writeReason(target, { mailbox: ref.mailbox, folder: ref.folder, uid: ref.uid, sha256, size, errorCode: why.errorCode, reason: why.reason, at: now.toISOString() });
  const event = buildIntakeDisposed(ctx, {
    key: `file:${sha256}`,
    channel: 'email',
    disposition: 'quarantine',
    reason: why.reason,
    errorCode: why.errorCode,
    raw: { sha256, size, contentType: 'message/rfc822' },
    quarantinePath: path.relative(ctx.dataDir, target),
    now,
  });
  return { event, sha256, size, file: target };
}

/** Keeps an unreadable message's bytes in the quarantine folder; returns the path for the record. */
export async function quarantineBytes(ctx: QuarantineContext, ref: MessageRef, bytes: Buffer, why: { errorCode: string; reason: string; sha256: string }, now: Date): Promise<string> {
  await fsp.mkdir(ctx.quarantineDir, { recursive: true });
  const target = path.join(ctx.quarantineDir, quarantineFileName(ref));
  await fsp.writeFile(target, bytes, { mode: 0o600 });
  await writeReason(target, { mailbox: ref.mailbox, folder: ref.folder, uid: ref.uid, sha256: why.sha256, size: bytes.length, errorCode: why.errorCode, reason: why.reason, at: now.toISOString() });
  return path.relative(ctx.dataDir, target);
}
