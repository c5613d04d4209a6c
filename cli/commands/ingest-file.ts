// `doleances ingest-file <path> [--dry-run] [--json]`: one file through intake. --dry-run parses
// and prints what it would become, recording nothing. Otherwise: when an instance is running it
// owns the log, so the file is dropped (atomically) into its drop folder; when none is, the file
// is processed here, through classification and the store, and the case is printed.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { DoleancesError, errorCode, errorMessage } from '../../core/errors.ts';
import { openKeyring } from '../../core/crypto/keyring.ts';
import { createLogger } from '../../core/logger.ts';
import { loadProfile } from '../../core/profiles/load.ts';
import { Ledger } from '../../ingest/drop-folder/ledger.ts';
import { processFile } from '../../ingest/drop-folder/process-file.ts';
import { parseRaw } from '../../ingest/parse/index.ts';
import { startDoleances } from '../../main.ts';
import type { CommandContext } from '../main.ts';

function alreadyHandled(ledgerFile: string, sha: string): boolean {
  try {
    return fs.readFileSync(ledgerFile, 'utf8').split('\n').some((l) => l.startsWith(`${sha}\t`));
  } catch {
    return false;
  }
}

async function dryRun(ctx: CommandContext, file: string, bytes: Buffer): Promise<Record<string, unknown>> {
  const sha = createHash('sha256').update(bytes).digest('hex');
  if (alreadyHandled(path.join(ctx.config.paths.state, 'drop-folder.ledger'), sha)) {
    return { file, sha256: sha, disposition: 'duplicate', reason: 'fichier déjà reçu (même empreinte SHA-256)' };
  }
  if (bytes.length > ctx.config.maxFileBytes) {
    return { file, sha256: sha, disposition: 'quarantine', errorCode: 'INTAKE_TOO_LARGE', reason: `taille ${bytes.length} > ${ctx.config.maxFileBytes}` };
  }
  try {
    const p = await parseRaw(path.basename(file), bytes);
    const ocr = p.attachments.map((a) => a.ocrConfidence).filter((c): c is number => c !== null);
    return {
      file,
      sha256: sha,
      disposition: p.disposition,
      reason: p.dispositionReason,
      channel: p.channel,
      subject: p.subject,
      text: p.text,
      textConfidence: p.textConfidence,
      ocrConfidence: ocr.length ? Math.min(...ocr) : p.flags.includes('ocr') ? p.textConfidence : null,
      inReplyToCaseRef: p.inReplyToCaseRef,
      flags: p.flags,
      attachments: p.attachments.map((a) => ({ name: a.name, contentType: a.contentType, size: a.content.length, pages: a.pages, ocrConfidence: a.ocrConfidence })),
    };
  } catch (err) {
    return { file, sha256: sha, disposition: 'quarantine', errorCode: errorCode(err), reason: errorMessage(err) };
  }
}

export async function run(ctx: CommandContext): Promise<number> {
  const file = ctx.args[0];
  if (!file) throw new DoleancesError('CLI_USAGE', 'Usage : doleances ingest-file <fichier> [--dry-run] [--json]');
  let bytes: Buffer;
  try {
    bytes = await fsp.readFile(file);
  } catch (cause) {
    throw new DoleancesError('INTAKE_UNREADABLE', `Lecture impossible : ${file}`, { cause });
  }
  if (ctx.values['dry-run']) {
    const out = await dryRun(ctx, file, bytes);
    if (ctx.values.json) process.stdout.write(`${JSON.stringify(out)}\n`);
    else process.stdout.write(`${out.disposition} · ${out.channel ?? '—'} · ${out.subject ?? '(sans objet)'}\n${out.reason ? `raison : ${out.reason}\n` : ''}${typeof out.text === 'string' ? `\n${out.text}\n` : ''}`);
    return 0;
  }

  const config = ctx.config;
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  let app;
  try {
    app = await startDoleances(config, { web: false, dropFolder: false, logger });
  } catch (err) {
    if (!(err instanceof DoleancesError && err.code === 'LOG_LOCKED')) throw err;
    // A running instance owns the log: hand the file to its drop folder, atomically.
    await fsp.mkdir(config.paths.inbox, { recursive: true });
    const target = path.join(config.paths.inbox, path.basename(file));
    const tmp = path.join(config.paths.inbox, `.${path.basename(file)}.${process.pid}.tmp`);
    await fsp.copyFile(file, tmp);
    await fsp.rename(tmp, target);
    const out = { file, disposition: 'deposited', inbox: target };
    process.stdout.write(ctx.values.json ? `${JSON.stringify(out)}\n` : `Déposé dans la boîte de dépôt de l'instance en marche : ${target}\n`);
    return 0;
  }
  try {
    const profile = loadProfile(config.profilesDir, config.profileId);
    const outcome = await processFile(
      {
        log: app.log,
        logger,
        keyring: openKeyring(config),
        profileId: profile.id,
        archiveRoot: config.paths.archive,
        connector: 'cli',
        quarantineDir: config.paths.quarantine,
        dataDir: config.dataDir,
        maxFileBytes: config.maxFileBytes,
      },
      file,
      bytes,
    );
    // The same ledger as the drop folder: the file is known from now on, whichever way it came in.
    const ledger = new Ledger(path.join(config.paths.state, 'drop-folder.ledger'));
    ledger.record(outcome.sha256, outcome.disposition);
    ledger.close();
    const deadline = Date.now() + 30_000;
    let row: { disposition: string; case_id: string | null } | undefined;
    while (Date.now() < deadline) {
      row = await app.db.one(`SELECT disposition, case_id FROM intakes WHERE intake_id = $1`, [outcome.intakeId]);
      if (row && row.disposition !== 'recue') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const c = row?.case_id ? await app.db.one(`SELECT case_id, kind, nature, urgency, queue, admissibility FROM cases WHERE case_id = $1`, [row.case_id]) : undefined;
    const out = { file, disposition: row?.disposition ?? outcome.disposition, reason: outcome.reason, case: c ?? null };
    process.stdout.write(ctx.values.json ? `${JSON.stringify(out)}\n` : c ? `Dossier ${String(c.case_id)} : ${String(c.kind)} · ${String(c.nature)} · ${String(c.urgency)} → file ${String(c.queue)}\n` : `${out.disposition}${out.reason ? ` (${out.reason})` : ''}\n`);
    return 0;
  } finally {
    await app.stop();
  }
}
