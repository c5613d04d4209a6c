// Type declarations for the few `natural` modules the French features import directly (the
// package's main entry loads everything, including dotenv, which prints notices on start-up).
declare module 'natural/lib/natural/stemmers/porter_stemmer_fr.js' {
  const PorterStemmerFr: { stem(token: string): string };
  export default PorterStemmerFr;
}

declare module 'natural/lib/natural/tokenizers/aggressive_tokenizer_fr.js' {
  class AggressiveTokenizerFr {
    tokenize(text: string): string[];
  }
  export default AggressiveTokenizerFr;
}

declare module 'natural/lib/natural/util/stopwords_fr.js' {
  const stopwords: { words: string[] };
  export default stopwords;
}
