// Every mail message the IMAP connector has published, by idempotency key (Message-ID + content
// hash; for mail without Message-ID its content fingerprint; the hash of the bytes for unreadable
// mail), with the hash of the exact bytes first seen and when that message arrived. Appended and
// synced after the publish: a crash before the append only means the message is handled again,
// and its events, having the same deterministic ids, are ignored downstream. It lets the connector
// tell apart the same message seen again (a redelivery, a UIDVALIDITY resynchronisation: nothing
// new to say) from another copy of it (the same mail in a second mailbox, an SMTP retry: recorded
// as a `duplicate`, never a second case).
//
// Keys a batch is about to publish are held here too, in memory, so that a copy being handled at
// the same moment by another folder's connection is seen as one (not published twice under the
// same ids, where the second would vanish downstream without being accounted for). A batch that
// fails before its publish releases them: it will be handled again.
import fs from 'node:fs';
import path from 'node:path';

export interface SeenEntry {
  rawSha256: string;
  /** Where it was first seen: "mailbox/folder/uidvalidity/uid". */
  source: string;
  /** When the message arrived (Date header, else top Received, else INTERNALDATE), ISO 8601. */
  at?: string | null;
}

export class SeenLedger {
  private seen = new Map<string, SeenEntry>();
  private held = new Map<string, SeenEntry>();
  private fd: number;

  constructor(readonly file: string) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    if (fs.existsSync(file)) {
      for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
        // key, bytes' sha256, source, time recorded, arrival (absent from older lines).
        const [key, rawSha256, source, , at] = line.split('\t');
        if (key && rawSha256 && source && !this.seen.has(key)) this.seen.set(key, { rawSha256, source, at: at || null });
      }
    }
    this.fd = fs.openSync(file, 'a', 0o600);
  }

  /** A recorded sighting, or one a batch is publishing right now. */
  get(key: string): SeenEntry | undefined {
    return this.seen.get(key) ?? this.held.get(key);
  }

  /** Marks a key as being published by a batch (visible to every folder at once). */
  hold(key: string, entry: SeenEntry): void {
    if (!this.seen.has(key) && !this.held.has(key)) this.held.set(key, entry);
  }

  /** Drops the holds of a batch that failed before its events reached the log. */
  release(keys: string[]): void {
    for (const k of keys) this.held.delete(k);
  }

  /** Appends entries and syncs them to disk (one fdatasync for the batch). */
  record(entries: { key: string; entry: SeenEntry }[]): void {
    const fresh = entries.filter((e) => !this.seen.has(e.key));
    if (fresh.length) {
      const now = new Date().toISOString();
      fs.writeSync(this.fd, fresh.map((e) => `${e.key}\t${e.entry.rawSha256}\t${e.entry.source}\t${now}\t${e.entry.at ?? ''}\n`).join(''));
      fs.fdatasyncSync(this.fd);
      for (const e of fresh) this.seen.set(e.key, e.entry);
    }
    for (const e of entries) this.held.delete(e.key);
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}
