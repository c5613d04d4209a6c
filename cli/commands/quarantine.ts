// `doleances quarantine [--json]`: every received message that did not become a case, with its
// reason (quarantine, auto-reply, bounce, duplicate, orphan reply), and when its original was
// destroyed at the end of its retention. Reads the warehouse read-only.
// `doleances quarantine show <sha256-prefix> [--out FILE]`: the original of a quarantined message,
// decrypted from the archive (the quarantine folder holds only the reason), so an operator can
// inspect it and drop it again. Written to FILE, or to standard output when it is not a terminal.
// Once destroyed (store/retention-non-case.ts), it says so and when.
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { openKeyring } from '../../core/crypto/keyring.ts';
import { DoleancesError } from '../../core/errors.ts';
import { formatDateTime } from '../../core/i18n/format.ts';
import { archivePath, readArchivedStream } from '../../ingest/archive.ts';
import { findQuarantined } from '../../ingest/quarantine.ts';
import { listDispositions } from '../../store/queries.ts';
import { destroyedIntakes } from '../../store/retention-non-case.ts';
import { openWarehouse } from '../../store/warehouse.ts';
import type { CommandContext } from '../main.ts';

const USAGE = 'Usage : doleances quarantine [--json] | doleances quarantine show <empreinte-sha256> [--out FICHIER]';

export async function run(ctx: CommandContext): Promise<number> {
  const [sub, ...rest] = ctx.args;
  if (sub === 'show') return show(ctx, rest);
  if (sub !== undefined) throw new DoleancesError('CLI_USAGE', USAGE);
  return list(ctx);
}

async function list({ config, values }: CommandContext): Promise<number> {
  const db = await openWarehouse(config.paths.warehouse, { readOnly: true });
  try {
    const rows = await listDispositions(db);
    if (values.json) {
      for (const r of rows) process.stdout.write(`${JSON.stringify(r)}\n`);
    } else if (rows.length === 0) {
      process.stdout.write('Aucun message en quarantaine ou écarté.\n');
    } else {
      for (const r of rows) {
        const where = r.destroyed_at ? `  [détruit le ${formatDateTime(r.destroyed_at)}]` : r.quarantine_path ? `  [${r.quarantine_path}]` : '';
        process.stdout.write(`${formatDateTime(r.received_at)}  ${r.disposition.padEnd(12)} ${r.error_code ?? ''}  ${r.reason ?? ''}${where}\n`);
      }
    }
    return 0;
  } finally {
    db.close();
  }
}

async function show({ config, values }: CommandContext, args: string[]): Promise<number> {
  const prefix = args[0];
  const out = typeof values.out === 'string' ? values.out : undefined;
  if (!prefix || args.length > 1 || values.out === true) throw new DoleancesError('CLI_USAGE', USAGE);
  // A message may be binary, and it is personal data: never sprayed on a terminal by default.
  if (!out && process.stdout.isTTY) throw new DoleancesError('CLI_USAGE', 'Sortie vers un terminal refusée : --out FICHIER, ou redirigez la sortie (> fichier).');
  const found = await findQuarantined(config.paths.quarantine, prefix);
  if (found.length === 0) {
    const gone = await destroyedFor(config.paths.warehouse, prefix);
    if (gone) throw new DoleancesError('INTAKE_DESTROYED', `Original ${gone.sha256.slice(0, 16)}… détruit le ${formatDateTime(gone.destroyed_at)} (fin de la période de conservation des messages sans dossier) ; restent l'empreinte, le motif et les dates : « doleances quarantine ».`);
    throw new DoleancesError('NOT_FOUND', `Aucun message en quarantaine dont l'empreinte commence par ${prefix}.`);
  }
  if (found.length > 1) throw new DoleancesError('CLI_USAGE', `Empreinte ambiguë, ${found.length} messages : ${found.map((f) => f.sha256.slice(0, 16)).join(', ')}`);
  const { sha256, recordFile } = found[0]!;
  try {
    await fs.access(archivePath(config.paths.archive, sha256));
  } catch (cause) {
    throw new DoleancesError('NOT_FOUND', `Original absent de l'archive (détruit, ou quarantaine antérieure à l'archivage) : voir ${recordFile}`, { cause });
  }
  const keyring = openKeyring(config);
  const original = () => readArchivedStream(config.paths.archive, keyring, sha256);
  // Streamed in constant memory (a quarantined mail may be hundreds of MB). GCM authenticates at
  // the end only: nothing is handed over before the whole original has been checked.
  if (out) {
    // Temp file then rename: an --out inside the drop folder is never read half-written, and a
    // tampered original never appears under that name.
    const tmp = path.join(path.dirname(out), `.${path.basename(out)}.${process.pid}.tmp`);
    try {
      await pipeline(original(), createWriteStream(tmp, { mode: 0o600 }));
      await fs.rename(tmp, out);
    } finally {
      await fs.rm(tmp, { force: true });
    }
    process.stdout.write(`${out} (${(await fs.stat(out)).size} octets, sha256 ${sha256})\n`);
  } else {
    // A pipe can't be taken back: check the whole original first (a second decryption), then write.
    await pipeline(original(), new Writable({ write: (_chunk, _enc, done) => done() }));
    await pipeline(original(), process.stdout, { end: false });
  }
  return 0;
}

/**
 * The destruction of a message with that sha256 prefix, from the warehouse; undefined when there is
 * none, or when the warehouse can't be read (Doléances running holds it: the plain « not found » then).
 */
async function destroyedFor(file: string, prefix: string): Promise<{ sha256: string; destroyed_at: string } | undefined> {
  let db;
  try {
    db = await openWarehouse(file, { readOnly: true });
  } catch {
    return undefined;
  }
  try {
    return (await destroyedIntakes(db, prefix))[0];
  } finally {
    db.close();
  }
}
