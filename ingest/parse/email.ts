// Email (RFC 5322, MIME RFC 2045-2049) through mailparser, with what it gets wrong fixed around it:
// mislabelled charsets (email-charset.ts), HTML-only mail including HTML inside multipart/related
// (ingest/text.ts), TNEF winmail.dat (tnef.ts), forwarded message/rfc822, report parts that are
// not attachments, a missing Date (the top Received header), a missing Message-ID (a content
// fingerprint, email-fingerprint.ts). Then what the message is: a bounce
// (email-report.ts), our own mail or an auto-reply (email-auto.ts), a fax (email-fax.ts), a reply
// to a case (its reference in the subject, or our `<ack.CASEID@…>` in In-Reply-To/References),
// or a new case. Precedence: bounce > own mail > fax > auto-reply > reply > case.
import { simpleParser, type Attachment, type ParsedMail } from 'mailparser';
import { DoleancesError } from '../../core/errors.ts';
import { findCaseRef, sha256Hex } from '../../core/ids.ts';
import { guessLanguage, htmlToText, isForwardSubject, normaliseEmail, stripQuotedAndSignature } from '../text.ts';
import { autoReplyReason, ownMailReason, type HeaderSource } from './email-auto.ts';
import { LenientIconv, decodeRawHeader, rawHeaders, relabelTextParts } from './email-charset.ts';
import { DEFAULT_FAX_PATTERNS, extractText, faxNumberOf, faxText, looksLikeFax, type FaxPatterns } from './email-fax.ts';
import { contentFingerprint, type ContentFingerprint } from './email-fingerprint.ts';
import { ACK_ID, REPORT_PART_TYPES, bounceReason, readReport, type DeliveryReport } from './email-report.ts';
import { isTnef, readTnef } from './tnef.ts';
import { emptySender, type ParsedAttachment, type ParsedMessage } from './types.ts';

export interface EmailParseOptions extends FaxPatterns {
  /** Our own outgoing addresses: mail from them looping back is never a case. */
  ownAddresses: string[];
}

export const DEFAULT_EMAIL_OPTIONS: EmailParseOptions = { ...DEFAULT_FAX_PATTERNS, ownAddresses: [] };

/** Everything the parser learnt, beyond the ParsedMessage every connector shares. */
export interface EmailParse {
  message: ParsedMessage;
  /** For bounces and read receipts: what the report says (see email-report.ts). */
  report: DeliveryReport | null;
  /** The case the message is about: a reply's case, or the case of the acknowledgement it answers. */
  caseRef: string | null;
  messageId: string | null;
  /** For mail without Message-ID: what identifies it instead (email-fingerprint.ts); null otherwise. */
  fingerprint: ContentFingerprint | null;
  /** Images shown in the HTML through cid: links (not counted as attachments). */
  inlineImages: number;
}

const MAX_NESTING = 3;
const PARSER_OPTIONS = {
  Iconv: LenientIconv,
  keepCidLinks: true,
  keepDeliveryStatus: true,
  skipHtmlToText: true,
  skipImageLinks: true,
  skipTextToHtml: true,
  skipTextLinks: true,
} as unknown as Parameters<typeof simpleParser>[1];

/** What the product calls unreadable (mailparser accepts almost anything): RFC 5322 §2.1-2.2. */
function assertLooksLikeMail(bytes: Buffer, headers: Map<string, Buffer[]>): void {
  if (bytes.length === 0) throw new DoleancesError('INTAKE_EMPTY', 'Fichier vide.');
  const head = bytes.subarray(0, Math.min(bytes.length, 4096)).toString('latin1').replace(/^From [^\n]*\n/, '');
  if (!/^[\x21-\x39\x3b-\x7e]+:/.test(head)) throw new DoleancesError('INTAKE_UNREADABLE', 'Le fichier ne commence pas par un en-tête de courriel.');
  if (/[\x00-\x08\x0e-\x1f]/.test(head.split(/\r?\n\r?\n/)[0]!)) throw new DoleancesError('INTAKE_UNREADABLE', 'En-têtes binaires : pas un courriel.');
  if (!['from', 'sender', 'date', 'subject', 'message-id', 'to'].some((h) => headers.has(h))) {
    throw new DoleancesError('INTAKE_UNREADABLE', 'Aucun des en-têtes From, Date, Subject, Message-ID, To : courriel tronqué ou autre fichier.');
  }
}

async function mailparse(bytes: Buffer): Promise<ParsedMail> {
  try {
    return await simpleParser(bytes, PARSER_OPTIONS);
  } catch (cause) {
    throw new DoleancesError('INTAKE_UNREADABLE', 'Courriel illisible.', { cause });
  }
}

