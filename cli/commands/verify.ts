// `doleances verify`: checks every case's hash chain; exit 1 and a list of breaks when tampered.
import { openWarehouse } from '../../store/warehouse.ts';
import { verifyChains } from '../../store/verify.ts';
import type { CommandContext } from '../main.ts';

export async function run({ config, values }: CommandContext): Promise<number> {
  const db = await openWarehouse(config.paths.warehouse, { readOnly: true });
  try {
    const r = await verifyChains(db);
    if (values.json) process.stdout.write(`${JSON.stringify(r)}\n`);
    else if (r.breaks.length === 0) process.stdout.write(`Intègre : ${r.cases} dossiers, ${r.events} événements vérifiés.\n`);
    else for (const b of r.breaks) process.stdout.write(`ALTÉRÉ : dossier ${b.caseId}, événement n° ${b.seq} (${b.eventId}) : ${b.problem}\n`);
    return r.breaks.length ? 1 : 0;
  } finally {
    db.close();
  }
}
