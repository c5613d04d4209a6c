// Continuous improvement (seed 002, Efficacité: « identifier la cause du problème et mettre en
// place des mesures correctives »; seed 000, Bien-fondé: « prévenir d'autres situations
// similaires »): the corrective actions recorded in the month, by nature of their case, and the
// places that keep coming back — counted by a pseudonymous address key, and only when they reach
// 5 cases, so that no dwelling and no person is named.
import type { Duck } from '../../store/duck.ts';
import type { MonthlyReport } from '../model.ts';

/**
 * Corrective actions: the improvements written when a complaint is judged (case.judged.v1,
 * `improvements`; seed 001: even an unfounded complaint can lead to ways of improving), or a staff
 * action recorded as a corrective measure.
 */
const CORRECTIVE = `((type = 'case.judged.v1' AND coalesce(data->>'improvements', '') <> '')
  OR (type = 'case.staff-action.v1' AND (data->>'action') IN ('mesure_corrective', 'corrective_action')))`;

export async function corrective(db: Duck, from: string, to: string): Promise<MonthlyReport['corrective']> {
  const rows = await db.all<{ nature: string; n: string }>(
    `SELECT coalesce(c.nature, 'inconnu') AS nature, count(*) AS n
     FROM case_events e JOIN cases c USING (case_id)
     WHERE e.occurred_at >= $1::TIMESTAMPTZ AND e.occurred_at < $2::TIMESTAMPTZ AND ${CORRECTIVE.replace(/\b(type|data)\b/g, 'e.$1')}
     GROUP BY 1 ORDER BY 2 DESC, 1`,
    [from, to],
  );
  const byNature = rows.map((r) => ({ code: r.nature, n: Number(r.n) }));
  return { total: byNature.reduce((s, r) => s + r.n, 0), byNature };
}

/**
 * Places with at least 5 cases received in the month or in the twelve months ending with it,
 * counted by the store's keyed pseudonym of each case's address (address_keys, issue 7): the
 * report never sees an address, only a key that cannot be turned back into one. A merged
 * duplicate is the case it was merged into, counted once.
 */
export async function places(db: Duck, month: { from: string; to: string }, yearFrom: string): Promise<MonthlyReport['places']> {
  const rows = await db.all<{ k: string; month: string; year: string }>(
    `SELECT a.address_key AS k, count(*) FILTER (WHERE c.received_at >= $1::TIMESTAMPTZ) AS month, count(*) AS year
     FROM cases c JOIN address_keys a USING (case_id)
     WHERE c.received_at >= $3::TIMESTAMPTZ AND c.received_at < $2::TIMESTAMPTZ AND c.merged_into IS NULL
     GROUP BY 1 HAVING count(*) >= 5 ORDER BY month DESC, year DESC, k`,
    [month.from, month.to, yearFrom],
  );
  return rows.map((r) => ({ key: String(r.k).slice(0, 8), label: `Adresse ${String(r.k).slice(0, 6)}`, month: Number(r.month), year: Number(r.year) }));
}
