// `doleances contacts <merge|split|rotate-keys|rotate|retention> …`: the people behind the cases.
//   merge <garder> <fusionner> --reason …     the same person under two pseudonymous ids (audited)
//   split <contact> --cases A,B --reason …    cases wrongly attached to a person move to a new id
//   rotate-keys                               re-wraps every contact key under the current master key
//   rotate <contact>                          a new key generation for one contact (vault re-sealed)
//   retention [--dry-run]                     destroys what the retention schedule says must go (Law 25):
//                                             contacts, and messages that never became a case
// Doléances must be stopped (the log and the warehouse belong to one process).
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { parseArgs } from 'node:util';
import type { ContactEvent } from '../../core/events/schemas.ts';
import { DoleancesError } from '../../core/errors.ts';
import { rewrapContactKeys, rotateContactKey } from '../../store/key-rotation.ts';
import { openOfflineStore } from '../../store/offline.ts';
import { destroyNonCase, nonCaseDue } from '../../store/retention-non-case.ts';
import { destroyArchived, destructionsDue, shredEvents } from '../../store/retention.ts';
import type { CommandContext } from '../main.ts';

const USAGE = 'Usage : doleances contacts merge <garder> <fusionner> --reason … | split <contact> --cases A,B --reason … | rotate-keys | rotate <contact> | retention [--dry-run]';

export async function run({ config }: CommandContext): Promise<number> {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    strict: false,
    options: { reason: { type: 'string' }, cases: { type: 'string' }, actor: { type: 'string' }, 'dry-run': { type: 'boolean' }, lang: { type: 'string' } },
  });
  const [, verb, a, b] = positionals;
  const actor = (values.actor as string | undefined) ?? `cli:${os.userInfo().username}`;
  const reason = typeof values.reason === 'string' ? values.reason.trim() : '';
  const needReason = () => {
    if (reason.length < 5) throw new DoleancesError('CLI_USAGE', `--reason est obligatoire (motif consigné). ${USAGE}`);
  };
  if (!verb) throw new DoleancesError('CLI_USAGE', USAGE);
  const store = await openOfflineStore(config);
  try {
    const now = new Date();
    const event = (type: ContactEvent['type'], data: ContactEvent['data']) => ({ id: randomUUID(), type, occurredAt: now.toISOString(), correlationId: randomUUID(), profileId: store.profile.id, data }) as ContactEvent;
    const exists = async (id: string) => !!(await store.db.one(`SELECT 1 FROM contacts WHERE contact_id = $1`, [id]));
    switch (verb) {
      case 'merge': {
        if (!a || !b || a === b) throw new DoleancesError('CLI_USAGE', USAGE);
        needReason();
        for (const id of [a, b]) if (!(await exists(id))) throw new DoleancesError('NOT_FOUND', `Contact ${id} introuvable.`);
        await store.record([event('contact.merged.v1', { contactId: a, mergedId: b, actor, reason })]);
        process.stdout.write(`Contact ${b} fusionné dans ${a}.\n`);
        return 0;
      }
      case 'split': {
        const caseIds = String(values.cases ?? '').split(',').map((s) => s.trim()).filter(Boolean);
        if (!a || caseIds.length === 0) throw new DoleancesError('CLI_USAGE', USAGE);
        needReason();
        const owned = await store.db.all<{ case_id: string }>(`SELECT case_id FROM cases WHERE coalesce(person_id, contact_id) = (SELECT coalesce(person_id, contact_id) FROM contacts WHERE contact_id = $1)`, [a]);
        const missing = caseIds.filter((id) => !owned.some((o) => o.case_id === id));
        if (missing.length) throw new DoleancesError('NOT_FOUND', `Dossiers absents de ce contact : ${missing.join(', ')}`);
        const newContactId = `c-${randomUUID().replace(/-/g, '').slice(0, 16)}`;
        await store.record([event('contact.split.v1', { contactId: a, newContactId, caseIds, actor, reason })]);
        process.stdout.write(`${caseIds.length} dossier(s) détaché(s) vers le contact ${newContactId}.\n`);
        return 0;
      }
      case 'rotate-keys':
        process.stdout.write(`${await rewrapContactKeys(store.db, store.keyring)} clé(s) de contact rescellée(s) sous la clé maîtresse « ${store.keyring.currentId} ».\n`);
        return 0;
      case 'rotate':
        if (!a) throw new DoleancesError('CLI_USAGE', USAGE);
        process.stdout.write(`${await rotateContactKey(store.db, store.keyring, a, now)} valeur(s) rescellée(s) sous une nouvelle clé du contact ${a}.\n`);
        return 0;
      case 'retention': {
        const dry = !!values['dry-run'];
        const due = await destructionsDue(store.db, store.profile, now);
        if (!dry) {
          // Originals first, the event last: a run interrupted in between leaves the contact due.
          await destroyArchived(store.db, config.paths.archive, due.flatMap((d) => d.caseIds));
          await store.record(shredEvents(due, store.profile, now, actor));
        }
        process.stdout.write(`${due.length} contact(s) ${dry ? 'à détruire' : 'détruit(s)'} (conservation : ${store.profile.retention.yearsAfterClosure} ans après la fermeture).\n`);
        for (const d of due) process.stdout.write(`  ${d.subject}  dernière fermeture ${d.lastClosedAt}  dossiers ${d.caseIds.join(', ')}\n`);
        const nonCase = await nonCaseDue(store.db, store.profile, now);
        let destroyed = nonCase.length;
        if (!dry) {
          const done = await destroyNonCase({ archive: config.paths.archive, quarantine: config.paths.quarantine }, nonCase, store.profile, now, actor);
          await store.record(done.events);
          destroyed = done.events.length;
          if (done.unreachable) throw new DoleancesError('NOT_FOUND', `Archive introuvable (${config.paths.archive}) : ${nonCase.length} message(s) sans dossier à détruire là où sont les originaux (rôle ingest).`);
          if (done.deferred) process.stdout.write(`${done.deferred} message(s) reporté(s) : le même original a été reçu de nouveau depuis.\n`);
        }
        process.stdout.write(`${destroyed} message(s) sans dossier ${dry ? 'à détruire' : 'détruit(s)'} (conservation : ${store.profile.retention.nonCaseMonths} mois après la réception).\n`);
        if (dry) {
          for (const d of nonCase) process.stdout.write(`  ${d.sha256.slice(0, 16)}  ${d.disposition.padEnd(10)} reçu ${d.receivedAt}${d.shared ? '  original gardé (un dossier ou un message plus récent le contient)' : ''}\n`);
        }
        return 0;
      }
      default:
        throw new DoleancesError('CLI_USAGE', USAGE);
    }
  } finally {
    await store.close();
  }
}
