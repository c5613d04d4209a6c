// Text clean-up shared by the connectors: HTML to plain text without executing or fetching
// anything (scripts, styles, forms, embedded objects, conditional comments and every attribute —
// so URLs, handlers and data: URIs — are dropped), quoted replies and signatures cut from the text
// used for classification (the full original stays archived), and normalisation of phone numbers
// and addresses for contact ids.

// HTML 4 Latin-1 entities, in code-point order from U+00A0, plus the ones French text uses.
const LATIN1_NAMES =
  'nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 sup3 acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave iacute icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml';
const ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", OElig: 'Œ', oelig: 'œ', Yuml: 'Ÿ', euro: '€', ndash: '–', mdash: '—',
  lsquo: '‘', rsquo: '’', sbquo: '‚', ldquo: '“', rdquo: '”', bdquo: '„', hellip: '…', bull: '•', trade: '™', thinsp: '\u2009', ensp: ' ', emsp: ' ',
};
LATIN1_NAMES.split(' ').forEach((n, i) => (ENTITIES[n] = String.fromCodePoint(0xa0 + i)));

/** Elements whose content is never text a person wrote (or is hostile). */
const DROPPED = 'script|style|head|title|iframe|frame|frameset|object|embed|applet|template|noscript|noembed|svg|math|form|select|button|textarea|canvas|audio|video|map|xml';
const BLOCK = 'p|div|li|tr|h[1-6]|table|blockquote|pre|section|article|header|footer|ul|ol|dl|dt|dd|hr|address';

