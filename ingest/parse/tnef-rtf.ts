// The body Outlook keeps in PR_RTF_COMPRESSED inside winmail.dat: decompressed per [MS-OXRTFCP]
// (LZFu: a 4096-byte dictionary primed with a fixed RTF prefix, control bytes whose bits, least
// significant first, say literal byte or 12-bit offset + 4-bit length reference), then reduced to
// plain text with a small RTF reader (paragraphs, \'hh bytes in the document code page, \uN,
// ignorable destinations and font/colour/style tables skipped, \htmlrtf runs skipped).
import iconv from 'iconv-lite';

const PREBUF = Buffer.from(
  '{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman \\fswiss \\fmodern \\fscript \\fdecor MS Sans SerifSymbolArialTimes New RomanCourier{\\colortbl\\red0\\green0\\blue0\r\n\\par \\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx',
  'latin1',
);
const LZFU = 0x75465a4c;
const MELA = 0x414c454d;

/** [MS-OXRTFCP] §2.2: the RTF of a compressed RTF stream (uncompressed "MELA" streams too). */
export function decompressRtf(data: Buffer): Buffer {
  if (data.length < 16) return Buffer.alloc(0);
  const rawSize = data.readUInt32LE(4);
  const type = data.readUInt32LE(8);
  if (type === MELA) return data.subarray(16, 16 + rawSize);
  if (type !== LZFU) return Buffer.alloc(0);
  const dict = Buffer.alloc(4096);
  PREBUF.copy(dict);
  let write = PREBUF.length;
  const out: number[] = [];
  let pos = 16;
  while (pos < data.length) {
    const control = data[pos++]!;
    for (let bit = 0; bit < 8 && pos < data.length; bit++) {
      if ((control & (1 << bit)) === 0) {
        const b = data[pos++]!;
        out.push(b);
        dict[write] = b;
        write = (write + 1) % 4096;
        continue;
      }
      if (pos + 1 >= data.length) return Buffer.from(out);
      const ref = data.readUInt16BE(pos);
      pos += 2;
      let offset = ref >> 4;
      const length = (ref & 0xf) + 2;
      if (offset === write) return Buffer.from(out); // the end marker
      for (let i = 0; i < length; i++) {
        const b = dict[offset]!;
        offset = (offset + 1) % 4096;
        out.push(b);
        dict[write] = b;
        write = (write + 1) % 4096;
      }
    }
  }
  return Buffer.from(out);
}

const SKIP_DESTINATIONS = new Set(['fonttbl', 'colortbl', 'stylesheet', 'info', 'pict', 'object', 'header', 'footer', 'headerl', 'headerr', 'footerl', 'footerr', 'listtable', 'listoverridetable', 'rsidtbl', 'generator', 'xmlnstbl', 'themedata', 'datastore', 'latentstyles']);

/** Plain text of an RTF document. */
export function rtfText(rtf: Buffer): string {
  const s = rtf.toString('latin1');
  let codepage = 'windows-1252';
  const out: string[] = [];
  let bytes: number[] = [];
  const flushBytes = () => {
    if (bytes.length) out.push(iconv.decode(Buffer.from(bytes), codepage));
    bytes = [];
  };
  const emit = (t: string) => {
    flushBytes();
    out.push(t);
  };
  const stack: { skip: boolean; uc: number }[] = [];
  let skip = false;
  let uc = 1;
  let htmlrtf = false;
  let pendingSkipChars = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (ch === '{') {
      stack.push({ skip, uc });
      if (s.startsWith('{\\*', i)) skip = true;
      continue;
    }
    if (ch === '}') {
      const top = stack.pop();
      if (top) ({ skip, uc } = top);
      continue;
    }
    if (ch === '\\') {
      const m = /^\\(?:([a-zA-Z]+)(-?\d+)? ?|'([0-9a-fA-F]{2})|(.))/s.exec(s.slice(i, i + 40));
      if (!m) continue;
      i += m[0].length - 1;
      const [, word, param, hex, sym] = m;
      if (hex !== undefined) {
        if (pendingSkipChars > 0) pendingSkipChars--;
        else if (!skip && !htmlrtf) bytes.push(parseInt(hex, 16));
        continue;
      }
      if (sym !== undefined) {
        if (!skip && !htmlrtf && '\\{}'.includes(sym)) emit(sym);
        else if (!skip && !htmlrtf && sym === '~') emit('\u00a0');
        continue;
      }
      if (word === 'ansicpg' && param) codepage = iconv.encodingExists(`cp${param}`) ? `cp${param}` : codepage;
      if (word === 'htmlrtf') htmlrtf = param !== '0';
      if (word === 'uc' && param) uc = Number(param);
      if (word && SKIP_DESTINATIONS.has(word)) skip = true;
      if (skip || htmlrtf) continue;
      if (word === 'par' || word === 'line' || word === 'row') emit('\n');
      else if (word === 'tab' || word === 'cell') emit('\t');
      else if (word === 'u' && param) {
        const n = Number(param);
        emit(String.fromCharCode(n < 0 ? n + 65536 : n));
        pendingSkipChars = uc;
      }
      continue;
    }
    if (ch === '\r' || ch === '\n') continue;
    if (pendingSkipChars > 0) {
      pendingSkipChars--;
      continue;
    }
    if (!skip && !htmlrtf) bytes.push(ch.charCodeAt(0));
  }
  flushBytes();
  return out.join('').replace(/[ \t]+\n/g, '\n').replace(/\n{3,}/g, '\n\n').trim();
}

export function rtfToText(compressed: Buffer): string | null {
  const text = rtfText(decompressRtf(compressed));
  return text || null;
}
