// The detail after the summary: volumes by dimension, admissibility and referrals, deadlines and
// urgent cases, outcomes and corrective actions, satisfaction, recurring issues, and the method.
import { escapeHtml as h } from '../../core/i18n/format.ts';
import { DIMENSIONS } from '../model.ts';
import { DIMENSION_TITLES, type PublishedReport } from '../publish.ts';
import { COLORS, hbars, line, sparkline } from './svg.ts';
import { pairTable, rowsTable, table } from './parts.ts';

const SCORE_COLORS = ['#c0392b', '#e67e22', '#9aa5b1', '#5b9bd5', '#095797'];
const FLAG_TEXT = { hausse: 'en hausse', baisse: 'en baisse' } as const;

function volumes(r: PublishedReport): string {
  return `<h2>1. Dossiers reçus et traités</h2>
<p>Un dossier est <em>reçu</em> le jour de sa réception et <em>traité</em> le jour de sa fermeture, quelle qu'en soit l'issue.</p>
<div class="cols">${DIMENSIONS.map((d) => `<div><h3>Par ${DIMENSION_TITLES[d].toLowerCase()}</h3>${pairTable([DIMENSION_TITLES[d], 'Reçus', 'Traités'], r.received.by[d], r.handled.by[d], [r.received.total, r.handled.total])}</div>`).join('')}</div>`;
}

function admissibility(r: PublishedReport): string {
  return `<h2>2. Recevabilité et redirections</h2>
<div class="cols"><div><h3>Décision de recevabilité (dossiers reçus)</h3>${rowsTable(['Décision', 'Dossiers'], r.admissibility, r.received.total)}</div>
<div><h3>Redirigés vers un autre organisme</h3>${rowsTable(['Organisme', 'Dossiers'], r.referrals)}</div></div>`;
}

function deadlines(r: PublishedReport): string {
  const answer = r.clocks.find((c) => c.clock === 'answer');
  return `<h2>3. Délais</h2>
<p>Pour chaque délai de la politique, les échéances tombées ce mois-ci : combien ont été respectées, et le temps pris (médiane et 90<sup>e</sup> centile, depuis la réception), compté dans l'unité du délai.</p>
${table(['Délai', 'Cible', 'Échéances', 'Respectées', '%', 'Médiane', '90e centile'], r.clocks.map((c) => ({ label: c.label, cells: [{ v: null, t: c.target }, c.due, c.inTime, c.inTimePct, c.median, c.p90] })))}
<h3>Réponse finale dans le délai, 13 derniers mois${answer ? ` (cible : ${h(answer.target)})` : ''}</h3>
${line('Pourcentage des réponses finales dans le délai', r.trend.map((t) => t.label), r.trend.map((t) => t.answerInTimePct), { suffix: ' %', target: 90 })}
<div class="cols"><div><h3>Dossiers ouverts en retard à la fin du mois</h3>
${rowsTable(['Retard sur l\u2019échéance', 'Dossiers'], r.backlog.byLateness, r.backlog.overdue)}
<p class="note">${h(r.backlog.open.t)} dossiers ouverts à la fin du mois.</p></div>
<div><h3>Urgences (le jour même ou dans les 24 heures)</h3>${rowsTable(['Traitement', 'Urgences'], r.urgent.rows, r.urgent.received)}</div></div>`;
}

function outcomes(r: PublishedReport): string {
  return `<h2>4. Issue des dossiers fermés et mesures correctives</h2>
<div class="cols"><div><h3>Issue</h3>${hbars('Issue des dossiers fermés', r.outcomes.map((x) => ({ label: x.label, cell: x.cell })), { width: 460, labelChars: 30 })}${rowsTable(['Issue', 'Dossiers'], r.outcomes, r.handled.total)}</div>
<div><h3>Mesures correctives consignées</h3><p>Mesures prises après l'analyse des causes (politique du CJEF, « Efficacité ») : ${h(r.corrective.total.t)}.</p>${rowsTable(['Nature du dossier', 'Mesures'], r.corrective.byNature, r.corrective.total)}</div></div>`;
}