const hasReplacement = (s: unknown) => typeof s === 'string' && s.includes('\ufffd');

function headerSource(raw: Map<string, Buffer[]>): HeaderSource {
  return { get: (name) => (raw.get(name.toLowerCase()) ?? []).map(decodeRawHeader).join(' ') };
}

/**
 * Date header, else the time our MTA stamped in the top Received header (RFC 5321 §4.4). The
 * header is read here, not through mailparser, which gives the parsing time for a Date it can't read.
 */
function receivedAtOf(dateHeader: string | null, raw: Map<string, Buffer[]>): string | null {
  const date = dateHeader ? new Date(dateHeader) : null;
  if (date && !Number.isNaN(date.getTime())) return date.toISOString();
  const top = raw.get('received')?.[0]?.toString('latin1');
  const when = top ? new Date(top.slice(top.lastIndexOf(';') + 1).trim()) : null;
  return when && !Number.isNaN(when.getTime()) ? when.toISOString() : null;
}

interface Collected {
  attachments: { name: string | null; contentType: string; content: Buffer }[];
  reportParts: { contentType: string; content: Buffer }[];
  forwarded: Buffer[];
  tnefBody: string | null;
  inlineImages: number;
}

/** Sorts mailparser's attachments into real ones, report parts, cid: images, TNEF contents. */
function collect(mail: ParsedMail, isReport: boolean): Collected {
  const html = typeof mail.html === 'string' ? mail.html : '';
  const out: Collected = { attachments: [], reportParts: [], forwarded: [], tnefBody: null, inlineImages: 0 };
  for (const a of mail.attachments as Attachment[]) {
    const ct = a.contentType.toLowerCase();
    if (REPORT_PART_TYPES.has(ct) || (isReport && (ct === 'message/rfc822' || ct.startsWith('text/')))) {
      out.reportParts.push({ contentType: ct, content: a.content });
      continue;
    }
    if (a.cid && html.includes(`cid:${a.cid}`)) {
      out.inlineImages++;
      continue;
    }
    if ((ct === 'application/ms-tnef' || ct === 'application/vnd.ms-tnef' || /^winmail\.dat$/i.test(a.filename ?? '')) && isTnef(a.content)) {
      const t = readTnef(a.content);
      out.tnefBody = t.body ?? (t.html ? htmlToText(t.html) : null);
      out.attachments.push(...t.attachments);
      continue;
    }
    if (ct === 'message/rfc822') out.forwarded.push(a.content);
    out.attachments.push({ name: a.filename ?? null, contentType: ct, content: a.content });
  }
  return out;
}

export async function parseEmail(bytes: Buffer, opts: EmailParseOptions = DEFAULT_EMAIL_OPTIONS): Promise<ParsedMessage> {
  return (await parseEmailDetailed(bytes, opts)).message;
}

