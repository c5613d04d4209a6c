import { describe, expect, it } from 'vitest';
import { words } from './features.ts';
import { chooseThresholds, isUrgent, strongUrgency } from './urgency-rules.ts';

const phrase = (text: string) => strongUrgency(words(text).join(' '));

describe('explicit urgency phrases', () => {
  it('fire on a present emergency, Québec speech included', () => {
    expect(phrase("oui allô euh ça sent le gaz en maudit dans ma cuisine là")?.reason).toBe('sinistre');
    expect(phrase("Y'a pu de chauffage depuis hier, il fait 12 degrés")?.reason).toBe('sinistre');
    expect(phrase('Il a dit qu’il allait me tuer si je parlais encore')?.reason).toBe('securite');
    expect(phrase('Les deux enfants du 207 sont seuls depuis samedi')?.reason).toBe('danger_enfant');
    expect(phrase("On dort dans l'auto avec les enfants depuis vendredi")?.reason).toBe('besoin_logement');
  });

  it('read the warning signs that carry no urgency word', () => {
    expect(phrase("J'ai donné mes meubles au voisin et j'ai écrit une lettre à chacun de mes garçons.")?.reason).toBe('urgence_sociale');
    expect(phrase('il m a dit t auras pu à t inquiéter de moi')?.reason).toBe('urgence_sociale');
    expect(phrase("Elle ne répond pas à la porte et ses repas sont encore devant sa porte depuis hier")?.reason).toBe('urgence_sociale');
    expect(phrase("J'entends quelqu'un gratter dans ma serrure depuis cinq minutes")?.reason).toBe('securite');
    expect(phrase('la prise du micro-ondes a fait une petite flamme pis ça sent le plastique fondu')?.reason).toBe('sinistre');
  });

  it('a negation or a « si » in the sentence before does not silence the next one', () => {
    expect(phrase('Je ne sais pas quoi faire. Ça sent le gaz dans tout le corridor!')?.reason).toBe('sinistre');
    expect(phrase("Le loyer ne sera pas payé. J'ai donné mes meubles à mon voisin.")?.reason).toBe('urgence_sociale');
    expect(phrase('Si vous passez demain, appelez avant. Il y a de l’eau qui coule du plafond.')?.reason).toBe('sinistre');
    expect(phrase('Il n’y a pas de fuite de gaz, seulement une odeur de drain.')).toBeNull(); // same sentence
  });

  it('leave ordinary messages with the same words alone', () => {
    expect(phrase("L'agente ne répond pas au téléphone depuis deux semaines.")).toBeNull();
    expect(phrase("J'ai donné mon avis de départ pour le 1er juillet.")).toBeNull();
    expect(phrase('Le conteneur n’a pas été vidé depuis deux semaines.')).toBeNull();
    expect(phrase('La prise de la salle de bain ne fonctionne plus.')).toBeNull();
  });

  it('stay silent when negated, conditional or over', () => {
    expect(phrase("Il n'y a pas d'odeur de gaz, c'est seulement le drain")).toBeNull();
    expect(phrase('Que dois-je faire si un jour ça sent le gaz dans mon logement?')).toBeNull();
    expect(phrase("La semaine passée ça sentait le gaz, Énergir a réparé, il n'y a plus d'odeur.")).toBeNull();
    expect(phrase("L'alarme a sonné au feu mais c'était un test d'alarme annoncé.")).toBeNull();
    expect(phrase('Je veux en finir avec ce dossier de calcul de loyer.')).toBeNull();
  });
});

describe('urgency thresholds', () => {
  const row = (pUrgent: number, urgent: boolean, rule = false, strong = false) => ({ pUrgent, urgent, rule, strong });

  it('the system must catch the asked share of urgent training messages, with the margin taken under', () => {
    const rows = [...Array.from({ length: 50 }, (_, i) => row(0.3 + i / 100, true)), ...Array.from({ length: 200 }, (_, i) => row(i / 1000, false))];
    const t = chooseThresholds(rows, { margin: 0.5, min: 0.01, max: 0.5 });
    expect(t.model).toBe(0.15);
    expect(t.rule).toBe(0.15); // list hits do not lower the bar unless asked
    for (const r of rows.filter((r) => r.urgent)) expect(isUrgent(r, t)).toBe(true);
    expect(chooseThresholds(rows, { margin: 0.5, min: 0.01, max: 0.5, ruleFactor: 0.5 }).rule).toBe(0.075);
  });

  it('one outlier does not drag the threshold down when 98 % is asked; a phrase counts as caught', () => {
    const urgent = Array.from({ length: 100 }, (_, i) => row(0.4 + i / 500, true));
    urgent[0] = row(0.001, true); // a farewell letter the model cannot read
    urgent[1] = row(0.002, true, false, true); // caught by an explicit phrase
    const rows = [...urgent, ...Array.from({ length: 300 }, (_, i) => row(i / 1000, false))];
    const all = chooseThresholds(rows, { margin: 1, min: 0.0001, max: 0.9, recall: 1 });
    const most = chooseThresholds(rows, { margin: 1, min: 0.0001, max: 0.9, recall: 0.98 });
    expect(all.model).toBe(0.001);
    expect(most.model).toBeCloseTo(0.406, 3); // 98 of 100 caught: the phrase, and all but the two lowest
    expect(rows.filter((r) => !r.urgent && isUrgent(r, most)).length).toBeLessThan(rows.filter((r) => !r.urgent && isUrgent(r, all)).length);
  });

  it('with few urgent messages, list hits the model finds plausible may carry them, with the fewest false alarms', () => {
    const rows = [row(0.02, true, true), row(0.6, true), row(0.7, true), ...Array.from({ length: 100 }, (_, i) => row(i / 500, false, i % 2 === 0))];
    const t = chooseThresholds(rows, { margin: 1, min: 0.001, max: 0.9 });
    for (const r of rows.filter((r) => r.urgent)) expect(isUrgent(r, t)).toBe(true);
    expect(t.model).toBe(0.6);
  });
});
