// The evaluation report as French text tables for the terminal: targets, a summary per decision
// (with the rules alone for comparison), then per-class metrics and confusion matrices.
import type { EvalReport } from './evaluate.ts';
import { TARGETS } from './evaluate.ts';
import type { HeadMetrics } from './metrics.ts';

const HEAD_LABELS: Record<keyof EvalReport['heads'], string> = {
  kind: 'Type (plainte, requête…)',
  admissibility: 'Recevabilité',
  nature: 'Nature',
  urgency: 'Urgence (urgente / normale)',
  urgencyReason: "Motif d'urgence",
  referral: 'Renvoi (hors compétence)',
  queue: 'File de traitement',
};

const num = (v: number) => v.toFixed(3).replace('.', ',');
const pad = (s: string, n: number) => (s.length >= n ? s.slice(0, n) : s + ' '.repeat(n - s.length));
const lpad = (s: string, n: number) => (s.length >= n ? s : ' '.repeat(n - s.length) + s);

function table(rows: string[][], widths: number[]): string {
  return rows.map((r) => r.map((c, i) => (i === 0 ? pad(c, widths[i]!) : lpad(c, widths[i]!))).join('  ')).join('\n');
}

function perClass(h: HeadMetrics): string {
  const rows = [['Classe', 'Précision', 'Rappel', 'F1', 'Effectif', 'Prédits']];
  for (const c of h.classes) {
    const m = h.perClass[c]!;
    if (m.support === 0 && m.predicted === 0) continue;
    rows.push([c, num(m.precision), num(m.recall), num(m.f1), String(m.support), String(m.predicted)]);
  }
  return table(rows, [28, 9, 7, 6, 8, 7]);
}

function confusion(h: HeadMetrics): string {
  const used = h.classes.map((c, i) => i).filter((i) => h.perClass[h.classes[i]!]!.support > 0 || h.perClass[h.classes[i]!]!.predicted > 0);
  const abbrev = (c: string) => c.replace(/[^A-Za-zÀ-ÿ_]/g, '').slice(0, 6);
  const rows = [['attendu \\ prédit', ...used.map((i) => abbrev(h.classes[i]!))]];
  for (const i of used) rows.push([h.classes[i]!, ...used.map((j) => String(h.confusion[i]![j]!))]);
  return table(rows, [28, ...used.map(() => 6)]);
}

export function renderReportFr(report: EvalReport, rules?: EvalReport): string {
  const ok = (b: boolean) => (b ? 'atteint' : 'NON ATTEINT');
  const out: string[] = [];
  out.push(`Évaluation du classement — profil ${report.profileId} — ${report.classifier}`);
  const cv = report.crossValidation;
  out.push(
    cv
      ? `Validation croisée en ${cv.folds} plis sur les ${report.split.train} messages d'entraînement (la partition de test n'est pas lue)`
      : `Partition fixe : ${report.split.train} messages d'entraînement, ${report.split.test} messages de test (20 %, stratifiée par nature et urgence)`,
  );
  out.push('');
  out.push(cv ? 'Objectifs (prédictions hors pli, à titre indicatif)' : 'Objectifs (partition de test)');
  out.push(
    table(
      [
        ['Objectif', 'Mesuré', 'Cible', 'Résultat'],
        ['Rappel des urgences', num(report.urgentRecall), `≥ ${num(TARGETS.urgentRecall)}`, ok(report.targets.urgentRecall)],
        ['Nature : F1 macro', num(report.heads.nature.macroF1), `≥ ${num(TARGETS.natureMacroF1)}`, ok(report.targets.natureMacroF1)],
        ['Recevabilité : exactitude', num(report.heads.admissibility.accuracy), `≥ ${num(TARGETS.admissibilityAccuracy)}`, ok(report.targets.admissibilityAccuracy)],
      ],
      [28, 7, 8, 12],
    ),
  );
  out.push(`Précision des urgences : ${num(report.urgentPrecision)} (fausses alertes acceptées : le rappel passe d'abord)`);
  if (report.missedUrgent.length) out.push(`Urgences manquées : ${report.missedUrgent.join(', ')}`);
  out.push('');
  out.push('Résumé par décision');
  const head = ['Décision', 'Exactitude', 'F1 macro', 'N'];
  if (rules) head.push('Règles : exact.', 'F1 macro');
  const rows = [head];
  for (const k of Object.keys(HEAD_LABELS) as (keyof EvalReport['heads'])[]) {
    const h = report.heads[k];
    const row = [HEAD_LABELS[k], num(h.accuracy), num(h.macroF1), String(h.n)];
    if (rules) row.push(num(rules.heads[k].accuracy), num(rules.heads[k].macroF1));
    rows.push(row);
  }
  out.push(table(rows, [28, 10, 8, 4, 15, 8]));
  for (const k of ['nature', 'admissibility', 'urgency', 'urgencyReason', 'kind'] as const) {
    out.push('');
    out.push(`${HEAD_LABELS[k]} — par classe`);
    out.push(perClass(report.heads[k]));
    out.push('Matrice de confusion (lignes : attendu, colonnes : prédit)');
    out.push(confusion(report.heads[k]));
  }
  return out.join('\n');
}
