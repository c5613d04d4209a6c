// Durable state of calls in progress: one file per CallSid under <state>/twilio/calls/, sealed
// with the data key (it holds the caller's number and the transcript: personal data, seeds 001
// and 002), written atomically (temp file, fsync, rename) so a crash leaves the old or the new
// state, never half of one. Callbacks of one call are serialised by a per-CallSid lock, so two
// callbacks arriving together can't both decide to ingest. Single process: the web process that
// receives the webhooks owns this directory.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Keyring } from '../../core/crypto/keyring.ts';
import { open, seal } from '../../core/crypto/sealed.ts';
import { DoleancesError } from '../../core/errors.ts';
import { newCallState, type CallState } from './call-state.ts';

export const CALL_SID = /^CA[0-9a-fA-F]{32}$/;

export class CallStateStore {
  private locks = new Map<string, Promise<unknown>>();

  constructor(
    readonly dir: string,
    private readonly keyring: Keyring,
  ) {}

  private file(callSid: string): string {
    // The CallSid names a file: only Twilio's exact shape is accepted (no path tricks).
    if (!CALL_SID.test(callSid)) throw new DoleancesError('TWILIO_BAD_REQUEST', `CallSid invalide : ${callSid.slice(0, 40)}`);
    return path.join(this.dir, `${callSid}.sealed`);
  }

  /** Runs `fn` alone for this CallSid (callbacks of one call are handled one at a time). */
  async withLock<T>(callSid: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.locks.get(callSid) ?? Promise.resolve();
    const run = prev.then(fn, fn);
    const tail = run.catch(() => undefined);
    this.locks.set(callSid, tail);
    try {
      return await run;
    } finally {
      if (this.locks.get(callSid) === tail) this.locks.delete(callSid);
    }
  }

  async get(callSid: string): Promise<CallState | null> {
    let text: string;
    try {
      text = await fs.readFile(this.file(callSid), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    return JSON.parse(open(this.keyring, text.trim(), callSid)) as CallState;
  }

  async getOrNew(callSid: string, now: Date): Promise<CallState> {
    return (await this.get(callSid)) ?? newCallState(callSid, now);
  }

  async put(state: CallState): Promise<void> {
    const file = this.file(state.callSid);
    await fs.mkdir(this.dir, { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
    const fh = await fs.open(tmp, 'w', 0o600);
    try {
      await fh.writeFile(`${seal(this.keyring, JSON.stringify(state), state.callSid)}\n`);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await fs.rename(tmp, file);
  }

  async remove(callSid: string): Promise<void> {
    await fs.rm(this.file(callSid), { force: true });
  }

  /** CallSids with a state file (for reconciliation and clean-up). */
  async list(): Promise<string[]> {
    const names = await fs.readdir(this.dir).catch(() => [] as string[]);
    return names.filter((n) => n.endsWith('.sealed')).map((n) => n.slice(0, -'.sealed'.length)).filter((s) => CALL_SID.test(s));
  }
}
