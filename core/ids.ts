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
 * The case id, which is also the reference citizens and staff quote: "2026-4K7PQ-2XMAB" (year
 * received, then 50 bits of a hash of the intake's idempotency key in Crockford base32: no I, L, O,
 * U, so it survives dictation and OCR). Deterministic, so a redelivered intake maps to the same case
 * and a reply quoting the reference maps to its case without any lookup; 50 bits keep collisions
 * negligible (about 4e-6 for 100,000 cases in one year).
 */
export function caseIdFor(idempotencyKey: string, receivedAt: string): string {
  const h = crypto.createHash('sha256').update(`case\u0000${idempotencyKey}`).digest();
  let bits = 0n;
  for (const b of h.subarray(0, 7)) bits = (bits << 8n) | BigInt(b);
  bits >>= 6n; // 56 → 50 bits
  let out = '';
  for (let i = 0; i < 10; i++) {
    out = CROCKFORD[Number(bits & 31n)]! + out;
    bits >>= 5n;
  }
  return `${receivedAt.slice(0, 4)}-${out.slice(0, 5)}-${out.slice(5)}`;
}

/** A case reference as written by a person: tolerant of lowercase and of O/I/L typed for 0/1. */
export const CASE_REF_PATTERN = /\b(20\d{2})-([0-9A-HJKMNP-TV-Z]{5})-?([0-9A-HJKMNP-TV-Z]{5})\b/i;

export function findCaseRef(text: string): string | null {
  const m = CASE_REF_PATTERN.exec(text);
  return m ? `${m[1]}-${m[2]!.toUpperCase()}-${m[3]!.toUpperCase()}` : null;
}
