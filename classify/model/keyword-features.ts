// The profile's keyword lists as model features: for each list (a nature, an urgency reason, an
// admissibility criterion, the referral table, a kind) the number of its keywords found in the
// cleaned message. The lists carry the organisation's domain knowledge that 600 examples cannot;
// the model learns how far to trust each one. Keywords are cleaned like the text (Québec forms,
// misspellings), and still match as word prefixes.
import { createHash } from 'node:crypto';
import type { Profile } from '../../core/profiles/schema.ts';
import { keywordMatcher } from '../normalise.ts';
import { NUMBER_TOKEN, words, type Analysed } from './features.ts';

type Matcher = (text: string) => string[];

/**
 * Words that say "now, it is serious" whatever the reason: not a profile list (no reason code to
 * give), but a feature the urgency heads may weigh.
 */
const URGENCY_CUES = [
  'urgent', 'urgence', "aujourd'hui", 'ce soir', 'cette nuit', 'tout de suite', 'immediatement', 'au plus vite', 'vite',
  'en ce moment', 'maintenant', 'a l\'instant', 'peur', 'danger', 'dangereu', '911', 'police', 'ambulance', 'pompier',
  'aidez-moi', 'aidez-nous', 'au secours', 'a l\'aide', 'sans attendre', "avant qu'il", 'grave', 'blesse', 'hopital',
];

export class KeywordFeatures {
  private readonly lists: { feature: string; match: Matcher }[];
  /** Identifies the keyword lists a model was trained with. */
  readonly digest: string;

  constructor(profile: Profile) {
    const lists: { feature: string; keywords: string[] }[] = [
      ...profile.natures.map((n) => ({ feature: `#kw:nature:${n.code}`, keywords: n.keywords })),
      ...profile.urgencyReasons.map((u) => ({ feature: `#kw:urgence:${u.code}`, keywords: u.keywords })),
      ...profile.admissibility.map((a) => ({ feature: `#kw:recevabilite:${a.code}`, keywords: a.keywords })),
      { feature: '#kw:renvoi', keywords: profile.referrals.flatMap((r) => r.keywords) },
      ...profile.kinds.map((k) => ({ feature: `#kw:type:${k.code}`, keywords: k.keywords })),
      { feature: '#indice:urgence', keywords: URGENCY_CUES },
    ].filter((l) => l.keywords.length > 0);
    // Cleaned like the text; a keyword that is only a number ("911") stays with the raw-text rules.
    const clean = (k: string) => words(k).join(' ');
    this.lists = lists.map((l) => ({ feature: l.feature, match: keywordMatcher(l.keywords.map(clean).filter((k) => k.length >= 2 && !k.includes(NUMBER_TOKEN))) }));
    this.digest = createHash('sha256').update(JSON.stringify(lists)).digest('hex').slice(0, 12);
  }

  /** For each list that matched: how many distinct keywords (the subject's counting twice). */
  hits(a: Analysed): Map<string, number> {
    const subject = a.subject.join(' ');
    const body = a.body.join(' ');
    const out = new Map<string, number>();
    for (const l of this.lists) {
      const n = 2 * l.match(subject).length + l.match(body).length;
      if (n > 0) out.set(l.feature, n);
    }
    return out;
  }

  /** Adds one term per list that matched to a message's terms. */
  addTo(a: Analysed, terms: Map<string, number>): Map<string, number> {
    for (const [f, n] of this.hits(a)) terms.set(f, n);
    return terms;
  }
}
