// Realistic synthetic letters for load and fault tests: plain-text complaints in Québec French,
// spread over the OMH natures, each unique (a number in the text) so each must become one case.

const TEMPLATES = [
  "Bonjour, l'entrée du bloc au {n} rue Saint-Maurice n'a pas été déneigée depuis la tempête. Les marches sont glacées.",
  'Mon robinet de cuisine coule sans arrêt depuis {n} jours, pourriez-vous envoyer quelqu\'un pour le réparer?',
  'Le voisin du {n} fait jouer sa musique très fort toutes les nuits, on ne dort plus.',
  "Quelqu'un stationne dans mon espace réservé numéro {n} tous les soirs.",
  "J'attends un retour de votre bureau depuis {n} semaines, personne ne rappelle. Le service est très lent.",
  "L'agente au comptoir a été impolie avec moi le {n} novembre, elle m'a manqué de respect.",
  'Un locataire garde un barbecue sur son balcon au {n}, c\'est interdit par le règlement.',
];

export function syntheticLetter(i: number): { name: string; text: string } {
  const t = TEMPLATES[i % TEMPLATES.length]!.replace('{n}', String(100 + i));
  return { name: `lettre-${String(i).padStart(6, '0')}.txt`, text: `Trois-Rivières, le 20 novembre 2026\n\n${t}\n\nLocataire n° ${i}\n` };
}
