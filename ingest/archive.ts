// The archive of original bytes, content-addressed (sha256 of the original), written before
// anything else is done with a message, so the file always holds exactly what the citizen sent.
// Originals are personal data: each blob is encrypted (AES-256-GCM with the current data key,
// format "DOLA1" + key id length + key id + IV + ciphertext + tag). Writes are atomic (temp file,
// fsync, rename, fsync of the folders); archiving bytes already there sets the blob's mtime, which
// thus tells when those bytes were last received. archiveBytes is for what is already in memory;
// archiveStream and readArchivedStream keep a message of any size out of memory (same format).
import crypto from 'node:crypto';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Keyring } from '../core/crypto/keyring.ts';
import { DoleancesError } from '../core/errors.ts';

export interface ArchivedBlob {
  sha256: string;
  size: number;
  /** Path relative to the archive root. */
  ref: string;
}

const MAGIC = Buffer.from('DOLA1');
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Read size of readArchivedStream: what is in memory at a time, whatever the blob's size. */
const READ_CHUNK = 64 * 1024;

export function archivePath(root: string, sha256: string): string {
  return path.join(root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
}

/** MAGIC, key id length, key id, IV: what precedes the ciphertext. */
function header(keyId: string, iv: Buffer): Buffer {
  const id = Buffer.from(keyId, 'utf8');
  return Buffer.concat([MAGIC, Buffer.from([id.length]), id, iv]);
}

function tampered(cause: unknown): DoleancesError {
  return new DoleancesError('CRYPTO_TAMPERED', 'Archive altérée ou clé incorrecte.', { cause });
}

/** Key id and IV from the start of a blob; `start` is where the ciphertext begins. */
function parseHeader(head: Buffer, total: number): { keyId: string; iv: Buffer; start: number } {
  if (head.length < 6 || !head.subarray(0, 5).equals(MAGIC)) throw new DoleancesError('CRYPTO_TAMPERED', 'Fichier d’archive mal formé.');
  const idLen = head[5]!;
  const start = 6 + idLen + IV_BYTES;
  if (head.length < start || total < start + TAG_BYTES) throw new DoleancesError('CRYPTO_TAMPERED', 'Fichier d’archive tronqué.');
  return { keyId: head.subarray(6, 6 + idLen).toString('utf8'), iv: head.subarray(6 + idLen, start), start };
}

function decipherFor(keyring: Keyring, keyId: string, iv: Buffer, tag: Buffer): crypto.DecipherGCM {
  const d = crypto.createDecipheriv('aes-256-gcm', keyring.key(keyId), iv);
  d.setAuthTag(tag);
  return d;
}

function encrypt(keyring: Keyring, bytes: Buffer): Buffer {
  const iv = crypto.randomBytes(IV_BYTES);
  const cipher = crypto.createCipheriv('aes-256-gcm', keyring.key(keyring.currentId), iv);
  const ct = Buffer.concat([cipher.update(bytes), cipher.final()]);
  return Buffer.concat([header(keyring.currentId, iv), ct, cipher.getAuthTag()]);
}

function decrypt(keyring: Keyring, blob: Buffer): Buffer {
  const { keyId, iv, start } = parseHeader(blob, blob.length);
  try {
    const d = decipherFor(keyring, keyId, iv, blob.subarray(blob.length - TAG_BYTES));
    return Buffer.concat([d.update(blob.subarray(start, blob.length - TAG_BYTES)), d.final()]);
  } catch (cause) {
    if (cause instanceof DoleancesError) throw cause;
    throw tampered(cause);
  }
}

export async function archiveBytes(root: string, keyring: Keyring, bytes: Buffer): Promise<ArchivedBlob> {
  const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
  const file = archivePath(root, sha256);
  const ref = path.relative(root, file);
  if (await touch(file)) return { sha256, size: bytes.length, ref };
  const created = await fs.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  const fh = await fs.open(tmp, 'w', 0o600);
  try {
    await fh.writeFile(encrypt(keyring, bytes));
    await fh.sync();
  } finally {
    await fh.close();
  }
  await fs.rename(tmp, file);
  await syncDirs(file, created);
  return { sha256, size: bytes.length, ref };
}

/**
 * Archives a stream of any size in constant memory: the bytes are hashed and encrypted on their way
 * to a temp file in the archive root, which is renamed to its content address once the sha256 is
 * known (or dropped when that blob already exists). Same format as archiveBytes: the GCM tag is
 * simply written after the last chunk of ciphertext.
 */
export async function archiveStream(root: string, keyring: Keyring, content: Readable | AsyncIterable<Buffer | string>): Promise<ArchivedBlob> {
  await fs.mkdir(root, { recursive: true });
  const tmp = path.join(root, `.entrant-${process.pid}-${crypto.randomBytes(6).toString('hex')}.tmp`);
  const hash = crypto.createHash('sha256');
  let size = 0;
  const iv = crypto.randomBytes(IV_BYTES);
  const cipher = crypto.createCipheriv('aes-256-gcm', keyring.key(keyring.currentId), iv);
  async function* sealed(): AsyncGenerator<Buffer> {
    yield header(keyring.currentId, iv);
    for await (const chunk of content) {
      const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      hash.update(b);
      size += b.length;
      const ct = cipher.update(b);
      if (ct.length) yield ct;
    }
    const last = cipher.final(); // empty for GCM, a stream mode
    if (last.length) yield last;
    yield cipher.getAuthTag();
  }
  let kept = false;
  try {
    // pipeline honours the file's backpressure: a chunk or two at a time is in memory.
    await pipeline(sealed(), createWriteStream(tmp, { flags: 'wx', mode: 0o600 }));
    const fh = await fs.open(tmp, 'r+');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
    const sha256 = hash.digest('hex');
    const file = archivePath(root, sha256);
    const ref = path.relative(root, file);
    if (await touch(file)) return { sha256, size, ref };
    const created = await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.rename(tmp, file);
    kept = true;
    await syncDirs(file, created);
    return { sha256, size, ref };
  } finally {
    if (!kept) await fs.rm(tmp, { force: true });
  }
}

/**
 * Whether the blob is already there; if so, marks it as just received again (its mtime). The
 * retention of messages without a case (store/retention-non-case.ts) never erases a blob received
 * after its cut-off, even before the warehouse knows of the new message that holds it.
 */
async function touch(file: string): Promise<boolean> {
  const now = new Date();
  try {
    await fs.utimes(file, now, now);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    return !!(await fs.stat(file).catch(() => null)); // not ours to touch (EPERM): it is there all the same
  }
}

/**
 * The rename, and any folder just created (`created`: the first one mkdir made), must be on disk
 * before the caller deletes its copy (the drop folder unlinks the inbox file, IMAP moves the mail
 * out of the inbox, once this archive is the only one).
 */
async function syncDirs(file: string, created: string | undefined): Promise<void> {
  const dirs = [path.dirname(file)];
  if (created) for (let d = path.dirname(file); d !== path.dirname(created); d = path.dirname(d)) dirs.push(path.dirname(d));
  for (const d of dirs) await syncDir(d);
}

async function syncDir(dir: string): Promise<void> {
  const fh = await fs.open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** The whole original in memory: for what a case holds (at most DOLEANCES_MAX_FILE_MB). */
export async function readArchived(root: string, keyring: Keyring, sha256: string): Promise<Buffer> {
  return decrypt(keyring, await fs.readFile(archivePath(root, sha256)));
}

/**
 * The original as a stream, in constant memory. GCM authenticates only at the end: the stream
 * fails with CRYPTO_TAMPERED after its last chunk if the blob was altered, so a consumer must not
 * treat what it received as genuine before the stream has ended without error (write to a temp
 * file and rename, or read it twice). ENOENT when the blob is absent, also as a stream error.
 */
export function readArchivedStream(root: string, keyring: Keyring, sha256: string): Readable {
  return Readable.from(decryptFile(keyring, archivePath(root, sha256)), { objectMode: false });
}

async function* decryptFile(keyring: Keyring, file: string): AsyncGenerator<Buffer> {
  const fh = await fs.open(file, 'r');
  try {
    const total = (await fh.stat()).size;
    const head = Buffer.alloc(Math.min(total, 6 + 255 + IV_BYTES));
    await fh.read(head, 0, head.length, 0);
    const { keyId, iv, start } = parseHeader(head, total);
    const tag = Buffer.alloc(TAG_BYTES);
    await fh.read(tag, 0, TAG_BYTES, total - TAG_BYTES);
    const d = decipherFor(keyring, keyId, iv, tag);
    const end = total - TAG_BYTES;
    const buf = Buffer.alloc(READ_CHUNK);
    for (let pos = start; pos < end; ) {
      const { bytesRead } = await fh.read(buf, 0, Math.min(READ_CHUNK, end - pos), pos);
      if (bytesRead === 0) throw new DoleancesError('CRYPTO_TAMPERED', 'Fichier d’archive tronqué.');
      pos += bytesRead;
      // update() returns a new buffer: `buf` can be read into again.
      yield d.update(buf.subarray(0, bytesRead));
    }
    let last: Buffer;
    try {
      last = d.final();
    } catch (cause) {
      throw tampered(cause);
    }
    if (last.length) yield last;
  } finally {
    await fh.close();
  }
}
