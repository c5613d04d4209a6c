// Email (RFC 5322) through mailparser: decoded subject and text, attachments with their text
// (PDF text layer or OCR), and the dispositions that are not cases: auto-replies (RFC 3834
// Auto-Submitted and the headers mail systems really use), bounces (RFC 3464 multipart/report,
// mailer-daemon), replies to an existing case (its reference in the subject, or our Message-ID in
// In-Reply-To / References), and fax-to-email notifications (the fax is in the attachment).
import { simpleParser, type ParsedMail } from 'mailparser';
import { DoleancesError } from '../../core/errors.ts';
import { findCaseRef, sha256Hex } from '../../core/ids.ts';
import { ocrImage, pdfText } from '../ocr/tesseract.ts';
import { htmlToText, normaliseEmail, stripQuotedAndSignature, toE164 } from '../text.ts';
import { emptySender, type ParsedAttachment, type ParsedMessage } from './types.ts';

export interface EmailParseOptions {
  /** Fax services send from these addresses or with these subjects (case-insensitive regexes). */
  faxSenders: RegExp[];
  faxSubjects: RegExp[];
  /** Our own outgoing addresses: mail from them looping back is never a case. */
  ownAddresses: string[];
}

export const DEFAULT_EMAIL_OPTIONS: EmailParseOptions = {
  faxSenders: [/efax/i, /ringcentral/i, /srfax/i, /fax[-.]?(mail|service|noreply)/i, /telecopie|télécopie/i],
  faxSubjects: [/\bfax\b.*(from|de|reçu|received)/i, /^(new )?fax message/i, /t[ée]l[ée]copie re[çc]ue/i, /efax message from/i],
  ownAddresses: [],
};

const AUTO_SUBJECT = /^\s*(r[ée]ponse automatique|automatic reply|auto(matic)?[- ]?reply|absent(e)? du bureau|out of (the )?office|autoreply|auto:|absence\b|je suis absent|vacances?\s*:)/i;
const OOO_BODY = /\b(je suis (actuellement )?absente?|de retour le|out of (the )?office until|i am (currently )?out of the office|en vacances jusqu)/i;

function header(mail: ParsedMail, name: string): string {
  const v = mail.headers.get(name);
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'object' && 'value' in (v as object)) return String((v as { value: unknown }).value);
  return String(v);
}

export function autoReplyReason(mail: ParsedMail, text: string): string | null {
  const autoSubmitted = header(mail, 'auto-submitted').toLowerCase();
  if (autoSubmitted && autoSubmitted !== 'no') return `Auto-Submitted: ${autoSubmitted} (RFC 3834)`;
  if (header(mail, 'x-autoreply') || header(mail, 'x-autorespond') || header(mail, 'x-autoresponder')) return 'X-Autoreply';
  const precedence = header(mail, 'precedence').toLowerCase();
  if (['bulk', 'junk', 'auto_reply', 'list'].includes(precedence)) return `Precedence: ${precedence}`;
  if (header(mail, 'x-doleances')) return 'notre propre envoi (X-Doleances)';
  const subject = mail.subject ?? '';
  if (AUTO_SUBJECT.test(subject)) return `objet de réponse automatique : ${subject.slice(0, 40)}`;
  if (header(mail, 'x-auto-response-suppress') && OOO_BODY.test(text)) return 'X-Auto-Response-Suppress et texte d’absence';
  if (text.length < 600 && OOO_BODY.test(text) && /absen|vacanc|out of/i.test(text)) return 'texte d’absence du bureau';
  return null;
}

