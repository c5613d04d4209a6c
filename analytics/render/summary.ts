// Page one: what a board member reads first. Six figures, the highlights in sentences, thirteen
// months of received and handled cases, and the month's natures.
import { escapeHtml as h } from '../../core/i18n/format.ts';
import type { PublishedReport } from '../publish.ts';
import { COLORS, columns, hbars, line } from './svg.ts';
import { tile } from './parts.ts';

export function summaryHtml(r: PublishedReport): string {
  const hd = r.headline;
  const answer = r.clocks.find((c) => c.clock === 'answer');
  const ack = r.clocks.find((c) => c.clock === 'acknowledgement');
  const months = r.trend.map((t) => t.label);
  return `<section class="summary">
<header class="doc"><div class="body">${h(r.meta.body)} — rapport au conseil d'administration</div>
<h1>Bilan mensuel des plaintes et requêtes — ${h(r.meta.title)}</h1>
<div class="period">Période ${h(r.meta.period)} · produit le ${h(r.meta.generatedOn)}</div></header>
<div class="tiles">
${tile('Dossiers reçus', hd.received, hd.receivedChange.v !== null ? `${hd.receivedChange.t} sur le mois précédent · moyenne 12 mois : ${hd.receivedAverage.t}` : `moyenne 12 mois : ${hd.receivedAverage.t}`)}
${tile('Dossiers traités (fermés)', hd.handled, `${hd.open.t} ouverts à la fin du mois, dont ${hd.overdue.t} en retard`)}
${tile('Réponse finale dans le délai', hd.answerInTime, answer ? `cible : ${answer.target}` : '')}
${tile('Accusé de réception dans le délai', hd.ackInTime, ack ? `cible : ${ack.target}` : '')}
${tile('Urgences traitées le jour même', hd.urgentSameDay, `${r.urgent.received.t} urgences reçues`)}
${tile('Satisfaction (sur 5)', hd.satisfaction, `taux de réponse au sondage : ${hd.responseRate.t}`)}
</div>
<h2>Faits saillants</h2>
<ul class="highlights">${r.highlights.map((x) => `<li>${h(x)}</li>`).join('')}</ul>
<div class="cols"><div>
<h3>Dossiers reçus et traités, 13 derniers mois</h3>
${columns('Dossiers reçus et traités par mois', months, [
  { name: 'Reçus', color: COLORS.primary, cells: r.trend.map((t) => t.received) },
  { name: 'Traités', color: COLORS.secondary, cells: r.trend.map((t) => t.handled) },
], { width: 460, height: 250 })}
</div><div>
<h3>Dossiers reçus par nature</h3>
${hbars('Dossiers reçus par nature', r.received.by.nature.map((x) => ({ label: x.label, cell: x.cell })), { width: 460 }) || '<p class="note">Aucun dossier reçu.</p>'}
</div></div>
<h3>Réponse finale dans le délai, 13 derniers mois</h3>
${line('Pourcentage des réponses finales dans le délai', months, r.trend.map((t) => t.answerInTimePct), { suffix: ' %', target: 90, height: 150, width: 940 })}
<p class="note">Aucune donnée personnelle. Les nombres de 1 à 4 sont remplacés par « &lt; 5 », les pourcentages et délais calculés sur moins de 5 dossiers par « &lt; 5 cas », et « x » masque un nombre qui permettrait de retrouver une case cachée par soustraction.</p>
</section>`;
}
