// The pieces of the email parser on their own: lenient charsets (RFC 2047 words, mislabelled
// parts), the TNEF reader (MS-OXTNEF) and compressed RTF (MS-OXRTFCP), HTML and quote cleaning,
// fax numbers, auto-replies and bounces.
import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { buildTnef } from '../../test/fixtures/mail/tools/tnef.ts';
import { htmlToText, stripQuotedAndSignature, guessLanguage } from '../text.ts';
import { decodeCharset, decodeEncodedWords, decodeLenient, relabelTextParts, LENIENT_LABEL } from './email-charset.ts';
import { autoReplyReason } from './email-auto.ts';
import { faxNumberOf } from './email-fax.ts';
import { readReport, isPermanentFailure } from './email-report.ts';
import { parseEmail } from './email.ts';
import { readTnef, readMapiProps } from './tnef.ts';
import { decompressRtf, rtfText } from './tnef-rtf.ts';

const headers = (h: Record<string, string>) => ({ get: (n: string) => h[n.toLowerCase()] ?? '' });

describe('charsets', () => {
  it('reads UTF-8 where it is valid and windows-1252 elsewhere, byte by byte', () => {
    const mixed = Buffer.concat([Buffer.from('Déjà ', 'utf8'), iconv.encode('l’été — 50 €', 'windows-1252')]);
    expect(decodeLenient(mixed)).toBe('Déjà l’été — 50 €');
    expect(decodeCharset(iconv.encode('« œuvre »', 'windows-1252'), 'iso-8859-1')).toBe('« œuvre »');
    expect(decodeCharset(Buffer.from('Ça coûte 5 €', 'utf8'), 'iso-8859-1')).toBe('Ça coûte 5 €');
    expect(decodeCharset(iconv.encode('€ œ', 'iso-8859-15'), 'latin9')).toBe('€ œ');
    expect(decodeCharset(iconv.encode('refoulé', 'latin1'), 'x-unknown')).toBe('refoulé');
  });

  it('joins RFC 2047 encoded-words before decoding (a character split across two words)', () => {
    const bytes = Buffer.from('Dégâts', 'utf8');
    const a = bytes.subarray(0, 2).toString('base64');
    const b = bytes.subarray(2).toString('base64');
    expect(decodeEncodedWords(`=?UTF-8?B?${a}?=\r\n =?UTF-8?B?${b}?= d’eau`)).toBe('Dégâts d’eau');
    expect(decodeEncodedWords('=?iso-8859-1?Q?r=E9ception?= =?utf-8?Q?_=C3=A0?= plain')).toBe('réception à plain');
  });

  it('relabels text parts that claim UTF-8/ASCII or name no charset, nothing else', () => {
    const raw = Buffer.from('Content-Type: text/plain; charset="us-ascii"\r\n\r\nx\r\n--b\r\nContent-Type: text/html\r\n\r\n<p>y</p>\r\n--b\r\nContent-Type: image/png\r\n');
    const out = relabelTextParts(raw).toString('latin1');
    expect(out).toContain(`text/plain; charset=${LENIENT_LABEL}`);
    expect(out).toContain(`text/html; charset=${LENIENT_LABEL}`);
    expect(out).toContain('Content-Type: image/png\r\n');
  });
});

describe('TNEF and RTF', () => {
  it('reads the body and the attachments of winmail.dat with their Unicode names', () => {
    const tnef = buildTnef({
      subject: 'Travaux',
      body: 'Le chantier commence à 6 h — deux poids, deux mesures.',
      sent: new Date('2026-11-05T12:00:00Z'),
      attachments: [{ fileName: 'Avis d’infraction.pdf', mimeType: 'application/pdf', data: Buffer.from('%PDF-1.4 test') }],
    });
    const t = readTnef(tnef);
    expect(t.subject).toBe('Travaux');
    expect(t.body).toBe('Le chantier commence à 6 h — deux poids, deux mesures.');
    expect(t.attachments).toEqual([{ name: 'Avis d’infraction.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF-1.4 test') }]);
    expect(() => readTnef(Buffer.from('not tnef'))).toThrow(/TNEF/);
    // A truncated stream keeps what was read.
    expect(readTnef(tnef.subarray(0, tnef.length - 40)).body).toContain('chantier');
  });

  it('reads MAPI property lists, tolerating a damaged tail', () => {
    const name = Buffer.from('a.txt\0', 'utf16le');
    const list = Buffer.concat([Buffer.from([2, 0, 0, 0, 0x1f, 0, 0x07, 0x37, 1, 0, 0, 0]), Buffer.from([name.length, 0, 0, 0]), name, Buffer.alloc(0)]);
    const props = readMapiProps(list);
    expect((props.get(0x3707)!.value as Buffer).toString('utf16le')).toBe('a.txt\0');
  });

  it('decompresses RTF (MS-OXRTFCP example) and reads its text', () => {
    const hex = '2d0000002b0000004c5a4675f1c5c7a703000a0072637067313235423 20af320 68656c0900206277 05b06c647d0a800fa0'.replace(/\s/g, '');
    const rtf = decompressRtf(Buffer.from(hex, 'hex'));
    expect(rtf.toString('latin1')).toBe('{\\rtf1\\ansi\\ansicpg1252\\pard hello world}\r\n');
    expect(rtfText(Buffer.from("{\\rtf1\\ansi{\\fonttbl{\\f0 Arial;}}\\pard Caf\\'e9 \\u8217? ici\\par fin}"))).toBe('Café ’ ici\nfin');
  });
});

