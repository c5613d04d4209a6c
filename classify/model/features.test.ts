import { describe, expect, it } from 'vitest';
import { MASKED_WORD, NUMBER_TOKEN, stem, stemmedWords, termCounts, words } from './features.ts';

describe('French text features', () => {
  it('fold accents and case, then stem with PorterStemmerFr', () => {
    expect(words('DÉNEIGEMENT Déneigé Œuvre')).toEqual(['deneigement', 'deneige', 'oeuvre']);
    expect(stem('deneigement')).toBe('deneig');
    expect(stemmedWords('Le déneigement des entrées').stems).toEqual(stemmedWords('les DENEIGEMENTS de l’entrée').stems);
  });

  it('map Québec forms and common misspellings to one form', () => {
    const ws = words('Chu tanné des coquerelles pis le frigidaire est frette, y’a pas de chauffage');
    expect(ws).toEqual(expect.arrayContaining(['suis', 'coquerelle', 'refrigerateur', 'froid', 'il', 'a', 'pas', 'chauffage']));
    expect(ws).not.toContain('pis');
    expect(words('mon char est stationné')).toContain('auto');
  });

  it('drop speech-to-text fillers and collapse spelled-out numbers into one harmless token', () => {
    const ws = words('euh ben là tsé mon numéro c’est huit un neuf cinq cinq cinq zéro un deux trois');
    expect(ws).not.toContain('euh');
    expect(ws).not.toContain('ben');
    expect(ws).not.toContain('tse');
    expect(ws.filter((w) => w === NUMBER_TOKEN)).toHaveLength(1);
    expect(words('au 1450 rue Laviolette')).toEqual(['au', NUMBER_TOKEN, 'rue', 'laviolette']);
  });

  it('repair OCR confusions: 0/o and 1/l inside words, rn/m against the lexicon', () => {
    expect(words("0bjet : 1es marches de 1'entrée")).toEqual(['objet', 'les', 'marches', 'de', 'l', 'entree']);
    const lexicon = new Set(['menace', 'demande', 'fermer']);
    expect(words('il rne rnenace, je vous dernande de ferrner', lexicon)).toEqual(expect.arrayContaining(['menace', 'demande', 'fermer']));
    expect(words('le 1er mars')).toContain(NUMBER_TOKEN);
    expect(words('Gang de m***** d’incapables')).toContain(MASKED_WORD);
  });

  it('drop stop words but keep negations ("pas de chauffage" is not "chauffage")', () => {
    const { words: ws } = stemmedWords("Il n'y a pas de chauffage dans le logement");
    expect(ws).toEqual(['pas', 'chauffage', 'logement']);
  });

  it('count unigrams and bigrams of stems, the subject twice, and the channel', () => {
    const t = termCounts({ subject: 'Fuite d’eau', text: 'Le robinet coule', channel: 'email' });
    expect(t.get('fuit')).toBe(2);
    expect(t.get('fuit eau')).toBe(2);
    expect(t.get('robinet coul')).toBe(1);
    expect(t.get('#canal:email')).toBe(1);
  });
});
