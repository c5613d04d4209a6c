// The quarantine record of a file that could not be made into anything: a « .raison.json » in the
// quarantine folder, named by the sha256 of the original and a known extension, holding the reason
// and nothing of the message or its file name (seed 002: complaint files are confidential). The
// original itself is only in the encrypted archive; `doleances quarantine show` opens it from there.
import fs from 'node:fs/promises';
import path from 'node:path';
import { DoleancesError } from '../core/errors.ts';

export interface QuarantineRecord {
  sha256: string;
  size: number;
  contentType: string;
  /** A known extension (".eml") or "" — never the rest of the file name. */
  extension: string;
  errorCode: string;
  reason: string;
  at: string;
  /** Where it came from, when that names nothing personal (IMAP: mailbox id, folder, UID). */
  source?: Record<string, string | number>;
}

const SUFFIX = '.raison.json';

/**
 * Writes the record atomically and returns its path. The name is deterministic: handling the same
 * bytes again (after a crash before the ledger write) rewrites the same record.
 */
export async function writeQuarantineRecord(dir: string, record: QuarantineRecord): Promise<string> {
  await fs.mkdir(dir, { recursive: true });
  const target = path.join(dir, `${record.sha256}${record.extension}${SUFFIX}`);
  const tmp = `${target}.${process.pid}.tmp`;
  await fs.writeFile(tmp, `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
  await fs.rename(tmp, target);
  return target;
}

/** The quarantined originals whose sha256 starts with `prefix` (every connector's records). */
export async function findQuarantined(dir: string, prefix: string): Promise<{ sha256: string; recordFile: string }[]> {
  if (!/^[0-9a-f]{4,64}$/i.test(prefix)) throw new DoleancesError('CLI_USAGE', `Empreinte SHA-256 attendue (au moins 4 caractères hexadécimaux) : « ${prefix} »`);
  const wanted = prefix.toLowerCase();
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  const found = new Map<string, string>();
  for (const name of names.filter((n) => n.endsWith(SUFFIX)).sort()) {
    const recordFile = path.join(dir, name);
    let sha: unknown;
    try {
      sha = (JSON.parse(await fs.readFile(recordFile, 'utf8')) as { sha256?: unknown }).sha256;
    } catch {
      continue; // not a record (or one being written): nothing to open
    }
    if (typeof sha === 'string' && sha.startsWith(wanted) && !found.has(sha)) found.set(sha, recordFile);
  }
  return [...found].map(([sha256, recordFile]) => ({ sha256, recordFile }));
}
