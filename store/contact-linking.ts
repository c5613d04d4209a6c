// The same person across channels is one contact: a message that carries both an email address and
// a phone number (a signature, a web form) links the email's pseudonymous contact to the phone's,
// so a voicemail and an email from the same person share their antecedents (seed 000, Étapes 2).
// Links are contact.merged.v1 events by the system (audited like a staff merge); a pair that staff
// have split is never merged again automatically.
import type { Keyring } from '../core/crypto/keyring.ts';
import { pseudonym } from '../core/crypto/sealed.ts';
import type { ContactEvent } from '../core/events/schemas.ts';
import { deterministicId } from '../core/ids.ts';
import type { Duck } from './duck.ts';
import { VaultReader } from './vault.ts';

export async function crossChannelMerges(db: Duck, keyring: Keyring, now: Date, opts: { since?: Date; profileId: string }): Promise<ContactEvent[]> {
  const rows = await db.all<{ subject_id: string; ref: string; field: string; sealed: string; pending: boolean }>(
    `SELECT v.subject_id, v.ref, v.field, v.sealed, v.pending FROM vault v JOIN contacts k ON k.contact_id = v.subject_id
     WHERE v.field IN ('contact.email', 'contact.phone', 'contact.fax') AND k.destroyed_at IS NULL
       AND ($1::TIMESTAMPTZ IS NULL OR v.occurred_at >= $1::TIMESTAMPTZ)`,
    [opts.since?.toISOString() ?? null],
  );
  const vault = new VaultReader(db, keyring);
  const pairs = new Map<string, [string, string]>();
  for (const r of rows) {
    const value = await vault.open(r).catch(() => null);
    if (!value) continue;
    const other = pseudonym(keyring, r.field === 'contact.email' ? 'email' : 'phone', value);
    if (other === r.subject_id) continue;
    const [a, b] = [r.subject_id, other].sort() as [string, string];
    pairs.set(`${a}|${b}`, [a, b]);
  }
  if (pairs.size === 0) return [];
  const ids = [...new Set([...pairs.values()].flat())];
  const contacts = new Map(
    (await db.all<{ contact_id: string; person_id: string; first_seen_at: string }>(
      `SELECT contact_id, person_id, first_seen_at::VARCHAR AS first_seen_at FROM contacts WHERE contact_id IN (SELECT unnest(from_json($1::JSON, '["VARCHAR"]')))`,
      [JSON.stringify(ids)],
    )).map((c) => [c.contact_id, c]),
  );
  const split = new Set((await db.all<{ contact_id: string }>(`SELECT DISTINCT contact_id FROM contact_events WHERE type = 'contact.split.v1'`)).map((r) => r.contact_id));
  const out: ContactEvent[] = [];
  for (const [a, b] of pairs.values()) {
    const ca = contacts.get(a);
    const cb = contacts.get(b);
    if (!ca || !cb || ca.person_id === cb.person_id || split.has(a) || split.has(b)) continue;
    // The contact seen first is the one that stays.
    const [keep, merged] = ca.first_seen_at <= cb.first_seen_at ? [ca, cb] : [cb, ca];
    out.push({
      id: deterministicId('contact.merged.v1', a, b),
      type: 'contact.merged.v1',
      occurredAt: now.toISOString(),
      correlationId: deterministicId('linking', a, b),
      profileId: opts.profileId,
      data: { contactId: keep.contact_id, mergedId: merged.contact_id, actor: 'systeme:rapprochement', reason: 'Même personne : courriel et téléphone dans un même message' },
    });
  }
  return out;
}
