// Intake events for the Kafka suites, built as the drop folder builds them (parse, archive,
// seal) from the synthetic letters of test/helpers/generate.ts, then published straight to the
// intake topic: the fault tests exercise classify and store, not the connectors.
import crypto from 'node:crypto';
import path from 'node:path';
import type { Config } from '../../../core/config.ts';
import { createKeyring, type Keyring } from '../../../core/crypto/keyring.ts';
import type { EventOf } from '../../../core/events/schemas.ts';
import { buildIntakeReceived } from '../../../ingest/intake.ts';
import { archiveBytes } from '../../../ingest/archive.ts';
import { parseRaw } from '../../../ingest/parse/index.ts';
import { syntheticLetter } from '../../helpers/generate.ts';

export type Intake = EventOf<'intake.received.v1'>;

/** A data key shared by every process of one test (DOLEANCES_DATA_KEYS), as in production. */
export function newDataKeys(id = 'k1'): string {
  return `${id}:${crypto.randomBytes(32).toString('base64')}`;
}

export function keyringOf(spec: string): Keyring {
  return createKeyring(spec.split(',').map((pair) => {
    const [id, b64] = pair.split(':', 2) as [string, string];
    return { id, key: Buffer.from(b64, 'base64') };
  }));
}

/** Letters `from` … `from + n - 1` as intake.received.v1 events, sealed with `keys`. */
export async function buildIntakes(config: Config, keys: string, n: number, from = 0, connector = 'kafka-test'): Promise<Intake[]> {
  const keyring = keyringOf(keys);
  const ctx = { keyring, profileId: config.profileId, archiveRoot: path.join(config.dataDir, 'archive'), connector };
  const out: Intake[] = [];
  for (let i = from; i < from + n; i++) {
    const l = syntheticLetter(i);
    const bytes = Buffer.from(l.text);
    const parsed = await parseRaw(l.name, bytes);
    out.push(await buildIntakeReceived(ctx, parsed, await archiveBytes(ctx.archiveRoot, keyring, bytes), 'text/plain', { file: l.name }, new Date()));
  }
  return out;
}
