// `doleances quarantine [--json]`: every received message that did not become a case, with its
// reason (quarantine, auto-reply, bounce, duplicate, orphan reply). Reads the warehouse read-only.
import { formatDateTime } from '../../core/i18n/format.ts';
import { listDispositions } from '../../store/queries.ts';
import { openWarehouse } from '../../store/warehouse.ts';
import type { CommandContext } from '../main.ts';

export async function run({ config, values }: CommandContext): Promise<number> {
  const db = await openWarehouse(config.paths.warehouse, { readOnly: true });
  try {
    const rows = await listDispositions(db);
    if (values.json) {
      for (const r of rows) process.stdout.write(`${JSON.stringify(r)}\n`);
    } else if (rows.length === 0) {
      process.stdout.write('Aucun message en quarantaine ou écarté.\n');
    } else {
      for (const r of rows) {
        process.stdout.write(`${formatDateTime(r.received_at)}  ${r.disposition.padEnd(12)} ${r.error_code ?? ''}  ${r.reason ?? ''}${r.quarantine_path ? `  [${r.quarantine_path}]` : ''}\n`);
      }
    }
    return 0;
  } finally {
    db.close();
  }
}
