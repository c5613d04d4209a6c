// The plain staff pages of the foundation: queues with their open cases, a case file (what was
// decided and why, the deadlines, the timeline), and the intakes that are not cases. No personal
// data is decrypted here: cases show a pseudonymous contact id.
import type { Profile } from '../core/profiles/schema.ts';
import { CHANNEL_LABELS, KIND_LABELS, STATUS_LABELS, escapeHtml as h, formatDate, formatDateTime, label } from '../core/i18n/format.ts';
import { queueLabel } from '../core/profiles/load.ts';
import type { CaseRow } from '../store/queries.ts';

export function layout(title: string, body: string, profile: Profile): string {
  return `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="15"><title>${h(title)} — Doléances</title><link rel="stylesheet" href="/static/app.css"></head>
<body><header><h1><a href="/">Doléances</a> · ${h(profile.name.fr)}</h1></header><main>${body}</main></body></html>`;
}

function natureLabel(p: Profile, code: string | null): string {
  return code ? (p.natures.find((n) => n.code === code)?.label.fr ?? code) : '—';
}

function urgencyCell(p: Profile, c: CaseRow): string {
  if (c.urgency !== 'urgente') return 'Normale';
  const reason = p.urgencyReasons.find((u) => u.code === c.urgency_reason)?.label.fr ?? c.urgency_reason ?? '';
  return `<span class="urgent">Urgente</span> <span class="muted">(${h(reason)})</span>`;
}

export function queuesPage(p: Profile, counts: { queue: string; open: number; urgent: number }[], cases: CaseRow[], quarantined: number): string {
  const byQueue = new Map<string, CaseRow[]>();
  for (const c of cases) byQueue.set(c.queue ?? '', [...(byQueue.get(c.queue ?? '') ?? []), c]);
  const summary = p.queues
    .map((q) => {
      const n = counts.find((c) => c.queue === q.id);
      return `<li><a href="#${h(q.id)}">${h(q.label.fr)}</a> : <strong>${n?.open ?? 0}</strong> ouvert(s)${n?.urgent ? `, <span class="urgent">${n.urgent} urgent(s)</span>` : ''}</li>`;
    })
    .join('');
  const sections = p.queues
    .map((q) => {
      const rows = byQueue.get(q.id) ?? [];
      const body = rows.length
        ? `<table><thead><tr><th scope="col">Dossier</th><th scope="col">Reçu le</th><th scope="col">Canal</th><th scope="col">Type</th><th scope="col">Nature</th><th scope="col">Urgence</th><th scope="col">État</th><th scope="col">Réponse due le</th></tr></thead><tbody>${rows
            .map(
              (c) =>
                `<tr><td><a href="/dossiers/${h(c.case_id)}">${h(c.case_id)}</a></td><td>${h(formatDate(c.received_at, p.timezone))}</td><td>${h(label(CHANNEL_LABELS, c.channel))}</td><td>${h(label(KIND_LABELS, c.kind))}</td><td>${h(natureLabel(p, c.nature))}${c.admissibility && c.admissibility !== 'recevable' ? ` <span class="muted">(${h(c.admissibility)}${c.referral ? ` → ${h(c.referral)}` : ''})</span>` : ''}</td><td>${urgencyCell(p, c)}</td><td>${h(label(STATUS_LABELS, c.status))}</td><td>${c.answer_due_at ? h(formatDate(c.answer_due_at, p.timezone)) : '—'}</td></tr>`,
            )
            .join('')}</tbody></table>`
        : '<p class="muted">Aucun dossier ouvert.</p>';
      return `<section id="${h(q.id)}"><h2>${h(q.label.fr)} <span class="muted">(${rows.length})</span></h2>${body}</section>`;
    })
    .join('');
  return layout(
    'Files de travail',
    `<p>Dossiers ouverts par file, les urgences d'abord, puis par échéance.</p><ul class="counts">${summary}</ul>
     <p><a href="/accueil/non-dossiers">Messages reçus qui ne sont pas des dossiers (quarantaine, réponses automatiques, retours)</a> : ${quarantined}</p>${sections}`,
    p,
  );
}

