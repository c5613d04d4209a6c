import { describe, expect, it } from 'vitest';
import { caseIdFor, deterministicId, findCaseRef } from './ids.ts';

describe('ids', () => {
  it('derives the same case id from the same intake, a different one otherwise', () => {
    const a = caseIdFor('file:abc', '2026-11-20T10:00:00Z');
    expect(a).toMatch(/^2026-[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
    expect(caseIdFor('file:abc', '2026-11-20T10:00:00Z')).toBe(a);
    expect(caseIdFor('file:abd', '2026-11-20T10:00:00Z')).not.toBe(a);
  });

  it('finds a case reference quoted in a subject', () => {
    expect(findCaseRef('RE: Accusé de réception [Dossier 2026-4K7PQ-2XMAB]')).toBe('2026-4K7PQ-2XMAB');
    expect(findCaseRef('re dossier 2026-4k7pq2xmab merci')).toBe('2026-4K7PQ-2XMAB');
    expect(findCaseRef('facture 2026-11-20')).toBeNull();
  });

  it('deterministic ids look like UUIDs and differ per input', () => {
    expect(deterministicId('a', 'b')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(deterministicId('a', 'b')).not.toBe(deterministicId('ab', ''));
  });
});
