// `doleances classify --profile <id>`: JSON Lines in on stdin ({"id","channel","subject","text"}),
// one JSON line out per input with the decision, and nothing else on stdout. A malformed line
// gets an {"id", "error"} line so the output stays aligned with the input.
import path from 'node:path';
import readline from 'node:readline';
import { DoleancesError } from '../../core/errors.ts';
import { loadProfile } from '../../core/profiles/load.ts';
import { loadClassifierFor } from '../../classify/load.ts';
import type { CommandContext } from '../main.ts';

export async function run({ config, values }: CommandContext): Promise<number> {
  const profileId = (values.profile as string | undefined) ?? config.profileId;
  if (typeof profileId !== 'string') throw new DoleancesError('CLI_USAGE', 'Usage : doleances classify --profile <id>');
  const classifier = await loadClassifierFor(loadProfile(config.profilesDir, profileId), path.join(config.dataDir, 'models'));
  const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  let failed = 0;
  for await (const line of rl) {
    if (!line.trim()) continue;
    let input: { id?: unknown; channel?: unknown; subject?: unknown; text?: unknown };
    try {
      input = JSON.parse(line) as typeof input;
    } catch {
      process.stdout.write(`${JSON.stringify({ id: null, error: 'JSON invalide' })}\n`);
      failed++;
      continue;
    }
    if (typeof input.text !== 'string') {
      process.stdout.write(`${JSON.stringify({ id: input.id ?? null, error: 'champ « text » manquant' })}\n`);
      failed++;
      continue;
    }
    const c = classifier.classify({
      subject: typeof input.subject === 'string' ? input.subject : null,
      text: input.text,
      channel: typeof input.channel === 'string' ? input.channel : 'email',
      textConfidence: null,
    });
    process.stdout.write(
      `${JSON.stringify({ id: input.id ?? null, kind: c.kind, admissibility: c.admissibility, nature: c.nature, urgency: c.urgency, urgencyReason: c.urgencyReason, queue: c.queue, confidence: c.confidence })}\n`,
    );
  }
  return failed ? 1 : 0;
}
