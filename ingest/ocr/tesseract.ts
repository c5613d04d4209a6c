// OCR with Tesseract (Debian tesseract-ocr-fra), French then English, with per-page confidence,
// and PDF handling with poppler: a PDF that has a text layer uses it; a scanned one is rasterised
// (pdftoppm) and read page by page. Runs the real binaries; no network, no model download.
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { DoleancesError } from '../../core/errors.ts';

const run = promisify(execFile);
const MAX_BUFFER = 64 * 1024 * 1024;

export interface OcrPage {
  page: number;
  text: string;
  /** Mean word confidence, 0-100; 100 for a PDF text layer. */
  confidence: number;
}

export interface OcrResult {
  text: string;
  confidence: number;
  pages: OcrPage[];
  method: 'ocr' | 'pdf-text';
}

async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dol-ocr-'));
  try {
    return await fn(dir);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** Parse Tesseract's TSV output into pages of text with their mean word confidence. */
export function parseTesseractTsv(tsv: string, pageOffset = 0): OcrPage[] {
  const pages = new Map<number, { lines: Map<string, string[]>; confs: number[] }>();
  for (const row of tsv.split('\n').slice(1)) {
    const c = row.split('\t');
    if (c.length < 12 || c[0] !== '5') continue;
    const word = c[11]!.trim();
    const conf = Number(c[10]);
    if (!word || conf < 0) continue;
    const page = Number(c[1]) + pageOffset;
    const p = pages.get(page) ?? { lines: new Map<string, string[]>(), confs: [] as number[] };
    const lineKey = `${c[2]}.${c[3]}.${c[4]}`;
    p.lines.set(lineKey, [...(p.lines.get(lineKey) ?? []), word]);
    p.confs.push(conf);
    pages.set(page, p);
  }
  return [...pages.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([page, p]) => ({
      page,
      text: [...p.lines.values()].map((w) => w.join(' ')).join('\n'),
      confidence: p.confs.length ? round(p.confs.reduce((s, n) => s + n, 0) / p.confs.length) : 0,
    }));
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

function combine(pages: OcrPage[], method: OcrResult['method']): OcrResult {
  const words = pages.reduce((s, p) => s + p.text.split(/\s+/).filter(Boolean).length, 0);
  const confidence = words
    ? round(pages.reduce((s, p) => s + p.confidence * p.text.split(/\s+/).filter(Boolean).length, 0) / words)
    : 0;
  return { text: pages.map((p) => p.text).join('\n\n'), confidence, pages, method };
}

/** OCR an image file (PNG, JPEG, single or multi-page TIFF). */
export async function ocrImageFile(file: string, langs = 'fra+eng'): Promise<OcrResult> {
  try {
    const { stdout } = await run('tesseract', [file, 'stdout', '-l', langs, '--psm', '3', 'tsv'], { maxBuffer: MAX_BUFFER });
    return combine(parseTesseractTsv(stdout), 'ocr');
  } catch (cause) {
    const missing = (cause as NodeJS.ErrnoException).code === 'ENOENT';
    throw new DoleancesError('OCR_FAILED', missing ? 'tesseract est introuvable (apt-get install tesseract-ocr tesseract-ocr-fra)' : `OCR impossible : ${(cause as Error).message.split('\n')[0]}`, {
      cause,
      retriable: false,
    });
  }
}

export async function ocrImage(bytes: Buffer, ext: string): Promise<OcrResult> {
  return withTempDir(async (dir) => {
    const file = path.join(dir, `page${ext}`);
    await fs.writeFile(file, bytes);
    return ocrImageFile(file);
  });
}

/** Text of a PDF: its text layer when it has one, otherwise OCR of each rasterised page. */
export async function pdfText(bytes: Buffer): Promise<OcrResult> {
  return withTempDir(async (dir) => {
    const file = path.join(dir, 'doc.pdf');
    await fs.writeFile(file, bytes);
    let layer = '';
    try {
      layer = (await run('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { maxBuffer: MAX_BUFFER })).stdout;
    } catch (cause) {
      const missing = (cause as NodeJS.ErrnoException).code === 'ENOENT';
      throw new DoleancesError('INTAKE_UNREADABLE', missing ? 'pdftotext est introuvable (apt-get install poppler-utils)' : 'PDF illisible', { cause });
    }
    const pagesText = layer.split('\f');
    const letters = layer.replace(/\s+/g, '').length;
    if (letters >= 40 * Math.max(1, pagesText.filter((p) => p.trim()).length)) {
      const pages = pagesText.filter((p) => p.trim()).map((text, i) => ({ page: i + 1, text: text.trim(), confidence: 100 }));
      return combine(pages, 'pdf-text');
    }
    await run('pdftoppm', ['-r', '200', '-gray', '-png', file, path.join(dir, 'p')], { maxBuffer: MAX_BUFFER });
    const images = (await fs.readdir(dir)).filter((f) => f.startsWith('p') && f.endsWith('.png')).sort();
    const pages: OcrPage[] = [];
    for (const [i, img] of images.entries()) {
      const r = await ocrImageFile(path.join(dir, img));
      pages.push({ page: i + 1, text: r.text, confidence: r.confidence });
    }
    return combine(pages, 'ocr');
  });
}
