// French-first formatting of what people read: dates « 23 novembre 2026 », times « 14 h 05 »
// (Office québécois de la langue française), and the labels of statuses and channels.

const dateFmt = new Map<string, Intl.DateTimeFormat>();
function fmt(lang: 'fr' | 'en', tz: string, withTime: boolean): Intl.DateTimeFormat {
  const key = `${lang}|${tz}|${withTime}`;
  let f = dateFmt.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(lang === 'fr' ? 'fr-CA' : 'en-CA', {
      timeZone: tz,
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      ...(withTime ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' as const } : {}),
    });
    dateFmt.set(key, f);
  }
  return f;
}

/** « 23 novembre 2026 » (fr) or « November 23, 2026 » (en). */
export function formatDate(iso: string | Date, tz = 'America/Toronto', lang: 'fr' | 'en' = 'fr'): string {
  return fmt(lang, tz, false).format(new Date(iso));
}

/** « 23 novembre 2026 à 14 h 05 » (fr). */
export function formatDateTime(iso: string | Date, tz = 'America/Toronto', lang: 'fr' | 'en' = 'fr'): string {
  const d = new Date(iso);
  if (lang === 'en') return fmt('en', tz, true).format(d);
  const parts = Object.fromEntries(fmt('fr', tz, true).formatToParts(d).map((p) => [p.type, p.value]));
  return `${formatDate(d, tz, 'fr')} à ${Number(parts.hour)} h ${parts.minute}`;
}

export const STATUS_LABELS: Record<string, { fr: string; en: string }> = {
  recue: { fr: 'Reçue', en: 'Received' },
  accuse_envoye: { fr: 'Accusé de réception envoyé', en: 'Acknowledged' },
  en_traitement: { fr: 'En traitement', en: 'In progress' },
  en_attente_citoyen: { fr: 'En attente du citoyen', en: 'Waiting for the citizen' },
  reponse_envoyee: { fr: 'Réponse envoyée', en: 'Answer sent' },
  fermee: { fr: 'Fermée', en: 'Closed' },
  redirigee: { fr: 'Redirigée', en: 'Redirected' },
  irrecevable: { fr: 'Irrecevable', en: 'Inadmissible' },
  classee_sans_suite: { fr: 'Classée sans suite', en: 'Dropped' },
  rouverte: { fr: 'Rouverte', en: 'Reopened' },
  // Feminine like the others (la plainte, la requête); with its target: mergedLabel below.
  fusionne: { fr: 'Fusionnée à un autre dossier', en: 'Merged into another case' },
};

/** « Fusionnée au dossier 2026-… »: the status of a merged duplicate, naming the case kept. */
export function mergedLabel(intoCaseId: string, lang: 'fr' | 'en' = 'fr'): string {
  return lang === 'en' ? `Merged into case ${intoCaseId}` : `Fusionnée au dossier ${intoCaseId}`;
}

export const CHANNEL_LABELS: Record<string, { fr: string; en: string }> = {
  email: { fr: 'Courriel', en: 'Email' },
  fax: { fr: 'Télécopie', en: 'Fax' },
  letter: { fr: 'Lettre', en: 'Letter' },
  voicemail: { fr: 'Message vocal', en: 'Voicemail' },
  sms: { fr: 'Texto', en: 'SMS' },
  web: { fr: 'Formulaire Web', en: 'Web form' },
  phone: { fr: 'Téléphone', en: 'Phone' },
  in_person: { fr: 'En personne', en: 'In person' },
};

export const KIND_LABELS: Record<string, { fr: string; en: string }> = {
  plainte: { fr: 'Plainte', en: 'Complaint' },
  requete: { fr: 'Requête', en: 'Request' },
  commentaire: { fr: 'Commentaire', en: 'Comment' },
  information: { fr: "Demande d'information", en: 'Information request' },
};

export function label(table: Record<string, { fr: string; en: string }>, code: string | null | undefined, lang: 'fr' | 'en' = 'fr'): string {
  if (!code) return '—';
  return table[code]?.[lang] ?? code;
}

export function escapeHtml(s: unknown): string {
  return String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
