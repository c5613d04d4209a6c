// Deterministic identifiers. Every id derives from the intake's idempotency key, so a message
// processed twice (a crash between publish and commit, a Kafka redelivery) yields the same case and
// the same event ids, which the store ignores the second time.
import crypto from 'node:crypto';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function sha256Hex(data: string | Buffer): string {
  return crypto.createHash('sha256').update(data).digest('hex');
}

/** A UUID-shaped id derived from a name (the bits of an RFC 4122 version-5-like hash). */
export function deterministicId(...parts: string[]): string {
  const h = crypto.createHash('sha256').update(parts.join('\u0000')).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

/**
 * The reference citizens and staff quote: "2026-4K7PQ2XM" (year received, then 40 bits of the
 * case id in Crockford base32: no I, L, O, U, so it survives dictation and OCR). Unique in practice
 * at a public body's volumes; the case id stays the key.
 */
export function caseRef(caseId: string, receivedAt: string): string {
  const bytes = Buffer.from(caseId.replace(/-/g, '').slice(0, 10), 'hex');
  let bits = 0n;
  for (const b of bytes) bits = (bits << 8n) | BigInt(b);
  let out = '';
  for (let i = 0; i < 8; i++) {
    out = CROCKFORD[Number(bits & 31n)]! + out;
    bits >>= 5n;
  }
  return `${receivedAt.slice(0, 4)}-${out}`;
}

export const CASE_REF_PATTERN = /\b(20\d{2})-([0-9A-HJKMNP-TV-Z]{8})\b/;
