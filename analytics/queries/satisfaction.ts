// Satisfaction (seed 002, Suivi: « s'assurer que le client est satisfait de la solution apportée »;
// seed 004: « mesurer périodiquement la satisfaction »): the surveys sent in the month (a cohort),
// how many were answered, the scores 1–5, and the themes of the comments (never their text).
// Read from the case file: `case.survey-sent.v1` and `case.survey-answered.v1` events, the first
// answer of a case only.
import type { Keyring } from '../../core/crypto/keyring.ts';
import { open } from '../../core/crypto/sealed.ts';
import type { Duck } from '../../store/duck.ts';
import { VaultReader } from '../../store/vault.ts';
import type { MonthlyReport } from '../model.ts';
import { themesOf } from '../themes.ts';

const SENT = 'case.survey-sent.v1';
const ANSWERED = 'case.survey-answered.v1';

/** One row per case surveyed: when sent, and the first answer's score, comment flag and themes. */
const COHORT = `
  sent AS (
    SELECT case_id, min(occurred_at) AS sent_at FROM case_events
    WHERE type = '${SENT}' AND occurred_at >= $1::TIMESTAMPTZ AND occurred_at < $2::TIMESTAMPTZ GROUP BY case_id),
  ans AS (
    SELECT case_id, arg_min(CAST(data->>'score' AS INTEGER), occurred_at) AS score,
           arg_min(data->>'comment', occurred_at) AS comment, arg_min(event_id, occurred_at) AS answer_event_id,
           arg_min(CAST(data->'themes' AS VARCHAR[]), occurred_at) AS themes
    FROM case_events WHERE type = '${ANSWERED}' AND occurred_at >= $1::TIMESTAMPTZ AND case_id IN (SELECT case_id FROM sent)
    GROUP BY case_id),
  cohort AS (SELECT s.case_id, s.sent_at, a.score, coalesce(a.comment, '') <> '' AS has_comment, a.comment, a.themes, a.answer_event_id FROM sent s LEFT JOIN ans a USING (case_id))`;

interface CommentRow {
  comment: string;
  themes: string[] | null;
  subject_id: string | null;
  ref: string | null;
  field: string | null;
  sealed: string | null;
  pending: boolean | null;
}

/**
 * The themes of one comment: those stored with the answer when there are any, else the comment
 * opened in memory (from the contact vault, or sealed in the event) and matched against the
 * keyword groups; never kept, never logged. « autre » when nothing matches or it can't be opened
 * (a destroyed contact key: Law 25 crypto-shredding).
 */
async function commentThemes(c: CommentRow, vault: VaultReader | null, keyring: Keyring | undefined): Promise<string[]> {
  if (c.themes?.length) return c.themes;
  try {
    let text: string | null = null;
    if (vault && c.sealed && c.subject_id && c.ref && c.field) text = await vault.open({ subject_id: c.subject_id, ref: c.ref, field: c.field, sealed: c.sealed, pending: c.pending });
    else if (keyring && c.comment.startsWith('s1.')) text = open(keyring, c.comment);
    const t = themesOf(text);
    if (t.length) return t;
  } catch {
    // destroyed or foreign key: counted, not themed
  }
  return ['autre'];
}

export async function satisfaction(db: Duck, from: string, to: string, keyring?: Keyring): Promise<MonthlyReport['satisfaction']> {
  const head = await db.one<Record<string, string | null>>(
    `WITH ${COHORT}
     SELECT count(*) AS sent, count(score) AS answered, coalesce(sum(score), 0) AS score_sum,
            count(*) FILTER (WHERE has_comment) AS with_comment,
            ${[1, 2, 3, 4, 5].map((s) => `count(*) FILTER (WHERE score = ${s}) AS s${s}`).join(', ')}
     FROM cohort`,
    [from, to],
  );
  const hasVault = Boolean(await db.one(`SELECT 1 AS x FROM duckdb_tables() WHERE table_name = 'vault'`));
  const comments = await db.all<CommentRow>(
    hasVault && keyring
      ? `WITH ${COHORT} SELECT c.comment, c.themes, v.subject_id, v.ref, v.field, v.sealed, v.pending FROM cohort c
         LEFT JOIN vault v ON v.ref = c.answer_event_id AND v.field = 'comment' WHERE c.has_comment`
      : `WITH ${COHORT} SELECT comment, themes, NULL AS subject_id, NULL AS ref, NULL AS field, NULL AS sealed, NULL AS pending FROM cohort WHERE has_comment`,
    [from, to],
  );
  const vault = hasVault && keyring ? new VaultReader(db, keyring) : null;
  const counts = new Map<string, number>();
  for (const c of comments) for (const t of new Set(await commentThemes(c, vault, keyring))) counts.set(t, (counts.get(t) ?? 0) + 1);
  return {
    sent: Number(head?.sent ?? 0),
    answered: Number(head?.answered ?? 0),
    scoreSum: Number(head?.score_sum ?? 0),
    withComment: Number(head?.with_comment ?? 0),
    scores: [1, 2, 3, 4, 5].map((s) => ({ code: String(s), n: Number(head?.[`s${s}`] ?? 0) })),
    themes: [...counts].map(([code, n]) => ({ code, n })).sort((a, b) => b.n - a.n || a.code.localeCompare(b.code)),
  };
}

/** Answers and score sums per month of sending, for the trend (month keys « AAAA-MM », local). */
export async function satisfactionByMonth(db: Duck, tz: string, from: string, to: string): Promise<Map<string, { answered: number; scoreSum: number }>> {
  const rows = await db.all<{ m: string; answered: string; score_sum: string | null }>(
    `WITH ${COHORT}
     SELECT strftime(timezone('${tz.replace(/'/g, '')}', sent_at), '%Y-%m') AS m, count(score) AS answered, sum(score) AS score_sum
     FROM cohort GROUP BY 1`,
    [from, to],
  );
  return new Map(rows.map((r) => [r.m, { answered: Number(r.answered), scoreSum: Number(r.score_sum ?? 0) }]));
}
