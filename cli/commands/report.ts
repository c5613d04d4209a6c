// `doleances report --month AAAA-MM [--profile id] [--out DIR] [--no-pdf]`: the board's monthly
// report (analytics/write-report.ts) as HTML, PDF, JSON, CSV and Parquet in DIR, by default
// data/reports/AAAA-MM/. Prints the HTML file's path on stdout, the other files on stderr.
import path from 'node:path';
import { openKeyring } from '../../core/crypto/keyring.ts';
import { DoleancesError } from '../../core/errors.ts';
import { calendarOf, loadProfile } from '../../core/profiles/load.ts';
import { parseMonth } from '../../analytics/month.ts';
import { writeMonthlyReport } from '../../analytics/write-report.ts';
import { openWarehouse } from '../../store/warehouse.ts';
import type { CommandContext } from '../main.ts';

export async function run({ config, values }: CommandContext): Promise<number> {
  const month = values.month;
  if (typeof month !== 'string') throw new DoleancesError('CLI_USAGE', 'Usage : doleances report --month AAAA-MM [--profile <id>] [--out DOSSIER] [--no-pdf]');
  parseMonth(month);
  const profile = loadProfile(config.profilesDir, typeof values.profile === 'string' ? values.profile : config.profileId);
  const dir = typeof values.out === 'string' ? path.resolve(values.out) : path.join(config.paths.reports, month);
  const db = await openWarehouse(config.paths.warehouse, { readOnly: true });
  try {
    const { files } = await writeMonthlyReport({
      db,
      profile,
      calendar: calendarOf(profile),
      month,
      dir,
      pdf: values['no-pdf'] !== true && process.argv.indexOf('--no-pdf') < 0,
      keyring: openKeyring(config),
    });
    process.stdout.write(`${files.html}\n`);
    for (const f of [files.pdf, files.json, files.csv, files.parquet]) if (f) process.stderr.write(`${f}\n`);
    return 0;
  } finally {
    db.close();
  }
}
