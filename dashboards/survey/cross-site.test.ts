// The survey's cross-site check: a real browser's same-origin form POST passes (Chromium sends
// `Origin: null` under no-referrer), another site's is refused, a malformed Origin too.
import { describe, expect, it } from 'vitest';
import { isCrossSite } from './cross-site.ts';

describe('survey cross-site check', () => {
  it('accepts a same-origin POST, with or without an opaque origin', () => {
    expect(isCrossSite({ origin: 'http://127.0.0.1:8080', host: '127.0.0.1:8080', secFetchSite: 'same-origin' })).toBe(false);
    expect(isCrossSite({ origin: 'null', host: '127.0.0.1:8080', secFetchSite: 'same-origin' })).toBe(false);
    expect(isCrossSite({ host: 'plaintes.exemple.qc.ca' })).toBe(false);
  });

  it('refuses another site, by Fetch metadata or by Origin, and a malformed Origin', () => {
    expect(isCrossSite({ origin: 'null', host: 'plaintes.exemple.qc.ca', secFetchSite: 'cross-site' })).toBe(true);
    expect(isCrossSite({ origin: 'https://evil.example', host: 'plaintes.exemple.qc.ca' })).toBe(true);
    expect(isCrossSite({ origin: 'pas une origine', host: 'plaintes.exemple.qc.ca' })).toBe(true);
  });
});
