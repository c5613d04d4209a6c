// The profile's keyword lists as model features: for each list (a nature, an urgency reason, an
// admissibility criterion, the referral table, a kind) the number of its keywords found in the
// cleaned message. The lists carry the organisation's domain knowledge that 600 examples cannot;
// the model learns how far to trust each one. Keywords are cleaned like the text (Québec forms,
// misspellings), and still match as word prefixes.
import { createHash } from 'node:crypto';
import type { Profile } from '../../core/profiles/schema.ts';
import { NUMBER_TOKEN, words, type Analysed } from './features.ts';
import { CALM_CUES } from './urgency-rules.ts';

/** A trie over keyword words: all words but the last match whole words, the last one a prefix. */
interface TrieNode {
  next: Map<string, TrieNode>;
  /** Last keyword word (matched as a prefix of a message word) → the keywords ending there. */
  ends: Map<string, { list: number; keyword: string }[]>;
}

const newNode = (): TrieNode => ({ next: new Map(), ends: new Map() });

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
  private readonly features: string[];
  private readonly root: TrieNode = newNode();
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
      // « il n'y a plus d'odeur », « la semaine passée », « c'était un test »: the urgency head
      // learns how far these take an alarming word back to an ordinary message.
      { feature: '#indice:calme', keywords: CALM_CUES },
    ].filter((l) => l.keywords.length > 0);
    // Cleaned like the text; a keyword that is only a number ("911") stays with the raw-text rules.
    // All lists share one trie, so a message is read once whatever the number of lists.
    this.features = lists.map((l) => l.feature);
    lists.forEach((l, list) => {
      for (const keyword of new Set(l.keywords.map((k) => words(k).join(' ')))) {
        if (keyword.length < 2 || keyword.includes(NUMBER_TOKEN)) continue;
        const ws = keyword.split(' ');
        let node = this.root;
        for (const w of ws.slice(0, -1)) {
          let child = node.next.get(w);
          if (!child) node.next.set(w, (child = newNode()));
          node = child;
        }
        const last = ws[ws.length - 1]!;
        const ends = node.ends.get(last) ?? [];
        ends.push({ list, keyword });
        node.ends.set(last, ends);
      }
    });
    this.digest = createHash('sha256').update(JSON.stringify(lists)).digest('hex').slice(0, 12);
  }

  /** The distinct keywords of each list found in a run of words (keyword words start at word starts). */
  private find(ws: readonly string[], into: Set<string>[]): void {
    for (let i = 0; i < ws.length; i++) {
      let node: TrieNode | undefined = this.root;
      for (let j = i; node && j < ws.length; j++) {
        const w = ws[j]!;
        if (node.ends.size) {
          for (let len = 1; len <= w.length; len++) {
            const ends = node.ends.get(len === w.length ? w : w.slice(0, len));
            if (ends) for (const e of ends) into[e.list]!.add(e.keyword);
          }
        }
        node = node.next.get(w);
      }
    }
  }

  /** For each list that matched: how many distinct keywords (the subject's counting twice). */
  hits(a: Analysed): Map<string, number> {
    const subject = this.features.map(() => new Set<string>());
    const body = this.features.map(() => new Set<string>());
    this.find(a.subject, subject);
    this.find(a.body, body);
    const out = new Map<string, number>();
    this.features.forEach((f, i) => {
      const n = 2 * subject[i]!.size + body[i]!.size;
      if (n > 0) out.set(f, n);
    });
    return out;
  }

  /** Adds one term per list that matched to a message's terms. */
  addTo(a: Analysed, terms: Map<string, number>): Map<string, number> {
    for (const [f, n] of this.hits(a)) terms.set(f, n);
    return terms;
  }
}
