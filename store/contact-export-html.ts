// The citizen's file as a plain, printable HTML page in French (store/contact-export.ts builds it).
import { escapeHtml as h } from '../core/i18n/format.ts';
import type { ContactExport } from './contact-export.ts';

const row = (k: string, v: string | null) => (v ? `<tr><th scope="row">${h(k)}</th><td>${h(v)}</td></tr>` : '');

export function contactExportHtml(x: ContactExport): string {
  const p = x.personne;
  const cases = x.dossiers
    .map(
      (d) => `<section><h2>Dossier ${h(d.numero)}</h2>
<table><tbody>${row('Reçu le', d.recuLe)}${row('Canal', d.canal)}${row('Type', d.type)}${row('Nature', d.nature)}${row('État', d.etat)}${row('Fermé le', d.fermeLe)}${row('Redirigé vers', d.renvoi)}
${d.decision ? `${row('Bien-fondé', d.decision.bienFonde)}${row('Critères', d.decision.criteres.join(' ; '))}${row('Motif', d.decision.motif)}` : ''}</tbody></table>
<h3>Délais</h3><table><thead><tr><th scope="col">Délai</th><th scope="col">Échéance</th><th scope="col">Respecté le</th><th scope="col">État</th></tr></thead><tbody>${d.echeances
        .map((e) => `<tr><td>${h(e.delai)}</td><td>${h(e.echeance)}${e.prolongation ? ` <small>(prolongé : ${h(e.prolongation)})</small>` : ''}</td><td>${h(e.respecteLe ?? '—')}</td><td>${h(e.etat)}</td></tr>`)
        .join('')}</tbody></table>
<h3>Étapes</h3><ol>${d.historique.map((e) => `<li>${h(e.date)} — ${h(e.etape)}${e.motif ? ` : ${h(e.motif)}` : ''}</li>`).join('')}</ol>
<h3>Messages</h3>${d.messages
        .map(
          (m) => `<article><p><strong>${h(m.sens === 'reçu' ? 'Message reçu' : 'Message envoyé')}</strong> — ${h(m.date)} (${h(m.canal)})${m.objet ? ` — ${h(m.objet)}` : ''}</p>
<pre>${h(m.texte ?? '')}</pre>${m.piecesJointes.length ? `<p>Pièces jointes : ${m.piecesJointes.map((a) => `${h(a.nom ?? 'sans nom')} (${h(a.type)}, ${a.taille} octets)`).join(' ; ')}</p>` : ''}</article>`,
        )
        .join('')}</section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Votre dossier — ${h(x.organisme)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem}table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}pre{white-space:pre-wrap;background:#f6f6f6;padding:.5rem}</style></head>
<body><h1>Votre dossier auprès de ${h(x.organisme)}</h1><p>Extrait produit le ${h(x.produitLe)}.</p>
<h2>Vos coordonnées</h2><table><tbody>${row('Nom', p.nom)}${row('Courriel', p.courriel)}${row('Téléphone', p.telephone)}${row('Télécopieur', p.telecopieur)}${row('Adresse', p.adresse)}</tbody></table>
${cases}
<h2>Conservation de vos renseignements</h2><p>${h(x.conservation)}</p><p>${h(x.exclusions)}</p><h2>Recours</h2><p>${h(x.recours)}</p></body></html>`;
}