export async function parseEmailDetailed(bytes: Buffer, opts: EmailParseOptions = DEFAULT_EMAIL_OPTIONS, depth = 0): Promise<EmailParse> {
  const raw = rawHeaders(bytes);
  assertLooksLikeMail(bytes, raw);
  let mail = await mailparse(bytes);
  // Second pass for text that came out with U+FFFD: Latin-1 bytes under a UTF-8/ASCII label, or
  // no charset at all (an HTML <meta> names it). The original bytes stay archived as they were.
  if (hasReplacement(mail.text) || hasReplacement(mail.html)) {
    const relabelled = relabelTextParts(bytes);
    if (relabelled !== bytes) mail = await mailparse(relabelled);
  }
  const h = headerSource(raw);
  const own = opts.ownAddresses.map((a) => a.toLowerCase());

  const rawSubject = raw.get('subject')?.[0];
  const subject = ((hasReplacement(mail.subject) && rawSubject ? decodeRawHeader(rawSubject) : mail.subject) ?? '').trim();
  const from = mail.from?.value[0];
  const rawFromName = from?.name && hasReplacement(from.name) ? decodeRawHeader(raw.get('from')?.[0] ?? Buffer.alloc(0)).replace(/\s*<[^>]*>\s*$/, '').replace(/^"|"$/g, '') : from?.name;
  const fromAddress = normaliseEmail(from?.address);
  const returnPath = normaliseEmail(h.get('return-path'));
  const replyTo = normaliseEmail(mail.replyTo?.value[0]?.address);

  const bounce = bounceReason(h, subject, fromAddress);
  const found = collect(mail, bounce !== null);
  const plain = (mail.text ?? '').trim();
  const html = typeof mail.html === 'string' ? mail.html : '';
  // Outlook and Gmail leave placeholders of inline images in the plain text: not the citizen's words.
  let fullText = (plain || (html ? htmlToText(html) : '') || found.tnefBody?.trim() || '').replace(/\[(?:cid|image):[^\]\n]*\]/gi, '');

  // Forwarded messages: their text joins the classification text (what the citizen complains about).
  if (depth < MAX_NESTING && !bounce) {
    for (const fwd of found.forwarded) {
      const inner = await parseEmailDetailed(fwd, opts, depth + 1).catch(() => null);
      if (inner) fullText += `\n\n« ${inner.message.subject ?? ''} »\n${inner.message.text}`;
    }
  }

  const attachmentsMeta = found.attachments.map((a) => ({ contentType: a.contentType, name: a.name }));
  const isFax = !bounce && looksLikeFax({ address: fromAddress ?? '', name: rawFromName ?? '' }, subject, attachmentsMeta, opts);
  const attachments: (ParsedAttachment & { pageConfidences: number[] })[] = [];
  for (const a of found.attachments) {
    const ex = bounce ? { text: null, ocrConfidence: null, pages: null, pageConfidences: [] } : await extractText(a, isFax);
    attachments.push({ name: a.name, contentType: a.contentType, content: a.content, ...ex });
  }

  const sender = emptySender();
  sender.name = rawFromName?.trim() || null;
  sender.email = replyTo ?? fromAddress ?? (returnPath && !/^(?:mailer-daemon|postmaster)@/.test(returnPath) ? returnPath : null);

  const ownReason = bounce ? null : ownMailReason(h, fromAddress, { ownAddresses: own });
  const autoReason = bounce || ownReason || isFax ? null : autoReplyReason(h, subject, fullText);
  const refs = `${h.get('in-reply-to')} ${h.get('references')}`;
  const caseRef = findCaseRef(subject) ?? findCaseRef(ACK_ID.exec(refs)?.[1] ?? '');

  const flags: string[] = [];
  const forward = isForwardSubject(subject) || found.forwarded.length > 0;
  let text = stripQuotedAndSignature(fullText, { forward });
  let textConfidence: number | null = null;
  if (isFax) {
    const fax = faxText(attachments);
    text = fax.text || text;
    textConfidence = fax.confidence;
    sender.fax = faxNumberOf(subject, fullText, found.attachments.map((a) => a.name));
    sender.name = null;
    sender.email = null;
    flags.push('fax');
    if (fax.confidence !== null) flags.push('ocr');
  }
  if (!text && !caseRef) text = fullText.trim(); // a new message that is all quotes: keep it all
  if (!text.trim() && attachments.some((a) => a.text)) text = attachments.map((a) => a.text ?? '').join('\n\n').trim();
  if (html && !plain) flags.push('html-only');
  if (found.tnefBody !== null || mail.attachments.some((a) => isTnef(a.content))) flags.push('tnef');
  if (forward) flags.push('forwarded');

  const disposition: ParsedMessage['disposition'] = bounce ? 'bounce' : ownReason || autoReason ? 'autoreply' : !isFax && caseRef ? 'reply' : 'case';
  const report = bounce ? readReport(h, found.reportParts, fullText, own) : null;
  const messageId = mail.messageId?.trim() || null;
  const rawDate = raw.get('date')?.[0];
  const dateHeader = rawDate ? decodeRawHeader(rawDate) : null;
  // Without a Message-ID, the sender's own fields and the decoded body stand for it (not the bytes,
  // which differ between two mailboxes' copies of one message).
  const fingerprint = messageId
    ? null
    : contentFingerprint({ from: fromAddress, date: dateHeader, subject, text: mail.text ?? null, html: html || null, parts: mail.attachments.map((a) => a.content) });
  return {
    message: {
      disposition,
      dispositionReason: bounce ?? ownReason ?? autoReason ?? (disposition === 'reply' ? `réponse au dossier ${caseRef}` : null),
      channel: isFax ? 'fax' : 'email',
      subject: subject || null,
      text: text.trim() || '(message sans texte)',
      textConfidence,
      sender,
      receivedAt: receivedAtOf(dateHeader, raw),
      language: guessLanguage(text),
      attachments: attachments.map(({ pageConfidences: _p, ...a }) => a),
      flags,
      inReplyToCaseRef: disposition === 'reply' ? caseRef : null,
      sourceId: messageId ? `msgid:${messageId}` : fingerprint ? `mailfp:${fingerprint.id}` : null,
      // A Message-ID can carry the sender's domain or name: only its hash leaves the parser.
      source: { messageIdHash: messageId ? sha256Hex(messageId).slice(0, 32) : null },
    },
    report,
    caseRef: report?.caseRef ?? caseRef,
    messageId,
    fingerprint,
    inlineImages: found.inlineImages,
  };
}
