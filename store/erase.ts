// Erasing a file for good at the end of a retention period (Law 25): its bytes are overwritten and
// synced before it is removed. The archive is content-addressed (ingest/archive.ts keeps the layout
// <root>/<ab>/<cd>/<sha256>; stages share only core/ and the log, so it is restated here) and bytes
// received again only touch the existing blob's mtime: eraseUnlessTouched keeps a file touched
// since a cut-off, even when the warehouse does not know yet of the message that holds it.
import fs from 'node:fs/promises';
import path from 'node:path';

export const archivedPath = (root: string, sha256: string) => path.join(root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);

/** Where a file lies while it is being erased: a crash leaves it there, and the next run finishes it. */
const doomedPath = (file: string) => `${file}.destruction`;

/** Overwrites then removes `file`; false when there was no such file. */
export async function overwriteAndRemove(file: string): Promise<boolean> {
  let fh;
  try {
    fh = await fs.open(file, 'r+');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
  try {
    const { size } = await fh.stat();
    if (size > 0) await fh.write(Buffer.alloc(size), 0, size, 0);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await fs.rm(file, { force: true });
  return true;
}

export type EraseOutcome = 'erased' | 'absent' | 'touched';

/**
 * Erases `file` unless it was modified at or after `cutoff` ('touched': the same bytes arrived
 * again). The file is first renamed aside, so that a writer touching it at that very moment either
 * touched it before (seen on the renamed file, which goes back) or finds it gone and writes it anew.
 * A file left aside by an interrupted run is erased first: re-running finishes the job.
 */
export async function eraseUnlessTouched(file: string, cutoff: Date): Promise<EraseOutcome> {
  const doomed = doomedPath(file);
  const leftover = await overwriteAndRemove(doomed);
  const st = await fs.stat(file).catch(() => null);
  if (!st) return leftover ? 'erased' : 'absent';
  if (st.mtimeMs >= cutoff.getTime()) return 'touched';
  try {
    await fs.rename(file, doomed);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return leftover ? 'erased' : 'absent';
    throw err;
  }
  if ((await fs.stat(doomed)).mtimeMs >= cutoff.getTime()) {
    await fs.rename(doomed, file); // touched between the two looks: it stays (same bytes if rewritten meanwhile)
    return 'touched';
  }
  await overwriteAndRemove(doomed);
  return 'erased';
}

/** Erases what an interrupted eraseUnlessTouched left aside for `file`, if anything. */
export async function finishErasing(file: string): Promise<boolean> {
  return overwriteAndRemove(doomedPath(file));
}
