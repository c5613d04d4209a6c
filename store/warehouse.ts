// Opening the warehouse: the DuckDB file, its schema, and the projector that owns it.
import fs from 'node:fs';
import path from 'node:path';
import { Duck } from './duck.ts';
import { Projector } from './projector.ts';
import { SCHEMA_SQL, SCHEMA_VERSION } from './schema.ts';

export const STORE_CONSUMER = 'store';

export async function openWarehouse(file: string, opts: { readOnly?: boolean } = {}): Promise<Duck> {
  if (!opts.readOnly) fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = await Duck.open(file, opts);
  if (!opts.readOnly) {
    await db.run(SCHEMA_SQL);
    await db.run(`INSERT INTO meta VALUES ('schema_version', '${SCHEMA_VERSION}') ON CONFLICT DO NOTHING`);
  }
  return db;
}

export function projectorFor(db: Duck): Projector {
  return new Projector(db, STORE_CONSUMER);
}