export function bounceReason(mail: ParsedMail): string | null {
  const ct = header(mail, 'content-type').toLowerCase();
  if (ct.includes('multipart/report') && /report-type="?(delivery-status|disposition-notification)/.test(ct)) return 'multipart/report (RFC 3464)';
  const from = (mail.from?.value[0]?.address ?? '').toLowerCase();
  if (/^(mailer-daemon|postmaster)@/.test(from)) return `expéditeur ${from.split('@')[0]}`;
  if (/^(undeliver|delivery status notification|non remis|mail delivery failed|returned mail|échec de la remise)/i.test(mail.subject ?? '')) {
    return 'objet de non-remise';
  }
  return null;
}

async function extract(att: { filename?: string; contentType: string; content: Buffer }, ocrImages: boolean): Promise<Pick<ParsedAttachment, 'text' | 'ocrConfidence' | 'pages'>> {
  const ct = att.contentType.toLowerCase();
  const name = (att.filename ?? '').toLowerCase();
  try {
    if (ct === 'application/pdf' || name.endsWith('.pdf')) {
      const r = await pdfText(att.content);
      return { text: r.text, ocrConfidence: r.method === 'ocr' ? r.confidence : null, pages: r.pages.length };
    }
    if (ct === 'image/tiff' || /\.tiff?$/.test(name) || (ocrImages && /^image\/(png|jpe?g)$/.test(ct))) {
      const r = await ocrImage(att.content, /\.tiff?$/.test(name) || ct === 'image/tiff' ? '.tif' : ct === 'image/png' ? '.png' : '.jpg');
      return { text: r.text, ocrConfidence: r.confidence, pages: r.pages.length };
    }
    if (ct === 'text/plain') return { text: att.content.toString('utf8'), ocrConfidence: null, pages: null };
  } catch (err) {
    if (err instanceof DoleancesError && (err.code === 'OCR_FAILED' || err.code === 'INTAKE_UNREADABLE')) {
      return { text: null, ocrConfidence: null, pages: null };
    }
    throw err;
  }
  return { text: null, ocrConfidence: null, pages: null };
}

export async function parseEmail(bytes: Buffer, opts: EmailParseOptions = DEFAULT_EMAIL_OPTIONS): Promise<ParsedMessage> {
  if (bytes.length === 0 || !/^[\x21-\x39\x3b-\x7e]+:/m.test(bytes.subarray(0, 4096).toString('latin1'))) {
    throw new DoleancesError('INTAKE_UNREADABLE', 'Aucun en-tête de courriel reconnaissable.');
  }
  let mail: ParsedMail;
  try {
    mail = await simpleParser(bytes, { skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true });
  } catch (cause) {
    throw new DoleancesError('INTAKE_UNREADABLE', 'Courriel illisible.', { cause });
  }
  const fullText = (mail.text && mail.text.trim()) || (typeof mail.html === 'string' ? htmlToText(mail.html) : '');
  const from = mail.from?.value[0];
  const fromAddress = normaliseEmail(from?.address);
  const replyTo = normaliseEmail(mail.replyTo?.value[0]?.address);
  const subject = mail.subject?.trim() || null;

  const isFax =
    opts.faxSenders.some((re) => re.test(from?.address ?? '') || re.test(from?.name ?? '')) || opts.faxSubjects.some((re) => re.test(subject ?? ''));
  const realAttachments = mail.attachments.filter((a) => !(a.related && a.contentType.startsWith('image/')) && a.contentDisposition !== 'inline' || a.contentType === 'application/pdf');
  const attachments: ParsedAttachment[] = [];
  for (const a of realAttachments) {
    attachments.push({ name: a.filename ?? null, contentType: a.contentType, content: a.content, ...(await extract(a, isFax)) });
  }

  const sender = emptySender();
  sender.name = from?.name?.trim() || null;
  sender.email = replyTo ?? fromAddress;

  const own = fromAddress && opts.ownAddresses.map((a) => a.toLowerCase()).includes(fromAddress);
  const bounce = bounceReason(mail);
  const auto = own ? 'notre propre adresse d’envoi' : bounce ? null : autoReplyReason(mail, fullText);
  const refs = [mail.inReplyTo ?? '', ...(Array.isArray(mail.references) ? mail.references : [mail.references ?? ''])].join(' ');
  const replyRef = findCaseRef(subject ?? '') ?? /<ack\.([^@>]+)@/.exec(refs)?.[1] ?? null;

  let text = stripQuotedAndSignature(fullText);
  let textConfidence: number | null = null;
  const flags: string[] = [];
  if (isFax) {
    const scanned = attachments.filter((a) => a.text);
    text = scanned.map((a) => a.text).join('\n\n').trim() || text;
    const confs = scanned.map((a) => a.ocrConfidence).filter((c): c is number => c !== null);
    textConfidence = confs.length ? Math.min(...confs) : null;
    sender.fax = toE164(/(\+?1?[\s.-]?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4})/.exec(`${subject ?? ''} ${fullText}`)?.[1]);
    sender.name = null;
    sender.email = null;
    flags.push('fax', 'ocr');
  }
  if (!text.trim() && attachments.some((a) => a.text)) text = attachments.map((a) => a.text ?? '').join('\n\n').trim();
  if (mail.html && !mail.text) flags.push('html-only');

  return {
    disposition: bounce ? 'bounce' : auto ? 'autoreply' : replyRef ? 'reply' : 'case',
    dispositionReason: bounce ?? auto ?? (replyRef ? `réponse au dossier ${replyRef}` : null),
    channel: isFax ? 'fax' : 'email',
    subject,
    text: text || '(message sans texte)',
    textConfidence,
    sender,
    receivedAt: mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date.toISOString() : null,
    language: null,
    attachments,
    flags,
    inReplyToCaseRef: replyRef,
    sourceId: mail.messageId ? `msgid:${mail.messageId}` : null,
    // A Message-ID can carry the sender's domain or name: only its hash leaves the parser.
    source: { messageIdHash: mail.messageId ? sha256Hex(mail.messageId).slice(0, 32) : null },
  };
}
