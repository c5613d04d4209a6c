// The aggregates under the report, as CSV and Parquet, for whoever wants to chart them again: one
// long table (mois, section, indicateur, dimension, code, libelle, periode, valeur, affichage),
// made from the published report only, so the files carry exactly the protection of the HTML:
// `valeur` is empty where the report shows « < 5 », « x » or a bound. Written by DuckDB's COPY from
// an in-memory database (the warehouse may be open read-only or by the running instance).
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { DIMENSIONS } from './model.ts';
import type { PRow, PublishedReport } from './publish.ts';
import type { Cell } from './suppress.ts';

export interface AggregateRow {
  mois: string;
  section: string;
  indicateur: string;
  dimension: string | null;
  code: string | null;
  libelle: string;
  periode: string;
  valeur: number | null;
  affichage: string;
}

export function aggregateRows(r: PublishedReport): AggregateRow[] {
  const out: AggregateRow[] = [];
  const m = r.meta.month;
  const add = (section: string, indicateur: string, libelle: string, cell: Cell, dimension: string | null = null, code: string | null = null, periode = m) =>
    out.push({ mois: m, section, indicateur, dimension, code, libelle, periode, valeur: cell.v, affichage: cell.t });
  const rows = (section: string, indicateur: string, dimension: string, list: PRow[]) => list.forEach((x) => add(section, indicateur, x.label, x.cell, dimension, x.code));
  for (const [k, cell] of Object.entries(r.headline)) add('sommaire', k, k, cell);
  for (const [section, v] of [['recus', r.received], ['traites', r.handled]] as const) {
    add(section, 'total', 'Total', v.total);
    for (const d of DIMENSIONS) rows(section, 'dossiers', d, v.by[d]);
  }
  rows('recevabilite', 'dossiers', 'recevabilite', r.admissibility);
  rows('redirections', 'dossiers', 'organisme', r.referrals);
  rows('issues', 'dossiers', 'issue', r.outcomes);
  for (const c of r.clocks) {
    add('delais', 'echeances', c.label, c.due, 'delai', c.clock);
    add('delais', 'respectees', c.label, c.inTime, 'delai', c.clock);
    add('delais', 'pourcentage_respectees', c.label, c.inTimePct, 'delai', c.clock);
    add('delais', `mediane_${c.unitCode}`, c.label, c.median, 'delai', c.clock);
    add('delais', `p90_${c.unitCode}`, c.label, c.p90, 'delai', c.clock);
  }
  add('retards', 'ouverts_fin_de_mois', 'Dossiers ouverts', r.backlog.open);
  add('retards', 'en_retard_fin_de_mois', 'Dossiers en retard', r.backlog.overdue);
  rows('retards', 'dossiers', 'retard', r.backlog.byLateness);
  add('urgences', 'recues', 'Urgences reçues', r.urgent.received);
  rows('urgences', 'urgences', 'traitement', r.urgent.rows);
  add('mesures_correctives', 'total', 'Total', r.corrective.total);
  rows('mesures_correctives', 'mesures', 'nature', r.corrective.byNature);
  const s = r.satisfaction;
  for (const [k, cell] of Object.entries({ envoyes: s.sent, reponses: s.answered, taux: s.rate, moyenne: s.mean, satisfaits: s.satisfiedPct, avec_commentaire: s.withComment })) add('satisfaction', k, k, cell);
  rows('satisfaction', 'reponses', 'note', s.scores);
  rows('satisfaction', 'commentaires', 'theme', s.themes);
  for (const n of r.recurring) {
    add('recurrence', 'moyenne_12_mois', n.label, n.average, 'nature', n.code);
    add('recurrence', 'variation_mois_precedent', n.label, n.change, 'nature', n.code);
    n.series.forEach((cell, i) => add('recurrence', 'dossiers_recus', n.label, cell, 'nature', n.code, r.trend[i]?.month ?? m));
  }
  for (const p of r.places) {
    add('lieux', 'dossiers_mois', p.label, p.month, 'lieu', p.label);
    add('lieux', 'dossiers_12_mois', p.label, p.year, 'lieu', p.label);
  }
  for (const t of r.trend) {
    add('tendance', 'recus', t.label, t.received, 'mois', t.month, t.month);
    add('tendance', 'traites', t.label, t.handled, 'mois', t.month, t.month);
    add('tendance', 'pourcentage_reponses_dans_le_delai', t.label, t.answerInTimePct, 'mois', t.month, t.month);
    add('tendance', 'satisfaction_moyenne', t.label, t.satisfaction, 'mois', t.month, t.month);
  }
  return out;
}

const sqlPath = (p: string) => `'${p.replace(/'/g, "''")}'`;

/** Writes `csv` and `parquet` with DuckDB COPY … TO. */
export async function exportAggregates(r: PublishedReport, files: { csv: string; parquet: string }): Promise<number> {
  const rows = aggregateRows(r);
  const tmpDir = await fs.mkdtemp(path.join(os.tmpdir(), 'dol-agg-'));
  const jsonl = path.join(tmpDir, 'rows.jsonl');
  await fs.writeFile(jsonl, rows.map((x) => JSON.stringify(x)).join('\n') + '\n');
  const inst = await DuckDBInstance.create(':memory:');
  const conn = await inst.connect();
  try {
    await conn.run(
      `CREATE TABLE agregats AS SELECT * FROM read_json(${sqlPath(jsonl)}, format = 'newline_delimited', columns = {
        mois: 'VARCHAR', section: 'VARCHAR', indicateur: 'VARCHAR', dimension: 'VARCHAR', code: 'VARCHAR',
        libelle: 'VARCHAR', periode: 'VARCHAR', valeur: 'DOUBLE', affichage: 'VARCHAR'})`,
    );
    await conn.run(`COPY agregats TO ${sqlPath(files.csv)} (FORMAT csv, HEADER true)`);
    await conn.run(`COPY agregats TO ${sqlPath(files.parquet)} (FORMAT parquet)`);
    return rows.length;
  } finally {
    conn.closeSync();
    inst.closeSync();
    await fs.rm(tmpDir, { recursive: true, force: true });
  }
}
