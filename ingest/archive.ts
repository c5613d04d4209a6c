// The archive of original bytes, content-addressed (sha256 of the original), written before
// anything else is done with a message, so the file always holds exactly what the citizen sent.
// Originals are personal data: each blob is encrypted (AES-256-GCM with the current data key,
// format "DOLA1" + key id + IV + ciphertext + tag). Writes are atomic (temp file, fsync, rename).
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Keyring } from '../core/crypto/keyring.ts';
import { DoleancesError } from '../core/errors.ts';

export interface ArchivedBlob {
  sha256: string;
  size: number;
  /** Path relative to the archive root. */
  ref: string;
}

const MAGIC = Buffer.from('DOLA1');

export function archivePath(root: string, sha256: string): string {
  return path.join(root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
}

function encrypt(keyring: Keyring, bytes: Buffer): Buffer {
  const id = Buffer.from(keyring.currentId, 'utf8');
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', keyring.key(keyring.currentId), iv);
  const ct = Buffer.concat([cipher.update(bytes), cipher.final()]);
  return Buffer.concat([MAGIC, Buffer.from([id.length]), id, iv, ct, cipher.getAuthTag()]);
}

function decrypt(keyring: Keyring, blob: Buffer): Buffer {
  if (!blob.subarray(0, 5).equals(MAGIC)) throw new DoleancesError('CRYPTO_TAMPERED', 'Fichier d’archive mal formé.');
  const idLen = blob[5]!;
  const id = blob.subarray(6, 6 + idLen).toString('utf8');
  const iv = blob.subarray(6 + idLen, 18 + idLen);
  const tag = blob.subarray(blob.length - 16);
  try {
    const d = crypto.createDecipheriv('aes-256-gcm', keyring.key(id), iv);
    d.setAuthTag(tag);
    return Buffer.concat([d.update(blob.subarray(18 + idLen, blob.length - 16)), d.final()]);
  } catch (cause) {
    if (cause instanceof DoleancesError) throw cause;
    throw new DoleancesError('CRYPTO_TAMPERED', 'Archive altérée ou clé incorrecte.', { cause });
  }
}

export async function archiveBytes(root: string, keyring: Keyring, bytes: Buffer): Promise<ArchivedBlob> {
  const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
  const file = archivePath(root, sha256);
  const ref = path.relative(root, file);
  if (await fs.stat(file).catch(() => null)) return { sha256, size: bytes.length, ref };
  await fs.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  const fh = await fs.open(tmp, 'w', 0o600);
  try {
    await fh.writeFile(encrypt(keyring, bytes));
    await fh.sync();
  } finally {
    await fh.close();
  }
  await fs.rename(tmp, file);
  return { sha256, size: bytes.length, ref };
}

export async function readArchived(root: string, keyring: Keyring, sha256: string): Promise<Buffer> {
  return decrypt(keyring, await fs.readFile(archivePath(root, sha256)));
}
