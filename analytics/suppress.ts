// Small-number protection for everything the report publishes (HTML, PDF, JSON, CSV, Parquet).
// Seeds 001 and 002: complaint files are confidential; in a small body a count of 2 « plaintes
// contre le personnel » in a month can name someone. So a published count is 0, at least 5, or
// « < 5 »; a figure derived from fewer than 5 cases (percentage, median, mean) is « < 5 cas »; a
// percentage whose numerator or complement is 1–4 is shown as a bound (« > 90 % »), never exact;
// and when one cell of a breakdown is hidden while its total is shown, the next smallest cell is
// hidden too (« x », secondary suppression as Statistique Canada and the ISQ mark it), so that no
// hidden count can be recovered by subtraction. Cells carry `v` (null when hidden) and `t` (text).

export const THRESHOLD = 5;

export interface Cell {
  /** The value, or null when it is hidden. */
  v: number | null;
  /** What a reader sees, in Québec French. */
  t: string;
}

const intFmt = new Intl.NumberFormat('fr-CA', { maximumFractionDigits: 0 });
const decFmt = new Intl.NumberFormat('fr-CA', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

export const NBSP = '\u00a0';
export const HIDDEN = `<${NBSP}5`;
export const HIDDEN_BASE = `<${NBSP}5${NBSP}cas`;
export const SECONDARY = 'x';

export function fmtInt(n: number): string {
  return intFmt.format(n).replace(/\u202f/g, NBSP);
}

export function fmtDec(n: number): string {
  return decFmt.format(n).replace(/\u202f/g, NBSP);
}

/** True when `n` is a count that would single people out. */
export function isSmall(n: number): boolean {
  return n > 0 && n < THRESHOLD;
}

export function count(n: number): Cell {
  return isSmall(n) ? { v: null, t: HIDDEN } : { v: n, t: fmtInt(n) };
}

/** A percentage of `base`; hidden or bounded so that no count from 1 to 4 can be worked out. */
export function percent(num: number, base: number): Cell {
  if (base === 0) return { v: null, t: '—' };
  if (base < THRESHOLD) return { v: null, t: HIDDEN_BASE };
  const rest = base - num;
  if (isSmall(num) && isSmall(rest)) return { v: null, t: HIDDEN_BASE };
  if (isSmall(num)) return { v: null, t: `<${NBSP}${Math.ceil((THRESHOLD / base) * 100)}${NBSP}%` };
  if (isSmall(rest)) return { v: null, t: `>${NBSP}${Math.floor((1 - THRESHOLD / base) * 100)}${NBSP}%` };
  const p = (num / base) * 100;
  return { v: Math.round(p * 10) / 10, t: `${fmtInt(Math.round(p))}${NBSP}%` };
}

/** A statistic (median, 90th percentile, mean) computed over `base` cases. */
export function stat(value: number | null, base: number, unit = ''): Cell {
  if (base === 0 || value === null) return { v: null, t: '—' };
  if (base < THRESHOLD) return { v: null, t: HIDDEN_BASE };
  const v = Math.round(value * 10) / 10;
  return { v, t: `${Number.isInteger(v) ? fmtInt(v) : fmtDec(v)}${unit ? `${NBSP}${unit}` : ''}` };
}

export interface Row {
  code: string;
  n: number;
}

export interface ProtectedRow {
  code: string;
  cell: Cell;
}

/**
 * A breakdown whose total is published: small cells are hidden, and if exactly one is, the
 * smallest visible non-zero cell is hidden as well (otherwise total − visible = the hidden one).
 */
export function breakdown(rows: readonly Row[]): ProtectedRow[] {
  const out = rows.map((r) => ({ code: r.code, cell: count(r.n), n: r.n }));
  const total = rows.reduce((s, r) => s + r.n, 0);
  const primary = out.filter((r) => isSmall(r.n));
  if (primary.length === 1 && total >= THRESHOLD) {
    const second = out.filter((r) => r.n >= THRESHOLD).sort((a, b) => a.n - b.n || a.code.localeCompare(b.code))[0];
    if (second) second.cell = { v: null, t: SECONDARY };
  }
  return out.map(({ code, cell }) => ({ code, cell }));
}

/**
 * A part of a published whole (deadlines met out of those due): hidden as « x » when the rest is
 * 1 to 4, since whole − part would give it away.
 */
export function part(num: number, whole: number): Cell {
  if (isSmall(num)) return { v: null, t: HIDDEN };
  return isSmall(whole - num) ? { v: null, t: SECONDARY } : count(num);
}
