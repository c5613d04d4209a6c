// A citizen's file, for them (seed 002, Droits des clients: « L'accès à leur dossier : Les clients
// peuvent consulter leur dossier ou toute information liée à la plainte, à tout moment »; Law 25,
// RLRQ c. P-39.1 art. 27): every case of the person across their contact ids, in French, with
// their messages and the answers sent, the decisions and their reasons, the deadlines and the
// steps. Internal notes, the staff's names and what concerns other people are left out (they may
// concern third parties: the person responsible reviews them on request). The export is an access
// to personal data: it comes with the contact.accessed.v1 events the caller publishes.
import { randomUUID } from 'node:crypto';
import type { Keyring } from '../core/crypto/keyring.ts';
import { pseudonym } from '../core/crypto/sealed.ts';
import type { ContactEvent, EventType } from '../core/events/schemas.ts';
import { DoleancesError } from '../core/errors.ts';
import { CHANNEL_LABELS, KIND_LABELS, STATUS_LABELS, label, mergedLabel } from '../core/i18n/format.ts';
import { CRITERIA_LABELS, ESCALATION_LABELS, EVENT_LABELS, FINDING_LABELS } from '../core/lifecycle/vocabulary.ts';
import type { Profile } from '../core/profiles/schema.ts';
import { caseFile } from './case-file.ts';
import type { Duck } from './duck.ts';
import { VaultReader } from './vault.ts';

/** Events the citizen's copy leaves out: internal notes, accesses, walls, reminders to staff. */
const INTERNAL = new Set<string>(['case.note-added.v1', 'case.staff-action.v1', 'case.viewed.v1', 'case.identity-revealed.v1', 'case.walled-off.v1', 'case.clock-due-soon.v1', 'case.clock-overdue.v1', 'case.classified.v1', 'case.acknowledgement-due.v1']);

export interface ContactExport {
  organisme: string;
  produitLe: string;
  personne: { nom: string | null; courriel: string | null; telephone: string | null; telecopieur: string | null; adresse: string | null };
  dossiers: {
    numero: string; recuLe: string; canal: string; type: string; nature: string; etat: string; fermeLe: string | null;
    decision: { bienFonde: string; criteres: string[]; motif: string } | null; renvoi: string | null;
    echeances: { delai: string; echeance: string; respecteLe: string | null; etat: string; prolongation: string | null }[];
    historique: { date: string; etape: string; motif: string | null }[];
    messages: { date: string; sens: 'reçu' | 'envoyé'; canal: string; objet: string | null; texte: string | null; piecesJointes: { nom: string | null; type: string; taille: number }[] }[];
  }[];
  conservation: string;
  recours: string;
  exclusions: string;
}

/** The contact ids a citizen's identifier can mean: a contact id, an email address, a phone number. */
export function candidateIds(keyring: Keyring, who: string): string[] {
  const v = who.trim();
  if (/^[0-9a-f]{24}$/.test(v) || v.startsWith('anon:') || v.startsWith('c-')) return [v];
  if (v.includes('@')) return [...new Set([v, v.toLowerCase()].map((e) => pseudonym(keyring, 'email', e)))];
  const digits = v.replace(/\D/g, '');
  const forms = [v, digits, digits.length === 10 ? `+1${digits}` : `+${digits}`];
  return [...new Set(forms.map((p) => pseudonym(keyring, 'phone', p)))];
}

