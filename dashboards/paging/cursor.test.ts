import { describe, expect, it } from 'vitest';
import type { KeyColumn } from '../../store/keyset.ts';
import { decodeCursor, encodeCursor, pageRequest, PAGE_SIZE } from './cursor.ts';

const KEYS: KeyColumn[] = [
  { name: 'k_urgent', type: 'BIGINT' },
  { name: 'k_due', type: 'BIGINT' },
  { name: 'case_id', type: 'VARCHAR' },
];
const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v), 'utf8').toString('base64url');

describe('page cursors', () => {
  it('round-trip a key, accents and separators included, as URL-safe text', () => {
    const key = ['0', '-1700000000000', '2026-ÉTÉ/7+x=y&z'];
    const c = encodeCursor('files', key);
    expect(c).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor('files', KEYS, c)).toEqual(key);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['not base64url', 'abc$%^'],
    ['not JSON', b64('{not json')],
    ['not an array', b64({ k: 1 })],
    ['another list', encodeCursor('accueil', ['0', '1', 'x'])],
    ['too few values', encodeCursor('files', ['0', '1'])],
    ['too many values', encodeCursor('files', ['0', '1', 'x', 'y'])],
    ['a number where text is kept', b64(['files', 0, '1', 'x'])],
    ['a BIGINT that is not an integer', encodeCursor('files', ['0', '1.5', 'x'])],
    ['a BIGINT beyond 64 bits', encodeCursor('files', ['0', '99999999999999999999', 'x'])],
    ['an injection attempt', encodeCursor('files', ["0); DROP TABLE cases; --", '1', 'x'])],
    ['an over-long value', encodeCursor('files', ['0', '1', 'x'.repeat(500)])],
    ['an over-long cursor', 'A'.repeat(5000)],
  ])('read a tampered cursor (%s) as no cursor', (_what, raw) => {
    expect(decodeCursor('files', KEYS, raw)).toBeNull();
  });

  it('turn the request into page 1, the next page or the previous page', () => {
    const key = ['1', '42', '2026-AAAAA-BBBBB'];
    expect(pageRequest('files', KEYS, {})).toEqual({ before: null, size: PAGE_SIZE });
    expect(pageRequest('files', KEYS, { after: encodeCursor('files', key) })).toEqual({ after: key, size: PAGE_SIZE });
    expect(pageRequest('files', KEYS, { before: encodeCursor('files', key) })).toEqual({ before: key, size: PAGE_SIZE });
    expect(pageRequest('files', KEYS, { after: 'garbage', before: 'garbage' })).toEqual({ before: null, size: PAGE_SIZE });
    expect(PAGE_SIZE).toBe(50);
  });
});
