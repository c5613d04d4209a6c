// Charts drawn on the server as SVG, by hand: horizontal bars, monthly columns, a percentage line
// and sparklines. No script and no network at view time, so the HTML file and its PDF look the
// same anywhere. A hidden cell (« < 5 », « x ») is drawn as a short hatched bar with its text,
// never at its true size: the chart must not leak what the table hides.
import { escapeHtml as h } from '../../core/i18n/format.ts';
import type { Cell } from '../suppress.ts';

export const COLORS = { primary: '#095797', secondary: '#8aa8c8', accent: '#c0392b', good: '#2e7d32', grid: '#d9dee4', ink: '#223654', muted: '#5b6770' };

/** Shared definitions, put once at the top of the document. */
export const SVG_DEFS = `<svg width="0" height="0" aria-hidden="true"><defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#eef1f4"/><line x1="0" y1="0" x2="0" y2="6" stroke="#9aa5b1" stroke-width="2"/></pattern></defs></svg>`;

const FONT = `font-family="Liberation Sans, DejaVu Sans, Arial, sans-serif"`;

function svg(w: number, hgt: number, title: string, body: string): string {
  return `<svg class="chart" viewBox="0 0 ${w} ${hgt}" width="100%" role="img" aria-label="${h(title)}" xmlns="http://www.w3.org/2000/svg" ${FONT}><title>${h(title)}</title>${body}</svg>`;
}

function niceMax(v: number): number {
  if (v <= 0) return 5;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (v <= m * p) return m * p;
  return 10 * p;
}

