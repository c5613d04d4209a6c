// Character sets as mail clients really send them. Labels lie (Latin-1 bytes under `us-ascii` or
// `utf-8`, `x-unknown`, `latin1` for windows-1252, a charset only in an HTML <meta>), so decoding
// is lenient: valid UTF-8 sequences are read as UTF-8 and any other byte as windows-1252, which is
// what the WHATWG Encoding Standard maps the ISO-8859-1 and US-ASCII labels to. iconv-lite does the
// legacy charsets (Node's TextDecoder turns 0x80-0x9F into C1 controls). Also: RFC 2047
// encoded-words for raw header values, and the hook mailparser calls for body text (its `Iconv`).
import { isUtf8 } from 'node:buffer';
import { Transform, type TransformCallback } from 'node:stream';
import iconv from 'iconv-lite';

/** The charset label we give mislabelled text parts on the second parsing pass. */
export const LENIENT_LABEL = 'x-doleances-lenient';

const CP1252 = iconv.decode(Buffer.from(Array.from({ length: 128 }, (_, i) => 128 + i)), 'windows-1252');
const WINDOWS_1252_LABELS = new Set(['iso88591', 'latin1', 'l1', 'cp819', 'ibm819', 'isoir100', 'csisolatin1', 'windows1252', 'cp1252', 'xcp1252', 'usascii', 'ascii', 'ansix341968', 'iso646us']);
const UTF8_LABELS = new Set(['utf8', 'unicode11utf8', 'unicode20utf8', 'xunicode20utf8']);
const UNKNOWN_LABELS = new Set(['', 'xunknown', 'unknown', 'unknown8bit', 'xuserdefined', 'default', LENIENT_LABEL.replace(/[^a-z0-9]/g, '')]);

const squash = (label: string | null | undefined) => (label ?? '').toLowerCase().replace(/[^a-z0-9]/g, '');

/** Length of the valid UTF-8 sequence starting at i (2-4), or 0 if the bytes there are not one. */
function utf8SequenceAt(b: Buffer, i: number): number {
  const c = b[i]!;
  const cont = (k: number) => k < b.length && (b[k]! & 0xc0) === 0x80;
  if (c >= 0xc2 && c <= 0xdf) return cont(i + 1) ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) {
    const c1 = b[i + 1] ?? 0;
    if ((c === 0xe0 && c1 < 0xa0) || (c === 0xed && c1 > 0x9f)) return 0; // overlong, surrogates
    return cont(i + 1) && cont(i + 2) ? 3 : 0;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    const c1 = b[i + 1] ?? 0;
    if ((c === 0xf0 && c1 < 0x90) || (c === 0xf4 && c1 > 0x8f)) return 0;
    return cont(i + 1) && cont(i + 2) && cont(i + 3) ? 4 : 0;
  }
  return 0;
}

/** UTF-8 where the bytes are valid UTF-8, windows-1252 for every byte that is not. */
export function decodeLenient(bytes: Buffer): string {
  if (isUtf8(bytes)) return bytes.toString('utf8');
  let out = '';
  let runStart = 0;
  let i = 0;
  while (i < bytes.length) {
    const c = bytes[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    const n = utf8SequenceAt(bytes, i);
    if (n) {
      i += n;
      continue;
    }
    out += bytes.toString('utf8', runStart, i) + CP1252[c - 128];
    i++;
    runStart = i;
  }
  return out + bytes.toString('utf8', runStart);
}

/** Bytes in the charset a label names, corrected for the labels clients get wrong. */
export function decodeCharset(bytes: Buffer, label: string | null | undefined): string {
  const l = squash(label);
  if (UTF8_LABELS.has(l) || UNKNOWN_LABELS.has(l) || !iconv.encodingExists(l)) return decodeLenient(bytes);
  if (WINDOWS_1252_LABELS.has(l) || l === 'iso885915' || l === 'latin9') {
    // UTF-8 sent under a Latin label (webmails that copy the label of the message answered).
    if (isUtf8(bytes) && /[\xc2-\xf4][\x80-\xbf]/.test(bytes.toString('latin1'))) return bytes.toString('utf8');
    if (l === 'iso885915' || l === 'latin9') return iconv.decode(bytes, 'iso-8859-15');
    return decodeLenient(bytes);
  }
  return iconv.decode(bytes, l);
}

/**
 * mailparser's `Iconv` option: it constructs `new Iconv(from, 'UTF-8//TRANSLIT//IGNORE')` for a
 * body part in any charset but UTF-8/ASCII and streams the part through it. The whole part is
 * needed to tell UTF-8 from a legacy charset, so it is buffered (text parts only, never attachments).
 */
export class LenientIconv extends Transform {
  private chunks: Buffer[] = [];
  constructor(private readonly charset: string, _to?: string) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
    done();
  }
  override _flush(done: TransformCallback): void {
    done(null, Buffer.from(decodeCharset(Buffer.concat(this.chunks), this.charset), 'utf8'));
  }
}