describe('text', () => {
  it('drops scripts, styles, forms, objects and every attribute of hostile HTML', () => {
    const t = htmlToText('<style>p{x:expression(alert(1))}</style><form><button>Valider</button></form><p onclick="x">Bonjour&nbsp;&eacute;t&#233; &#x2019;<a href="javascript:alert(1)">lien</a></p><script>alert(2)</script><img src="data:image/png;base64,AAA">');
    expect(t).toBe('Bonjour\u00a0été ’lien');
  });

  it('keeps interleaved answers, cuts top-posted quotes and signatures, keeps forwards', () => {
    expect(stripQuotedAndSignature('Le 6 nov., X a écrit :\n> q1\nR1\n> q2\nR2\n-- \nSig')).toBe('R1\nR2');
    expect(stripQuotedAndSignature('Mot\n\n________________\nDe : A\nEnvoyé : lundi\nObjet : x\n\nvieux')).toBe('Mot');
    expect(stripQuotedAndSignature('Voir plus bas\n\n---------- Forwarded message ---------\nDe : B\n\nTexte transféré', { forward: true })).toContain('Texte transféré');
    expect(stripQuotedAndSignature('> tout cité')).toBe('');
  });

  it('guesses French or English', () => {
    expect(guessLanguage('The sidewalk in front of my house is not cleared and I have been waiting since Monday')).toBe('en');
    expect(guessLanguage('Le trottoir devant chez moi est glacé depuis lundi et personne ne passe')).toBe('fr');
  });
});

describe('fax, auto-replies, bounces', () => {
  it('takes the sender fax number from the subject, a labelled field or the file name, never ours', () => {
    expect(faxNumberOf('Fax from 819-555-0173', 'Fax Number: 819-555-0100', [])).toBe('+18195550173');
    expect(faxNumberOf('Nouvelle télécopie', 'Destinataire : 819 555 0100\nNuméro de l’expéditeur : 819 555 0111', [])).toBe('+18195550111');
    expect(faxNumberOf('Fax', '', ['telecopie-8195550111-20261109.pdf'])).toBe('+18195550111');
  });

  it('sees RFC 3834 Auto-Submitted, Precedence and out-of-office wording, not ordinary mail', () => {
    expect(autoReplyReason(headers({ 'auto-submitted': 'auto-replied' }), 'x', '')).toMatch(/3834/);
    expect(autoReplyReason(headers({ 'auto-submitted': 'no' }), 'Plainte', 'Bonjour')).toBeNull();
    expect(autoReplyReason(headers({}), 'Re: dossier', 'Je suis absente jusqu’au 16 novembre.')).toMatch(/absence/);
    expect(autoReplyReason(headers({}), 'Bruit', 'À mon retour du travail, la rue était encore bloquée par la déneigeuse.')).toBeNull();
  });

  it('reads an RFC 3464 report and tells a delay from a failure', () => {
    const dsn = 'Reporting-MTA: dns; mx\n\nFinal-Recipient: rfc822; a@b.ca\nAction: delayed\nStatus: 4.4.1\n';
    const r = readReport(headers({}), [{ contentType: 'message/delivery-status', content: Buffer.from(dsn) }, { contentType: 'text/rfc822-headers', content: Buffer.from('Message-ID: <ack.2026-4K7PQ-2XMAB@x.local>\n') }], '', []);
    expect(r).toMatchObject({ kind: 'dsn', action: 'delayed', status: '4.4.1', recipient: 'a@b.ca', caseRef: '2026-4K7PQ-2XMAB' });
    expect(isPermanentFailure(r)).toBe(false);
  });

  it('processes a message without Message-ID and one that is only a TNEF attachment', async () => {
    const tnef = buildTnef({ subject: 's', body: 'Puisard enterré sous l’asphalte.', sent: new Date(), attachments: [] });
    const eml = Buffer.from(
      `From: A <a@b.ca>\r\nSubject: Puisard\r\nContent-Type: application/ms-tnef; name="winmail.dat"\r\nContent-Transfer-Encoding: base64\r\n\r\n${tnef.toString('base64')}\r\n`,
    );
    const m = await parseEmail(eml);
    expect(m).toMatchObject({ disposition: 'case', sourceId: expect.stringMatching(/^mailfp:[0-9a-f]{64}$/), text: 'Puisard enterré sous l’asphalte.', attachments: [] });
    expect(m.flags).toContain('tnef');
  });
});
