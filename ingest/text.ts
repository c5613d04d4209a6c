// Text clean-up shared by the connectors: HTML to plain text without executing or fetching
// anything, quoted replies and signatures cut from the text used for classification (the full
// original stays archived), and normalisation of phone numbers and addresses for contact ids.

const ENTITIES: Record<string, string> = { nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", eacute: 'é', egrave: 'è', agrave: 'à', ccedil: 'ç', ecirc: 'ê', ocirc: 'ô', laquo: '«', raquo: '»', rsquo: '’', hellip: '…' };

export function htmlToText(html: string): string {
  return html
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<(script|style|head|title|iframe|object|embed|template|noscript)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<(br|\/p|\/div|\/li|\/tr|\/h[1-6])\b[^>]*>/gi, '\n')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&([a-z]+);/gi, (m, n: string) => ENTITIES[n.toLowerCase()] ?? m)
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const QUOTE_HEADERS = [
  /^\s*Le .{4,120}(a écrit|a ecrit)\s*:?\s*$/im,
  /^\s*On .{4,120} wrote:\s*$/im,
  /^\s*-{2,}\s*(Message d'origine|Original Message|Message transféré|Forwarded message)\s*-{2,}/im,
  /^\s*(De|From)\s*:.*\n\s*(Envoyé|Sent|Date)\s*:.*\n/im,
  /^_{10,}\s*$/m,
];
const SIGNATURES = [/^-- ?$/m, /^(Envoyé|Envoye) de mon (iPhone|iPad|téléphone|Android)/im, /^Sent from my (iPhone|iPad|phone)/im, /^AVIS DE CONFIDENTIALIT/im, /^CONFIDENTIALITY NOTICE/im];

/** The citizen's own words: quoted history and signatures removed. */
export function stripQuotedAndSignature(text: string): string {
  let cut = text.length;
  for (const re of [...QUOTE_HEADERS, ...SIGNATURES]) {
    const m = re.exec(text);
    if (m && m.index > 0 && m.index < cut) cut = m.index;
  }
  const own = text
    .slice(0, cut)
    .split('\n')
    .filter((l) => !/^\s*>/.test(l))
    .join('\n')
    .trim();
  return own || text.trim();
}

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