function truncate(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

export interface Bar {
  label: string;
  cell: Cell;
  color?: string;
}

/** Horizontal bars with their labels on the left and values at the end. */
export function hbars(title: string, bars: readonly Bar[], opts: { width?: number; labelChars?: number } = {}): string {
  if (bars.length === 0) return '';
  const w = opts.width ?? 640;
  const lw = Math.min(280, Math.round(w * 0.42));
  const row = 24;
  const hgt = bars.length * row + 8;
  const max = niceMax(Math.max(0, ...bars.map((b) => b.cell.v ?? 0)));
  const area = w - lw - 70;
  const body = bars
    .map((b, i) => {
      const y = 4 + i * row;
      const hidden = b.cell.v === null;
      const bw = hidden ? Math.max(8, area * 0.04) : (area * (b.cell.v ?? 0)) / max;
      const fill = hidden ? 'url(#hatch)' : (b.color ?? COLORS.primary);
      return `<text x="${lw - 8}" y="${y + 16}" text-anchor="end" font-size="13" fill="${COLORS.ink}">${h(truncate(b.label, Math.min(opts.labelChars ?? 99, Math.floor((lw - 10) / 6.8))))}</text>
<rect x="${lw}" y="${y + 4}" width="${bw.toFixed(1)}" height="${row - 8}" fill="${fill}" rx="2"/>
<text x="${(lw + bw + 6).toFixed(1)}" y="${y + 16}" font-size="13" fill="${COLORS.ink}">${h(b.cell.t)}</text>`;
    })
    .join('\n');
  return svg(w, hgt, title, body);
}

export interface Series {
  name: string;
  color: string;
  cells: readonly Cell[];
}

/** Monthly columns, one group per month, one column per series, with a legend. */
export function columns(title: string, months: readonly string[], series: readonly Series[], opts: { width?: number; height?: number } = {}): string {
  const w = opts.width ?? 640;
  const hgt = opts.height ?? 220;
  const left = 44;
  const top = 24;
  const bottom = 36;
  const plotH = hgt - top - bottom;
  const max = niceMax(Math.max(0, ...series.flatMap((s) => s.cells.map((c) => c.v ?? 0))));
  const gw = (w - left - 8) / Math.max(1, months.length);
  const cw = Math.min(18, (gw - 6) / series.length);
  const y = (v: number) => top + plotH - (plotH * v) / max;
  const grid = [0, 0.25, 0.5, 0.75, 1]
    .map((f) => `<line x1="${left}" x2="${w - 4}" y1="${y(max * f).toFixed(1)}" y2="${y(max * f).toFixed(1)}" stroke="${COLORS.grid}"/><text x="${left - 6}" y="${(y(max * f) + 4).toFixed(1)}" text-anchor="end" font-size="11" fill="${COLORS.muted}">${h(fmtAxis(max * f))}</text>`)
    .join('');
  const cols = months
    .map((m, i) => {
      const gx = left + i * gw + (gw - cw * series.length) / 2;
      const bars = series
        .map((s, k) => {
          const c = s.cells[i];
          if (!c) return '';
          const hidden = c.v === null && c.t !== '—';
          const v = hidden ? max * 0.04 : (c.v ?? 0);
          return `<rect x="${(gx + k * cw).toFixed(1)}" y="${y(v).toFixed(1)}" width="${(cw - 1).toFixed(1)}" height="${(top + plotH - y(v)).toFixed(1)}" fill="${hidden ? 'url(#hatch)' : s.color}"><title>${h(`${m} — ${s.name} : ${c.t}`)}</title></rect>`;
        })
        .join('');
      return `${bars}${monthLabel(m, i, left + i * gw + gw / 2, hgt - bottom + 14)}`;
    })
    .join('\n');
  const legend = series.map((s, k) => `<rect x="${left + k * 150}" y="4" width="12" height="12" fill="${s.color}"/><text x="${left + k * 150 + 18}" y="14" font-size="12" fill="${COLORS.ink}">${h(s.name)}</text>`).join('');
  return svg(w, hgt, title, `${grid}${cols}${legend}`);
}

/** « oct. 25 » as « oct. » with the year under it on the first month and in January only. */
function monthLabel(m: string, i: number, x: number, y: number): string {
  const [mon, yy] = m.split(' ');
  const year = i === 0 || mon === 'janv.' ? `<tspan x="${x.toFixed(1)}" dy="12">20${h(yy ?? '')}</tspan>` : '';
  return `<text x="${x.toFixed(1)}" y="${y}" text-anchor="middle" font-size="10.5" fill="${COLORS.muted}">${h(mon ?? m)}${year}</text>`;
}

function fmtAxis(v: number): string {
  return Number.isInteger(v) ? v.toLocaleString('fr-CA').replace(/\u202f/g, ' ') : v.toFixed(1).replace('.', ',');
}

/** A line over months for a value from 0 to `max` (percentages by default), with an optional target. */
export function line(title: string, months: readonly string[], cells: readonly Cell[], opts: { max?: number; target?: number; suffix?: string; width?: number; height?: number } = {}): string {
  const w = opts.width ?? 640;
  const hgt = opts.height ?? 180;
  const left = 44;
  const top = 14;
  const bottom = 34;
  const plotH = hgt - top - bottom;
  const max = opts.max ?? 100;
  const step = (w - left - 16) / Math.max(1, months.length - 1);
  const x = (i: number) => left + i * step;
  const y = (v: number) => top + plotH - (plotH * Math.min(v, max)) / max;
  const grid = [0, 0.5, 1].map((f) => `<line x1="${left}" x2="${w - 8}" y1="${y(max * f).toFixed(1)}" y2="${y(max * f).toFixed(1)}" stroke="${COLORS.grid}"/><text x="${left - 6}" y="${(y(max * f) + 4).toFixed(1)}" text-anchor="end" font-size="11" fill="${COLORS.muted}">${fmtAxis(max * f)}${opts.suffix ?? ''}</text>`).join('');
  const target = opts.target === undefined ? '' : `<line x1="${left}" x2="${w - 8}" y1="${y(opts.target).toFixed(1)}" y2="${y(opts.target).toFixed(1)}" stroke="${COLORS.good}" stroke-dasharray="4 3"/>`;
  const segments: string[] = [];
  let cur: string[] = [];
  cells.forEach((c, i) => {
    if (c.v === null) {
      if (cur.length) segments.push(cur.join(' '));
      cur = [];
    } else cur.push(`${x(i).toFixed(1)},${y(c.v).toFixed(1)}`);
  });
  if (cur.length) segments.push(cur.join(' '));
  const lines = segments.map((s) => `<polyline points="${s}" fill="none" stroke="${COLORS.primary}" stroke-width="2.5"/>`).join('');
  const dots = cells.map((c, i) => (c.v === null ? '' : `<circle cx="${x(i).toFixed(1)}" cy="${y(c.v).toFixed(1)}" r="3.5" fill="${COLORS.primary}"><title>${h(`${months[i]} : ${c.t}`)}</title></circle>`)).join('');
  const labels = months.map((m, i) => monthLabel(m, i, x(i), hgt - bottom + 14)).join('');
  return svg(w, hgt, title, `${grid}${target}${lines}${dots}${labels}`);
}

/** A small line of monthly counts for a table cell; hidden months are gaps. */
export function sparkline(cells: readonly Cell[], title: string): string {
  const w = 110;
  const hgt = 22;
  const max = Math.max(1, ...cells.map((c) => c.v ?? 0));
  const step = w / Math.max(1, cells.length - 1);
  const pts = cells.map((c, i) => (c.v === null ? null : `${(i * step).toFixed(1)},${(hgt - 2 - ((hgt - 4) * c.v) / max).toFixed(1)}`));
  const segs: string[] = [];
  let cur: string[] = [];
  for (const p of pts) {
    if (p === null) {
      if (cur.length > 1) segs.push(cur.join(' '));
      cur = [];
    } else cur.push(p);
  }
  if (cur.length > 1) segs.push(cur.join(' '));
  const last = pts[pts.length - 1];
  return `<svg class="spark" viewBox="-3 -3 ${w + 6} ${hgt + 6}" width="${w}" height="${hgt}" role="img" aria-label="${h(title)}" xmlns="http://www.w3.org/2000/svg">${segs.map((s) => `<polyline points="${s}" fill="none" stroke="${COLORS.primary}" stroke-width="1.5"/>`).join('')}${last ? `<circle cx="${last.split(',')[0]}" cy="${last.split(',')[1]}" r="2.5" fill="${COLORS.accent}"/>` : ''}</svg>`;
}
