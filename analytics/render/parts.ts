// Small HTML pieces shared by the summary and the detail: tables of protected rows, tiles.
import { escapeHtml as h } from '../../core/i18n/format.ts';
import type { PRow } from '../publish.ts';
import type { Cell } from '../suppress.ts';

export function tile(k: string, v: Cell, sub = ''): string {
  return `<div class="tile"><div class="k">${h(k)}</div><div class="v">${h(v.t)}</div>${sub ? `<div class="s">${h(sub)}</div>` : ''}</div>`;
}

/** A table of labelled rows, with one or more value columns, and an optional total row. */
export function table(head: string[], rows: { label: string; cells: Cell[]; extra?: string }[], total?: { label: string; cells: Cell[] }): string {
  if (rows.length === 0) return '<p class="note">Aucun dossier.</p>';
  const th = head.map((x, i) => `<th scope="col"${i ? ' class="n"' : ''}>${h(x)}</th>`).join('');
  const tr = rows.map((r) => `<tr><td>${h(r.label)}${r.extra ?? ''}</td>${r.cells.map((c) => `<td class="n">${h(c.t)}</td>`).join('')}</tr>`).join('');
  const tf = total ? `<tfoot><tr><td>${h(total.label)}</td>${total.cells.map((c) => `<td class="n">${h(c.t)}</td>`).join('')}</tr></tfoot>` : '';
  return `<table><thead><tr>${th}</tr></thead><tbody>${tr}</tbody>${tf}</table>`;
}

export function rowsTable(head: [string, string], rows: PRow[], total?: Cell): string {
  return table(head, rows.map((r) => ({ label: r.label, cells: [r.cell] })), total ? { label: 'Total', cells: [total] } : undefined);
}

/** Two breakdowns side by side in one table (received | handled), matched by code. */
export function pairTable(head: [string, string, string], a: PRow[], b: PRow[], totals: [Cell, Cell]): string {
  const codes = [...new Set([...a.map((r) => r.code), ...b.map((r) => r.code)])];
  const dash: Cell = { v: 0, t: '0' };
  return table(
    head,
    codes.map((code) => {
      const ra = a.find((r) => r.code === code);
      const rb = b.find((r) => r.code === code);
      return { label: (ra ?? rb)!.label, cells: [ra?.cell ?? dash, rb?.cell ?? dash] };
    }),
    { label: 'Total', cells: totals },
  );
}
