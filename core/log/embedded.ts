// The embedded log: a durable append-only log inside the process, the default when no broker is
// configured. One file per topic; each record is one line "<crc32 hex> <json>\n". A publish
// resolves only after fdatasync, so whatever was acknowledged survives kill -9; a torn last line
// (a write cut by the kill, never acknowledged) is detected by its CRC and truncated on open.
// Concurrent publishers are coalesced into one write and one sync (group commit).
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import zlib from 'node:zlib';
import { DoleancesError } from '../errors.ts';
import { sleep } from '../retry.ts';
import type { Log, LogMessage, LogRecord, SubscribeOptions, Subscription } from './types.ts';

interface Pending {
  lines: Buffer[];
  resolve: (offsets: number[]) => void;
  reject: (err: unknown) => void;
}

class TopicFile {
  readonly positions: number[] = []; // byte position of each record
  size = 0;
  private fd: number;
  private queue: Pending[] = [];
  private flushing = false;
  private waiters = new Set<() => void>();

  constructor(readonly name: string, readonly file: string) {
    this.fd = fs.openSync(file, fs.existsSync(file) ? 'r+' : 'w+');
    this.recover();
  }

  /** Scan the file, index valid records, truncate after the first damaged one. */
  private recover(): void {
    const total = fs.fstatSync(this.fd).size;
    const chunk = Buffer.alloc(1 << 20);
    let pos = 0;
    let carry = Buffer.alloc(0);
    let good = 0;
    while (pos < total) {
      const n = fs.readSync(this.fd, chunk, 0, chunk.length, pos);
      if (n <= 0) break;
      let buf = carry.length ? Buffer.concat([carry, chunk.subarray(0, n)]) : chunk.subarray(0, n);
      const base = pos - carry.length;
      let start = 0;
      for (;;) {
        const nl = buf.indexOf(10, start);
        if (nl < 0) break;
        if (!validLine(buf.subarray(start, nl))) {
          this.truncate(base + start);
          return;
        }
        this.positions.push(base + start);
        start = nl + 1;
        good = base + start;
      }
      carry = Buffer.from(buf.subarray(start));
      pos += n;
      buf = Buffer.alloc(0);
    }
    if (good < total) this.truncate(good);
    this.size = good;
  }

  private truncate(at: number): void {
    fs.ftruncateSync(this.fd, at);
    fs.fsyncSync(this.fd);
    this.size = at;
  }

  get count(): number {
    return this.positions.length;
  }

  append(lines: Buffer[]): Promise<number[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ lines, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      const all = batch.flatMap((p) => p.lines);
      const data = Buffer.concat(all);
      try {
        await writeAll(this.fd, data, this.size);
        await new Promise<void>((res, rej) => fs.fdatasync(this.fd, (e) => (e ? rej(e) : res())));
      } catch (cause) {
        // Nothing of this batch is acknowledged; cut back what may have been written.
        try {
          fs.ftruncateSync(this.fd, this.size);
        } catch {}
        const err = new DoleancesError('LOG_IO', `Écriture impossible dans le journal ${this.name}`, { cause, retriable: true });
        for (const p of batch) p.reject(err);
        continue;
      }
      let pos = this.size;
      for (const p of batch) {
        const offsets: number[] = [];
        for (const line of p.lines) {
          offsets.push(this.positions.length);
          this.positions.push(pos);
          pos += line.length;
        }
        p.resolve(offsets);
      }
      this.size = pos;
      for (const w of this.waiters) w();
      this.waiters.clear();
    }
    this.flushing = false;
  }

  read(from: number, max: number): LogRecord[] {
    const to = Math.min(this.count, from + max);
    if (from >= to) return [];
    const start = this.positions[from]!;
    const end = to < this.count ? this.positions[to]! : this.size;
    const buf = Buffer.alloc(end - start);
    let got = 0;
    while (got < buf.length) {
      const n = fs.readSync(this.fd, buf, got, buf.length - got, start + got);
      if (n <= 0) break;
      got += n;
    }
    const out: LogRecord[] = [];
    let s = 0;
    for (let offset = from; offset < to; offset++) {
      const nl = buf.indexOf(10, s);
      const line = buf.subarray(s, nl);
      const rec = JSON.parse(line.subarray(9).toString('utf8')) as { k: string; v: unknown; h: Record<string, string>; t: string };
      out.push({ topic: this.name, partition: 0, offset, key: rec.k, value: rec.v, headers: rec.h, timestamp: rec.t });
      s = nl + 1;
    }
    return out;
  }

  /** Resolves when new records arrive, or after `ms` at most. */
  waitForData(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      const self = this;
      function done() {
        clearTimeout(t);
        self.waiters.delete(done);
        resolve();
      }
      this.waiters.add(done);
    });
  }

  wakeAll(): void {
    for (const w of this.waiters) w();
    this.waiters.clear();
  }

  async drain(): Promise<void> {
    while (this.flushing) await sleep(5);
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}

function validLine(line: Buffer): boolean {
  if (line.length < 10 || line[8] !== 32) return false;
  const crc = parseInt(line.subarray(0, 8).toString('latin1'), 16);
  return Number.isFinite(crc) && zlib.crc32(line.subarray(9)) === crc;
}

function encodeLine(m: LogMessage): Buffer {
  const body = Buffer.from(JSON.stringify({ k: m.key, v: m.value, h: m.headers ?? {}, t: new Date().toISOString() }), 'utf8');
  const crc = zlib.crc32(body).toString(16).padStart(8, '0');
  return Buffer.concat([Buffer.from(`${crc} `, 'latin1'), body, Buffer.from('\n')]);
}