function satisfaction(r: PublishedReport): string {
  const s = r.satisfaction;
  return `<h2>5. Satisfaction</h2>
<p>Un court sondage (note de 1 à 5 et commentaire facultatif) est envoyé à la fermeture de chaque dossier. Sondages envoyés ce mois-ci : ${h(s.sent.t)}; réponses : ${h(s.answered.t)} (taux ${h(s.rate.t)}); note moyenne : ${h(s.mean.t)}; satisfaits ou très satisfaits : ${h(s.satisfiedPct.t)}.</p>
<div class="cols"><div><h3>Répartition des notes</h3>${hbars('Répartition des notes', s.scores.map((x, i) => ({ label: x.label, cell: x.cell, color: SCORE_COLORS[i] })), { width: 460, labelChars: 26 })}</div>
<div><h3>Thèmes des commentaires</h3><p class="note">Les commentaires ne sont jamais cités : ils sont classés par thèmes (groupes de mots clés). ${h(s.withComment.t)} réponses avec commentaire; un commentaire peut toucher plusieurs thèmes.</p>${rowsTable(['Thème', 'Commentaires'], s.themes)}</div></div>
<h3>Note moyenne, 13 derniers mois</h3>
${line('Note moyenne de satisfaction', r.trend.map((t) => t.label), r.trend.map((t) => t.satisfaction), { max: 5, suffix: '', height: 150 })}`;
}

function recurring(r: PublishedReport): string {
  const rows = r.recurring.map((x) => ({
    label: x.label,
    extra: ` ${x.flags.map((f) => `<span class="flag ${f}">${FLAG_TEXT[f]}</span>`).join('')}`,
    cells: [x.month, x.previous, x.average, x.change, { v: x.monthsPresent, t: `${x.monthsPresent}/12` }],
  }));
  const sparkTable = `<table><thead><tr><th scope="col">Nature</th><th scope="col">13 mois</th><th scope="col" class="n">Ce mois</th><th scope="col" class="n">Mois préc.</th><th scope="col" class="n">Moy. 12 mois</th><th scope="col" class="n">Variation</th><th scope="col" class="n">Mois présents</th></tr></thead><tbody>${r.recurring
    .map((x, i) => `<tr><td>${h(x.label)}${rows[i]!.extra}</td><td>${sparkline(x.series, `${x.label}, 13 mois`)}</td>${rows[i]!.cells.map((c) => `<td class="n">${h(c.t)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
  return `<h2>6. Problèmes récurrents</h2>
<p>Les natures qui reviennent, mois après mois : « en hausse » (ou « en baisse ») quand le mois s'écarte d'au moins 25 % de la moyenne des 12 mois précédents; la variation compare au mois précédent; « mois présents » compte les mois, sur ces 12, où la nature apparaît.</p>
${r.recurring.length ? sparkTable : '<p class="note">Aucun dossier sur la période.</p>'}
<h3>Lieux qui reviennent (au moins 5 dossiers)</h3>
${r.places.length ? table(['Lieu', 'Ce mois', '12 mois'], r.places.map((p) => ({ label: p.label, cells: [p.month, p.year] }))) : '<p class="note">Aucun lieu n\u2019atteint 5 dossiers sur 12 mois (les lieux sont désignés par une clé pseudonyme ou le nom de la rue seulement, jamais par une adresse complète).</p>'}`;
}

function method(r: PublishedReport): string {
  return `<h2>7. Méthode</h2>
<ul class="note">
<li>Source : le dossier de chaque plainte ou requête (événements horodatés, chaîne d'empreintes vérifiable). Mois en heure de ${h('l\u2019Est')} (America/Toronto).</li>
<li>Délais : une échéance est respectée si l'étape est franchie au plus tard à l'échéance; les jours ouvrables suivent le calendrier de l'organisme (jours fériés du Québec, fermetures). Médiane et 90<sup>e</sup> centile par interpolation linéaire.</li>
<li>Satisfaction : cohorte des sondages envoyés dans le mois, réponses reçues jusqu'à la production du rapport (${h(r.meta.generatedOn)}).</li>
<li>Protection : aucun nom, adresse, numéro ni texte de plainte; nombres de 1 à 4 remplacés par « &lt; 5 », indicateurs calculés sur moins de 5 dossiers par « &lt; 5 cas », pourcentages bornés (« &gt; 90 % ») quand le nombre ou son complément est de 1 à 4, et « x » pour la suppression secondaire.</li>
</ul>`;
}

export function detailHtml(r: PublishedReport): string {
  return `<section class="detail">${volumes(r)}${admissibility(r)}${deadlines(r)}${outcomes(r)}${satisfaction(r)}${recurring(r)}${method(r)}</section>`;
}

export { COLORS };
