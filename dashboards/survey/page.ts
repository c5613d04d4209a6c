// The survey pages: the form (GET, records nothing: mail scanners open links), the thanks, and the
// refusals (invalid, expired, already answered). Plain HTML forms, no script; the stylesheet is
// served by the sub-app itself so the staff app's CSP (style-src 'self') applies unchanged. Each
// page has a banner (the body's name) and a main landmark, for screen-reader navigation (SGQRI 008).
import { escapeHtml as h } from '../../core/i18n/format.ts';
import type { Profile } from '../../core/profiles/schema.ts';

export const SURVEY_CSS = `body{font:17px/1.5 "Liberation Sans","DejaVu Sans",Arial,sans-serif;color:#223654;max-width:36rem;margin:2rem auto;padding:0 1rem}
h1{font-size:1.45rem;color:#095797}fieldset{border:1px solid #c5cdd6;border-radius:4px;padding:.8rem 1rem}legend{font-weight:bold;padding:0 .3rem}
.scale{display:flex;gap:.4rem;flex-wrap:wrap}.scale label{flex:1 1 5.5rem;border:1px solid #c5cdd6;border-radius:4px;padding:.5rem;text-align:center;cursor:pointer}
.scale input{display:block;margin:0 auto .3rem}textarea{width:100%;min-height:7rem;font:inherit;box-sizing:border-box}
button{font:inherit;background:#095797;color:#fff;border:0;border-radius:4px;padding:.6rem 1.4rem;margin-top:1rem;cursor:pointer}
.note{color:#5b6770;font-size:.9rem}.ref{font-family:monospace}`;

const SCALE = ['Très insatisfait', 'Insatisfait', 'Ni l’un ni l’autre', 'Satisfait', 'Très satisfait'];

function page(p: Profile, css: string, title: string, body: string): string {
  return `<!doctype html><html lang="fr-CA"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${h(title)} — ${h(p.shortName)}</title><link rel="stylesheet" href="${h(css)}"></head>
<body><header><p class="note">${h(p.name.fr)}</p></header><main>${body}</main></body></html>`;
}

export function surveyForm(p: Profile, css: string, action: string, token: string, caseId: string, error?: string): string {
  return page(
    p,
    css,
    'Votre avis',
    `<h1>Votre avis sur le traitement de votre dossier</h1>
<p>Dossier <span class="ref">${h(caseId)}</span>. Une note de 1 à 5 et, si vous le voulez, un commentaire. Votre réponse n'est enregistrée que lorsque vous cliquez sur « Envoyer ma réponse ».</p>
${error ? `<p role="alert"><strong>${h(error)}</strong></p>` : ''}
<form method="post" action="${h(action)}">
<input type="hidden" name="token" value="${h(token)}">
<fieldset><legend>Dans l'ensemble, êtes-vous satisfait du traitement de votre dossier ?</legend>
<div class="scale">${SCALE.map((l, i) => `<label><input type="radio" name="score" value="${i + 1}" required>${i + 1}<br>${h(l)}</label>`).join('')}</div></fieldset>
<p><label for="comment">Commentaire (facultatif)</label><br><textarea id="comment" name="comment" maxlength="2000"></textarea></p>
<p class="note">Évitez d'y écrire des renseignements personnels. Les commentaires sont lus par le service des plaintes; le rapport au conseil n'en donne que les thèmes, jamais le texte.</p>
<button type="submit">Envoyer ma réponse</button>
</form>`,
  );
}

export function surveyThanks(p: Profile, css: string): string {
  return page(p, css, 'Merci', `<h1>Merci</h1><p>Votre réponse est enregistrée. Elle nous aide à améliorer nos services.</p>`);
}

export function surveyRefused(p: Profile, css: string, kind: 'invalid' | 'expired' | 'answered'): string {
  const text = {
    invalid: ['Lien invalide', 'Ce lien de sondage n’est pas valide. Vérifiez qu’il a été copié en entier.'],
    expired: ['Lien expiré', 'Ce sondage est terminé : le lien a expiré. Merci de votre intérêt.'],
    answered: ['Réponse déjà reçue', 'Une réponse a déjà été enregistrée pour ce dossier : une seule réponse par dossier. Merci.'],
  }[kind];
  return page(p, css, text[0]!, `<h1>${h(text[0])}</h1><p>${h(text[1])}</p><p class="note">${h(p.name.fr)} · ${h(p.organisation.phone)}</p>`);
}
