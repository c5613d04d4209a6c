// `doleances report --month YYYY-MM [--out DIR] [--profile id]`: the monthly board report as
// HTML (and its aggregates as JSON) in DIR, by default data/reports/YYYY-MM/.
import fs from 'node:fs/promises';
import path from 'node:path';
import { DoleancesError } from '../../core/errors.ts';
import { loadProfile } from '../../core/profiles/load.ts';
import { computeMonthlyReport, renderMonthlyReportHtml } from '../../analytics/monthly-report.ts';
import { openWarehouse } from '../../store/warehouse.ts';
import type { CommandContext } from '../main.ts';

export async function run({ config, values }: CommandContext): Promise<number> {
  const month = values.month;
  if (typeof month !== 'string') throw new DoleancesError('CLI_USAGE', 'Usage : doleances report --month AAAA-MM [--out DOSSIER]');
  const profile = loadProfile(config.profilesDir, typeof values.profile === 'string' ? values.profile : config.profileId);
  const out = typeof values.out === 'string' ? path.resolve(values.out) : path.join(config.paths.reports, month);
  const db = await openWarehouse(config.paths.warehouse, { readOnly: true });
  try {
    const report = await computeMonthlyReport(db, profile, month);
    await fs.mkdir(out, { recursive: true });
    const html = path.join(out, `rapport-${profile.id}-${month}.html`);
    await fs.writeFile(html, renderMonthlyReportHtml(report, profile));
    await fs.writeFile(path.join(out, `rapport-${profile.id}-${month}.json`), `${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(`${html}\n`);
    return 0;
  } finally {
    db.close();
  }
}
