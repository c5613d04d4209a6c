// Accessibility audit of the page open in Chromium with axe-core (the npm package, never fetched
// at run time): the rules of WCAG 2.0 and 2.1, levels A and AA (the basis of the Québec standard
// SGQRI 008), plus axe's best practices (landmarks, heading order, one h1). axe's source is
// evaluated through the DevTools protocol, which the page's CSP does not govern, so each page is
// audited exactly as served, under its own policy.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

export interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string; summary: string }[];
}

/** Every axe violation on the page as it is now (content inside closed <details> included when `openDetails`). */
export async function axeViolations(page: Page, opts: { openDetails?: boolean } = {}): Promise<Violation[]> {
  if (opts.openDetails) await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[]; failureSummary?: string }[] }[] }> } }).axe;
    const r = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target.map(String).join(' '), summary: (n.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 300) })) }));
  }, AXE_TAGS);
}

/** One line per violation and element, for a failure message a person can act on. */
export function describeViolations(vs: Violation[]): string[] {
  return vs.flatMap((v) => v.nodes.map((n) => `${v.impact ?? '?'} ${v.id} (${v.help}): ${n.target} — ${n.summary}`));
}
