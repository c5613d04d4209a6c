// A small TNEF reader (winmail.dat, application/ms-tnef), written from [MS-OXTNEF]: Outlook and
// Exchange wrap the body and the attachments of a "rich text" message in it, and mailparser only
// shows the container. We take out what a person wrote and attached:
//
//   TNEFStream = Signature (0x223E9F78, uint32 LE) LegacyKey (uint16) Attribute*      §2.1.3.1
//   Attribute  = Level (uint8: 1 message, 2 attachment) ID (uint32: type << 16 | id)
//                Length (uint32) Data Checksum (uint16, sum of the data bytes mod 65536)  §2.1.3.2
//
// Body: attBody (text in the OEM code page of attOemCodepage), else PR_BODY / PR_BODY_HTML /
// PR_RTF_COMPRESSED in attMsgProps (§2.1.3.3.21). Attachments: each starts with attAttachRendData;
// attAttachTitle / attAttachData (legacy), and attAttachment's MAPI properties (§2.1.3.5) for the
// long file name, the MIME tag and, for Outlook 2007+, the data itself (PR_ATTACH_DATA_BIN).
import iconv from 'iconv-lite';
import { DoleancesError } from '../../core/errors.ts';
import { rtfToText } from './tnef-rtf.ts';

export interface TnefAttachment {
  name: string | null;
  contentType: string;
  content: Buffer;
}

export interface TnefContent {
  subject: string | null;
  body: string | null;
  html: string | null;
  attachments: TnefAttachment[];
}

const SIGNATURE = 0x223e9f78;
const ATT = {
  subject: 0x8004,
  body: 0x800c,
  attachData: 0x800f,
  attachTitle: 0x8010,
  attachRendData: 0x9002,
  msgProps: 0x9003,
  attachment: 0x9005,
  oemCodepage: 0x9007,
} as const;

// MAPI property ids (MS-OXPROPS) and types (MS-OXCDATA §2.11.1)
const PR = { body: 0x1000, rtfCompressed: 0x1009, bodyHtml: 0x1013, attachDataBin: 0x3701, attachExtension: 0x3703, attachFilename: 0x3704, attachLongFilename: 0x3707, attachMimeTag: 0x370e } as const;
const PT = { short: 0x0002, long: 0x0003, float: 0x0004, double: 0x0005, currency: 0x0006, appTime: 0x0007, error: 0x000a, boolean: 0x000b, object: 0x000d, i8: 0x0014, string8: 0x001e, unicode: 0x001f, sysTime: 0x0040, clsid: 0x0048, binary: 0x0102 } as const;
const FIXED: Record<number, number> = { [PT.short]: 4, [PT.long]: 4, [PT.float]: 4, [PT.error]: 4, [PT.boolean]: 4, [PT.double]: 8, [PT.currency]: 8, [PT.appTime]: 8, [PT.i8]: 8, [PT.sysTime]: 8, [PT.clsid]: 16 };
const MULTI = 0x1000;

export function isTnef(bytes: Buffer): boolean {
  return bytes.length >= 6 && bytes.readUInt32LE(0) === SIGNATURE;
}

type PropValue = Buffer | number;

/** A msgPropertyList (§2.1.3.5): property id → first value (bytes for strings and binaries). */
export function readMapiProps(data: Buffer): Map<number, { type: number; value: PropValue }> {
  const props = new Map<number, { type: number; value: PropValue }>();
  let pos = 0;
  const need = (n: number) => {
    if (pos + n > data.length) throw new RangeError('truncated property list');
  };
  const pad4 = (n: number) => (n + 3) & ~3;
  try {
    need(4);
    const count = data.readUInt32LE(pos);
    pos += 4;
    for (let p = 0; p < count; p++) {
      need(4);
      const type = data.readUInt16LE(pos);
      const id = data.readUInt16LE(pos + 2);
      pos += 4;
      if (id >= 0x8000) {
        // Named property: GUID, kind, then an id (kind 0) or a UTF-16 name (kind 1).
        need(20);
        const kind = data.readUInt32LE(pos + 16);
        pos += 20;
        if (kind === 0) pos += 4;
        else {
          need(4);
          const len = data.readUInt32LE(pos);
          pos += 4 + pad4(len);
        }
      }
      const base = type & ~MULTI;
      const multi = (type & MULTI) !== 0;
      let values = 1;
      if (multi || FIXED[base] === undefined) {
        need(4);
        values = data.readUInt32LE(pos);
        pos += 4;
      }
      let first: PropValue | undefined;
      for (let v = 0; v < values; v++) {
        if (FIXED[base] !== undefined) {
          need(FIXED[base]);
          first ??= data.readUInt32LE(pos);
          pos += FIXED[base];
        } else {
          need(4);
          const len = data.readUInt32LE(pos);
          pos += 4;
          need(len);
          first ??= data.subarray(pos, pos + len);
          pos += pad4(len);
        }
      }
      if (first !== undefined && !props.has(id)) props.set(id, { type: base, value: first });
    }
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    // A damaged list: keep the properties read so far.
  }
  return props;
}

