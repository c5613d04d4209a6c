// French text features for the learned classifier: the text as citizens write it, say it to a
// voicemail or as a fax comes out of OCR, folded (accents, case), tokenised with natural's French
// tokenizer, cleaned of speech fillers, Québec forms and common misspellings mapped to one form,
// OCR confusions repaired (0↔o and 1↔l inside words; rn↔m and l↔i checked against a lexicon of
// known words), numbers collapsed to one harmless token, French stop words dropped, stemmed with
// natural's PorterStemmerFr, then unigrams and bigrams of stems.
import PorterStemmerFr from 'natural/lib/natural/stemmers/porter_stemmer_fr.js';
import AggressiveTokenizerFr from 'natural/lib/natural/tokenizers/aggressive_tokenizer_fr.js';
import stopwordsFr from 'natural/lib/natural/util/stopwords_fr.js';
import { normalise } from '../normalise.ts';

export interface TextInput {
  subject: string | null;
  text: string;
  channel: string;
}

/** Québec forms, misspellings and synonyms (already folded) → one canonical form. */
const VARIANTS: Record<string, string> = {
  chu: 'suis', chus: 'suis', pu: 'plus', pis: 'puis', icitte: 'ici', icite: 'ici', toe: 'toi', moe: 'moi',
  frette: 'froid', pantoute: 'pas', asteure: 'maintenant', astheure: 'maintenant', faque: 'donc', fak: 'donc',
  ye: 'est', toute: 'tout', tusuite: 'suite', checker: 'verifier', pogne: 'pris', chum: 'conjoint',
  frigidaire: 'refrigerateur', frigidaires: 'refrigerateur', frigo: 'refrigerateur', frig: 'refrigerateur',
  refrigidaire: 'refrigerateur', refrigerateurs: 'refrigerateur',
  coquerelles: 'coquerelle', blatte: 'coquerelle', blattes: 'coquerelle', cafard: 'coquerelle', cafards: 'coquerelle',
  bibittes: 'vermine', bebittes: 'vermine', bibitte: 'vermine', bebitte: 'vermine',
  char: 'auto', chars: 'autos', boucane: 'fumee', bloc: 'immeuble', blocs: 'immeubles',
  proprio: 'proprietaire', proprios: 'proprietaires', appart: 'appartement', appt: 'appartement', apt: 'appartement',
  app: 'appartement', apartement: 'appartement', ascenceur: 'ascenseur', ascensseur: 'ascenseur',
  calorifaire: 'calorifere', calorifaires: 'calorifere', moisisure: 'moisissure', stationement: 'stationnement',
  chaufage: 'chauffage', infiltation: 'infiltration', vidange: 'dechets', vidanges: 'dechets',
  cell: 'cellulaire', courriels: 'courriel', mail: 'courriel', email: 'courriel',
};

/** Speech-to-text fillers and greetings that carry nothing (là folds to « la », a stop word). */
const FILLERS = new Set(['euh', 'heu', 'hum', 'hmm', 'ben', 'bin', 'tse', 'genre', 'ouais', 'oui', 'allo', 'coudonc', 'bah', 'ok', 'okay']);

/** Spelled-out numbers (phone numbers and addresses read aloud); a run becomes one token. */
const NUMBER_WORDS = new Set(
  'zero deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize vingt vingts trente quarante cinquante soixante septante octante nonante cent cents mille'.split(' '),
);
export const NUMBER_TOKEN = '_num';
/** The end of a sentence in words() output (dropped with the stop words: never a feature). */
export const SENTENCE_END = '.';
/** A word masked with asterisks (profanity, insults). */
export const MASKED_WORD = '_juron';

/** natural's French stop words, folded, without the negations ("pas de chauffage" must stay). */
const KEEP = new Set(['pas', 'ne', 'sans']);
const STOPWORDS = new Set(
  [...stopwordsFr.words.map(normalise), 'ca', 'qu', 'quelqu', 'puis', 'donc', 'alors', 'tres', 'bien', 'si', 'ya', 'ils', 'elles', 'svp', 'merci', 'bonjour']
    .filter((w) => !KEEP.has(w)),
);
// "merci", "svp" and "bonjour" are still seen by the rules (kinds); as model features they are in
// almost every message and only add noise.

