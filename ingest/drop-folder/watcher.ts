// The drop-folder connector: scanned letters, exported mail (.eml), transcript files (.json)
// placed in a folder become intake events. Polls (fs.watch is unreliable on network shares and
// misses files that were there at start), waits until a file's size is stable so a copy in
// progress is not read, handles files oldest first, then deletes each one: its original is in the
// encrypted archive, and no citizen's message stays in clear on disk (seeds 001 and 002).
//
// The order makes the deletion crash-safe: archive (synced) → publish (acknowledged) → ledger
// (synced) → unlink. A crash before the unlink leaves the file in the inbox; on the next pass it is
// found in the ledger and recorded as a duplicate, or, if the crash came before the ledger write,
// processed again into the same deterministic event ids, which the store takes once.
import { createHash } from 'node:crypto';
import type { Stats } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { errorMessage } from '../../core/errors.ts';
import { publishEvents } from '../../core/events/publish.ts';
import { buildIntakeDisposed } from '../intake.ts';
import { contentTypeOf } from '../parse/index.ts';
import { Ledger } from './ledger.ts';
import { processFile, type ProcessContext } from './process-file.ts';

export interface DropFolderOptions {
  inbox: string;
  ledgerFile: string;
  pollMs: number;
}

const IGNORED = /^(\.|~\$)|\.(tmp|part|crdownload|swp)$/i;

export class DropFolder {
  private ledger: Ledger;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private scanning: Promise<void> | undefined;
  private sizes = new Map<string, string>();

  constructor(private ctx: ProcessContext, private opts: DropFolderOptions) {
    this.ledger = new Ledger(opts.ledgerFile);
  }

  async start(): Promise<void> {
    await fs.mkdir(this.opts.inbox, { recursive: true });
    const tick = async () => {
      if (this.stopped) return;
      this.scanning = this.scan().catch((err) => this.ctx.logger.error({ err: errorMessage(err) }, 'drop folder scan failed'));
      await this.scanning;
      if (!this.stopped) this.timer = setTimeout(tick, this.opts.pollMs);
    };
    void tick();
  }

  /** One pass over the folder; returns when every stable file present has been handled. */
  async scan(): Promise<void> {
    const entries = await fs.readdir(this.opts.inbox, { withFileTypes: true });
    const files: { file: string; mtime: number; sig: string }[] = [];
    for (const e of entries) {
      if (!e.isFile() || IGNORED.test(e.name)) continue;
      const file = path.join(this.opts.inbox, e.name);
      const st = await fs.stat(file).catch(() => null);
      if (!st) continue;
      const sig = `${st.size}:${st.mtimeMs}`;
      const stable = this.sizes.get(file) === sig || Date.now() - st.mtimeMs > 2 * this.opts.pollMs;
      this.sizes.set(file, sig);
      if (stable) files.push({ file, mtime: st.mtimeMs, sig });
    }
    files.sort((a, b) => a.mtime - b.mtime || a.file.localeCompare(b.file));
    for (const f of files) {
      if (this.stopped) return;
      await this.handle(f.file);
      this.sizes.delete(f.file);
    }
  }

  private async handle(file: string): Promise<void> {
    const fh = await fs.open(file, 'r');
    let bytes: Buffer;
    let read: Stats;
    try {
      read = await fh.stat();
      bytes = await fh.readFile();
    } finally {
      await fh.close();
    }
    const sha = createHash('sha256').update(bytes).digest('hex');
    const known = this.ledger.get(sha);
    if (known) {
      // The same bytes again (a file copied twice, a re-export, or a crash before the unlink below):
      // accounted for, never a new case.
      const now = new Date();
      const event = buildIntakeDisposed(this.ctx, {
        key: `duplicate:${sha}:${now.getTime()}`,
        channel: null,
        disposition: 'duplicate',
        reason: `même contenu qu'un fichier déjà reçu (${known})`,
        errorCode: null,
        raw: { sha256: sha, size: bytes.length, contentType: contentTypeOf(file) },
        quarantinePath: null,
        now,
      });
      await publishEvents(this.ctx.log, [event]);
      this.ctx.logger.info({ sha256: sha, disposition: 'duplicate' }, 'file already handled');
    } else {
      const outcome = await processFile(this.ctx, file, bytes);
      this.ledger.record(sha, outcome.disposition);
    }
    await this.remove(file, read, sha);
  }

  /** Deletes the handled file, unless it was replaced while being handled (then the next pass takes it). */
  private async remove(file: string, read: Stats, sha256: string): Promise<void> {
    const current = await fs.stat(file).catch(() => null);
    if (!current) return;
    if (current.ino !== read.ino || current.dev !== read.dev || current.size !== read.size || current.mtimeMs !== read.mtimeMs) {
      this.ctx.logger.warn({ sha256 }, 'file changed while it was handled; left for the next pass');
      return;
    }
    await fs.unlink(file).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.scanning;
    this.ledger.close();
  }
}
