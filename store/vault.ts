// The contact vault: every sealed field of every event, re-sealed under its contact's own key
// (core/crypto/contact-key.ts) and written set-based in the projector's transaction. A contact's
// key is created at its first field, kept wrapped by the master key outside DuckDB
// (store/contact-key-store.ts; `contact_keys` mirrors its metadata), and destroyed at the end of the
// retention period (Law 25: crypto-shredding; store/retention.ts). Without a keyring (a replay run
// without keys) values are kept as received, `pending`, and sealPendingVault re-seals them later.
import { addressKey } from '../core/crypto/address-key.ts';
import type { Keyring } from '../core/crypto/keyring.ts';
import { newContactKey, openForContact, sealForContact, unwrapContactKey, wrapContactKey, type ContactKey } from '../core/crypto/contact-key.ts';
import { open } from '../core/crypto/sealed.ts';
import { DoleancesError } from '../core/errors.ts';
import { deleteIn, writeRows, type Cell } from './batch-writer.ts';
import { ContactKeyStore, type StoredKey } from './contact-key-store.ts';
import type { Duck } from './duck.ts';

export type VaultOp =
  | { kind: 'put'; subject: string; ref: string; field: string; caseId: string | null; at: string; value: string }
  | { kind: 'shred'; subject: string; at: string; reason: string };

export interface KeyMeta {
  subject_id: string;
  generation: number;
  created_at: string | null;
  shredded_at: string | null;
  shred_reason: string | null;
}

const IN = `(SELECT unnest(from_json($1::JSON, '["VARCHAR"]')))`;
export const vaultAad = (subject: string, ref: string, field: string) => `${subject}|${ref}|${field}`;
export const keyRow = (m: KeyMeta): Cell[] => [m.subject_id, m.generation, m.created_at, m.shredded_at, m.shred_reason];

export async function loadKeyMeta(db: Duck, subjects: string[]): Promise<Map<string, KeyMeta>> {
  if (subjects.length === 0) return new Map();
  const rows = await db.all<KeyMeta>(
    `SELECT subject_id, generation, created_at::VARCHAR AS created_at, shredded_at::VARCHAR AS shredded_at, shred_reason FROM contact_keys WHERE subject_id IN ${IN}`,
    [JSON.stringify(subjects)],
  );
  return new Map(rows.map((r) => [r.subject_id, { ...r, generation: Number(r.generation) }]));
}

/** Applies vault operations in order (in the caller's transaction); returns the subjects shredded. */
export async function writeVault(db: Duck, keyring: Keyring | null, ops: VaultOp[], store: ContactKeyStore = ContactKeyStore.beside(db.path)): Promise<string[]> {
  if (ops.length === 0) return [];
  const meta = await loadKeyMeta(db, [...new Set(ops.map((o) => o.subject))]);
  const dirty = new Set<string>();
  const keys = new Map<string, ContactKey>();
  const created = new Map<string, Omit<StoredKey, 'segment'>>();
  const shredded = new Set<string>();
  const vault = new Map<string, Cell[]>();
  const addresses = new Map<string, { subject: string; row: Cell[] }>();
  for (const op of ops) {
    const m = meta.get(op.subject);
    if (op.kind === 'shred') {
      meta.set(op.subject, { subject_id: op.subject, generation: m?.generation ?? 0, created_at: m?.created_at ?? null, shredded_at: op.at, shred_reason: op.reason });
      dirty.add(op.subject);
      keys.delete(op.subject);
      created.delete(op.subject);
      shredded.add(op.subject);
      for (const k of [...vault.keys()]) if (k.startsWith(`${op.subject}|`)) vault.delete(k);
      for (const [k, a] of [...addresses]) if (a.subject === op.subject) addresses.delete(k);
      continue;
    }
    // Data from before the destruction never comes back (a replay of the log, a late redelivery).
    if (m?.shredded_at && new Date(op.at) <= new Date(m.shredded_at)) continue;
    const at = `${op.subject}|${op.ref}|${op.field}`;
    if (!keyring) {
      vault.set(at, [op.subject, op.ref, op.field, op.caseId, op.at, op.value, 'true']);
      continue;
    }
    let key = keys.get(op.subject);
    if (!key) {
      const stored = shredded.has(op.subject) ? null : store.get(op.subject);
      if (stored) key = unwrapContactKey(keyring, op.subject, stored.generation, stored.wrapped);
      else {
        key = newContactKey(op.subject, Math.max(m?.generation ?? 0, 0) + 1);
        created.set(op.subject, { subject: op.subject, generation: key.generation, wrapped: wrapContactKey(keyring, key), createdAt: op.at });
      }
      if (!m || m.generation !== key.generation) {
        meta.set(op.subject, { subject_id: op.subject, generation: key.generation, created_at: stored?.createdAt ?? op.at, shredded_at: m?.shredded_at ?? null, shred_reason: m?.shred_reason ?? null });
        dirty.add(op.subject);
      }
      keys.set(op.subject, key);
    }
    const plain = open(keyring, op.value);
    if (op.field === 'contact.address' && op.caseId) addresses.set(op.caseId, { subject: op.subject, row: [op.caseId, addressKey(keyring, plain)] });
    vault.set(at, [op.subject, op.ref, op.field, op.caseId, op.at, sealForContact(key, plain, vaultAad(op.subject, op.ref, op.field)), 'false']);
  }
  // Keys first, durable before the transaction commits; destruction before new generations.
  store.destroy([...shredded]);
  store.put([...created.values()]);
  await deleteIn(db, 'vault', 'subject_id', [...shredded]);
  await writeRows(db, 'contact_keys', [...dirty].map((s) => keyRow(meta.get(s)!)));
  await writeRows(db, 'vault', [...vault.values()]);
  await writeRows(db, 'address_keys', [...addresses.values()].map((a) => a.row));
  return [...shredded];
}