/** Multi-word Québec forms rewritten on the folded string before tokenising. */
const PHRASES: [RegExp, string][] = [
  [/\by'?a\b/g, 'il y a'],
  [/\bfait que\b/g, 'donc'],
  [/\ba (matin|soir)\b/g, 'ce $1'],
  [/\btrois[- ]rivieres\b/g, 'troisrivieres'],
  [/\bs'il vous plait\b/g, 'svp'],
  [/(^|[^0-9a-z])1'(?=[a-z])/g, "$1l'"], // OCR: 1'acces → l'acces
  [/[a-z]*\*{2,}[a-z]*/g, ' zzjuron '], // masked profanity: "m*****"
];

const tokenizer = new AggressiveTokenizerFr();
const stemCache = new Map<string, string>();

export function stem(word: string): string {
  let s = stemCache.get(word);
  if (s === undefined) {
    s = word.startsWith('_') ? word : PorterStemmerFr.stem(word);
    if (stemCache.size > 100_000) stemCache.clear();
    stemCache.set(word, s);
  }
  return s;
}

/** OCR digit/letter confusions inside a token: "0bjet" → "objet", "1es" → "les", "2o5" → "205". */
function fixDigits(t: string): string {
  if (!/[0-9]/.test(t) || !/[a-z]/.test(t)) return t;
  const digits = t.replace(/[^0-9]/g, '').length;
  const letters = t.length - digits;
  if (/^[01]+$/.test(t.replace(/[a-z]/g, '')) && letters >= digits && !/^1(er|re|ere)$/.test(t)) return t.replace(/1/g, 'l').replace(/0/g, 'o');
  if (/^[oli]+$/.test(t.replace(/[0-9]/g, '')) && digits > letters) return t.replace(/o/g, '0').replace(/[li]/g, '1');
  return t;
}

/** OCR letter confusions, accepted only when they turn an unknown word into a known one. */
function fixLetters(t: string, lexicon: ReadonlySet<string>): string {
  if (t.length < 3 || lexicon.has(t)) return t;
  const tries: string[] = [];
  if (t.includes('rn')) {
    tries.push(t.replace(/rn/g, 'm'));
    for (let i = t.indexOf('rn'); i >= 0; i = t.indexOf('rn', i + 1)) tries.push(t.slice(0, i) + 'm' + t.slice(i + 2));
  }
  for (let i = t.indexOf('m'); i >= 0; i = t.indexOf('m', i + 1)) tries.push(t.slice(0, i) + 'rn' + t.slice(i + 1));
  for (let i = t.indexOf('l'); i >= 0; i = t.indexOf('l', i + 1)) tries.push(t.slice(0, i) + 'i' + t.slice(i + 1));
  for (let i = t.indexOf('i'); i >= 0; i = t.indexOf('i', i + 1)) tries.push(t.slice(0, i) + 'l' + t.slice(i + 1));
  if (t.includes('cl')) tries.push(t.replace(/cl/g, 'd'));
  return tries.find((c) => lexicon.has(c)) ?? t;
}

/**
 * The message's words, folded and cleaned, in order: fillers gone, variants mapped, OCR repaired,
 * numbers collapsed to NUMBER_TOKEN. Stop words are still there (see `stems`).
 */
export function words(raw: string, lexicon?: ReadonlySet<string>): string[] {
  let text = normalise(raw);
  for (const [re, to] of PHRASES) text = text.replace(re, to);
  // Sentence ends become a SENTENCE_END token, so that a negation or a « si » in one sentence does
  // not reach a phrase in the next (« je ne sais pas quoi faire. ça sent le gaz »). Not line breaks:
  // an OCR letter breaks its lines in the middle of sentences.
  text = text.replace(/[.!?;]+(?=\s|$)/g, ' zzfin ');
  const out: string[] = [];
  for (const piece of tokenizer.tokenize(text)) {
    for (let t of piece.split('-')) {
      if (!t) continue;
      if (t === 'zzfin') {
        if (out.length > 0 && out[out.length - 1] !== SENTENCE_END) out.push(SENTENCE_END);
        continue;
      }
      if (t === 'zzjuron') {
        out.push(MASKED_WORD);
        continue;
      }
      t = fixDigits(t);
      if (lexicon) t = fixLetters(t, lexicon);
      t = VARIANTS[t] ?? t;
      if (FILLERS.has(t)) continue;
      const isNumber = /^[0-9]+[a-z]{0,3}$/.test(t) || NUMBER_WORDS.has(t);
      const prev = out[out.length - 1];
      if (isNumber || (prev === NUMBER_TOKEN && (t === 'un' || t === 'une' || t === 'et'))) {
        if (prev !== NUMBER_TOKEN) out.push(NUMBER_TOKEN);
        continue;
      }
      out.push(t);
    }
  }
  return out;
}

export function isStopword(word: string): boolean {
  return STOPWORDS.has(word) || word.length < 2;
}

/** Content words (stop words dropped) with their stems, aligned. */
export function stemmedWords(raw: string, lexicon?: ReadonlySet<string>): { words: string[]; stems: string[] } {
  const ws = words(raw, lexicon).filter((w) => !isStopword(w));
  return { words: ws, stems: ws.map(stem) };
}

/** Unigram and bigram terms of one text, added to `into` with the given weight. */
function addTerms(stems: string[], weight: number, into: Map<string, number>): void {
  for (let i = 0; i < stems.length; i++) {
    const s = stems[i]!;
    into.set(s, (into.get(s) ?? 0) + weight);
    if (i > 0) {
      const bigram = `${stems[i - 1]} ${s}`;
      into.set(bigram, (into.get(bigram) ?? 0) + weight);
    }
  }
}

/** A message's cleaned words (subject and body apart), computed once for every feature family. */
export interface Analysed {
  subject: string[];
  body: string[];
  channel: string;
}

export function analyse(input: TextInput, lexicon?: ReadonlySet<string>): Analysed {
  return { subject: input.subject ? words(input.subject, lexicon) : [], body: words(input.text, lexicon), channel: input.channel };
}

const contentStems = (ws: string[]) => ws.filter((w) => !isStopword(w)).map(stem);

/**
 * The terms of a message and their counts: unigrams and bigrams of stems, the subject's counting
 * twice (it is the citizen's own summary), and the channel.
 */
export function termCounts(input: TextInput | Analysed, lexicon?: ReadonlySet<string>): Map<string, number> {
  const a = 'body' in input ? input : analyse(input, lexicon);
  const terms = new Map<string, number>();
  addTerms(contentStems(a.subject), 2, terms);
  addTerms(contentStems(a.body), 1, terms);
  terms.set(`#canal:${a.channel}`, 1);
  return terms;
}
