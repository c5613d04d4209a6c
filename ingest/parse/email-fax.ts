// Fax-to-email and attachment text. Fax services (eFax, RingCentral, SRFax, Québec providers)
// mail each received fax as a PDF or TIFF with a short notification; the fax is the case, so it
// is recognised by sender or subject patterns (configurable per mailbox, defaults here), the
// sender's fax number is taken from the notification, and every page is read: a PDF's text layer
// when it has one, otherwise Tesseract OCR, French then English, with a confidence per page.
import { DoleancesError } from '../../core/errors.ts';
import { ocrImage, pdfText, type OcrPage } from '../ocr/tesseract.ts';
import { toE164 } from '../text.ts';
import type { ParsedAttachment } from './types.ts';

export interface FaxPatterns {
  /** Matched against the From address and display name (case-insensitive regexes). */
  faxSenders: RegExp[];
  faxSubjects: RegExp[];
}

export const DEFAULT_FAX_PATTERNS: FaxPatterns = {
  faxSenders: [/efax/i, /ringcentral/i, /srfax/i, /fax[-.]?(?:mail|service|noreply|to-?email)/i, /fax2(?:mail|courriel)/i, /t[ée]l[ée]copi/i, /metrofax|myfax|faxage|interfax/i],
  faxSubjects: [
    /\bfax\b.*\b(?:from|de|reçu|received)\b/i,
    /^(?:new )?fax message/i,
    /t[ée]l[ée]copie re[çc]ue/i,
    /^(?:nouvelle )?t[ée]l[ée]copie (?:re[çc]ue )?de\b/i,
    /efax message from/i,
  ],
};

const FAX_DOCUMENT = /^(?:application\/pdf|image\/tiff?|image\/x-tiff)$/i;

export function isFaxDocument(a: { contentType: string; name: string | null }): boolean {
  return FAX_DOCUMENT.test(a.contentType) || /\.(?:pdf|tiff?)$/i.test(a.name ?? '');
}

/** A fax notification: from a fax service (sender or subject) and carrying the fax as PDF/TIFF. */
export function looksLikeFax(from: { address: string; name: string }, subject: string, attachments: { contentType: string; name: string | null }[], p: FaxPatterns): boolean {
  const byService = p.faxSenders.some((re) => re.test(from.address) || re.test(from.name)) || p.faxSubjects.some((re) => re.test(subject));
  return byService && attachments.some(isFaxDocument);
}

const PHONE = /(?:\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}/;
const LABELLED = /(?:remote id|caller-?id|from|de|exp[ée]diteur|num[ée]ro de l['’]exp[ée]diteur|sender|t[ée]l[ée]copieur)\s*:?\s*"?((?:\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4})/i;

/**
 * The sender's fax number in E.164: the subject first (services put it there), then a labelled
 * field of the notification (Remote ID, Caller-ID, « Numéro de l'expéditeur »), then the file name.
 * The notification also shows our own number ("Fax Number", « Destinataire »): never taken blindly.
 */
export function faxNumberOf(subject: string, notification: string, fileNames: (string | null)[]): string | null {
  const fromSubject = PHONE.exec(subject)?.[0];
  if (fromSubject) return toE164(fromSubject);
  const labelled = LABELLED.exec(notification)?.[1];
  if (labelled) return toE164(labelled);
  for (const n of fileNames) {
    const m = /(?:^|\D)(1?\d{10})(?:\D|$)/.exec(n ?? '');
    if (m) return toE164(m[1]);
  }
  return null;
}

export interface ExtractedText {
  text: string | null;
  ocrConfidence: number | null;
  pages: number | null;
  /** Per-page confidence (100 for a PDF text layer), for triage decisions. */
  pageConfidences: number[];
}

const NONE: ExtractedText = { text: null, ocrConfidence: null, pages: null, pageConfidences: [] };
/** Page confidences, leaving out near-empty pages (a signature, a stamp) unless all are. */
function confidences(pages: OcrPage[]): number[] {
  const worded = pages.filter((p) => p.text.split(/\s+/).filter(Boolean).length >= 5);
  return (worded.length ? worded : pages).map((p) => p.confidence);
}

/** Text of an attachment worth reading: PDF (text layer or OCR), TIFF, images of faxes, text. */
export async function extractText(att: { name: string | null; contentType: string; content: Buffer }, ocrImages: boolean): Promise<ExtractedText> {
  const ct = att.contentType.toLowerCase();
  const name = (att.name ?? '').toLowerCase();
  try {
    if (ct === 'application/pdf' || name.endsWith('.pdf')) {
      const r = await pdfText(att.content);
      return { text: r.text, ocrConfidence: r.method === 'ocr' ? r.confidence : null, pages: r.pages.length, pageConfidences: confidences(r.pages) };
    }
    const tiff = /tiff?$/.test(ct) || /\.tiff?$/.test(name);
    if (tiff || (ocrImages && /^image\/(?:png|jpe?g)$/.test(ct))) {
      const r = await ocrImage(att.content, tiff ? '.tif' : ct === 'image/png' ? '.png' : '.jpg');
      return { text: r.text, ocrConfidence: r.confidence, pages: r.pages.length, pageConfidences: confidences(r.pages) };
    }
    if (ct === 'text/plain') return { ...NONE, text: att.content.toString('utf8') };
  } catch (err) {
    // An unreadable attachment does not make the message unreadable: it stays attached, untexted.
    if (err instanceof DoleancesError && (err.code === 'OCR_FAILED' || err.code === 'INTAKE_UNREADABLE')) return NONE;
    throw err;
  }
  return NONE;
}

/** The fax's text and its confidence: the lowest page confidence of the OCRed pages. */
export function faxText(attachments: (ParsedAttachment & { pageConfidences?: number[] })[]): { text: string; confidence: number | null } {
  const scanned = attachments.filter((a) => a.text);
  // pdftotext -layout and OCR keep the page's columns as runs of spaces: one is enough to read.
  const text = scanned.map((a) => a.text).join('\n\n').replace(/[ \t]{2,}/g, ' ').trim();
  const ocr = scanned.filter((a) => a.ocrConfidence !== null).flatMap((a) => a.pageConfidences ?? [a.ocrConfidence!]);
  return { text, confidence: ocr.length ? Math.min(...ocr) : null };
}
