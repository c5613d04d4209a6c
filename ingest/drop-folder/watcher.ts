// The drop-folder connector: scanned letters, exported mail (.eml), transcript files (.json)
// placed in a folder become intake events. Polls (fs.watch is unreliable on network shares and
// misses files that were there at start), waits until a file's size is stable so a copy in
// progress is not read, handles files oldest first, then moves each one aside by date.
import { createHash } from 'node:crypto';
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
  processedDir: string;
  ledgerFile: string;
  pollMs: number;
}

const IGNORED = /^(\.|~\$)|\.(tmp|part|crdownload|swp)$/i;

export class DropFolder {
  private ledger: Ledger;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private scanning: Promise<void> | undefined;
  private sizes = new Map<string, string>();

  constructor(private ctx: ProcessContext, private opts: DropFolderOptions) {
    this.ledger = new Ledger(opts.ledgerFile);
  }

  async start(): Promise<void> {
    await fs.mkdir(this.opts.inbox, { recursive: true });
    this.running = true;
    const tick = async () => {
      if (!this.running) return;
      this.scanning = this.scan().catch((err) => this.ctx.logger.error({ err: errorMessage(err) }, 'drop folder scan failed'));
      await this.scanning;
      if (this.running) this.timer = setTimeout(tick, this.opts.pollMs);
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
      if (!this.running) return;
      await this.handle(f.file);
      this.sizes.delete(f.file);
    }
  }

  private async handle(file: string): Promise<void> {
    const bytes = await fs.readFile(file);
    const sha = createHash('sha256').update(bytes).digest('hex');
    const known = this.ledger.get(sha);
    if (known) {
      // The same bytes again (a file copied twice, a re-export): accounted for, never a new case.
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
      this.ctx.logger.info({ sha256: sha, disposition: 'duplicate' }, 'file already handled; moved aside');
    } else {
      const outcome = await processFile(this.ctx, file, bytes);
      this.ledger.record(sha, outcome.disposition);
    }
    await this.moveAside(file);
  }

  private async moveAside(file: string): Promise<void> {
    const day = new Date().toISOString().slice(0, 10);
    const dir = path.join(this.opts.processedDir, day);
    await fs.mkdir(dir, { recursive: true });
    let target = path.join(dir, path.basename(file));
    try {
      await fs.access(target);
      target = path.join(dir, `${Date.now()}-${path.basename(file)}`);
    } catch {}
    await fs.rename(file, target);
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    await this.scanning;
    this.ledger.close();
  }
}