function zString(data: Buffer, codepage: string): string {
  const end = data.indexOf(0);
  return iconv.decode(end >= 0 ? data.subarray(0, end) : data, codepage);
}

function propText(p: { type: number; value: PropValue } | undefined, codepage: string): string | null {
  if (!p || typeof p.value === 'number') return null;
  if (p.type === PT.unicode) return p.value.toString('utf16le').replace(/\0+$/, '');
  if (p.type === PT.string8) return zString(p.value, codepage);
  if (p.type === PT.binary) return p.value.toString('utf8').replace(/\0+$/, '');
  return null;
}

const MIME_BY_EXT: Record<string, string> = { pdf: 'application/pdf', jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', tif: 'image/tiff', tiff: 'image/tiff', txt: 'text/plain', doc: 'application/msword', docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', eml: 'message/rfc822' };

/** Reads a TNEF stream; throws INTAKE_UNREADABLE when it is not one. Damaged tails are tolerated. */
export function readTnef(bytes: Buffer): TnefContent {
  if (!isTnef(bytes)) throw new DoleancesError('INTAKE_UNREADABLE', 'winmail.dat : signature TNEF absente.');
  let codepage = 'windows-1252';
  const out: TnefContent = { subject: null, body: null, html: null, attachments: [] };
  let rtf: Buffer | null = null;
  type Pending = { title: string | null; data: Buffer | null; props: ReturnType<typeof readMapiProps> | null };
  const pending: Pending[] = [];
  let pos = 6;
  while (pos + 9 <= bytes.length) {
    const level = bytes[pos]!;
    const id = bytes.readUInt32LE(pos + 1) & 0xffff;
    const len = bytes.readUInt32LE(pos + 5);
    if (pos + 9 + len > bytes.length) break; // truncated: keep what was read
    const data = bytes.subarray(pos + 9, pos + 9 + len);
    pos += 9 + len + 2;
    if (level === 1) {
      if (id === ATT.oemCodepage && len >= 4) codepage = `cp${data.readUInt32LE(0)}`.replace(/^cp(1252|0)$/, 'windows-1252');
      if (!iconv.encodingExists(codepage)) codepage = 'windows-1252';
      if (id === ATT.subject) out.subject = zString(data, codepage) || null;
      if (id === ATT.body) out.body = zString(data, codepage);
      if (id === ATT.msgProps) {
        const props = readMapiProps(data);
        out.body ??= propText(props.get(PR.body), codepage);
        out.html ??= propText(props.get(PR.bodyHtml), codepage);
        const r = props.get(PR.rtfCompressed)?.value;
        if (Buffer.isBuffer(r)) rtf = r;
      }
    } else if (level === 2) {
      if (id === ATT.attachRendData) pending.push({ title: null, data: null, props: null });
      const cur = pending[pending.length - 1];
      if (!cur) continue;
      if (id === ATT.attachTitle) cur.title = zString(data, codepage) || null;
      if (id === ATT.attachData) cur.data = data;
      if (id === ATT.attachment) cur.props = readMapiProps(data);
    }
  }
  if (!out.body && !out.html && rtf) out.body = rtfToText(rtf);
  for (const a of pending) {
    const name = propText(a.props?.get(PR.attachLongFilename), codepage) ?? a.title ?? propText(a.props?.get(PR.attachFilename), codepage);
    const bin = a.props?.get(PR.attachDataBin)?.value;
    const content = a.data ?? (Buffer.isBuffer(bin) ? bin : null);
    if (!content) continue;
    const ext = (name ?? '').toLowerCase().split('.').pop() ?? '';
    const contentType = propText(a.props?.get(PR.attachMimeTag), codepage) ?? MIME_BY_EXT[ext] ?? 'application/octet-stream';
    out.attachments.push({ name, contentType: contentType.toLowerCase(), content });
  }
  if (out.body) out.body = out.body.replace(/\r\n?/g, '\n');
  return out;
}
