// Text normalisation for matching French as citizens really write it: case and accent folding,
// typographic apostrophes, OCR hyphenation across line breaks, and whitespace.

export function normalise(text: string): string {
  return text
    .replace(/(\w)-\s*\n\s*(\w)/g, '$1$2') // OCR: "de-\nneigement" → "deneigement"
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/[’‘`´]/g, "'")
    .replace(/[«»“”"]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A matcher for a keyword list: each keyword is a word prefix ("deneig" matches "déneigement"). */
export function keywordMatcher(keywords: readonly string[]): (normalised: string) => string[] {
  const list = [...new Set(keywords.map(normalise).filter(Boolean))].sort((a, b) => b.length - a.length);
  if (list.length === 0) return () => [];
  const re = new RegExp(`(?<![a-z0-9])(?:${list.map(escape).join('|')})`, 'g');
  return (text) => {
    const hits = text.match(re);
    return hits ? [...new Set(hits)] : [];
  };
}
