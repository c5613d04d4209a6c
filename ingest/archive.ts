// The archive of original bytes, content-addressed (sha256), written before anything else is done
// with a message: the file always holds exactly what the citizen sent. Writes are atomic (temp
// file, fsync, rename), so a crash never leaves a half-written original under its final name.
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

export interface ArchivedBlob {
  sha256: string;
  size: number;
  /** Path relative to the archive root. */
  ref: string;
}

export function archivePath(root: string, sha256: string): string {
  return path.join(root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
}

export async function archiveBytes(root: string, bytes: Buffer): Promise<ArchivedBlob> {
  const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
  const file = archivePath(root, sha256);
  const ref = path.relative(root, file);
  try {
    const st = await fs.stat(file);
    if (st.size === bytes.length) return { sha256, size: bytes.length, ref };
  } catch {}
  await fs.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  const fh = await fs.open(tmp, 'w', 0o600);
  try {
    await fh.writeFile(bytes);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await fs.rename(tmp, file);
  return { sha256, size: bytes.length, ref };
}

export async function readArchived(root: string, sha256: string): Promise<Buffer> {
  return fs.readFile(archivePath(root, sha256));
}
