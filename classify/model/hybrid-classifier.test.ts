import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../core/config.ts';
import { loadProfile } from '../../core/profiles/load.ts';
import { loadCorpus } from '../eval/corpus.ts';
import { splitCorpus } from '../eval/split.ts';
import { MIN_CONFIDENCE, RulesClassifier } from '../rules-classifier.ts';
import { HybridClassifier, loadClassifier } from './hybrid-classifier.ts';
import { saveModel } from './model-file.ts';
import { trainModel } from './train.ts';

const profile = loadProfile(path.join(REPO_ROOT, 'profiles'), 'omh-trois-rivieres');
const { train } = splitCorpus(loadCorpus(profile.id));
const model = trainModel(profile, train, { createdAt: '2026-01-15T12:00:00.000Z' });
const classifier = new HybridClassifier(profile, model);
const typed = (subject: string | null, text: string) => ({ subject, text, channel: 'email', textConfidence: null });

// Hand-written messages, in none of the corpus files.
describe('HybridClassifier on unseen messages', () => {
  it('a gas smell left on the voicemail, speech-to-text style → urgent, fire/gas', () => {
    const c = classifier.classify({
      subject: null,
      channel: 'voicemail',
      textConfidence: 74,
      text: "oui allô euh c'est gisèle tremblay au trois cent vingt rue des ursulines appartement six euh ça sent le gaz dans le corridor là depuis à matin pis ça empire tsé euh rappelez-moi vite au huit un neuf cinq cinq cinq zéro un deux trois",
    });
    expect(c.urgency).toBe('urgente');
    expect(c.urgencyReason).toBe('sinistre');
    expect(c.modelVersion).toBe(model.version);
  });

  it('« la ville n’a pas déneigé la rue » → outside our jurisdiction, referred to the Ville', () => {
    const c = classifier.classify(typed('Rue pas déneigée', "Bonjour, la ville n'a pas déneigé la rue devant notre immeuble depuis trois jours. Les autobus ne passent plus. Paul Girard"));
    expect(c.admissibility).toBe('hors_competence');
    expect(c.referral).toBe('Ville de Trois-Rivières');
    expect(c.queue).toBe(profile.inadmissibleQueue);
    expect(c.rules).toContain('renvoi:Ville de Trois-Rivières');
  });

  it('praise of an employee → a comment', () => {
    const c = classifier.classify(
      typed('Merci à Sylvie', "Je tiens à remercier Sylvie, la préposée à l'accueil, qui a été d'une grande gentillesse et d'une patience remarquable quand je suis venue renouveler mon bail. Jeanne Lamarche"),
    );
    expect(c.kind).toBe('commentaire');
    expect(c.urgency).toBe('normale');
    expect(c.admissibility).toBe('recevable');
  });

  it('a noise complaint with a threat → urgent', () => {
    const c = classifier.classify(
      typed('Bruit du voisin', "Mon voisin du 4 fait jouer sa musique à tue-tête toutes les nuits. Quand je suis allé lui demander de baisser, il m'a dit qu'il allait me casser la figure si je me plaignais encore. Marc Ouellet, app. 3"),
    );
    expect(c.urgency).toBe('urgente');
    expect(c.nature).toBe('voisinage');
  });

  it('a dripping tap is an ordinary repair, routed by the profile’s nature table, with readable terms', () => {
    const c = classifier.classify(typed(null, 'Le robinet de la cuisine coule goutte à goutte depuis une semaine. Pourriez-vous envoyer quelqu’un? Louise, app. 2'));
    expect(c).toMatchObject({ nature: 'entretien', urgency: 'normale', admissibility: 'recevable', queue: 'service-immeubles', kind: 'requete' });
    expect(c.confidence).toBeGreaterThanOrEqual(MIN_CONFIDENCE);
    expect(c.terms).toContain('robinet');
    expect(c.rules[0]).toBe('modele:nature:entretien');
  });

  it('hard-to-read OCR or speech goes to triage', () => {
    const c = classifier.classify({ subject: null, channel: 'fax', textConfidence: 41, text: 'Le robinet de la cuisine coule depuis une semaine.' });
    expect(c.queue).toBe(profile.triageQueue);
    expect(c.rules).toContain('file:triage-ocr');
  });
});

describe('loadClassifier', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'doleances-load-'));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('uses the rules alone when the profile has no model, the hybrid once one is saved', () => {
    expect(loadClassifier(profile, tmp)).toBeInstanceOf(RulesClassifier);
    saveModel(tmp, model);
    const c = loadClassifier(profile, tmp);
    expect(c).toBeInstanceOf(HybridClassifier);
    expect(c.classify(typed(null, 'Il y a de la moisissure dans la salle de bain.')).modelVersion).toBe(model.version);
  });

  it('refuses a model trained for another profile', () => {
    expect(() => new HybridClassifier({ ...profile, id: 'autre-profil' }, model)).toThrow(/entraîné pour/);
  });
});