export function casePage(
  p: Profile,
  c: NonNullable<Awaited<ReturnType<typeof import('../store/queries.ts').getCase>>>,
  deadlines: { clock: string; due_at: string; rule: string; met_at: string | null }[],
  timeline: { seq: number; type: string; occurred_at: string; actor: string }[],
): string {
  const CLOCKS: Record<string, string> = { acknowledgement: 'Accusé de réception', followUp: 'Premier suivi', answer: 'Réponse écrite', urgent: 'Urgence (même jour / 24 h)', callback: 'Rappel téléphonique' };
  return layout(
    `Dossier ${c.case_id}`,
    `<h2>Dossier ${h(c.case_id)}</h2>
     <table><tbody>
       <tr><th scope="row">Reçu le</th><td>${h(formatDateTime(c.received_at, p.timezone))} (${h(label(CHANNEL_LABELS, c.channel))})</td></tr>
       <tr><th scope="row">Personne</th><td>Contact pseudonyme ${h(c.contact_id ?? 'anonyme')} <span class="muted">(identité protégée par défaut)</span></td></tr>
       <tr><th scope="row">Type</th><td>${h(label(KIND_LABELS, c.kind))}</td></tr>
       <tr><th scope="row">Recevabilité</th><td>${h(p.admissibility.find((a) => a.code === c.admissibility)?.label.fr ?? c.admissibility ?? '—')}${c.referral ? ` → ${h(c.referral)}` : ''}</td></tr>
       <tr><th scope="row">Nature</th><td>${h(natureLabel(p, c.nature))}</td></tr>
       <tr><th scope="row">Urgence</th><td>${urgencyCell(p, c)}</td></tr>
       <tr><th scope="row">File</th><td>${h(queueLabel(p, c.queue ?? ''))}</td></tr>
       <tr><th scope="row">Pourquoi cette file</th><td>${h(c.route_reason ?? '—')}; termes : ${h((c.classification_terms ?? []).join(', ') || '—')}; confiance ${h(c.confidence ?? '—')}; modèle ${h(c.model_version ?? '—')}${c.text_confidence !== null ? `; lisibilité du texte ${h(c.text_confidence)} %` : ''}</td></tr>
       <tr><th scope="row">État</th><td>${h(label(STATUS_LABELS, c.status))}</td></tr>
     </tbody></table>
     <h2>Échéances</h2><table><thead><tr><th scope="col">Délai</th><th scope="col">Échéance</th><th scope="col">Respecté le</th><th scope="col">Règle</th></tr></thead><tbody>${deadlines
       .map((d) => `<tr><td>${h(CLOCKS[d.clock] ?? d.clock)}</td><td>${h(formatDateTime(d.due_at, p.timezone))}</td><td>${d.met_at ? h(formatDateTime(d.met_at, p.timezone)) : '—'}</td><td class="muted">${h(d.rule)}</td></tr>`)
       .join('')}</tbody></table>
     <h2>Historique du dossier</h2><table><thead><tr><th scope="col">#</th><th scope="col">Date</th><th scope="col">Événement</th><th scope="col">Par</th></tr></thead><tbody>${timeline
       .map((e) => `<tr><td>${e.seq}</td><td>${h(formatDateTime(e.occurred_at, p.timezone))}</td><td>${h(e.type)}</td><td>${h(e.actor)}</td></tr>`)
       .join('')}</tbody></table>`,
    p,
  );
}

export function dispositionsPage(p: Profile, rows: { intake_id: string; channel: string | null; received_at: string; disposition: string; reason: string | null; error_code: string | null; quarantine_path: string | null }[]): string {
  return layout(
    'Messages qui ne sont pas des dossiers',
    `<h2>Messages reçus qui ne sont pas des dossiers</h2><p>Chaque message reçu devient un dossier ou figure ici avec sa raison : rien n'est perdu.</p>
     <table><thead><tr><th scope="col">Reçu le</th><th scope="col">Décision</th><th scope="col">Raison</th><th scope="col">Code</th><th scope="col">Fichier</th></tr></thead><tbody>${rows
       .map((r) => `<tr><td>${h(formatDateTime(r.received_at, p.timezone))}</td><td>${h(r.disposition)}</td><td>${h(r.reason)}</td><td>${h(r.error_code ?? '')}</td><td>${h(r.quarantine_path ?? '')}</td></tr>`)
       .join('')}</tbody></table>`,
    p,
  );
}