/** Re-seals the values kept as received (projected without a keyring) under their contact keys. */
export async function sealPendingVault(db: Duck, keyring: Keyring, store?: ContactKeyStore): Promise<number> {
  return db.transaction(async () => {
    const pending = await db.all<{ subject_id: string; ref: string; field: string; case_id: string | null; at: string; sealed: string }>(
      `SELECT subject_id, ref, field, case_id, strftime(occurred_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS at, sealed FROM vault WHERE pending ORDER BY occurred_at, subject_id, ref, field`,
    );
    await writeVault(db, keyring, pending.map((p) => ({ kind: 'put', subject: p.subject_id, ref: p.ref, field: p.field, caseId: p.case_id, at: p.at, value: p.sealed })), store);
    return pending.length;
  });
}

/** Opens vault values for reading (the caller logs the access: case.viewed / identity-revealed / contact.accessed). */
export class VaultReader {
  private keys = new Map<string, ContactKey | null>();

  constructor(private db: Duck, private keyring: Keyring, private store: ContactKeyStore = ContactKeyStore.beside(db.path)) {}

  key(subject: string): ContactKey | null {
    if (!this.keys.has(subject)) {
      const k = this.store.get(subject);
      this.keys.set(subject, k ? unwrapContactKey(this.keyring, subject, k.generation, k.wrapped) : null);
    }
    return this.keys.get(subject)!;
  }

  async open(v: { subject_id: string; ref: string; field: string; sealed: string | null; pending?: boolean | null }): Promise<string | null> {
    if (!v.sealed) return null;
    if (v.pending || v.sealed.startsWith('s1.')) return open(this.keyring, v.sealed);
    const key = this.key(v.subject_id);
    if (!key) throw new DoleancesError('CONTACT_SHREDDED', `Les renseignements du contact ${v.subject_id} ont été détruits.`);
    return openForContact(key, v.sealed, vaultAad(v.subject_id, v.ref, v.field));
  }

  /** All vault values of a subject, opened: `${ref}|${field}` → text. */
  async subject(subject: string): Promise<Map<string, string>> {
    const rows = await this.db.all<{ subject_id: string; ref: string; field: string; sealed: string; pending: boolean }>(`SELECT subject_id, ref, field, sealed, pending FROM vault WHERE subject_id = $1`, [subject]);
    const out = new Map<string, string>();
    for (const r of rows) out.set(`${r.ref}|${r.field}`, (await this.open(r))!);
    return out;
  }
}