/**
 * Second pass for messages whose text came out with U+FFFD: every text/* Content-Type that claims
 * UTF-8 or US-ASCII, or names no charset (the HTML <meta> case), is relabelled so that mailparser
 * hands it to LenientIconv instead of decoding it as UTF-8. Works on the bytes (latin1 view, so
 * nothing else changes); the archived original is untouched.
 */
export function relabelTextParts(raw: Buffer): Buffer {
  const s = raw.toString('latin1');
  const out = s.replace(/^Content-Type:[ \t]*text\/[^\r\n]*(?:\r?\n[ \t][^\r\n]*)*/gim, (field) => {
    if (/charset\s*=/i.test(field)) {
      return field.replace(/(charset\s*=\s*)("?)(utf-?8|us-ascii|ascii)\2/i, `$1${LENIENT_LABEL}`);
    }
    return `${field}; charset=${LENIENT_LABEL}`;
  });
  return out === s ? raw : Buffer.from(out, 'latin1');
}

/**
 * RFC 2047 encoded-words in a header value already decoded to text. Adjacent encoded-words are
 * joined (the whitespace between them is not part of the text, RFC 2047 §6.2) and their bytes are
 * decoded together, so a UTF-8 character split across two words survives.
 */
export function decodeEncodedWords(value: string): string {
  const re = /=\?([^?*\s]+)(?:\*[^?\s]*)?\?([bBqQ])\?([^?\s]*)\?=/g;
  let out = '';
  let last = 0;
  let pending: { charset: string; bytes: Buffer[] } | null = null;
  const flush = () => {
    if (pending) out += decodeCharset(Buffer.concat(pending.bytes), pending.charset);
    pending = null;
  };
  for (let m = re.exec(value); m; m = re.exec(value)) {
    const between = value.slice(last, m.index);
    if (!pending || between.trim() !== '') {
      flush();
      out += between;
    }
    const [, charset, enc, data] = m as unknown as [string, string, string, string];
    const bytes = enc.toUpperCase() === 'B' ? Buffer.from(data, 'base64') : qDecode(data);
    if (pending && (pending as { charset: string }).charset.toLowerCase() !== charset.toLowerCase()) flush();
    pending ??= { charset, bytes: [] };
    pending.bytes.push(bytes);
    last = m.index + m[0].length;
  }
  flush();
  return out + value.slice(last);
}

function qDecode(s: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (ch === '_') bytes.push(0x20);
    else if (ch === '=' && /^[0-9a-f]{2}$/i.test(s.slice(i + 1, i + 3))) {
      bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(ch.charCodeAt(0) & 0xff);
  }
  return Buffer.from(bytes);
}

/** The top-level header block: names (lower case) to raw unfolded values, as bytes. */
export function rawHeaders(raw: Buffer): Map<string, Buffer[]> {
  const crlf = raw.indexOf('\r\n\r\n');
  const lf = raw.indexOf('\n\n');
  const ends = [crlf, lf].filter((n) => n >= 0);
  const end = ends.length ? Math.min(...ends) : Math.min(raw.length, 256 * 1024);
  const text = raw.subarray(0, end).toString('latin1').replace(/\r?\n(?=[ \t])/g, '');
  const map = new Map<string, Buffer[]>();
  for (const line of text.split(/\r?\n/)) {
    const m = /^([\x21-\x39\x3b-\x7e]+):[ \t]*(.*)$/.exec(line);
    if (!m) continue;
    const name = m[1]!.toLowerCase();
    map.set(name, [...(map.get(name) ?? []), Buffer.from(m[2]!, 'latin1')]);
  }
  return map;
}

/** A raw header value (8-bit bytes of any charset, encoded-words) as text. */
export function decodeRawHeader(bytes: Buffer): string {
  return decodeEncodedWords(decodeLenient(bytes)).replace(/\s+/g, ' ').trim();
}
