// The deterministic held-out split: within each stratum (nature × urgency), messages ordered by a
// hash of their id, the first 20 % go to the test split. Adding messages to the corpus moves few
// others; staff corrections only ever join the training side.
import { createHash } from 'node:crypto';
import type { LabelledExample } from '../model/train.ts';

export const TEST_FRACTION = 0.2;

function idHash(id: string): string {
  return createHash('sha1').update(`doleances-split:${id}`).digest('hex');
}

export function stratumOf(e: LabelledExample): string {
  return `${e.nature}|${e.urgency}`;
}

export function splitCorpus(examples: readonly LabelledExample[], testFraction = TEST_FRACTION): { train: LabelledExample[]; test: LabelledExample[] } {
  const strata = new Map<string, { e: LabelledExample; h: string }[]>();
  for (const e of examples) {
    if (!e.id) throw new Error('un exemple du corpus sans identifiant ne peut pas être réparti');
    const s = strata.get(stratumOf(e)) ?? [];
    s.push({ e, h: idHash(e.id) });
    strata.set(stratumOf(e), s);
  }
  const testIds = new Set<string>();
  for (const members of strata.values()) {
    members.sort((a, b) => (a.h < b.h ? -1 : a.h > b.h ? 1 : 0));
    const n = Math.round(members.length * testFraction);
    members.slice(0, n).forEach(({ e }) => testIds.add(e.id!));
  }
  return { train: examples.filter((e) => !testIds.has(e.id!)), test: examples.filter((e) => testIds.has(e.id!)) };
}
