// A pseudonym for a postal address, so the case file can show the other cases about the same
// address (seed 000, Étapes 2: « prendre connaissance des antécédents … recueillir des éléments
// afin de prévenir d'autres situations similaires ») without any address in clear. The address is
// normalised first (accents, case, punctuation, unit designators such as « app. 4 »), so two ways of
// writing one building's address meet; the HMAC key is the keyring's pseudonym key.
import type { Keyring } from './keyring.ts';
import { pseudonym } from './sealed.ts';

const UNIT = /\b(?:app(?:artement)?|apt|appt|logement|log|unite|bureau|bur|suite|local)\b\.?\s*#?\s*[0-9a-z-]+/g;

export function normaliseAddress(address: string): string {
  return address
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(UNIT, ' ')
    .replace(/#\s*[0-9a-z-]+/g, ' ')
    .replace(/\b([a-z]\d[a-z])\s*(\d[a-z]\d)\b/g, '$1$2')
    .replace(/[^a-z0-9]+/g, ' ')
    .replace(/\b(rue|avenue|av|boulevard|boul|bd|chemin|ch|rang|place|pl|cote|montee)\b/g, (m) => ({ av: 'avenue', boul: 'boulevard', bd: 'boulevard', ch: 'chemin', pl: 'place' })[m] ?? m)
    .replace(/\s+/g, ' ')
    .trim();
}

export function addressKey(keyring: Keyring, address: string): string | null {
  const n = normaliseAddress(address);
  return n.length >= 6 ? pseudonym(keyring, 'address', n) : null;
}
