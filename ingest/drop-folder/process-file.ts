// Handling of one raw file, shared by the drop-folder watcher and `bin/doleances ingest-file`:
// archive the original bytes first (encrypted), parse, then publish what it became. A file that
// can't be parsed is quarantined with its reason (never retried forever, never blocking the
// folder): a reason record, no copy of the bytes, which stay only in the encrypted archive.
import path from 'node:path';
import { errorCode, errorMessage } from '../../core/errors.ts';
import { publishEvents } from '../../core/events/publish.ts';
import type { DoleancesEvent } from '../../core/events/schemas.ts';
import type { Log } from '../../core/log/types.ts';
import type { Logger } from '../../core/logger.ts';
import { archiveBytes } from '../archive.ts';
import { buildIntakeDisposed, buildIntakeReceived, type IntakeContext } from '../intake.ts';
import { knownExtension } from '../parse/extension.ts';
import { contentTypeOf, parseRaw } from '../parse/index.ts';
import { writeQuarantineRecord } from '../quarantine.ts';
import type { EmailParseOptions } from '../parse/email.ts';

export interface ProcessContext extends IntakeContext {
  log: Log;
  logger: Logger;
  quarantineDir: string;
  dataDir: string;
  maxFileBytes: number;
  emailOptions?: EmailParseOptions;
  now?: () => Date;
}

export interface ProcessOutcome {
  disposition: 'case' | 'reply' | 'autoreply' | 'bounce' | 'quarantine';
  sha256: string;
  intakeId: string;
  reason: string | null;
  /** The quarantine record (the « .raison.json »), when quarantined. */
  quarantinePath: string | null;
}

export async function processFile(ctx: ProcessContext, file: string, bytes: Buffer): Promise<ProcessOutcome> {
  const now = ctx.now?.() ?? new Date();
  const name = path.basename(file);
  const raw = await archiveBytes(ctx.archiveRoot, ctx.keyring, bytes);
  const rawInfo = { sha256: raw.sha256, size: raw.size, contentType: contentTypeOf(name) };
  const fileKey = `file:${raw.sha256}`;

  const quarantine = async (code: string, reason: string): Promise<ProcessOutcome> => {
    // The file name may name the citizen: the record and the event carry the sha256 and a known extension only.
    const target = await writeQuarantineRecord(ctx.quarantineDir, { ...rawInfo, extension: knownExtension(name), errorCode: code, reason, at: now.toISOString() });
    const event = buildIntakeDisposed(ctx, {
      key: fileKey,
      channel: null,
      disposition: 'quarantine',
      reason,
      errorCode: code,
      raw: rawInfo,
      quarantinePath: path.relative(ctx.dataDir, target),
      now,
    });
    await publishEvents(ctx.log, [event]);
    ctx.logger.warn({ sha256: raw.sha256, errorCode: code, reason }, 'file quarantined');
    return { disposition: 'quarantine', sha256: raw.sha256, intakeId: event.data.intakeId, reason, quarantinePath: target };
  };

  if (bytes.length > ctx.maxFileBytes) {
    return quarantine('INTAKE_TOO_LARGE', `Fichier de ${bytes.length} octets, limite ${ctx.maxFileBytes}`);
  }
  let parsed;
  try {
    parsed = await parseRaw(name, bytes, ctx.emailOptions);
  } catch (err) {
    return quarantine(errorCode(err), errorMessage(err));
  }

  let event: DoleancesEvent;
  if (parsed.disposition === 'autoreply' || parsed.disposition === 'bounce') {
    event = buildIntakeDisposed(ctx, {
      key: fileKey,
      channel: parsed.channel,
      disposition: parsed.disposition,
      reason: parsed.dispositionReason ?? parsed.disposition,
      errorCode: null,
      raw: rawInfo,
      quarantinePath: null,
      now,
    });
  } else {
    // Not the file name in clear (it may name the citizen); attachments keep it sealed.
    event = await buildIntakeReceived(ctx, parsed, raw, rawInfo.contentType, { extension: knownExtension(name) || null }, now);
  }
  await publishEvents(ctx.log, [event]);
  ctx.logger.info({ sha256: raw.sha256, disposition: parsed.disposition, channel: parsed.channel, intakeId: event.data.intakeId }, 'file ingested');
  return { disposition: parsed.disposition, sha256: raw.sha256, intakeId: event.data.intakeId, reason: parsed.dispositionReason, quarantinePath: null };
}
