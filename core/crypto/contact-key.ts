// Per-contact data keys, for crypto-shredding (Law 25, RLRQ c. P-39.1, destruction at the end of
// the retention period): each contact's personal fields and messages are sealed in the warehouse
// under a key of their own, stored only wrapped by the master data key (keyring.ts). Destroying
// the wrapped key makes every copy of those fields unreadable, in the live tables and in the
// DuckDB file's freed blocks alike, while the statistics (pseudonymous rows) remain.
//
// Sealing is deterministic (a synthetic IV: HMAC of the location and the plaintext, as in
// AES-GCM-SIV, RFC 8452, §4), so replaying the log with the same key store rebuilds byte-identical
// tables, and an IV can only repeat for the same plaintext at the same place. The location
// (subject, event, field) is the AAD: a sealed value moved elsewhere does not open.
// Format: "v1.<generation>.<iv b64url>.<ciphertext b64url>.<tag b64url>".
import crypto from 'node:crypto';
import { DoleancesError } from '../errors.ts';
import type { Keyring } from './keyring.ts';
import { open, seal } from './sealed.ts';

export interface ContactKey {
  subject: string;
  generation: number;
  key: Buffer;
}

export function newContactKey(subject: string, generation: number): ContactKey {
  return { subject, generation, key: crypto.randomBytes(32) };
}

/** The contact key sealed by the current master key (the master key id travels with it: rotation). */
export function wrapContactKey(keyring: Keyring, k: ContactKey): string {
  return seal(keyring, k.key.toString('base64'), `contact-key|${k.subject}|${k.generation}`);
}

export function unwrapContactKey(keyring: Keyring, subject: string, generation: number, wrapped: string): ContactKey {
  const key = Buffer.from(open(keyring, wrapped, `contact-key|${subject}|${generation}`), 'base64');
  if (key.length !== 32) throw new DoleancesError('CRYPTO_TAMPERED', `Clé du contact ${subject} illisible.`);
  return { subject, generation, key };
}

/** Master key id a wrapped key was sealed with ("s1.<keyId>.…"): what a rotation must re-wrap. */
export function wrappingKeyId(wrapped: string): string {
  return wrapped.split('.')[1] ?? '';
}

export function sealForContact(k: ContactKey, plain: string, aad: string): string {
  const iv = crypto.createHmac('sha256', k.key).update(`iv\u0000${aad}\u0000`).update(plain, 'utf8').digest().subarray(0, 12);
  const cipher = crypto.createCipheriv('aes-256-gcm', k.key, iv);
  cipher.setAAD(Buffer.from(aad));
  const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return `v1.${k.generation}.${iv.toString('base64url')}.${ct.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}`;
}

export function openForContact(k: ContactKey, sealed: string, aad: string): string {
  const parts = sealed.split('.');
  if (parts.length !== 5 || parts[0] !== 'v1') throw new DoleancesError('CRYPTO_TAMPERED', 'Champ du coffre mal formé.');
  const [, gen, iv, ct, tag] = parts as [string, string, string, string, string];
  if (Number(gen) !== k.generation) throw new DoleancesError('CRYPTO_KEY_MISSING', `Champ scellé par une autre génération de clé du contact (${gen} ≠ ${k.generation}).`);
  try {
    const d = crypto.createDecipheriv('aes-256-gcm', k.key, Buffer.from(iv, 'base64url'));
    d.setAAD(Buffer.from(aad));
    d.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([d.update(Buffer.from(ct, 'base64url')), d.final()]).toString('utf8');
  } catch (cause) {
    throw new DoleancesError('CRYPTO_TAMPERED', 'Champ du coffre altéré ou clé incorrecte.', { cause });
  }
}
