// Field-level encryption of personal data (AES-256-GCM, node:crypto), so that names, addresses,
// phone numbers, email addresses and message bodies are never stored or published in clear
// (brief: DuckDB encryption is unavailable here; seeds 001 and 002: confidentiality).
// Format: "s1.<keyId>.<iv b64url>.<ciphertext b64url>.<tag b64url>"; the key id makes rotation possible.
import crypto from 'node:crypto';
import { DoleancesError } from '../errors.ts';
import type { Keyring } from './keyring.ts';

export type Sealed = string & { readonly __sealed: true };

export function seal(keyring: Keyring, plain: string, aad = ''): Sealed {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', keyring.key(keyring.currentId), iv);
  cipher.setAAD(Buffer.from(aad));
  const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return `s1.${keyring.currentId}.${iv.toString('base64url')}.${ct.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}` as Sealed;
}

export function open(keyring: Keyring, sealed: string, aad = ''): string {
  const parts = sealed.split('.');
  if (parts.length !== 5 || parts[0] !== 's1') throw new DoleancesError('CRYPTO_TAMPERED', 'Champ chiffré mal formé.');
  const [, keyId, iv, ct, tag] = parts as [string, string, string, string, string];
  try {
    const decipher = crypto.createDecipheriv('aes-256-gcm', keyring.key(keyId), Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(aad));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
  } catch (cause) {
    if (cause instanceof DoleancesError) throw cause;
    throw new DoleancesError('CRYPTO_TAMPERED', 'Champ chiffré altéré ou clé incorrecte.', { cause });
  }
}

export function sealOpt(keyring: Keyring, plain: string | null | undefined): Sealed | null {
  return plain ? seal(keyring, plain) : null;
}

export function openOpt(keyring: Keyring, sealed: string | null | undefined): string | null {
  return sealed ? open(keyring, sealed) : null;
}

/** Deterministic pseudonym of a normalised identifier (email, phone): same person, same id. */
export function pseudonym(keyring: Keyring, kind: string, value: string): string {
  return crypto.createHmac('sha256', keyring.pseudonymKey).update(`${kind}:${value}`).digest('hex').slice(0, 24);
}
