// Staff corrections as labelled data for retraining (issue 6, classify/model/retrain.ts takes
// { text, subject, channel, labels }): the last classification a person gave each case
// (case_labels), with the citizen's words opened from the vault. Destroyed contacts have none left.
import type { Keyring } from '../core/crypto/keyring.ts';
import type { Duck } from './duck.ts';
import { VaultReader } from './vault.ts';

export interface StaffCorrection {
  caseId: string;
  labelledAt: string;
  actor: string;
  channel: string;
  subject: string | null;
  text: string;
  labels: { kind: 'plainte' | 'requete' | 'commentaire' | 'information'; admissibility: string; referral: string | null; nature: string; urgency: 'urgente' | 'normale'; urgencyReason: string | null };
  /** What the model had said, for error analysis. */
  model: { version: string | null; kind: string | null; nature: string | null; urgency: string | null };
}

export async function staffCorrections(db: Duck, keyring: Keyring, opts: { since?: Date } = {}): Promise<StaffCorrection[]> {
  const rows = await db.all<{
    case_id: string; labelled_at: string; actor: string; channel: string; kind: StaffCorrection['labels']['kind']; admissibility: string; referral: string | null; nature: string;
    urgency: 'urgente' | 'normale'; urgency_reason: string | null; model_version: string | null; model_kind: string | null; model_nature: string | null; model_urgency: string | null;
    subject_id: string; ref: string; text_sealed: string | null; text_pending: boolean | null; subject_sealed: string | null; subject_pending: boolean | null;
  }>(
    `WITH last AS (SELECT * FROM case_labels QUALIFY row_number() OVER (PARTITION BY case_id ORDER BY labelled_at DESC, event_id DESC) = 1),
          opened AS (SELECT case_id, event_id FROM case_events WHERE type = 'case.opened.v1')
     SELECT l.case_id, strftime(l.labelled_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS labelled_at, l.actor, c.channel, l.kind, l.admissibility, l.referral, l.nature, l.urgency,
            l.urgency_reason, l.model_version, l.model_kind, l.model_nature, l.model_urgency, t.subject_id, o.event_id AS ref,
            t.sealed AS text_sealed, t.pending AS text_pending, s.sealed AS subject_sealed, s.pending AS subject_pending
     FROM last l JOIN cases c USING (case_id) JOIN opened o USING (case_id)
     JOIN vault t ON t.ref = o.event_id AND t.field = 'text' LEFT JOIN vault s ON s.ref = o.event_id AND s.field = 'subject'
     WHERE c.personal_data_destroyed_at IS NULL AND ($1::TIMESTAMPTZ IS NULL OR l.labelled_at >= $1::TIMESTAMPTZ)
     ORDER BY l.labelled_at, l.case_id`,
    [opts.since?.toISOString() ?? null],
  );
  const vault = new VaultReader(db, keyring);
  const out: StaffCorrection[] = [];
  for (const r of rows) {
    out.push({
      caseId: r.case_id, labelledAt: r.labelled_at, actor: r.actor, channel: r.channel,
      subject: await vault.open({ subject_id: r.subject_id, ref: r.ref, field: 'subject', sealed: r.subject_sealed, pending: r.subject_pending }),
      text: (await vault.open({ subject_id: r.subject_id, ref: r.ref, field: 'text', sealed: r.text_sealed, pending: r.text_pending }))!,
      labels: { kind: r.kind, admissibility: r.admissibility, referral: r.referral, nature: r.nature, urgency: r.urgency, urgencyReason: r.urgency_reason },
      model: { version: r.model_version, kind: r.model_kind, nature: r.model_nature, urgency: r.model_urgency },
    });
  }
  return out;
}
