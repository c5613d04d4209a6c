// What the warehouse keeps of an event: its data with every sealed field ("s1.…") replaced by a
// digest of it ("d1.<sha256>"), the sealed values themselves going to the vault (store/vault.ts)
// under the contact's own key. The hash chain is computed over this canonical form, so destroying
// a contact's data (Law 25) never breaks the tamper evidence of its cases (`bin/doleances verify`).
import crypto from 'node:crypto';
import type { DoleancesEvent } from '../core/events/schemas.ts';

const sha = (s: string) => crypto.createHash('sha256').update(s).digest('hex');
const isSealed = (v: unknown): v is string => typeof v === 'string' && v.startsWith('s1.');

export function canonicalData(value: unknown): unknown {
  if (isSealed(value)) return `d1.${sha(value)}`;
  if (Array.isArray(value)) return value.map(canonicalData);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, canonicalData(v)]));
  return value;
}

/** Every sealed value of an event's data with its path ("contact.name", "attachments.0.text"). */
export function sealedFields(value: unknown, path = ''): { field: string; value: string }[] {
  if (isSealed(value)) return [{ field: path, value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => sealedFields(v, path ? `${path}.${i}` : String(i)));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => sealedFields(v, path ? `${path}.${k}` : k));
  return [];
}

export function chainHash(prev: string | null, e: Pick<DoleancesEvent, 'id' | 'type' | 'occurredAt' | 'data'>): string {
  return crypto
    .createHash('sha256')
    .update(`${prev ?? ''}|${e.id}|${e.type}|${new Date(e.occurredAt).toISOString()}|${JSON.stringify(canonicalData(e.data))}`)
    .digest('hex');
}
