// The acknowledgement outbox: what the notify stage knows and has done, durably, so that the stage
// works in its own process (no warehouse query) and a crash or a redelivery never sends twice.
// An append-only JSON Lines file (one fdatasync per write), reduced into one record per case:
//   facts   from case.opened.v1 (the sealed address) and case.routed.v1 (answer due, queue);
//   queued  an acknowledgement is due by email (case.acknowledgement-due.v1);
//   sending written just BEFORE the SMTP transaction;
//   sent    written right AFTER the server accepted the message (250);
//   published once case.acknowledgement-sent.v1 is in the log;
//   skipped never sent (rate limit, no address, too late, refused), with the reason.
// Compacted at start: facts of finished cases are dropped, the outcome of every case is kept.
import fs from 'node:fs';
import path from 'node:path';

export type AckState = 'queued' | 'sending' | 'sent' | 'published' | 'skipped';

export interface AckRecord {
  caseId: string;
  profileId?: string;
  correlationId?: string;
  /** Sealed recipient address (core/crypto/sealed.ts), as in case.opened.v1. */
  to?: string | null;
  answerDue?: string | null;
  queue?: string | null;
  dueAt?: string;
  /** When the case event saying it is due was written (its occurredAt). */
  observedAt?: string;
  state?: AckState;
  /** Pseudonymous id of the recipient address: the rate limit's key. */
  recipient?: string;
  sentAt?: string;
  messageId?: string;
  reason?: string;
  /** The case this one was merged into (case.merged.v1) while its acknowledgement waited. */
  mergedInto?: string;
  /** When the state last changed. */
  at?: string;
}

const TERMINAL: AckState[] = ['published', 'skipped'];

export class Outbox {
  private records = new Map<string, AckRecord>();
  private fd: number;

  constructor(readonly file: string) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    if (fs.existsSync(file)) {
      for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
        if (!line.trim()) continue;
        try {
          this.merge(JSON.parse(line) as AckRecord);
        } catch {
          // A line torn by a crash mid-write: the state before it stands.
        }
      }
      this.compact();
    }
    this.fd = fs.openSync(file, 'a', 0o600);
  }

  private merge(r: AckRecord): AckRecord {
    const merged = { ...this.records.get(r.caseId), ...r };
    this.records.set(r.caseId, merged);
    return merged;
  }

  private compact(): void {
    const lines = [...this.records.values()].map((r) => {
      if (!r.state || !TERMINAL.includes(r.state)) return r;
      // Finished: keep what the rate limit and deduplication need, drop the sealed address.
      const { caseId, state, recipient, sentAt, reason, at } = r;
      return { caseId, state, recipient, sentAt, reason, at };
    });
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, lines.map((l) => JSON.stringify(l)).join('\n') + (lines.length ? '\n' : ''), { mode: 0o600 });
    const fd = fs.openSync(tmp, 'r');
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(tmp, this.file);
    this.records = new Map(lines.map((l) => [l.caseId, l]));
  }

  get(caseId: string): AckRecord | undefined {
    return this.records.get(caseId);
  }

  /** Appends changes (one sync for all of them) and returns the merged records. */
  write(changes: AckRecord[]): AckRecord[] {
    if (!changes.length) return [];
    fs.writeSync(this.fd, changes.map((c) => JSON.stringify(c)).join('\n') + '\n');
    fs.fdatasyncSync(this.fd);
    return changes.map((c) => this.merge(c));
  }

  /** Records waiting for the sender, oldest due first. */
  pending(): AckRecord[] {
    return [...this.records.values()].filter((r) => r.state === 'queued' || r.state === 'sending' || r.state === 'sent').sort((a, b) => (a.dueAt ?? '').localeCompare(b.dueAt ?? ''));
  }

  /** How many acknowledgements went to this recipient since `since` (ISO). */
  sentTo(recipient: string, since: string): number {
    let n = 0;
    for (const r of this.records.values()) if (r.recipient === recipient && r.sentAt && r.sentAt >= since) n++;
    return n;
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}
