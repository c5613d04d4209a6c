// The data keys: AES-256 keys identified by a short id, the first one current. From config
// (DOLEANCES_DATA_KEYS) or, on a first start with none configured, a key file created under the
// data directory with mode 0600. Rotation: prepend a new key; older ones keep decrypting.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.ts';
import { DoleancesError } from '../errors.ts';

export interface Keyring {
  readonly currentId: string;
  key(id: string): Buffer;
  /** Key for pseudonymous, deterministic ids (HMAC); derived, never stored. */
  readonly pseudonymKey: Buffer;
}

export function createKeyring(keys: readonly { id: string; key: Buffer }[]): Keyring {
  if (keys.length === 0) throw new DoleancesError('CRYPTO_KEY_MISSING', 'Aucune clé de données configurée.');
  const byId = new Map(keys.map((k) => [k.id, k.key]));
  // The pseudonym key derives from the OLDEST key so that rotation does not change contact ids.
  const oldest = keys[keys.length - 1]!.key;
  return {
    currentId: keys[0]!.id,
    key(id) {
      const k = byId.get(id);
      if (!k) throw new DoleancesError('CRYPTO_KEY_MISSING', `Clé de données « ${id} » introuvable.`);
      return k;
    },
    pseudonymKey: Buffer.from(crypto.hkdfSync('sha256', oldest, Buffer.alloc(0), 'doleances/pseudonym/v1', 32)),
  };
}

export function openKeyring(config: Config): Keyring {
  if (config.dataKeys.length > 0) return createKeyring(config.dataKeys);
  let text: string;
  try {
    text = fs.readFileSync(config.keyFile, 'utf8');
  } catch {
    fs.mkdirSync(path.dirname(config.keyFile), { recursive: true, mode: 0o700 });
    text = `k1:${crypto.randomBytes(32).toString('base64')}\n`;
    fs.writeFileSync(config.keyFile, text, { mode: 0o600, flag: 'wx' });
  }
  const keys = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      const [id, b64] = line.split(':', 2);
      return { id: id!, key: Buffer.from(b64 ?? '', 'base64') };
    });
  return createKeyring(keys);
}
