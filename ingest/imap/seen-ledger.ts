// Every mail message the IMAP connector has published, by idempotency key (Message-ID + content
// hash, or the hash of the bytes when there is no Message-ID), with the hash of the exact bytes
// first seen. Appended and synced after the publish: a crash before the append only means the
// message is handled again, and its events, having the same deterministic ids, are ignored
// downstream. It lets the connector tell apart the same message seen again (a redelivery, a
// UIDVALIDITY resynchronisation: nothing new to say) from another copy of it (the same mail in a
// second mailbox, an SMTP retry: recorded as a `duplicate`, never a second case).
import fs from 'node:fs';
import path from 'node:path';

export interface SeenEntry {
  rawSha256: string;
  /** Where it was first seen: "mailbox/folder/uidvalidity/uid". */
  source: string;
}

export class SeenLedger {
  private seen = new Map<string, SeenEntry>();
  private fd: number;

  constructor(readonly file: string) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    if (fs.existsSync(file)) {
      for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
        const [key, rawSha256, source] = line.split('\t');
        if (key && rawSha256 && source && !this.seen.has(key)) this.seen.set(key, { rawSha256, source });
      }
    }
    this.fd = fs.openSync(file, 'a', 0o600);
  }

  get(key: string): SeenEntry | undefined {
    return this.seen.get(key);
  }

  /** Appends entries and syncs them to disk (one fdatasync for the batch). */
  record(entries: { key: string; entry: SeenEntry }[]): void {
    const fresh = entries.filter((e) => !this.seen.has(e.key));
    if (!fresh.length) return;
    fs.writeSync(this.fd, fresh.map((e) => `${e.key}\t${e.entry.rawSha256}\t${e.entry.source}\t${new Date().toISOString()}\n`).join(''));
    fs.fdatasyncSync(this.fd);
    for (const e of fresh) this.seen.set(e.key, e.entry);
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}
