// The board's package: the report's HTML printed to PDF by headless Chromium (Debian's
// /usr/bin/chromium, driven by playwright-core), Letter paper, page numbers in the footer. Every
// request other than the document itself is refused: the report needs no network.
import fs from 'node:fs';
import { chromium } from 'playwright-core';
import { DoleancesError, errorMessage } from '../core/errors.ts';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export async function launchChromium(executablePath = CHROMIUM_PATH) {
  if (!fs.existsSync(executablePath)) {
    throw new DoleancesError('REPORT_PDF_FAILED', `Chromium est introuvable (${executablePath}) : installez-le (apt-get install chromium) pour produire le PDF.`);
  }
  try {
    return await chromium.launch({ executablePath, args: CHROMIUM_FLAGS, headless: true });
  } catch (cause) {
    throw new DoleancesError('REPORT_PDF_FAILED', `Chromium n'a pas démarré : ${errorMessage(cause)}`, { cause });
  }
}

const FOOTER = `<div style="font:8px 'Liberation Sans',Arial,sans-serif;color:#5b6770;width:100%;text-align:center">Page <span class="pageNumber"></span> de <span class="totalPages"></span></div>`;

export async function htmlToPdf(html: string, out: string, opts: { executablePath?: string } = {}): Promise<void> {
  const browser = await launchChromium(opts.executablePath);
  try {
    const page = await browser.newPage();
    await page.route('**/*', (route) => (route.request().url().startsWith('data:') ? route.continue() : route.abort()));
    await page.setContent(html, { waitUntil: 'load' });
    await page.emulateMedia({ media: 'print' });
    await page.pdf({
      path: out,
      format: 'Letter',
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: '<div></div>',
      footerTemplate: FOOTER,
      margin: { top: '14mm', bottom: '16mm', left: '14mm', right: '14mm' },
    });
  } catch (cause) {
    if (cause instanceof DoleancesError) throw cause;
    throw new DoleancesError('REPORT_PDF_FAILED', `Impression du rapport en PDF impossible : ${errorMessage(cause)}`, { cause });
  } finally {
    await browser.close();
  }
}
