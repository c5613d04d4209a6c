// The profile's keyword lists as model features: for each list (a nature, an urgency reason, an
// admissibility criterion, the referral table, a kind) the number of its keywords found in the
// cleaned message. The lists carry the organisation's domain knowledge that 600 examples cannot;
// the model learns how far to trust each one. Keywords are cleaned like the text (Québec forms,
// misspellings), and still match as word prefixes.
import { createHash } from 'node:crypto';
import type { Profile } from '../../core/profiles/schema.ts';
import { keywordMatcher } from '../normalise.ts';
import { words, type Analysed } from './features.ts';

type Matcher = (text: string) => string[];

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
    ].filter((l) => l.keywords.length > 0);
    this.lists = lists.map((l) => ({ feature: l.feature, match: keywordMatcher(l.keywords.map((k) => words(k).join(' ')).filter((k) => k.length >= 2)) }));
    this.digest = createHash('sha256').update(JSON.stringify(lists)).digest('hex').slice(0, 12);
  }

  /** Adds one term per list that matched, counting distinct keywords (the subject's twice). */
  addTo(a: Analysed, terms: Map<string, number>): Map<string, number> {
    const subject = a.subject.join(' ');
    const body = a.body.join(' ');
    for (const l of this.lists) {
      const hits = 2 * l.match(subject).length + l.match(body).length;
      if (hits > 0) terms.set(l.feature, hits);
    }
    return terms;
  }
}
