// Key rotation for the contact vault (README « DOLEANCES_DATA_KEYS »: put a new key first, keep the
// old ones). Rotating the master key re-wraps every contact key under the new current key (no
// vault value changes; the old master key is then only needed for the log); rotating one contact's
// key re-seals their vault values under a new generation and destroys the old key.
import type { Keyring } from '../core/crypto/keyring.ts';
import { newContactKey, openForContact, sealForContact, unwrapContactKey, wrapContactKey, wrappingKeyId } from '../core/crypto/contact-key.ts';
import { DoleancesError } from '../core/errors.ts';
import { writeRows, type Cell } from './batch-writer.ts';
import { ContactKeyStore } from './contact-key-store.ts';
import type { Duck } from './duck.ts';
import { keyRow, loadKeyMeta, vaultAad } from './vault.ts';

/** Re-wraps the contact keys still sealed by an older master key; returns how many. */
export function rewrapContactKeys(db: Duck, keyring: Keyring, store: ContactKeyStore = ContactKeyStore.beside(db.path)): number {
  const stale = store.all().filter((k) => wrappingKeyId(k.wrapped) !== keyring.currentId);
  store.put(stale.map((k) => ({ subject: k.subject, generation: k.generation, createdAt: k.createdAt, wrapped: wrapContactKey(keyring, unwrapContactKey(keyring, k.subject, k.generation, k.wrapped)) })));
  return stale.length;
}

/** A new key generation for one contact; every vault value of theirs is re-sealed under it. */
export async function rotateContactKey(db: Duck, keyring: Keyring, subject: string, at: Date, store: ContactKeyStore = ContactKeyStore.beside(db.path)): Promise<number> {
  return db.transaction(async () => {
    const stored = store.get(subject);
    if (!stored) throw new DoleancesError('CONTACT_SHREDDED', `Aucune clé active pour le contact ${subject}.`);
    const old = unwrapContactKey(keyring, subject, stored.generation, stored.wrapped);
    const next = newContactKey(subject, stored.generation + 1);
    const values = await db.all<{ ref: string; field: string; case_id: string | null; occurred_at: string; sealed: string; pending: boolean }>(
      `SELECT ref, field, case_id, occurred_at::VARCHAR AS occurred_at, sealed, pending FROM vault WHERE subject_id = $1`,
      [subject],
    );
    const resealed: Cell[][] = values.map((v) => {
      const aad = vaultAad(subject, v.ref, v.field);
      if (v.pending) return [subject, v.ref, v.field, v.case_id, v.occurred_at, v.sealed, 'true'];
      return [subject, v.ref, v.field, v.case_id, v.occurred_at, sealForContact(next, openForContact(old, v.sealed, aad), aad), 'false'];
    });
    const meta = (await loadKeyMeta(db, [subject])).get(subject);
    store.put([{ subject, generation: next.generation, wrapped: wrapContactKey(keyring, next), createdAt: at.toISOString() }]);
    await writeRows(db, 'contact_keys', [keyRow({ subject_id: subject, generation: next.generation, created_at: at.toISOString(), shredded_at: meta?.shredded_at ?? null, shred_reason: meta?.shred_reason ?? null })]);
    await writeRows(db, 'vault', resealed);
    await db.run(`UPDATE surveys SET comment_sealed = (SELECT v.sealed FROM vault v WHERE v.ref = surveys.answer_event_id AND v.field = 'comment') WHERE answer_event_id IS NOT NULL`);
    return resealed.length;
  });
}
