// Leakage between the two sides of the held-out split: a test message that is a near copy of a
// training message measures memory, not generalisation. Messages are compared by their word
// 3-shingles (folded text, numbers and names included: two messages that share a long run of words
// are copies whoever the sender is); Jaccard similarity through an inverted index, so a corpus of
// thousands is checked in well under a second.
import { normalise } from '../normalise.ts';
import type { LabelledExample } from '../model/train.ts';

export interface NearDuplicate {
  test: string;
  train: string;
  similarity: number;
}

function shingles(e: LabelledExample): Set<string> {
  const ws = normalise(`${e.subject ?? ''} ${e.text}`)
    .replace(/[^a-z0-9' ]/g, ' ')
    .split(' ')
    .filter(Boolean);
  const out = new Set<string>();
  for (let i = 0; i + 3 <= ws.length; i++) out.add(`${ws[i]} ${ws[i + 1]} ${ws[i + 2]}`);
  return out;
}

/** Every (test, train) pair whose shingle sets have a Jaccard similarity at or above `threshold`. */
export function nearDuplicates(train: readonly LabelledExample[], test: readonly LabelledExample[], threshold = 0.5): NearDuplicate[] {
  const trainSets = train.map(shingles);
  const index = new Map<string, number[]>();
  trainSets.forEach((s, i) => {
    for (const sh of s) {
      const postings = index.get(sh);
      if (postings) postings.push(i);
      else index.set(sh, [i]);
    }
  });
  const out: NearDuplicate[] = [];
  for (const t of test) {
    const s = shingles(t);
    const shared = new Map<number, number>();
    for (const sh of s) for (const i of index.get(sh) ?? []) shared.set(i, (shared.get(i) ?? 0) + 1);
    for (const [i, n] of shared) {
      const similarity = n / (s.size + trainSets[i]!.size - n);
      if (similarity >= threshold) out.push({ test: t.id ?? '?', train: train[i]!.id ?? '?', similarity: Math.round(similarity * 1000) / 1000 });
    }
  }
  return out.sort((a, b) => b.similarity - a.similarity);
}
