// What the SMS stage needs of a voicemail case between its case.opened and its
// case.acknowledgement-due (the caller's number, the flags, the answer deadline), kept on disk so
// a restart between the two events (they may fall in different batches) loses nothing. Sealed
// with the data key: it holds a phone number. One small file per case, removed once handled.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Keyring } from '../../core/crypto/keyring.ts';
import { open, seal } from '../../core/crypto/sealed.ts';

export interface PendingAck {
  caseId: string;
  correlationId: string;
  /** Sealed E.164 number, as in the case.opened contact. */
  phone: string | null;
  flags: string[];
  /** The number the citizen called (the intake's source `to`). */
  calledNumber: string | null;
  answerDueAt: string | null;
  openedAt: string;
}

const CASE_ID = /^\d{4}-[0-9A-Z]{5}-[0-9A-Z]{5}$/;

export class PendingAcks {
  constructor(
    readonly dir: string,
    private readonly keyring: Keyring,
  ) {}

  private file(caseId: string): string | null {
    return CASE_ID.test(caseId) ? path.join(this.dir, `${caseId}.sealed`) : null;
  }

  async get(caseId: string): Promise<PendingAck | null> {
    const f = this.file(caseId);
    if (!f) return null;
    const text = await fs.readFile(f, 'utf8').catch(() => null);
    return text ? (JSON.parse(open(this.keyring, text.trim(), caseId)) as PendingAck) : null;
  }

  async put(p: PendingAck): Promise<void> {
    const f = this.file(p.caseId);
    if (!f) return;
    await fs.mkdir(this.dir, { recursive: true, mode: 0o700 });
    const tmp = `${f}.${process.pid}.tmp`;
    const fh = await fs.open(tmp, 'w', 0o600);
    try {
      await fh.writeFile(`${seal(this.keyring, JSON.stringify(p), p.caseId)}\n`);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await fs.rename(tmp, f);
  }

  async remove(caseId: string): Promise<void> {
    const f = this.file(caseId);
    if (f) await fs.rm(f, { force: true });
  }

  /** Forgets cases whose acknowledgement never became due (inadmissible, replies) after `days`. */
  async sweep(now: Date, days = 7): Promise<void> {
    for (const name of await fs.readdir(this.dir).catch(() => [] as string[])) {
      const f = path.join(this.dir, name);
      const st = await fs.stat(f).catch(() => null);
      if (st && now.getTime() - st.mtimeMs > days * 86_400_000) await fs.rm(f, { force: true });
    }
  }
}
