// What the fault suites assert once the store has stopped: read the DuckDB file it left.
import path from 'node:path';
import { openWarehouse } from '../../../store/warehouse.ts';

export interface WarehouseCounts {
  cases: number;
  distinctCases: number;
  intakesAsCases: number;
  duplicateKeys: number;
  casesOpenedEvents: number;
}

export async function warehouseCounts(dataDir: string): Promise<WarehouseCounts> {
  const db = await openWarehouse(path.join(dataDir, 'warehouse.duckdb'), { readOnly: true });
  try {
    const [row] = await db.all<Record<keyof WarehouseCounts, string>>(
      `SELECT (SELECT count(*) FROM cases) AS cases,
              (SELECT count(DISTINCT case_id) FROM cases) AS distinctCases,
              (SELECT count(*) FROM intakes WHERE disposition = 'case') AS intakesAsCases,
              (SELECT count(*) FROM (SELECT idempotency_key FROM intakes GROUP BY 1 HAVING count(*) > 1)) AS duplicateKeys,
              (SELECT count(*) FROM case_events WHERE type = 'case.opened.v1') AS casesOpenedEvents`,
    );
    return Object.fromEntries(Object.entries(row!).map(([k, v]) => [k, Number(v)])) as unknown as WarehouseCounts;
  } finally {
    db.close();
  }
}
