// What each contact event does: the same person across channels (an email address and a phone
// number) is one person (`person_id`); staff merge or split with an audit trail (contact_events);
// accesses to a person's data are logged (Law 25); destruction at the end of retention shreds the
// contact's key (store/vault.ts) and marks its cases, whose statistics remain.
import type { ContactEvent } from '../core/events/schemas.ts';
import { canonicalData } from './canonical.ts';
import type { Fold } from './fold.ts';

const IN = `(SELECT unnest(from_json($1::JSON, '["VARCHAR"]')))`;

export function foldContactEvent(f: Fold, e: ContactEvent): void {
  const d = e.data;
  f.contactEvents.push([e.id, d.contactId, e.type, e.occurredAt, d.actor, JSON.stringify(canonicalData(d))]);
  switch (e.type) {
    case 'contact.merged.v1': {
      const from = f.personOf(e.data.mergedId);
      const to = f.personOf(d.contactId);
      if (from === to) return;
      for (const row of [...f.contacts.values(), ...f.cases.values()]) if (row.person_id === from) row.person_id = to;
      if (!f.contacts.has(d.contactId)) f.contacts.set(d.contactId, { contact_id: d.contactId, person_id: to, first_seen_at: e.occurredAt, last_seen_at: e.occurredAt, destroyed_at: null });
      f.after.push({ sql: `UPDATE contacts SET person_id = $1 WHERE person_id = $2`, params: [to, from] });
      f.after.push({ sql: `UPDATE cases SET person_id = $1 WHERE person_id = $2`, params: [to, from] });
      return;
    }
    case 'contact.split.v1': {
      const n = e.data.newContactId;
      f.contacts.set(n, { contact_id: n, person_id: n, first_seen_at: e.occurredAt, last_seen_at: e.occurredAt, destroyed_at: null });
      for (const caseId of e.data.caseIds) {
        const row = f.cases.get(caseId);
        if (row) row.person_id = n;
      }
      f.after.push({ sql: `UPDATE cases SET person_id = $1 WHERE case_id IN ${IN.replace('$1', '$2')}`, params: [n, JSON.stringify(e.data.caseIds)] });
      return;
    }
    case 'contact.accessed.v1':
      f.access.push([e.id, e.occurredAt, e.data.actor, 'acces_contact', null, d.contactId, null, e.data.purpose, JSON.stringify(e.data.caseIds)]);
      return;
    case 'contact.shredded.v1': {
      f.vault.push({ kind: 'shred', subject: d.contactId, at: e.occurredAt, reason: e.data.reason });
      const contact = f.contacts.get(d.contactId);
      if (contact) contact.destroyed_at = e.occurredAt;
      for (const [id, row] of f.cases) if ((row.contact_id ?? `anon:${id}`) === d.contactId) row.personal_data_destroyed_at = e.occurredAt;
      f.after.push({ sql: `UPDATE contacts SET destroyed_at = $1::TIMESTAMPTZ WHERE contact_id = $2 AND destroyed_at IS NULL`, params: [e.occurredAt, d.contactId] });
      f.after.push({ sql: `DELETE FROM address_keys WHERE case_id IN (SELECT case_id FROM cases WHERE coalesce(contact_id, 'anon:' || case_id) = $1)`, params: [d.contactId] });
      f.after.push({ sql: `UPDATE cases SET personal_data_destroyed_at = $1::TIMESTAMPTZ WHERE coalesce(contact_id, 'anon:' || case_id) = $2 AND personal_data_destroyed_at IS NULL`, params: [e.occurredAt, d.contactId] });
      f.surveysChanged = true;
      return;
    }
  }
}