async function writeAll(fd: number, data: Buffer, position: number): Promise<void> {
  let off = 0;
  while (off < data.length) {
    const n = await new Promise<number>((res, rej) =>
      fs.write(fd, data, off, data.length - off, position + off, (e, w) => (e ? rej(e) : res(w))),
    );
    off += n;
  }
}

const TOPIC_NAME = /^[a-zA-Z0-9._-]{1,200}$/;

export class EmbeddedLog implements Log {
  private topics = new Map<string, TopicFile>();
  private subs = new Set<EmbeddedSubscription>();
  private closed = false;

  private constructor(readonly dir: string, private lockFile: string) {}

  /** Opens (and locks) the log in `dir`; a second process gets LOG_LOCKED. */
  static async open(dir: string): Promise<EmbeddedLog> {
    await fsp.mkdir(path.join(dir, 'topics'), { recursive: true });
    await fsp.mkdir(path.join(dir, 'groups'), { recursive: true });
    const lockFile = path.join(dir, 'LOCK');
    acquireLock(lockFile);
    return new EmbeddedLog(dir, lockFile);
  }

  private topic(name: string): TopicFile {
    if (this.closed) throw new DoleancesError('LOG_CLOSED', 'Le journal est fermé.');
    if (!TOPIC_NAME.test(name)) throw new DoleancesError('LOG_IO', `Nom de sujet invalide : ${name}`);
    let t = this.topics.get(name);
    if (!t) {
      t = new TopicFile(name, path.join(this.dir, 'topics', `${name}.log`));
      this.topics.set(name, t);
    }
    return t;
  }

  async publish(topic: string, messages: LogMessage[]): Promise<{ partition: number; offset: number }[]> {
    if (messages.length === 0) return [];
    const offsets = await this.topic(topic).append(messages.map(encodeLine));
    return offsets.map((offset) => ({ partition: 0, offset }));
  }

  async subscribe(opts: SubscribeOptions): Promise<Subscription> {
    for (const s of this.subs) {
      if (s.group === opts.group && s.topics.some((t) => opts.topics.includes(t))) {
        throw new DoleancesError('LOG_LOCKED', `Le groupe ${opts.group} a déjà un consommateur actif sur ce journal.`);
      }
    }
    const sub = new EmbeddedSubscription(this, opts, (name) => this.topic(name));
    this.subs.add(sub);
    sub.onStop = () => this.subs.delete(sub);
    await sub.start();
    return sub;
  }

  async endOffsets(topic: string): Promise<Map<number, number>> {
    return new Map([[0, this.topic(topic).count]]);
  }

  groupOffsetFile(group: string, topic: string): string {
    return path.join(this.dir, 'groups', encodeURIComponent(group), `${topic}.offset`);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await Promise.all([...this.subs].map((s) => s.stop()));
    for (const t of this.topics.values()) await t.drain();
    this.closed = true;
    for (const t of this.topics.values()) t.close();
    this.topics.clear();
    try {
      fs.unlinkSync(this.lockFile);
    } catch {}
  }
}

class EmbeddedSubscription implements Subscription {
  readonly group: string;
  readonly topics: string[];
  onStop: () => void = () => {};
  private running = true;
  private loops: Promise<void>[] = [];

  constructor(private log: EmbeddedLog, private opts: SubscribeOptions, private topicOf: (n: string) => TopicFile) {
    this.group = opts.group;
    this.topics = opts.topics;
  }

  async start(): Promise<void> {
    for (const name of this.topics) {
      const t = this.topicOf(name);
      const file = this.log.groupOffsetFile(this.group, name);
      let next = await this.opts.seek?.(name, 0);
      if (next === undefined) next = await readOffset(file);
      if (next === undefined) next = this.opts.fromBeginning ? 0 : t.count;
      this.loops.push(this.loop(t, file, next));
    }
  }

  private async loop(t: TopicFile, file: string, next: number): Promise<void> {
    const max = this.opts.maxBatch ?? 500;
    let failures = 0;
    while (this.running) {
      const batch = t.read(next, max);
      if (batch.length === 0) {
        await t.waitForData(250);
        continue;
      }
      try {
        await this.opts.onBatch(batch);
      } catch {
        // The handler owns retries and dead-lettering (core/log/consumer.ts); an error reaching
        // here is a failure of the sink itself (e.g. disk full): redeliver the same batch later.
        failures++;
        await sleep(Math.min(5000, 100 * 2 ** Math.min(failures, 6)));
        continue;
      }
      failures = 0;
      next = batch[batch.length - 1]!.offset + 1;
      await writeOffset(file, next);
    }
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    for (const name of this.topics) this.topicOf(name).wakeAll();
    await Promise.all(this.loops);
    this.onStop();
  }
}

async function readOffset(file: string): Promise<number | undefined> {
  try {
    const n = Number((await fsp.readFile(file, 'utf8')).trim());
    return Number.isInteger(n) && n >= 0 ? n : undefined;
  } catch {
    return undefined;
  }
}

/** Atomic and durable: write a temp file, fsync, rename over the old one. */
async function writeOffset(file: string, offset: number): Promise<void> {
  await fsp.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  const fh = await fsp.open(tmp, 'w');
  try {
    await fh.writeFile(String(offset));
    await fh.datasync();
  } finally {
    await fh.close();
  }
  await fsp.rename(tmp, file);
}

function acquireLock(lockFile: string): void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(lockFile, 'wx');
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(fs.readFileSync(lockFile, 'utf8').trim());
      if (pid && isAlive(pid)) {
        throw new DoleancesError('LOG_LOCKED', `Le journal ${path.dirname(lockFile)} est ouvert par le processus ${pid}.`, {
          details: { pid },
        });
      }
      fs.unlinkSync(lockFile); // stale lock of a killed process
    }
  }
  throw new DoleancesError('LOG_LOCKED', `Verrou du journal impossible à prendre : ${lockFile}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
