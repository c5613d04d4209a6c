// What identifies a mail message that has no Message-ID (fax gateways, old clients, mail built by
// hand): what its sender wrote, never what the servers on the way added. Two copies of one message
// delivered to two mailboxes differ in their trace and delivery headers (Received, Return-Path,
// Delivered-To, X-Original-To, Authentication-Results: RFC 5321 §4.4, RFC 5322 §3.6.7) and so in
// their bytes, but not in their From, Date, Subject or MIME body. The body is compared decoded
// (RFC 2045 §6: a relay may re-encode 8bit as quoted-printable or re-wrap base64, RFC 6152), with
// line ends and trailing blanks normalised. Two messages from one person with the same subject on
// the same day still differ by their Date (to the second) or their words. Without a Date header
// only From + Subject + body are left: the caller decides how near in time two such must be.
import { sha256Hex } from '../../core/ids.ts';

export interface FingerprintInput {
  /** The From address, normalised (lower case). */
  from: string | null;
  /** The Date header as written (RFC 5322 §3.3), null when there is none. */
  date: string | null;
  subject: string | null;
  /** The decoded text and HTML bodies, as mailparser gives them. */
  text: string | null;
  html: string | null;
  /** Every other MIME part's decoded bytes (attachments, inline images, TNEF, reports), in order. */
  parts: Buffer[];
}

export interface ContentFingerprint {
  /** sha256 hex of the fields below. */
  id: string;
  /** False when the message has no Date header: then only From, Subject and body identify it. */
  dated: boolean;
}

const SEP = '\u0000';

/**
 * The Date header as an instant (ISO 8601), so that folding or a comment like « (EST) » do not
 * count; a header no parser reads is kept as written, whitespace collapsed (still the sender's).
 */
export function dateHeaderValue(date: string | null): string | null {
  const written = date?.replace(/\s+/g, ' ').trim();
  if (!written) return null;
  const t = new Date(written);
  return Number.isNaN(t.getTime()) ? written : t.toISOString();
}

function normaliseBody(s: string | null): string {
  return (s ?? '').replace(/\r\n?/g, '\n').replace(/[ \t]+$/gm, '').trimEnd();
}

export function contentFingerprint(m: FingerprintInput): ContentFingerprint {
  const date = dateHeaderValue(m.date);
  const body = sha256Hex(['text', normaliseBody(m.text), 'html', normaliseBody(m.html), ...m.parts.map((p) => sha256Hex(p))].join(SEP));
  const subject = (m.subject ?? '').replace(/\s+/g, ' ').trim();
  return { id: sha256Hex(['mail-fingerprint-v1', m.from ?? '', date ?? '', subject, body].join(SEP)), dated: date !== null };
}
