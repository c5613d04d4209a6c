// `doleances generate [--cases N] [--out FILE] [--month AAAA-MM] [--months M] [--profile id]`: a
// realistic synthetic history (analytics/generate/) in a new DuckDB file with the warehouse
// schema, for demos and the report benchmark. Defaults: 20 000 cases over 36 months ending with
// last month, in data/demo/warehouse.duckdb (so `DOLEANCES_DATA_DIR=data/demo doleances report`
// reads it). An existing file is never overwritten.
import fs from 'node:fs';
import path from 'node:path';
import { DoleancesError } from '../../core/errors.ts';
import { calendarOf, loadProfile } from '../../core/profiles/load.ts';
import { generateHistory } from '../../analytics/generate/history.ts';
import { addMonths, monthOf, parseMonth } from '../../analytics/month.ts';
import { openWarehouse } from '../../store/warehouse.ts';
import type { CommandContext } from '../main.ts';

/**
 * `--cases 5000` or `--cases=5000`. The CLI's shared parser knows only the common options and
 * turns an unknown `--cases 5000` into a flag plus a positional, so the value is read from argv.
 */
function intOption(ctx: CommandContext, name: string, def: number, argv = process.argv): number {
  const i = argv.indexOf(`--${name}`);
  const raw = ctx.values[name];
  const text = typeof raw === 'string' ? raw : i >= 0 ? argv[i + 1] : undefined;
  if (text === undefined) return def;
  const n = Number(text.replace(/[_\s]/g, ''));
  if (!Number.isInteger(n) || n < 1) throw new DoleancesError('CLI_USAGE', `--${name} : entier positif attendu, reçu « ${text} »`);
  return n;
}

export async function run(ctx: CommandContext): Promise<number> {
  const { config, values } = ctx;
  const cases = intOption(ctx, 'cases', 20_000);
  const months = intOption(ctx, 'months', 36);
  const profile = loadProfile(config.profilesDir, typeof values.profile === 'string' ? values.profile : config.profileId);
  const lastMonth = typeof values.month === 'string' ? values.month : addMonths(monthOf(new Date(), profile.timezone), -1);
  parseMonth(lastMonth);
  const file = path.resolve(typeof values.out === 'string' ? values.out : path.join(config.dataDir, 'demo', 'warehouse.duckdb'));
  if (fs.existsSync(file)) throw new DoleancesError('CLI_USAGE', `${file} existe déjà : choisissez un autre fichier (--out) ou supprimez-le.`);
  const db = await openWarehouse(file);
  try {
    const r = await generateHistory(db, profile, calendarOf(profile), {
      cases,
      months,
      lastMonth,
      onStep: (step, ms) => process.stderr.write(`  ${step} : ${ms} ms\n`),
    });
    process.stdout.write(`${JSON.stringify({ file, profile: profile.id, ...r })}\n`);
    return 0;
  } finally {
    db.close();
  }
}
