// Opening the warehouse: the DuckDB file, its schema, and the projector that owns it. A file of an
// older schema is set aside (kept as a backup) and a fresh one created: the store then projects the
// whole log into it from offset 0, since its offsets live in the file (README: « replay »); a file
// whose schema only lacks new tables (store/schema.ts ADDITIVE_SINCE) gains them in place.
import fs from 'node:fs';
import path from 'node:path';
import { DoleancesError } from '../core/errors.ts';
import { createStaging } from './batch-writer.ts';
import { Duck } from './duck.ts';
import { Projector, type ProjectorOptions } from './projector.ts';
import { ADDITIVE_SINCE, SCHEMA_SQL, SCHEMA_VERSION } from './schema.ts';

export const STORE_CONSUMER = 'store';

async function versionOf(db: Duck): Promise<number | null> {
  const meta = await db.one<{ n: string }>(`SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'meta'`);
  if (!meta || Number(meta.n) === 0) return null;
  const row = await db.one<{ value: string }>(`SELECT value FROM meta WHERE key = 'schema_version'`);
  return row ? Number(row.value) : null;
}

export async function openWarehouse(file: string, opts: { readOnly?: boolean } = {}): Promise<Duck> {
  if (!opts.readOnly) fs.mkdirSync(path.dirname(file), { recursive: true });
  let db = await Duck.open(file, opts);
  const version = await versionOf(db);
  // A file ADDITIVE_SINCE or newer only lacks tables SCHEMA_SQL creates (empty, as its log requires).
  const rebuild = version !== null && version < ADDITIVE_SINCE;
  if (version !== null && version < SCHEMA_VERSION && (rebuild || opts.readOnly)) {
    if (opts.readOnly) {
      db.close();
      throw new DoleancesError('STORE_FAILED', `L'entrepôt ${file} est au schéma ${version} (attendu : ${SCHEMA_VERSION}) : démarrez Doléances une fois pour le mettre à jour${rebuild ? ' (reconstruit à partir du journal)' : ''}, ou lancez « doleances replay ».`);
    }
    db.close();
    const backup = `${file}.schema${version}.${new Date().toISOString().replace(/[:.]/g, '-')}.bak`;
    fs.renameSync(file, backup);
    fs.rmSync(`${file}.wal`, { force: true });
    db = await Duck.open(file, opts);
  }
  if (!opts.readOnly) {
    await db.run(SCHEMA_SQL);
    await db.run(`INSERT INTO meta VALUES ('schema_version', '${SCHEMA_VERSION}') ON CONFLICT DO NOTHING`);
    if (version !== null && version < SCHEMA_VERSION) await db.run(`UPDATE meta SET value = '${SCHEMA_VERSION}' WHERE key = 'schema_version'`);
    await createStaging(db);
  }
  return db;
}

export function projectorFor(db: Duck, opts: ProjectorOptions = {}): Projector {
  return new Projector(db, STORE_CONSUMER, opts);
}
