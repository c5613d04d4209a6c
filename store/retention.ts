// Law 25 (Loi sur la protection des renseignements personnels dans le secteur privé, RLRQ c. P-39.1,
// art. 23; Loi sur l'accès, RLRQ c., art. 73): personal information is destroyed once the
// retention period of the body's schedule has passed (profile.retention.yearsAfterClosure, counted
// from closure). A person's data goes only when all their cases are past it (seed 000, Étapes 2:
// their antecedents are consulted while they still deal with the body). Destruction is a
// contact.shredded.v1 event: the store then destroys the contact's key and vault entries
// (crypto-shredding, store/vault.ts), and the archived originals of their messages are erased here.
// The cases' statistics (dates, channel, nature, outcome, deadlines) remain.
import type { ContactEvent } from '../core/events/schemas.ts';
import { deterministicId } from '../core/ids.ts';
import type { Profile } from '../core/profiles/schema.ts';
import type { Duck } from './duck.ts';
import { archivedPath, overwriteAndRemove } from './erase.ts';

export interface DueDestruction {
  subject: string;
  caseIds: string[];
  lastClosedAt: string;
}

export async function destructionsDue(db: Duck, profile: Profile, now: Date): Promise<DueDestruction[]> {
  const rows = await db.all<{ subject: string; case_ids: string[]; last_closed_at: string }>(
    `WITH c AS (SELECT case_id, coalesce(contact_id, 'anon:' || case_id) AS subject, coalesce(person_id, contact_id, 'anon:' || case_id) AS person,
                       closed_at, personal_data_destroyed_at FROM cases WHERE profile_id = $1),
          p AS (SELECT person, bool_and(closed_at IS NOT NULL AND closed_at + to_years($2::INTEGER) < $3::TIMESTAMPTZ) AS expired FROM c GROUP BY person)
     SELECT c.subject, list(c.case_id ORDER BY c.case_id) AS case_ids, strftime(max(c.closed_at), '%Y-%m-%dT%H:%M:%S.%gZ') AS last_closed_at
     FROM c JOIN p USING (person) GROUP BY c.subject
     HAVING bool_and(p.expired) AND bool_or(c.personal_data_destroyed_at IS NULL) ORDER BY c.subject`,
    [profile.id, profile.retention.yearsAfterClosure, now.toISOString()],
  );
  return rows.map((r) => ({ subject: r.subject, caseIds: r.case_ids, lastClosedAt: r.last_closed_at }));
}

export function shredEvents(due: DueDestruction[], profile: Profile, now: Date, actor = 'systeme:conservation'): ContactEvent[] {
  return due.map((d) => ({
    id: deterministicId('contact.shredded.v1', d.subject, d.lastClosedAt),
    type: 'contact.shredded.v1',
    occurredAt: now.toISOString(),
    correlationId: deterministicId('retention', d.subject),
    profileId: profile.id,
    data: {
      contactId: d.subject,
      actor,
      reason: `Fin de la période de conservation : ${profile.retention.yearsAfterClosure} ans après la fermeture (${profile.retention.source})`,
      caseIds: d.caseIds,
    },
  }));
}

/**
 * Erases the archived originals (messages and attachments) of these cases, except a blob another
 * live case still refers to. Each file is overwritten before it is removed.
 */
export async function destroyArchived(db: Duck, archiveRoot: string, caseIds: string[]): Promise<number> {
  if (caseIds.length === 0) return 0;
  const ids = JSON.stringify(caseIds);
  const IN = `(SELECT unnest(from_json($1::JSON, '["VARCHAR"]')))`;
  const rows = await db.all<{ sha256: string }>(
    `WITH blobs AS (SELECT raw_sha256 AS sha256 FROM case_messages WHERE case_id IN ${IN} AND raw_sha256 IS NOT NULL
                    UNION SELECT sha256 FROM attachments WHERE case_id IN ${IN}),
          kept AS (SELECT raw_sha256 AS sha256 FROM case_messages WHERE case_id NOT IN ${IN}
                   UNION SELECT sha256 FROM attachments WHERE case_id NOT IN ${IN})
     SELECT sha256 FROM blobs WHERE sha256 NOT IN (SELECT sha256 FROM kept WHERE sha256 IS NOT NULL)`,
    [ids],
  );
  let n = 0;
  for (const { sha256 } of rows) if (await overwriteAndRemove(archivedPath(archiveRoot, sha256))) n++;
  return n;
}
