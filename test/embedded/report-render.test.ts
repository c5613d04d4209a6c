// The report as the board sees it, in Debian's Chromium (fails, never skips, without it): a month
// of a generated history printed to PDF (pages read back with poppler), and the HTML opened in the
// browser with every network request refused: it must render whole, charts included, offline.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../core/config.ts';
import { calendarOf, loadProfile } from '../../core/profiles/load.ts';
import { generateHistory } from '../../analytics/generate/history.ts';
import { launchChromium } from '../../analytics/pdf.ts';
import { writeMonthlyReport } from '../../analytics/write-report.ts';
import type { Duck } from '../../store/duck.ts';
import { openWarehouse } from '../../store/warehouse.ts';
import { tempDataDir } from '../helpers/app.ts';

const profile = loadProfile(path.join(REPO_ROOT, 'profiles'), 'omh-trois-rivieres');
const calendar = calendarOf(profile);
const dir = tempDataDir('dol-render-');
let db: Duck;

beforeAll(async () => {
  db = await openWarehouse(path.join(dir, 'warehouse.duckdb'));
  await generateHistory(db, profile, calendar, { cases: 6000, months: 24, lastMonth: '2026-10' });
});
afterAll(() => db?.close());

describe('the report in Chromium', () => {
  it('prints a PDF whose first page is the summary, and renders the HTML offline', async () => {
    const { files } = await writeMonthlyReport({ db, profile, calendar, month: '2026-10', dir: path.join(dir, 'r'), now: new Date('2026-11-02T11:00:00Z') });
    const info = execFileSync('pdfinfo', [files.pdf!], { encoding: 'utf8' });
    const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
    expect(pages).toBeGreaterThanOrEqual(4);
    const page1 = execFileSync('pdftotext', ['-f', '1', '-l', '1', '-layout', files.pdf!, '-'], { encoding: 'utf8' });
    expect(page1).toContain('Bilan mensuel des plaintes et requêtes — octobre 2026');
    expect(page1).toContain('Faits saillants');
    expect(page1).not.toContain('1. Dossiers reçus et traités'); // the detail starts on page 2
    // Recurring places: the generated history has addresses that come back, shown by pseudonym only.
    const detail = execFileSync('pdftotext', ['-layout', files.pdf!, '-'], { encoding: 'utf8' });
    expect(detail).toMatch(/Adresse adr\d{3}/);
    execFileSync('pdftoppm', ['-r', '40', '-png', '-f', '1', '-l', '1', files.pdf!, path.join(dir, 'page')]);
    expect(fs.statSync(path.join(dir, fs.readdirSync(dir).find((f) => f.startsWith('page'))!)).size).toBeGreaterThan(10_000);

    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
      const requests: string[] = [];
      await page.route('**/*', (route) => {
        const url = route.request().url();
        if (url.startsWith('file:')) return route.continue();
        requests.push(url);
        return route.abort();
      });
      await page.goto(`file://${files.html}`);
      expect(requests).toEqual([]);
      expect(await page.locator('svg.chart').count()).toBeGreaterThanOrEqual(6);
      expect(await page.locator('h2').allTextContents()).toEqual(expect.arrayContaining(['Faits saillants', '3. Délais', '5. Satisfaction', '6. Problèmes récurrents']));
      const box = await page.locator('svg.chart').first().boundingBox();
      expect(box!.width).toBeGreaterThan(300);
    } finally {
      await browser.close();
    }
  });
});
