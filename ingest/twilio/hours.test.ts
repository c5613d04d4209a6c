import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../core/config.ts';
import { calendarOf, loadProfile } from '../../core/profiles/load.ts';
import { isOpen } from './hours.ts';

const profile = loadProfile(path.join(REPO_ROOT, 'profiles'), 'omh-trois-rivieres');
const cal = calendarOf(profile);

describe('opening hours', () => {
  it('follows the profile’s hours in Québec time, lunch break included', () => {
    expect(isOpen(profile, cal, new Date('2026-11-25T14:00:00Z'))).toBe(true); // Wed 09:00 EST
    expect(isOpen(profile, cal, new Date('2026-11-25T17:30:00Z'))).toBe(false); // 12:30, lunch
    expect(isOpen(profile, cal, new Date('2026-11-25T21:29:00Z'))).toBe(true); // 16:29
    expect(isOpen(profile, cal, new Date('2026-11-25T21:30:00Z'))).toBe(false); // 16:30 closes
    expect(isOpen(profile, cal, new Date('2026-11-28T15:00:00Z'))).toBe(false); // Saturday
  });

  it('is closed on statutory holidays (Fête nationale, Christmas)', () => {
    expect(isOpen(profile, cal, new Date('2026-06-24T14:00:00Z'))).toBe(false);
    expect(isOpen(profile, cal, new Date('2026-12-25T15:00:00Z'))).toBe(false);
    expect(isOpen(profile, cal, new Date('2026-06-23T14:00:00Z'))).toBe(true);
  });
});
