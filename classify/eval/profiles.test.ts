// The other seed profiles (MAMH, CJEF, Ville de Mont-Saint-Hilaire) have taxonomies and routing of
// their own: each gets a small corpus (classify/corpus/<profile>/), a model trained on its training
// split, and is evaluated here on its held-out split. The held-out splits are small (70 to 109
// messages, 5 to 8 urgent ones), so the floors below are what each profile honestly reaches today;
// where the figure (nature macro-F1 ≥ 0.80, urgent recall ≥ 0.95) is not reached, an
// `it.fails` says so and will fail — turn it into a plain `it` — the day it is.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../core/config.ts';
import { loadProfile } from '../../core/profiles/load.ts';
import { HybridClassifier } from '../model/hybrid-classifier.ts';
import { trainModel } from '../model/train.ts';
import { MIN_CONFIDENCE } from '../rules-classifier.ts';
import { loadCorpus } from './corpus.ts';
import { evaluateClassifier } from './evaluate.ts';
import { splitCorpus } from './split.ts';

interface Expectation {
  id: string;
  natureF1: number;
  /** The floor for urgent recall on the held-out split (below 0.95: the issue figure is not reached). */
  urgentRecall: number;
  /** Hand-written messages (in no corpus file): text → expected nature and queue. */
  examples: { text: string; nature: string; queue: string }[];
}

const PROFILES: Expectation[] = [
  {
    id: 'ville-mont-saint-hilaire',
    natureF1: 0.83, // 0.861 today
    urgentRecall: 0.95, // 8 of 8
    examples: [
      { text: 'Bonjour, la lumière de rue devant le 14 rue Forest est brûlée depuis une semaine, merci de la changer.', nature: 'eclairage', queue: 'travaux-publics' },
      { text: "Bonjour, quand commencent les inscriptions au camp de jour de la Ville cet été? Merci.", nature: 'parcs_loisirs', queue: 'loisir-culture' },
      { text: "Mon compte de taxes foncières a augmenté de 20 % sans explication. Pouvez-vous m'expliquer le calcul?", nature: 'taxation', queue: 'finances' },
      { text: 'Ai-je besoin d’un permis pour construire une clôture de bois dans ma cour arrière?', nature: 'urbanisme_environnement', queue: 'amenagement-territoire' },
    ],
  },
  {
    id: 'mamh',
    natureF1: 0.77, // 0.793 today (see the it.fails below)
    urgentRecall: 0.95, // 6 of 6
    examples: [
      { text: "J'attends depuis cinq mois une réponse à ma demande et je n'ai jamais reçu d'accusé de réception.", nature: 'normes_service', queue: 'responsable-plaintes' },
      { text: 'La lettre du Ministère contient une erreur : le montant inscrit est 1 500 $ au lieu de 15 000 $. Merci de corriger.', nature: 'erreur', queue: 'responsable-plaintes' },
    ],
  },
  {
    id: 'cjef',
    natureF1: 0.72, // 0.748 today (see the it.fails below)
    urgentRecall: 0.95, // 5 of 5
    examples: [
      { text: 'Ma conseillère a parlé de ma situation à mon employeur sans mon consentement. Mes informations personnelles devaient rester confidentielles.', nature: 'confidentialite', queue: 'direction-generale' },
      { text: "Ça fait un mois que j'attends mon premier rendez-vous avec un conseiller et personne ne me rappelle.", nature: 'delais', queue: 'direction-generale' },
    ],
  },
];

for (const p of PROFILES) {
  const profile = loadProfile(path.join(REPO_ROOT, 'profiles'), p.id);
  const { train, test } = splitCorpus(loadCorpus(profile.id));
  const model = trainModel(profile, train, { createdAt: '2026-01-15T12:00:00.000Z' });
  const classifier = new HybridClassifier(profile, model);
  const report = evaluateClassifier(profile, classifier, test, model.version, train.length);

  describe(`profile ${p.id}: held-out split of its own corpus`, () => {
    it('has a corpus of at least 20 messages per nature, with out-of-jurisdiction and urgent ones', () => {
      const all = [...train, ...test];
      for (const n of profile.natures) expect(all.filter((e) => e.nature === n.code).length, n.code).toBeGreaterThanOrEqual(20);
      expect(all.some((e) => e.admissibility === 'hors_competence' && profile.referrals.some((r) => r.body === e.referral))).toBe(true);
      if (profile.urgencyReasons.length) expect(all.filter((e) => e.urgency === 'urgente').length).toBeGreaterThanOrEqual(10);
    });

    it(`nature macro-F1 ≥ ${p.natureF1}`, () => {
      expect(report.heads.nature.macroF1).toBeGreaterThanOrEqual(p.natureF1);
    });

    it(`urgent recall ≥ ${p.urgentRecall}`, () => {
      expect(report.urgentRecall).toBeGreaterThanOrEqual(p.urgentRecall);
    });

    if (p.urgentRecall < 0.95) {
      it.fails('urgent recall ≥ 0.95 (issue figure, not yet reached)', () => {
        expect(report.urgentRecall).toBeGreaterThanOrEqual(0.95);
      });
    }
    if (p.natureF1 < 0.8) {
      // CJEF 0.748 on 70 held-out messages, MAMH 0.793 on 73: their natures overlap more (a
      // delay caused by an error, a confidentiality breach by a rude employee) and their corpora
      // are a tenth of the OMH's.
      it.fails('nature macro-F1 ≥ 0.80 (issue figure, not yet reached)', () => {
        expect(report.heads.nature.macroF1).toBeGreaterThanOrEqual(0.8);
      });
    }

    it("routes every held-out message by the profile's own nature → queue table", () => {
      const queues = new Set(profile.queues.map((q) => q.id));
      for (const e of test) {
        const c = classifier.classify({ subject: e.subject, text: e.text, channel: e.channel, textConfidence: null });
        expect(queues.has(c.queue)).toBe(true);
        if (c.admissibility !== 'recevable') expect(c.queue).toBe(profile.inadmissibleQueue);
        else if (c.rules.some((r) => r.startsWith('file:triage'))) expect(c.queue).toBe(profile.triageQueue);
        else expect(c.queue).toBe(profile.natures.find((n) => n.code === c.nature)!.queue);
      }
    });

    it('classifies hand-written messages into the right nature and queue', () => {
      for (const ex of p.examples) {
        const c = classifier.classify({ subject: null, text: ex.text, channel: 'email', textConfidence: null });
        expect({ nature: c.nature, queue: c.queue }, ex.text).toEqual({ nature: ex.nature, queue: ex.queue });
        expect(c.confidence).toBeGreaterThanOrEqual(MIN_CONFIDENCE);
        expect(c.modelVersion).toBe(model.version);
      }
    });
  });
}
