import { describe, expect, it } from 'vitest';
import { loadCorpus } from './corpus.ts';
import { nearDuplicates } from './leakage.ts';
import { splitCorpus } from './split.ts';

const PROFILES = ['omh-trois-rivieres', 'cjef', 'mamh', 'ville-mont-saint-hilaire'];

describe('leakage between the training and test splits', () => {
  it('finds a lightly edited copy and leaves different messages alone', () => {
    const [a, b] = loadCorpus('omh-trois-rivieres');
    const copy = { ...a!, id: 'copie', text: a!.text.replace(/\d{3}-\d{4}/g, '555-0000').replace(/Bonjour,?/, 'Allô,') };
    const found = nearDuplicates([a!, b!], [copy]);
    expect(found.map((d) => d.train)).toEqual([a!.id]);
    expect(found[0]!.similarity).toBeGreaterThan(0.5);
  });

  it.each(PROFILES)('no held-out message of %s is a near copy of a training message', (profile) => {
    const { train, test } = splitCorpus(loadCorpus(profile));
    expect(nearDuplicates(train, test, 0.5)).toEqual([]);
  });
});
