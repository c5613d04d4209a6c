// Scanned letters and documents dropped in the folder: plain text, PDF (text layer or OCR) and
// images (OCR). The sender is whoever the letter names: a phone number and a Québec postal
// address are picked out of the text when present.
import iconv from 'iconv-lite';
import { DoleancesError } from '../../core/errors.ts';
import { ocrImage, pdfText } from '../ocr/tesseract.ts';
import { toE164 } from '../text.ts';
import { knownExtension } from './extension.ts';
import { emptySender, type ParsedMessage } from './types.ts';

const PHONE = /(?:\+?1[\s.-]?)?\(?\b([2-9]\d{2})\)?[\s.-]?(\d{3})[\s.-]?(\d{4})\b/;
const POSTAL = /^.*\b[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] ?\d[ABCEGHJ-NPRSTV-Z]\d\b.*$/im;

export function decodeText(bytes: Buffer): string {
  const utf8 = bytes.toString('utf8');
  // Invalid UTF-8 decodes to U+FFFD: such files are almost always Windows-1252 from old scanners.
  // (iconv-lite, not TextDecoder: Node 20's windows-1252 decoder maps 0x80-0x9F wrongly.)
  return utf8.includes('\uFFFD') ? iconv.decode(bytes, 'windows-1252') : utf8.replace(/^\uFEFF/, '');
}

export function senderFromLetter(text: string): ParsedMessage['sender'] {
  const s = emptySender();
  const phone = PHONE.exec(text);
  if (phone) s.phone = toE164(phone[0]);
  const postal = POSTAL.exec(text);
  if (postal) s.address = postal[0].trim();
  return s;
}

export async function parseDocument(name: string, bytes: Buffer): Promise<ParsedMessage> {
  const ext = name.toLowerCase().slice(name.lastIndexOf('.'));
  let text: string;
  let confidence: number | null = null;
  let contentType: string;
  let pages: number | null = null;
  if (ext === '.txt') {
    text = decodeText(bytes);
    contentType = 'text/plain';
  } else if (ext === '.pdf') {
    const r = await pdfText(bytes);
    text = r.text;
    confidence = r.method === 'ocr' ? r.confidence : null;
    pages = r.pages.length;
    contentType = 'application/pdf';
  } else if (['.png', '.jpg', '.jpeg', '.tif', '.tiff'].includes(ext)) {
    const r = await ocrImage(bytes, ext);
    text = r.text;
    confidence = r.confidence;
    pages = r.pages.length;
    contentType = ext === '.png' ? 'image/png' : ext.startsWith('.tif') ? 'image/tiff' : 'image/jpeg';
  } else {
    // The reason lands in the quarantine record and the log: never the file name, only a known extension.
    throw new DoleancesError('INTAKE_UNSUPPORTED', `Format non pris en charge : ${knownExtension(name) || '(extension absente ou inconnue)'}`);
  }
  text = text.replace(/\r\n/g, '\n').trim();
  if (text.replace(/\s/g, '').length < 3) throw new DoleancesError('INTAKE_EMPTY', 'Aucun texte lisible dans le document.');
  return {
    disposition: 'case',
    dispositionReason: null,
    channel: 'letter',
    subject: /^\s*(Objet|OBJET|Re)\s*:\s*(.+)$/m.exec(text)?.[2]?.trim() ?? null,
    text,
    textConfidence: confidence,
    sender: senderFromLetter(text),
    receivedAt: null,
    language: 'fr',
    attachments: ext === '.txt' ? [] : [{ name, contentType, content: bytes, text, ocrConfidence: confidence, pages }],
    flags: confidence !== null ? ['ocr'] : [],
    inReplyToCaseRef: null,
    sourceId: null,
    source: {},
  };
}
