// The board's monthly report (seed 000, §5 Rapport: « un bilan mensuel faisant état des types de
// plaintes reçus et traités … déposé au conseil d'administration »): cases received and handled in
// the month by kind, nature, channel and urgency, in French. Aggregates only; a count from 1 to 4
// is shown as « < 5 » so that no person can be singled out.
import type { Profile } from '../core/profiles/schema.ts';
import { zonedInstant } from '../core/calendar/zoned.ts';
import { CHANNEL_LABELS, KIND_LABELS, escapeHtml as h, formatDate, label } from '../core/i18n/format.ts';
import { DoleancesError } from '../core/errors.ts';
import type { Duck } from '../store/duck.ts';

export const DIMENSIONS = ['kind', 'nature', 'channel', 'urgency'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export interface MonthlyReport {
  profileId: string;
  month: string;
  from: string;
  to: string;
  received: { total: number; by: Record<Dimension, { code: string; count: number }[]> };
  handled: { total: number; by: Record<Dimension, { code: string; count: number }[]> };
  generatedAt: string;
}

export const SUPPRESSION_THRESHOLD = 5;

export function suppress(n: number): string {
  return n > 0 && n < SUPPRESSION_THRESHOLD ? '< 5' : String(n);
}

export function monthBounds(month: string, tz: string): { from: Date; to: Date } {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!m) throw new DoleancesError('CLI_USAGE', `Mois invalide « ${month} » : format AAAA-MM attendu`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const next = mo === 12 ? `${y + 1}-01-01` : `${y}-${String(mo + 1).padStart(2, '0')}-01`;
  return { from: zonedInstant(`${month}-01`, '00:00:00', tz), to: zonedInstant(next, '00:00:00', tz) };
}

async function breakdown(db: Duck, column: string, where: string, from: string, to: string): Promise<{ code: string; count: number }[]> {
  const rows = await db.all<{ code: string | null; n: string }>(
    `SELECT coalesce(${column}, 'inconnu') AS code, count(*) AS n FROM cases WHERE ${where} >= $1::TIMESTAMPTZ AND ${where} < $2::TIMESTAMPTZ GROUP BY 1 ORDER BY 2 DESC, 1`,
    [from, to],
  );
  return rows.map((r) => ({ code: r.code ?? 'inconnu', count: Number(r.n) }));
}

export async function computeMonthlyReport(db: Duck, profile: Profile, month: string, now = new Date()): Promise<MonthlyReport> {
  const { from, to } = monthBounds(month, profile.timezone);
  const f = from.toISOString();
  const t = to.toISOString();
  const section = async (col: string) => {
    const by = {} as Record<Dimension, { code: string; count: number }[]>;
    for (const d of DIMENSIONS) by[d] = await breakdown(db, d, col, f, t);
    return { total: by.kind.reduce((s, r) => s + r.count, 0), by };
  };
  return { profileId: profile.id, month, from: f, to: t, received: await section('received_at'), handled: await section('closed_at'), generatedAt: now.toISOString() };
}

const DIMENSION_TITLES: Record<Dimension, string> = { kind: 'Par type', nature: 'Par nature', channel: 'Par canal', urgency: "Par niveau d'urgence" };

function codeLabel(p: Profile, d: Dimension, code: string): string {
  if (d === 'kind') return label(KIND_LABELS, code);
  if (d === 'channel') return label(CHANNEL_LABELS, code);
  if (d === 'urgency') return code === 'urgente' ? 'Urgente' : code === 'normale' ? 'Normale' : code;
  return p.natures.find((n) => n.code === code)?.label.fr ?? code;
}

const MONTHS_FR = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];

export function monthTitle(month: string): string {
  return `${MONTHS_FR[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`;
}

export function renderMonthlyReportHtml(r: MonthlyReport, p: Profile): string {
  const table = (title: string, s: MonthlyReport['received']) =>
    `<section><h2>${h(title)} : ${s.total}</h2>${DIMENSIONS.map(
      (d) =>
        `<h3>${DIMENSION_TITLES[d]}</h3>${
          s.by[d].length
            ? `<table><thead><tr><th scope="col">${DIMENSION_TITLES[d].replace('Par ', '').replace(/^./, (c) => c.toUpperCase())}</th><th scope="col">Nombre</th></tr></thead><tbody>${s.by[d]
                .map((row) => `<tr><td>${h(codeLabel(p, d, row.code))}</td><td>${suppress(row.count)}</td></tr>`)
                .join('')}</tbody></table>`
            : '<p>Aucun.</p>'
        }`,
    ).join('')}</section>`;
  return `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Bilan mensuel des plaintes — ${h(monthTitle(r.month))}</title>
<style>body{font:15px/1.45 system-ui,sans-serif;color:#1b1b1b;max-width:48rem;margin:2rem auto;padding:0 1rem}h1{font-size:1.5rem}h2{border-bottom:1px solid #bbb;margin-top:2rem}table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #ddd}td:last-child,th:last-child{text-align:right}.note{color:#4a4a4a;font-size:.9rem}</style></head>
<body><h1>Bilan mensuel des plaintes et requêtes — ${h(monthTitle(r.month))}</h1>
<p>${h(p.name.fr)}. Rapport au conseil d'administration (politique de traitement des plaintes, section « Rapport »).</p>
<p class="note">Période : du ${h(formatDate(r.from, p.timezone))} au ${h(formatDate(new Date(new Date(r.to).getTime() - 1), p.timezone))}. Produit le ${h(formatDate(r.generatedAt, p.timezone))}. Aucune donnée personnelle; les nombres de 1 à 4 sont indiqués « &lt; 5 » pour protéger l'identité des personnes.</p>
${table('Dossiers reçus', r.received)}
${table('Dossiers traités (fermés)', r.handled)}
</body></html>`;
}
