// Themes of the satisfaction comments, by keyword groups: the report never quotes a comment
// (it could name a person or a neighbour), it counts what they are about. Matching is on words
// stripped of accents and case, by prefix, so « délai », « délais », « attendu », « attente » meet.
// The survey page computes the themes when the answer is given, so the report needs no key.

export const THEMES = [
  { code: 'delais', label: 'Délais, attente', words: ['delai', 'attend', 'attente', 'lent', 'long', 'rapid', 'vite', 'tard', 'retard', 'semaine', 'mois'] },
  { code: 'accueil', label: 'Accueil, courtoisie', words: ['poli', 'impoli', 'courtois', 'respect', 'accueil', 'gentil', 'aimable', 'ecoute', 'mepris', 'arrogan', 'sympath'] },
  { code: 'communication', label: 'Information, communication', words: ['inform', 'explic', 'clair', 'comprend', 'nouvelle', 'repond', 'reponse', 'rappel', 'courriel', 'telephon', 'communiq'] },
  { code: 'resultat', label: 'Résultat, solution', words: ['regle', 'resolu', 'solution', 'repar', 'corrig', 'rien fait', 'toujours', 'encore', 'probleme', 'fini', 'termine'] },
  { code: 'suivi', label: 'Suivi du dossier', words: ['suivi', 'suivre', 'dossier', 'relance', 'oubli', 'perdu'] },
  { code: 'competence', label: 'Compétence du personnel', words: ['competen', 'professionn', 'efficac', 'incompet', 'connaiss', 'forme'] },
  { code: 'acces', label: 'Accessibilité', words: ['acces', 'joindre', 'rejoindre', 'horaire', 'ferme', 'boite vocale', 'en ligne', 'formulaire'] },
] as const;

export type ThemeCode = (typeof THEMES)[number]['code'];

export function normalise(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[’']/g, ' ');
}

/** The themes a comment touches, in THEMES order; none for an empty comment. */
export function themesOf(comment: string | null | undefined): ThemeCode[] {
  if (!comment?.trim()) return [];
  const text = ` ${normalise(comment).replace(/[^a-z0-9]+/g, ' ')} `;
  return THEMES.filter((t) => t.words.some((w) => text.includes(` ${w}`))).map((t) => t.code);
}

export function themeLabel(code: string): string {
  return THEMES.find((t) => t.code === code)?.label ?? (code === 'autre' ? 'Autre' : code);
}
