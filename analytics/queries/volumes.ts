// Received and handled (closed) cases of the month by kind, nature, channel and urgency, with the
// admissibility decisions and referrals to other bodies of the cases received, and the outcomes of
// the cases closed. One scan per population (GROUPING SETS), whatever the warehouse's size.
// A duplicate merged into another case (cases.merged_into) is not a case of its own: it is neither
// received nor handled (seed 000, §5 Rapport: « les types de plaintes reçus et traités »), only the
// case it was merged into is.
import type { Duck } from '../../store/duck.ts';
import { DIMENSIONS, type Volume } from '../model.ts';
import type { Row } from '../suppress.ts';

type Grouped = Record<string, string | null> & { n: string | number; g: string | number };

const UNKNOWN = 'inconnu';

async function grouped(db: Duck, column: 'received_at' | 'closed_at', dims: readonly string[], from: string, to: string): Promise<Map<string, Row[]>> {
  const sets = dims.map((d) => `(${d})`).join(', ');
  const rows = await db.all<Grouped>(
    `SELECT ${dims.join(', ')}, grouping(${dims.join(', ')}) AS g, count(*) AS n
     FROM cases WHERE ${column} >= $1::TIMESTAMPTZ AND ${column} < $2::TIMESTAMPTZ AND merged_into IS NULL
     GROUP BY GROUPING SETS (${sets}, ())`,
    [from, to],
  );
  const out = new Map<string, Row[]>(dims.map((d) => [d, []]));
  out.set('', []);
  const width = dims.length;
  for (const r of rows) {
    const g = Number(r.g);
    // grouping() sets a bit for every column NOT in the set; the one clear bit names the dimension.
    const i = dims.findIndex((_, k) => (g & (1 << (width - 1 - k))) === 0);
    const dim = i < 0 ? '' : dims[i]!;
    out.get(dim)!.push({ code: i < 0 ? 'total' : (r[dim] ?? UNKNOWN), n: Number(r.n) });
  }
  for (const list of out.values()) list.sort((a, b) => b.n - a.n || a.code.localeCompare(b.code));
  return out;
}

function volume(g: Map<string, Row[]>): Volume {
  const by = Object.fromEntries(DIMENSIONS.map((d) => [d, g.get(d) ?? []])) as Volume['by'];
  return { total: g.get('')?.[0]?.n ?? 0, by };
}

export async function volumes(db: Duck, from: string, to: string) {
  const r = await grouped(db, 'received_at', [...DIMENSIONS, 'admissibility', 'referral'], from, to);
  const h = await grouped(db, 'closed_at', [...DIMENSIONS, 'outcome'], from, to);
  return {
    received: volume(r),
    handled: volume(h),
    admissibility: r.get('admissibility') ?? [],
    referrals: await referrals(db, from, to),
    outcomes: h.get('outcome') ?? [],
  };
}

/**
 * Referrals to other bodies (seed 000: « Ne constitue pas une plainte : une demande relevant de la
 * compétence d'un organisme autre »; seed 001's referral table): the cases referred by staff in the
 * month (case.referred.v1, its body), and the cases received in the month that classification
 * already sent elsewhere and no staff referral overrode.
 */
async function referrals(db: Duck, from: string, to: string): Promise<Row[]> {
  const rows = await db.all<{ body: string; n: string }>(
    `WITH ev AS (
       SELECT case_id, arg_max(data->>'body', occurred_at) AS body FROM case_events
       WHERE type = 'case.referred.v1' AND occurred_at >= $1::TIMESTAMPTZ AND occurred_at < $2::TIMESTAMPTZ GROUP BY case_id),
     cl AS (
       SELECT case_id, referral AS body FROM cases
       WHERE received_at >= $1::TIMESTAMPTZ AND received_at < $2::TIMESTAMPTZ AND referral IS NOT NULL AND merged_into IS NULL
         AND case_id NOT IN (SELECT case_id FROM ev)
         AND case_id NOT IN (SELECT case_id FROM case_events WHERE type = 'case.referred.v1'))
     SELECT body, count(*) AS n FROM (SELECT * FROM ev UNION ALL SELECT * FROM cl) GROUP BY body ORDER BY n DESC, body`,
    [from, to],
  );
  return rows.map((r) => ({ code: r.body, n: Number(r.n) }));
}
