import { describe, expect, it } from 'vitest';
import { escapeHtml, formatDate, formatDateTime } from './format.ts';

describe('French formatting', () => {
  it('writes dates the Québec way', () => {
    expect(formatDate('2026-11-23T15:00:00Z')).toBe('23 novembre 2026');
    expect(formatDate('2026-11-24T03:00:00Z')).toBe('23 novembre 2026'); // still the 23rd in Québec
    expect(formatDateTime('2026-11-23T19:05:00Z')).toBe('23 novembre 2026 à 14 h 05');
    expect(formatDate('2026-11-23T15:00:00Z', 'America/Toronto', 'en')).toBe('November 23, 2026');
  });
  it('escapes HTML', () => {
    expect(escapeHtml('<img src=x onerror="a">')).toBe('&lt;img src=x onerror=&quot;a&quot;&gt;');
  });
});
