// Where the per-contact keys live: not in DuckDB. A database file keeps old copies of a row in
// its freed blocks and its WAL after an UPDATE or a DELETE (found by scanning the file: a shredded
// contact's wrapped key was still there), so a key "destroyed" in a table is not destroyed. The keys
// are kept in small segment files beside the warehouse (data/keys/contacts/), each key wrapped by
// the master key (core/crypto/contact-key.ts); destroying one rewrites its segment without it and
// overwrites the old file before removing it. One segment per projected batch (one fsync), loaded
// into memory when opened; the `contact_keys` table only mirrors the metadata (generation, dates).
// Limit: a journaling or copy-on-write file system, or a backup, may keep old blocks; the
// master-key wrapping is what protects those copies, as it protects the log.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface StoredKey {
  subject: string;
  generation: number;
  /** The contact key sealed by the master key ("s1.<keyId>.…", AAD contact-key|subject|generation). */
  wrapped: string;
  createdAt: string;
  segment: string;
}

const stores = new Map<string, ContactKeyStore>();

export class ContactKeyStore {
  private keys = new Map<string, StoredKey>();
  private loaded = false;

  private constructor(readonly dir: string) {}

  /** The store of a data directory, shared by every user in the process (projector, readers). */
  static at(dir: string): ContactKeyStore {
    const abs = path.resolve(dir);
    let s = stores.get(abs);
    if (!s) {
      s = new ContactKeyStore(abs);
      stores.set(abs, s);
    }
    return s;
  }

  /** The key store beside a warehouse file: <dir of the file>/keys/contacts. */
  static beside(warehouseFile: string): ContactKeyStore {
    return ContactKeyStore.at(path.join(path.dirname(path.resolve(warehouseFile)), 'keys', 'contacts'));
  }

  private load(): void {
    if (this.loaded) return;
    this.keys.clear();
    for (const name of fs.existsSync(this.dir) ? fs.readdirSync(this.dir).filter((f) => f.endsWith('.keys')).sort() : []) {
      for (const line of fs.readFileSync(path.join(this.dir, name), 'utf8').split('\n')) {
        if (!line.trim()) continue;
        const r = JSON.parse(line) as { s: string; g: number; w: string; c: string };
        const prev = this.keys.get(r.s);
        if (!prev || prev.generation < r.g) this.keys.set(r.s, { subject: r.s, generation: r.g, wrapped: r.w, createdAt: r.c, segment: name });
      }
    }
    this.loaded = true;
  }

  get(subject: string): StoredKey | null {
    this.load();
    return this.keys.get(subject) ?? null;
  }

  all(): StoredKey[] {
    this.load();
    return [...this.keys.values()];
  }

  /** Writes new or replaced keys as one segment (durable before it returns), then drops the replaced ones. */
  put(records: Omit<StoredKey, 'segment'>[]): void {
    if (records.length === 0) return;
    this.load();
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const name = `${new Date().toISOString().replace(/[:.]/g, '')}-${crypto.randomBytes(4).toString('hex')}.keys`;
    const replaced = records.map((r) => this.keys.get(r.subject)).filter((k): k is StoredKey => !!k);
    this.writeSegment(name, records.map((r) => ({ ...r, segment: name })));
    for (const r of records) this.keys.set(r.subject, { ...r, segment: name });
    this.rewrite(new Set(replaced.map((k) => k.segment)), new Set(replaced.map((k) => `${k.subject}|${k.generation}`)));
  }

  /** Destroys the keys of these subjects: their segments are rewritten without them, the old files overwritten. */
  destroy(subjects: string[]): void {
    this.load();
    const gone = subjects.map((s) => this.keys.get(s)).filter((k): k is StoredKey => !!k);
    for (const k of gone) this.keys.delete(k.subject);
    this.rewrite(new Set(gone.map((k) => k.segment)), new Set(gone.map((k) => `${k.subject}|${k.generation}`)));
  }

  private rewrite(segments: Set<string>, drop: Set<string>): void {
    for (const seg of segments) {
      const file = path.join(this.dir, seg);
      const keep = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() && !drop.has(((r) => `${r.s}|${r.g}`)(JSON.parse(l) as { s: string; g: number })));
      const name = `${seg.replace(/\.keys$/, '')}-r${crypto.randomBytes(3).toString('hex')}.keys`;
      if (keep.length) {
        const kept = keep.map((l) => JSON.parse(l) as { s: string; g: number; w: string; c: string });
        this.writeSegment(name, kept.map((r) => ({ subject: r.s, generation: r.g, wrapped: r.w, createdAt: r.c, segment: name })));
        for (const r of kept) if (this.keys.get(r.s)?.segment === seg) this.keys.set(r.s, { ...this.keys.get(r.s)!, segment: name });
      }
      shred(file);
    }
  }

  private writeSegment(name: string, records: StoredKey[]): void {
    const tmp = path.join(this.dir, `.${name}.tmp`);
    const fd = fs.openSync(tmp, 'w', 0o600);
    try {
      fs.writeSync(fd, records.map((r) => JSON.stringify({ s: r.subject, g: r.generation, w: r.wrapped, c: r.createdAt })).join('\n') + '\n');
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, path.join(this.dir, name));
    syncDir(this.dir);
  }
}

/** Overwrites a file with zeros, syncs, and removes it. */
function shred(file: string): void {
  const size = fs.statSync(file).size;
  const fd = fs.openSync(file, 'r+');
  try {
    fs.writeSync(fd, Buffer.alloc(size), 0, size, 0);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.rmSync(file);
  syncDir(path.dirname(file));
}

function syncDir(dir: string): void {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
