import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../config.ts';
import { calendarOf, listProfileIds, loadProfile, parseProfile } from './load.ts';

const dir = path.join(REPO_ROOT, 'profiles');

describe('seed profiles', () => {
  it('the four seed organisations have a profile that loads', () => {
    expect(listProfileIds(dir)).toEqual(['cjef', 'mamh', 'omh-trois-rivieres', 'ville-mont-saint-hilaire']);
    for (const id of listProfileIds(dir)) expect(loadProfile(dir, id).id).toBe(id);
  });

  it('OMH Trois-Rivières: follow-up in 3 business days across the Fête nationale and a weekend (seed 000)', () => {
    const p = loadProfile(dir, 'omh-trois-rivieres');
    const cal = calendarOf(p);
    expect(cal.localDate(cal.due('2026-06-23T10:00:00-04:00', p.deadlines.followUp!))).toBe('2026-06-29');
    // 30-day written answer: 2026-06-23 + 30 = 2026-07-23 (Thursday, a business day).
    expect(cal.localDate(cal.due('2026-06-23T10:00:00-04:00', p.deadlines.answer))).toBe('2026-07-23');
    // Urgent: within 24 hours.
    expect(cal.due('2026-06-23T10:00:00-04:00', p.deadlines.urgent).toISOString()).toBe('2026-06-24T14:00:00.000Z');
  });

  it('CJEF: acknowledgement within 48 h, answer within 10 business days (seed 002)', () => {
    const p = loadProfile(dir, 'cjef');
    const cal = calendarOf(p);
    expect(cal.due('2026-06-23T10:00:00-04:00', p.deadlines.acknowledgement!).toISOString()).toBe('2026-06-25T14:00:00.000Z');
    // 10 business days from Tue 2026-06-23: skips June 24, July 1 and two weekends → 2026-07-09.
    expect(cal.localDate(cal.due('2026-06-23T10:00:00-04:00', p.deadlines.answer))).toBe('2026-07-09');
  });

  it('Mont-Saint-Hilaire: acknowledgement by the end of the next business day (seed 004)', () => {
    const p = loadProfile(dir, 'ville-mont-saint-hilaire');
    const cal = calendarOf(p);
    // Friday 2026-06-19 → Monday 2026-06-22; Tuesday 2026-06-23 → Thursday 2026-06-25.
    expect(cal.localDate(cal.due('2026-06-19T16:00:00-04:00', p.deadlines.acknowledgement!))).toBe('2026-06-22');
    expect(cal.localDate(cal.due('2026-06-23T16:00:00-04:00', p.deadlines.acknowledgement!))).toBe('2026-06-25');
  });

  it('MAMH: two business days for the acknowledgement across Canada Day', () => {
    const p = loadProfile(dir, 'mamh');
    const cal = calendarOf(p);
    expect(cal.localDate(cal.due('2026-06-30T09:00:00-04:00', p.deadlines.acknowledgement!))).toBe('2026-07-03');
  });

  it('an invalid profile names the field at fault', () => {
    const p = loadProfile(dir, 'omh-trois-rivieres');
    const broken = { ...p, natures: [{ ...p.natures[0], queue: 'nowhere' }, ...p.natures.slice(1)] };
    expect(() => parseProfile(broken, 'test.json')).toThrow(/natures\.0\.queue.*nowhere/);
    expect(() => parseProfile({ ...p, deadlines: { ...p.deadlines, answer: { unit: 'weeks', amount: 2, source: 'x' } } }, 'test.json')).toThrow(
      /deadlines\.answer\.unit/,
    );
  });
});
