// The content fingerprint of mail without Message-ID, through the real parser: two copies of one
// message that only the servers made different are the same message; a different word, second,
// sender, subject or attachment is another one; a message without Date is known by the rest.
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../core/ids.ts';
import { idempotencyKey } from '../intake.ts';
import { contentFingerprint, dateHeaderValue } from './email-fingerprint.ts';
import { parseEmailDetailed } from './email.ts';

const BODY = "Bonjour,\n\nLe chauffage ne fonctionne plus au 3e étage depuis lundi. Il fait 14 °C dans le logement.\n\nMerci,\nLouise Gagnon\n";
const PDF = Buffer.from('%PDF-1.4\n' + 'photo du thermostat '.repeat(40) + '\n%%EOF\n');

interface Opts {
  date?: string | null;
  from?: string;
  subject?: string;
  body?: string;
  cte?: '8bit' | 'quoted-printable' | 'base64';
  /** Headers a server puts on top of the copy it delivers. */
  trace?: string[];
  attachment?: { bytes: Buffer; lineLength: number } | null;
  messageId?: string;
  eol?: '\r\n' | '\n';
}

function encode(text: string, cte: NonNullable<Opts['cte']>): string {
  if (cte === 'base64') return Buffer.from(text).toString('base64').replace(/.{60}/g, '$&\n');
  if (cte === 'quoted-printable') {
    return [...Buffer.from(text)].map((b) => (b === 10 ? '\n' : b > 126 || b === 61 ? `=${b.toString(16).toUpperCase().padStart(2, '0')}` : String.fromCharCode(b))).join('');
  }
  return text;
}

/** A citizen's message as a server delivers it, with that server's trace headers on top. */
function mail(o: Opts = {}): Buffer {
  const eol = o.eol ?? '\r\n';
  const cte = o.cte ?? '8bit';
  const head = [
    ...(o.trace ?? []),
    `From: Louise Gagnon <${o.from ?? 'Louise.Gagnon@exemple.test'}>`,
    'To: plaintes@ville.test, info@ville.test',
    `Subject: ${o.subject ?? 'Chauffage en panne'}`,
    ...(o.date === null ? [] : [`Date: ${o.date ?? 'Tue, 17 Nov 2026 08:41:07 -0500'}`]),
    ...(o.messageId ? [`Message-ID: ${o.messageId}`] : []),
    'MIME-Version: 1.0',
  ];
  const text = encode(o.body ?? BODY, cte);
  const att = o.attachment === undefined ? { bytes: PDF, lineLength: 76 } : o.attachment;
  const lines = att
    ? [
        ...head,
        'Content-Type: multipart/mixed; boundary="b1"',
        '',
        '--b1',
        'Content-Type: text/plain; charset=utf-8',
        `Content-Transfer-Encoding: ${cte}`,
        '',
        text,
        '--b1',
        'Content-Type: application/pdf; name="thermostat.pdf"',
        'Content-Disposition: attachment; filename="thermostat.pdf"',
        'Content-Transfer-Encoding: base64',
        '',
        att.bytes.toString('base64').replace(new RegExp(`.{${att.lineLength}}`, 'g'), '$&\n'),
        '--b1--',
        '',
      ]
    : [...head, 'Content-Type: text/plain; charset=utf-8', `Content-Transfer-Encoding: ${cte}`, '', text];
  return Buffer.from(lines.join('\n').replace(/\r?\n/g, eol));
}

const toPlaintes = [
  'Return-Path: <louise.gagnon@exemple.test>',
  'Delivered-To: plaintes@ville.test',
  'Received: from mx1.ville.test (mx1.ville.test [192.0.2.10]) by imap.ville.test with LMTP id 7Hk2; Tue, 17 Nov 2026 08:41:09 -0500',
  'Received: from mail.exemple.test (mail.exemple.test [198.51.100.7]) by mx1.ville.test (Postfix) with ESMTPS id 4Zx1; Tue, 17 Nov 2026 08:41:08 -0500',
  'Authentication-Results: mx1.ville.test; spf=pass smtp.mailfrom=exemple.test',
];
const toInfo = [
  'Return-Path: <louise.gagnon@exemple.test>',
  'X-Original-To: info@ville.test',
  'Delivered-To: info@ville.test',
  'Received: from mx2.ville.test (mx2.ville.test [192.0.2.11]) by imap2.ville.test with LMTP id 9Qp0; Tue, 17 Nov 2026 08:43:30 -0500',
  'X-Spam-Status: No, score=-0.1',
];

