// One pass over a selected folder (RFC 3501): what is new since the checkpoint becomes intake
// events, in bounded UID batches, in this order for each batch — fetch, archive and parse one
// message at a time, publish the batch's events (one fsync of the log), record the seen ledger,
// advance the checkpoint, and only then MOVE the batch to the handled folder (RFC 6851; imapflow
// falls back to COPY + \Deleted + EXPUNGE). A crash anywhere leaves either messages that will be
// handled again (deduplicated: same ids) or messages already published that are just moved.
// No command is ever issued inside a FETCH iterator: each fetch is collected first (fetchAll).
import type { ImapFlow } from 'imapflow';
import { publishEvents } from '../../core/events/publish.ts';
import type { IntakeEvent } from '../../core/events/schemas.ts';
import type { Log } from '../../core/log/types.ts';
import type { Logger } from '../../core/logger.ts';
import type { CheckpointStore } from './checkpoint.ts';
import { ingestMessage, type IngestContext, type MessageRef } from './ingest-message.ts';
import { quarantineStream } from './quarantine.ts';
import type { SeenEntry, SeenLedger } from './seen-ledger.ts';

export interface SyncDeps {
  log: Log;
  logger: Logger;
  mailboxId: string;
  folder: string;
  handledFolder: string | null;
  maxFileBytes: number;
  checkpoints: CheckpointStore;
  ledger: SeenLedger;
  ingest: Omit<IngestContext, 'lookup' | 'hold'>;
  /** Messages per batch (one publish, one checkpoint write, one MOVE each). */
  batchSize: number;
  /** Bytes of small messages fetched together; larger ones are fetched alone. */
  batchBytes: number;
  /** Every IMAP command gets this long (plus 1 s per MB fetched) before the connection is deemed dead. */
  commandTimeoutMs: number;
  isRunning(): boolean;
}

export interface SyncResult {
  handled: number;
  moved: number;
}

/** Rejects when a command does not answer in time: the watchdog of a silently dead connection. */
export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`IMAP: pas de réponse à ${what} en ${ms} ms`), { code: 'ETIMEOUT' })), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

async function handled(client: ImapFlow, d: SyncDeps, uids: number[]): Promise<void> {
  if (!uids.length) return;
  const set = uids.join(',');
  if (d.handledFolder) await withTimeout(client.messageMove(set, d.handledFolder, { uid: true }), d.commandTimeoutMs, 'MOVE');
  else await withTimeout(client.messageFlagsAdd(set, ['\\Seen'], { uid: true }), d.commandTimeoutMs, 'STORE');
}

/** Splits UIDs (with their sizes) into fetch groups of bounded total size; a big one is alone. */
function fetchGroups(metas: { uid: number; size: number }[], maxBytes: number): number[][] {
  const groups: number[][] = [];
  let cur: number[] = [];
  let bytes = 0;
  for (const m of metas) {
    if (cur.length && bytes + m.size > maxBytes) {
      groups.push(cur);
      cur = [];
      bytes = 0;
    }
    cur.push(m.uid);
    bytes += m.size;
  }
  if (cur.length) groups.push(cur);
  return groups;
}

export async function syncFolder(client: ImapFlow, d: SyncDeps): Promise<SyncResult> {
  const t = d.commandTimeoutMs;
  const lock = await withTimeout(client.getMailboxLock(d.folder), t, 'SELECT');
  try {
    const box = client.mailbox;
    if (!box) throw new Error('IMAP: aucun dossier sélectionné');
    const uidValidity = String(box.uidValidity);
    let cp = d.checkpoints.get(d.folder);
    if (!cp || cp.uidValidity !== uidValidity) {
      // RFC 3501 §2.3.1.1: new UIDVALIDITY, the old UIDs mean nothing. Everything still in the
      // folder is read again; the idempotency keys keep it from becoming new cases.
      if (cp) d.logger.warn({ folder: d.folder, before: cp.uidValidity, after: uidValidity }, 'UIDVALIDITY changed: resynchronising');
      cp = { uidValidity, lastUid: 0 };
      d.checkpoints.set(d.folder, cp);
    }
    let moved = 0;
    if (d.handledFolder && cp.lastUid > 0) {
      // Published before a crash but never moved.
      const left = (await withTimeout(client.search({ uid: `1:${cp.lastUid}` }, { uid: true }), t, 'SEARCH')) || [];
      const stale = left.filter((u) => u <= cp!.lastUid);
      await handled(client, d, stale);
      moved += stale.length;
    }
    const found = (await withTimeout(client.search({ uid: `${cp.lastUid + 1}:*` }, { uid: true }), t, 'SEARCH')) || [];
    // "n:*" also matches the last message when none is above n (RFC 3501 §6.4.8): filter.
    const uids = found.filter((u) => u > cp!.lastUid).sort((a, b) => a - b);
    let count = 0;
    for (let i = 0; i < uids.length && d.isRunning(); i += d.batchSize) {
      const batch = uids.slice(i, i + d.batchSize);
      count += await syncBatch(client, d, uidValidity, batch);
      moved += batch.length;
    }
    return { handled: count, moved };
  } finally {
    lock.release();
  }
}

