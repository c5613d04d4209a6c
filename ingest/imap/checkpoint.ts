// Where each watched folder is up to: its UIDVALIDITY and the last UID whose intake events are in
// the log (RFC 3501 §2.3.1.1: a UID names a message only together with the folder's UIDVALIDITY).
// One small JSON file per mailbox under the state directory, replaced atomically (temp file,
// fsync, rename, fsync of the directory) so a crash leaves the old or the new checkpoint, never a
// torn one. Messages at or below lastUid still in the folder were published but not yet moved:
// they are moved without being published again.
import fs from 'node:fs';
import path from 'node:path';

export interface FolderCheckpoint {
  /** UIDVALIDITY as a decimal string (it is a 32-bit unsigned value; imapflow gives a bigint). */
  uidValidity: string;
  lastUid: number;
}

interface FileShape {
  mailbox: string;
  folders: Record<string, FolderCheckpoint>;
}

export class CheckpointStore {
  private data: FileShape;
  readonly file: string;

  constructor(stateDir: string, readonly mailboxId: string) {
    this.file = path.join(stateDir, 'imap', `${mailboxId}.checkpoint.json`);
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    this.data = { mailbox: mailboxId, folders: {} };
    try {
      const parsed = JSON.parse(fs.readFileSync(this.file, 'utf8')) as FileShape;
      if (parsed && typeof parsed.folders === 'object') this.data = { mailbox: mailboxId, folders: parsed.folders };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }

  get(folder: string): FolderCheckpoint | undefined {
    const c = this.data.folders[folder];
    return c ? { ...c } : undefined;
  }

  /** Durably records the folder's position; resolves once it is on disk. */
  set(folder: string, cp: FolderCheckpoint): void {
    this.data.folders[folder] = { uidValidity: cp.uidValidity, lastUid: cp.lastUid };
    writeAtomic(this.file, `${JSON.stringify(this.data, null, 2)}\n`);
  }
}

export function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(tmp, 'w', 0o600);
  try {
    fs.writeSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  // The rename itself must survive a power cut: sync the directory entry too.
  const dir = fs.openSync(path.dirname(file), 'r');
  try {
    fs.fsyncSync(dir);
  } finally {
    fs.closeSync(dir);
  }
}