async function fp(bytes: Buffer) {
  const r = await parseEmailDetailed(bytes);
  return { ...r.fingerprint!, key: idempotencyKey(r.message, { sha256: sha256Hex(bytes), size: bytes.length, ref: '' }), receivedAt: r.message.receivedAt };
}

describe('content fingerprint of mail without Message-ID', () => {
  it('is the same for two copies that only the servers made different', async () => {
    const a = mail({ trace: toPlaintes });
    // The other copy: other trace headers, the text re-encoded quoted-printable by a relay (RFC 6152
    // downgrade), the attachment's base64 re-wrapped, stored with bare LF.
    const b = mail({ trace: toInfo, cte: 'quoted-printable', attachment: { bytes: PDF, lineLength: 64 }, eol: '\n' });
    expect(sha256Hex(a)).not.toBe(sha256Hex(b));
    const [fa, fb] = [await fp(a), await fp(b)];
    expect(fa.dated).toBe(true);
    expect(fb.id).toBe(fa.id);
    expect(fb.key).toBe(fa.key);
    expect(fa.key).toMatch(/^email-fp:[0-9a-f]{40}$/);
    expect(await fp(mail({ trace: toInfo, cte: 'base64' }))).toMatchObject({ id: fa.id });
    // The From address is compared in lower case, the Date as an instant.
    expect(await fp(mail({ from: 'louise.gagnon@EXEMPLE.test', date: 'Tue, 17 Nov 2026 13:41:07 +0000 (UTC)' }))).toMatchObject({ id: fa.id });
  });

  it('tells apart messages that differ by a word, a second, the sender, the subject or an attachment', async () => {
    const base = (await fp(mail())).id;
    const others = [
      mail({ body: BODY.replace('14 °C', '13 °C') }),
      mail({ date: 'Tue, 17 Nov 2026 08:41:08 -0500' }),
      mail({ from: 'jean.gagnon@exemple.test' }),
      mail({ subject: 'Chauffage en panne (suite)' }),
      mail({ attachment: { bytes: Buffer.concat([PDF, Buffer.from(' ')]), lineLength: 76 } }),
      mail({ attachment: null }),
    ];
    const ids = await Promise.all(others.map(async (m) => (await fp(m)).id));
    expect(new Set([base, ...ids]).size).toBe(others.length + 1);
  });

  it('without a Date header: known by From, Subject and body only', async () => {
    const a = await fp(mail({ date: null, trace: toPlaintes }));
    const b = await fp(mail({ date: null, trace: toInfo }));
    expect(a.dated).toBe(false);
    expect(b.id).toBe(a.id);
    expect(a.id).not.toBe((await fp(mail({ trace: toPlaintes }))).id);
    expect((await fp(mail({ date: null, body: `${BODY}P.-S. Le concierge est au courant.\n` }))).id).not.toBe(a.id);
    // The arrival time is each copy's own (top Received header), not part of the fingerprint.
    expect([a.receivedAt, b.receivedAt]).toEqual(['2026-11-17T13:41:09.000Z', '2026-11-17T13:43:30.000Z']);
  });

  it('reads a Date no parser understands as written, not as the time of parsing', async () => {
    const odd = mail({ date: 'mardi 17 novembre 2026, 8 h 41', trace: toPlaintes });
    const a = await fp(odd);
    await new Promise((r) => setTimeout(r, 5));
    expect(await fp(odd)).toMatchObject({ id: a.id, dated: true });
    expect(a.receivedAt).toBe('2026-11-17T13:41:09.000Z'); // the top Received header, not "now"
    expect(dateHeaderValue('  le 17/11   vers 8 h 41 ')).toBe('le 17/11 vers 8 h 41');
    expect(dateHeaderValue(null)).toBeNull();
  });

  it('is not computed for mail with a Message-ID, which keeps its own key', async () => {
    const r = await parseEmailDetailed(mail({ messageId: '<abc@exemple.test>' }));
    expect(r.fingerprint).toBeNull();
    expect(r.message.sourceId).toBe('msgid:<abc@exemple.test>');
  });

  it('normalises line ends and trailing blanks of the bodies, nothing else', () => {
    const f = (text: string) => contentFingerprint({ from: 'a@b.test', date: null, subject: 's', text, html: null, parts: [] }).id;
    expect(f('a \r\nb\r\n\r\n')).toBe(f('a\nb'));
    expect(f('a b')).not.toBe(f('a  b'));
  });
});