async function syncBatch(client: ImapFlow, d: SyncDeps, uidValidity: string, batch: number[]): Promise<number> {
  const t = d.commandTimeoutMs;
  const metas = (await withTimeout(client.fetchAll(batch.join(','), { uid: true, size: true, internalDate: true }, { uid: true }), t, 'FETCH'))
    .map((m) => ({ uid: m.uid, size: m.size ?? 0, internalDate: m.internalDate ? new Date(m.internalDate) : null }))
    .filter((m) => batch.includes(m.uid))
    .sort((a, b) => a.uid - b.uid);
  const out: BatchOutput = { events: [], pending: new Map(), held: [] };
  const ctx: IngestContext = {
    ...d.ingest,
    lookup: (k) => d.ledger.get(k),
    // Held in the ledger until recorded: a copy being handled in another folder at the same moment
    // sees it and becomes a duplicate (seen-ledger.ts).
    hold: (k, e) => {
      d.ledger.hold(k, e);
      out.held.push(k);
    },
  };
  try {
    await ingestBatch(client, d, ctx, { uidValidity, metas }, out);
    // The order that makes a crash harmless: publish, record, checkpoint, move.
    if (out.events.length) await publishEvents(d.log, out.events);
  } catch (err) {
    d.ledger.release(out.held); // not published: handled again, and held again, next time
    throw err;
  }
  d.ledger.record([...out.pending].map(([key, entry]) => ({ key, entry })));
  const cp = d.checkpoints.get(d.folder)!;
  d.checkpoints.set(d.folder, { uidValidity, lastUid: Math.max(cp.lastUid, ...batch) });
  await handled(client, d, metas.map((m) => m.uid));
  return metas.length;
}

interface Meta {
  uid: number;
  size: number;
  internalDate: Date | null;
}

interface BatchOutput {
  events: IntakeEvent[];
  /** To record in the seen ledger once the events are published. */
  pending: Map<string, SeenEntry>;
  /** Keys held in the ledger by this batch. */
  held: string[];
}

/** Fetches, archives and parses a batch, one message's bytes at a time. */
async function ingestBatch(client: ImapFlow, d: SyncDeps, ctx: IngestContext, b: { uidValidity: string; metas: Meta[] }, out: BatchOutput): Promise<void> {
  const t = d.commandTimeoutMs;
  const refOf = (m: Meta): MessageRef => ({ mailbox: d.mailboxId, folder: d.folder, uidValidity: b.uidValidity, uid: m.uid, internalDate: m.internalDate });
  const small = b.metas.filter((m) => m.size <= d.maxFileBytes);
  for (const m of b.metas.filter((x) => x.size > d.maxFileBytes)) {
    // Too large to parse: streamed into the encrypted archive, listed with its reason, never skipped.
    const dl = await withTimeout(client.download(String(m.uid), undefined, { uid: true }), t, 'FETCH BODY[]');
    if (!dl.content) continue;
    const why = { errorCode: 'INTAKE_TOO_LARGE', reason: `Courriel de ${m.size} octets, limite ${d.maxFileBytes} : conservé en quarantaine` };
    const q = await withTimeout(quarantineStream(d.ingest, refOf(m), dl.content, why, d.ingest.now()), t + m.size / 1000, 'FETCH BODY[]');
    out.events.push(q.event);
    d.logger.warn({ uid: m.uid, size: m.size, errorCode: why.errorCode }, 'message over the size limit quarantined');
  }
  for (const group of fetchGroups(small, d.batchBytes)) {
    const bytes = group.reduce((s, uid) => s + (small.find((m) => m.uid === uid)?.size ?? 0), 0);
    const fetched = await withTimeout(client.fetchAll(group.join(','), { uid: true, source: true }, { uid: true }), t + bytes / 1000, 'FETCH BODY[]');
    const sources = new Map(fetched.filter((f) => f.source).map((f) => [f.uid, f.source!]));
    fetched.length = 0;
    for (const uid of group) {
      const source = sources.get(uid);
      if (!source) continue; // expunged meanwhile by another client
      sources.delete(uid); // one message's bytes alive at a time once parsed
      const r = await ingestMessage(ctx, source, refOf(b.metas.find((m) => m.uid === uid)!));
      out.events.push(...r.events);
      if (r.seen) out.pending.set(r.seen.key, r.seen.entry);
      d.logger.info({ uid, disposition: r.disposition, intakeId: r.events[0]?.data.intakeId }, 'mail ingested');
    }
  }
}
