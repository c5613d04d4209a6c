import { describe, expect, it } from 'vitest';
import { callerIdOf, maySms } from './caller-id.ts';

describe('caller id', () => {
  it('normalises North American numbers to E.164', () => {
    expect(callerIdOf('+18195550177')).toEqual({ e164: '+18195550177', withheld: false });
    expect(callerIdOf('(819) 555-0177')).toEqual({ e164: '+18195550177', withheld: false });
  });

  it('recognises withheld numbers, words and Twilio pseudo-numbers alike', () => {
    for (const raw of ['anonymous', 'Anonymous', '+266696687', '266696687', 'Restricted', 'UNKNOWN', '', null, undefined, '+7378742833', 'client:anonymous', 'sip:bob@example.com']) {
      expect(callerIdOf(raw), String(raw)).toEqual({ e164: null, withheld: true });
    }
  });

  it('offers an SMS only to North American non-toll-free numbers', () => {
    expect(maySms('+18195550177')).toBe(true);
    expect(maySms('+18005551212')).toBe(false);
    expect(maySms('+33612345678')).toBe(false);
    expect(maySms('+11235550177')).toBe(false);
    expect(maySms(null)).toBe(false);
  });
});
