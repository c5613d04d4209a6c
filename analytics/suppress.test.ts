// The protection rules on their own: no count from 1 to 4 published, none recoverable.
import { describe, expect, it } from 'vitest';
import { breakdown, count, part, percent, stat } from './suppress.ts';

describe('small-number protection', () => {
  it('hides counts from 1 to 4, shows 0 and 5 and more', () => {
    expect([0, 1, 4, 5, 1234].map((n) => count(n).t)).toEqual(['0', '<\u00a05', '<\u00a05', '5', '1\u00a0234']);
    expect(count(3).v).toBeNull();
  });

  it('hides a second cell when one hidden cell could be recovered from the total', () => {
    const b = breakdown([{ code: 'a', n: 9 }, { code: 'b', n: 6 }, { code: 'c', n: 2 }]);
    expect(b.map((r) => r.cell.t)).toEqual(['9', 'x', '<\u00a05']);
    // two hidden cells already protect each other
    expect(breakdown([{ code: 'a', n: 9 }, { code: 'b', n: 3 }, { code: 'c', n: 2 }]).map((r) => r.cell.t)).toEqual(['9', '<\u00a05', '<\u00a05']);
  });

  it('never derives a percentage, median or mean from fewer than 5 cases, and bounds the rest', () => {
    expect(percent(3, 4).t).toBe('<\u00a05\u00a0cas');
    expect(percent(2, 40).t).toBe('<\u00a013\u00a0%');
    expect(percent(48, 50).t).toBe('>\u00a090\u00a0%');
    expect(percent(30, 40)).toEqual({ v: 75, t: '75\u00a0%' });
    expect(percent(3, 7).t).toBe('<\u00a05\u00a0cas');
    expect(stat(2.5, 4, 'h').t).toBe('<\u00a05\u00a0cas');
    expect(stat(2.54, 5, 'h').t).toBe('2,5\u00a0h');
    expect(part(12, 14).t).toBe('x');
    expect(part(9, 20).t).toBe('9');
  });
});
