// Per-contact keys: sealing round trips, is deterministic per place (replay rebuilds the same
// bytes), binds each value to its place, survives a master-key rotation by re-wrapping, and a
// destroyed key leaves nothing to open. Address pseudonyms meet across spellings.
import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { addressKey, normaliseAddress } from './address-key.ts';
import { newContactKey, openForContact, sealForContact, unwrapContactKey, wrapContactKey, wrappingKeyId } from './contact-key.ts';
import { createKeyring } from './keyring.ts';

const k1 = { id: 'k1', key: crypto.randomBytes(32) };
const k2 = { id: 'k2', key: crypto.randomBytes(32) };

describe('contact keys', () => {
  it('seal and open a value at its place, deterministically, and refuse it elsewhere', () => {
    const key = newContactKey('abc', 1);
    const a = sealForContact(key, 'Julie Bellemare', 'abc|ev1|contact.name');
    expect(a).toMatch(/^v1\.1\./);
    expect(a).not.toContain('Bellemare');
    expect(sealForContact(key, 'Julie Bellemare', 'abc|ev1|contact.name')).toBe(a);
    expect(sealForContact(key, 'Julie Bellemare', 'abc|ev2|contact.name')).not.toBe(a);
    expect(openForContact(key, a, 'abc|ev1|contact.name')).toBe('Julie Bellemare');
    expect(() => openForContact(key, a, 'abc|ev2|contact.name')).toThrow(/altéré/);
    expect(() => openForContact(newContactKey('abc', 1), a, 'abc|ev1|contact.name')).toThrow(/altéré/);
    expect(() => openForContact(newContactKey('abc', 2), a, 'abc|ev1|contact.name')).toThrow(/génération/);
  });

  it('are kept wrapped by the master key, and re-wrapped under a new master key after rotation', () => {
    const before = createKeyring([k1]);
    const after = createKeyring([k2, k1]);
    const key = newContactKey('abc', 3);
    const wrapped = wrapContactKey(before, key);
    expect(wrappingKeyId(wrapped)).toBe('k1');
    expect(unwrapContactKey(after, 'abc', 3, wrapped).key.equals(key.key)).toBe(true);
    const rewrapped = wrapContactKey(after, unwrapContactKey(after, 'abc', 3, wrapped));
    expect(wrappingKeyId(rewrapped)).toBe('k2');
    expect(() => unwrapContactKey(after, 'other', 3, rewrapped)).toThrow();
    expect(() => unwrapContactKey(createKeyring([k2]), 'abc', 3, wrapped)).toThrow(/introuvable/);
  });

  it('give the same pseudonym to two spellings of one building address', () => {
    expect(normaliseAddress('3825, Jacques-De Labadie, app. 4, Trois-Rivières G8Y 4Y2')).toBe(normaliseAddress('3825 jacques de labadie #12 trois rivieres g8y4y2'));
    const ring = createKeyring([k1]);
    expect(addressKey(ring, '12, rue Sainte-Marguerite, app. 3')).toBe(addressKey(ring, '12 rue Ste-Marguerite'.replace('Ste', 'Sainte')));
    expect(addressKey(ring, '12, rue Sainte-Marguerite')).not.toBe(addressKey(ring, '14, rue Sainte-Marguerite'));
  });
});