export async function exportContact(db: Duck, keyring: Keyring, profile: Profile, who: string, access: { actor: string; purpose: string; now: Date }): Promise<{ data: ContactExport; accessEvents: ContactEvent[] }> {
  const ids = candidateIds(keyring, who);
  const found = await db.one<{ person: string }>(`SELECT coalesce(person_id, contact_id) AS person FROM contacts WHERE contact_id IN (SELECT unnest(from_json($1::JSON, '["VARCHAR"]'))) LIMIT 1`, [JSON.stringify(ids)]);
  if (!found) throw new DoleancesError('NOT_FOUND', `Aucun dossier pour « ${who} ».`);
  const contacts = (await db.all<{ contact_id: string; destroyed_at: string | null }>(`SELECT contact_id, destroyed_at FROM contacts WHERE coalesce(person_id, contact_id) = $1 ORDER BY contact_id`, [found.person])).filter((c) => !c.destroyed_at);
  if (contacts.length === 0) throw new DoleancesError('CONTACT_SHREDDED', `Les renseignements de « ${who} » ont été détruits (fin de la période de conservation).`);
  const caseIds = (await db.all<{ case_id: string }>(`SELECT case_id FROM cases WHERE coalesce(person_id, contact_id) = $1 AND personal_data_destroyed_at IS NULL ORDER BY received_at`, [found.person])).map((r) => r.case_id);
  const vault = new VaultReader(db, keyring);
  const open = async (cell: { subject_id: string; ref: string; field: string; sealed: string; pending: boolean } | null) => (cell ? vault.open(cell).catch(() => null) : null);
  const tz = profile.timezone;
  const when = (iso: string | null) => (iso ? new Intl.DateTimeFormat('fr-CA', { timeZone: tz, dateStyle: 'long', timeStyle: 'short' }).format(new Date(iso)) : null);
  const personne: ContactExport['personne'] = { nom: null, courriel: null, telephone: null, telecopieur: null, adresse: null };
  const dossiers: ContactExport['dossiers'] = [];
  for (const id of caseIds) {
    const f = (await caseFile(db, id, access.now))!;
    const c = f.case as Record<string, string | null>;
    if (f.identity) {
      const k = f.identity;
      personne.nom = (await open(k.name)) ?? personne.nom;
      personne.courriel = (await open(k.email)) ?? personne.courriel;
      personne.telephone = (await open(k.phone)) ?? personne.telephone;
      personne.telecopieur = (await open(k.fax)) ?? personne.telecopieur;
      personne.adresse = (await open(k.address)) ?? personne.adresse;
    }
    const judged = [...f.timeline].reverse().find((e) => e.type === 'case.judged.v1')?.data as { finding: keyof typeof FINDING_LABELS; criteria: (keyof typeof CRITERIA_LABELS)[]; reason: string } | undefined;
    const messages: ContactExport['dossiers'][number]['messages'] = [];
    for (const m of f.messages) {
      messages.push({
        date: when(m.sent_at)!, sens: m.direction === 'inbound' ? 'reçu' : 'envoyé', canal: label(CHANNEL_LABELS, m.channel), objet: await open(m.subject), texte: await open(m.text),
        piecesJointes: await Promise.all(m.attachments.map(async (a) => ({ nom: await open(a.name), type: a.content_type, taille: a.size }))),
      });
    }
    dossiers.push({
      numero: id, recuLe: when(c.received_at!)!, canal: label(CHANNEL_LABELS, c.channel), type: label(KIND_LABELS, c.kind),
      nature: profile.natures.find((n) => n.code === c.nature)?.label.fr ?? c.nature ?? '—', etat: c.merged_into ? mergedLabel(c.merged_into) : label(STATUS_LABELS, c.status), fermeLe: when(c.closed_at ?? null),
      decision: judged && c.finding ? { bienFonde: FINDING_LABELS[judged.finding], criteres: judged.criteria.map((k) => CRITERIA_LABELS[k] ?? k), motif: judged.reason } : null,
      renvoi: (f.timeline.find((e) => e.type === 'case.referred.v1')?.data.body as string | undefined) ?? null,
      echeances: f.deadlines.map((d) => ({ delai: d.label, echeance: when(d.due_at)!, respecteLe: when(d.met_at), etat: d.stateLabel, prolongation: d.extension_reason })),
      historique: f.timeline.filter((e) => !INTERNAL.has(e.type)).map((e) => ({
        date: when(e.occurred_at)!,
        etape: e.type === 'case.escalated.v1' ? `${EVENT_LABELS['case.escalated.v1']} : ${ESCALATION_LABELS[e.data.step as keyof typeof ESCALATION_LABELS]}` : e.type === 'case.status-changed.v1' ? `État : ${label(STATUS_LABELS, e.data.to as string)}`
          : e.type === 'case.merged.v1' ? `${EVENT_LABELS['case.merged.v1']} : ${String(e.data.intoCaseId)}` : e.type === 'case.duplicate-attached.v1' ? `${EVENT_LABELS['case.duplicate-attached.v1']} : ${String(e.data.duplicateCaseId)}` : (EVENT_LABELS[e.type as EventType] ?? e.type),
        motif: e.type === 'case.closed.v1' || e.type === 'case.deadline-extended.v1' || e.type === 'case.referred.v1' || e.type === 'case.info-requested.v1' ? e.reason : null,
      })),
      messages,
    });
  }
  const data: ContactExport = {
    organisme: profile.name.fr, produitLe: when(access.now.toISOString())!, personne, dossiers,
    conservation: `Vos renseignements sont conservés ${profile.retention.yearsAfterClosure} ans après la fermeture de votre dernier dossier, puis détruits ; les statistiques anonymes demeurent (${profile.retention.source}).`,
    recours: profile.recourse.fr,
    exclusions: 'Les notes internes du personnel et les renseignements qui concernent d’autres personnes ne figurent pas dans cet extrait ; vous pouvez en demander la révision à la personne responsable des plaintes.',
  };
  const accessEvents: ContactEvent[] = contacts.map((k) => ({
    id: randomUUID(), type: 'contact.accessed.v1', occurredAt: access.now.toISOString(), correlationId: randomUUID(), profileId: profile.id,
    data: { contactId: k.contact_id, actor: access.actor, purpose: access.purpose, caseIds },
  }));
  return { data, accessEvents };
}