function decodeEntities(s: string): string {
  return s
    .replace(/&#(\d{1,7});?/g, (_, n: string) => safeChar(Number(n)))
    .replace(/&#x([0-9a-f]{1,6});?/gi, (_, n: string) => safeChar(parseInt(n, 16)))
    .replace(/&([a-zA-Z][a-zA-Z0-9]{1,8});/g, (m, n: string) => ENTITIES[n] ?? ENTITIES[n.toLowerCase()] ?? m);
}

function safeChar(code: number): string {
  return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : ' ';
}

export function htmlToText(html: string): string {
  const dropped = new RegExp(`<(${DROPPED})\\b[\\s\\S]*?<\\/\\1\\s*>`, 'gi');
  return decodeEntities(
    html
      .replace(/<!--[\s\S]*?(-->|$)/g, ' ')
      .replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, ' ')
      .replace(dropped, ' ')
      // A dropped element left open (no closing tag) swallows nothing else: remove the tag itself.
      .replace(new RegExp(`<\\/?(${DROPPED})\\b[^>]*>`, 'gi'), ' ')
      .replace(/<br\b[^>]*>/gi, '\n')
      .replace(new RegExp(`<\\/?(${BLOCK})\\b[^>]*>`, 'gi'), '\n')
      .replace(/<\/?[a-zA-Z!?][^>]*>/g, '')
      .replace(/[<>]/g, ' '),
  )
    .replace(/[ \t\u00a0\u202f\u2009]+/g, (m) => (m.includes('\u00a0') || m.includes('\u202f') ? '\u00a0' : ' '))
    .replace(/ *\n[ \u00a0]*/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

// ---------------------------------------------------------------------------------------------
// Quotes and signatures

const ATTRIBUTION_END = /(?:a écrit|a ecrit|wrote|escribió|schrieb)[ \t]*:?[ \t]*$/;
const ATTRIBUTION_START = /^[ \t]*(?:>[ \t]*)?(?:Le|On|El|Am)\b/;

/** Attribution line(s) before a quote ("Le …, X a écrit :"); Gmail wraps them over 2-3 lines. */
function findAttribution(text: string): { start: number; end: number } | null {
  const lines = text.split('\n');
  const offsets: number[] = [];
  lines.reduce((at, l) => (offsets.push(at), at + l.length + 1), 0);
  for (let i = 0; i < lines.length; i++) {
    if (!ATTRIBUTION_END.test(lines[i]!)) continue;
    for (let j = i; j >= Math.max(0, i - 2); j--) {
      if (j < i && /^[ \t]*>/.test(lines[j + 1]!)) break;
      if (ATTRIBUTION_START.test(lines[j]!)) return { start: offsets[j]!, end: offsets[i]! + lines[i]!.length };
    }
  }
  return null;
}
/** Top-posting quote headers: everything after them is the message answered. */
const REPLY_HEADERS = [
  /^[ \t]*-{2,}[ \t]*(?:Message d'origine|Message d’origine|Original Message|Message original|Courriel original)[ \t]*-{2,}/im,
  /^[ \t]*-{3,}.{0,120}(?:a écrit|wrote)[ \t]*:?[ \t]*-{3,}[ \t]*$/im, // Lotus Notes
  /^[ \t]*(?:De|From)[ \t]*:.*\n[ \t]*(?:Envoyé|Sent|Date)[ \t]*:.*\n/im, // Outlook
  /^_{10,}[ \t]*$/m, // Outlook's rule above the header block
];
const FORWARD_MARKER = /^[ \t]*-{2,}[ \t]*(?:Forwarded message|Message transféré|Message transfere|Message d'origine|Message d’origine|Original Message)[ \t]*-{2,}/im;
/** Signature delimiter (RFC 3676 §4.3 "-- "), mobile footers, legal disclaimers. */
const SIGNATURES = [
  /^-- ?$/m,
  /^(?:Envoyé|Envoye) de mon (?:iPhone|iPad|téléphone|cellulaire|appareil|Android|Samsung)/im,
  /^Sent from my (?:iPhone|iPad|phone|mobile|Android|Samsung)/im,
  /^(?:Obtenir|Télécharger) Outlook pour (?:Android|iOS)/im,
  /^Get Outlook for (?:Android|iOS)/im,
  /^AVIS DE CONFIDENTIALIT/im,
  /^CONFIDENTIALITY NOTICE/im,
];

export interface StripOptions {
  /** The message forwards another one (subject "TR:", "Fwd:"): the forwarded text is kept. */
  forward?: boolean;
}

function cutAtFirst(text: string, patterns: RegExp[]): string {
  let cut = text.length;
  for (const re of patterns) {
    const m = re.exec(text);
    if (m && m.index < cut) cut = m.index;
  }
  return text.slice(0, cut);
}

/**
 * The citizen's own words: quoted history and signatures removed. Bottom-quoted and interleaved
 * replies keep every line that is not quoted ("> "); a top-posted quote (Outlook, Lotus Notes)
 * is cut off. Returns '' when nothing of the citizen's own remains.
 */
export function stripQuotedAndSignature(text: string, opts: StripOptions = {}): string {
  const t = text.replace(/\r\n?/g, '\n');
  if (opts.forward) {
    const m = FORWARD_MARKER.exec(t) ?? REPLY_HEADERS[2]!.exec(t);
    if (m) return `${stripQuotedAndSignature(t.slice(0, m.index))}\n\n${t.slice(m.index).trim()}`.trim();
  }
  let own = cutAtFirst(t, [...REPLY_HEADERS, ...SIGNATURES]);
  for (let m = findAttribution(own); m; m = findAttribution(own)) {
    const after = own.slice(m.end);
    const next = /\S[^\n]*/.exec(after)?.[0] ?? '';
    // Followed by quoted lines: remove the attribution only; otherwise the quote is not prefixed.
    own = next.startsWith('>') ? own.slice(0, m.start) + after : own.slice(0, m.start);
  }
  return own
    .split('\n')
    .filter((l) => !/^[ \t]*>/.test(l))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Subject prefixes that say the message forwards another (FR and EN clients). */
export function isForwardSubject(subject: string | null | undefined): boolean {
  return /^\s*(?:\[[^\]]*\]\s*)?(?:fwd?|tr|transf(?:éré)?|fw)\s*:/i.test(subject ?? '');
}

// ---------------------------------------------------------------------------------------------
// Contacts

/** North American numbers to E.164 (+1NXXNXXXXXX); others kept with their + prefix; null if none. */
export function toE164(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const digits = raw.replace(/[^\d+]/g, '');
  if (/^\+\d{8,15}$/.test(digits)) return digits;
  const d = digits.replace(/\D/g, '');
  if (d.length === 10) return `+1${d}`;
  if (d.length === 11 && d.startsWith('1')) return `+${d}`;
  return null;
}

export function normaliseEmail(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const m = /[^\s<>"']+@[^\s<>"']+\.[^\s<>"']+/.exec(raw);
  return m ? m[0].toLowerCase() : null;
}

const FR_WORDS = /\b(?:le|la|les|des|est|une|et|du|dans|pour|pas|que|qui|sur|avec|nous|vous|je|mon|ma|depuis|merci|bonjour)\b/gi;
const EN_WORDS = /\b(?:the|is|are|and|of|to|in|for|not|that|with|we|you|my|since|thank|hello|have|has|been)\b/gi;

/** 'fr' or 'en' from common function words (enough to tell a Québec complaint's language). */
export function guessLanguage(text: string): 'fr' | 'en' | null {
  const fr = text.match(FR_WORDS)?.length ?? 0;
  const en = text.match(EN_WORDS)?.length ?? 0;
  if (fr + en < 3) return null;
  return en > fr * 1.5 ? 'en' : 'fr';
}
