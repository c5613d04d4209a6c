// The privacy model on real files: the vault re-seals every personal field under its contact's
// key (pending values without a keyring, then sealed), keys rotate, the same person across email
// and phone is one contact (merged by the system, split by staff, audited), the file shows the
// person's antecedents and the other cases at the same address; at the end of the retention
// period the contact's key is destroyed and a scan of the DuckDB file and the archive finds nothing
// of theirs that opens, while the statistics remain; a replay does not bring them back; a citizen
// gets their own file in French and the export is logged (seed 002, Law 25).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { caseEventsFor } from '../../classify/case-events.ts';
import { RulesClassifier } from '../../classify/rules-classifier.ts';
import { REPO_ROOT } from '../../core/config.ts';
import { createKeyring, openKeyring } from '../../core/crypto/keyring.ts';
import { openForContact } from '../../core/crypto/contact-key.ts';
import { open } from '../../core/crypto/sealed.ts';
import type { CaseEvent } from '../../core/events/schemas.ts';
import { runCaseCommand } from '../../core/lifecycle/commands/index.ts';
import { archiveBytes } from '../../ingest/archive.ts';
import { buildIntakeReceived } from '../../ingest/intake.ts';
import { emptySender, type ParsedMessage } from '../../ingest/parse/types.ts';
import { loadCase } from '../../store/case-state.ts';
import { caseFile } from '../../store/queries.ts';
import { rewrapContactKeys, rotateContactKey } from '../../store/key-rotation.ts';
import { openOfflineStore, type OfflineStore } from '../../store/offline.ts';
import { replayInto } from '../../store/replay.ts';
import { clockTicker } from '../../store/scheduler.ts';
import { VaultReader } from '../../store/vault.ts';
import { Duck } from '../../store/duck.ts';
import { silentLogger, tempDataDir, testConfig } from '../helpers/app.ts';

const dataDir = tempDataDir('dol-privacy-');
const config = testConfig(dataDir, { DOLEANCES_SEED_EXAMPLES: 'false' });
let store: OfflineStore | undefined;
afterAll(async () => store?.close());

const boss = { id: 'agent:responsable:flavoie', roles: ['responsable_plaintes'] };
const OLD = { name: 'Gérald Tremblay-Vachon', address: '45, rue des Ormeaux, app. 2, Trois-Rivières G8Y 1A1', phone: '819-555-0199' };
const NEW = { name: 'Amélie Desrosiers', email: 'amelie.desrosiers@example.qc.ca', phone: '819-555-0177', address: '45 rue des Ormeaux #7, Trois-Rivieres G8Y1A1' };

async function receive(s: OfflineStore, p: Partial<ParsedMessage> & { text: string; receivedAt: string }, name: string): Promise<string> {
  const parsed: ParsedMessage = { disposition: 'case', dispositionReason: null, channel: 'letter', subject: null, textConfidence: null, sender: emptySender(), language: 'fr', attachments: [], flags: [], inReplyToCaseRef: null, sourceId: null, source: { file: name }, ...p };
  const raw = await archiveBytes(config.paths.archive, s.keyring, Buffer.from(`${name}\n${p.text}`));
  const intake = await buildIntakeReceived({ keyring: s.keyring, profileId: s.profile.id, archiveRoot: config.paths.archive, connector: 'test' }, parsed, raw, 'text/plain', {}, new Date(p.receivedAt));
  const events: CaseEvent[] = caseEventsFor(intake, { profile: s.profile, calendar: s.calendar, classifier: new RulesClassifier(s.profile), keyring: s.keyring });
  await s.record([intake, ...events]);
  return events[0]!.data.caseId;
}

async function act(s: OfflineStore, caseId: string, action: string, now: string, args: Record<string, unknown>) {
  const snap = await loadCase(s.db, caseId, s.profile, s.calendar);
  await s.record(runCaseCommand(action, snap, { actor: boss, now: new Date(now), profile: s.profile, calendar: s.calendar, keyring: s.keyring }, args));
}

const cli = (args: string[]) => spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'doleances'), ...args], { encoding: 'utf8', env: { ...process.env, DOLEANCES_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }, timeout: 120_000 });

const ids = { old: '', email: '', voice: '' };

describe('privacy: vault, contacts, destruction, access', () => {
  it('seals every personal field under its contact key; rotation keeps them readable', async () => {
    store = await openOfflineStore(config);
    const s = store;
    ids.old = await receive(s, { text: 'Le stationnement n’est jamais déneigé, je suis tombé sur la glace.', receivedAt: '2019-03-15T10:00:00-04:00', sender: { ...emptySender(), ...OLD } }, 'vieux.txt');
    await act(s, ids.old, 'answer', '2019-03-20T10:00:00-04:00', { text: 'Le déneigement a été fait.' });
    await act(s, ids.old, 'judge', '2019-03-21T10:00:00-04:00', { finding: 'fondee', criteria: 'normes_service', reason: 'Déneigement en retard' });
    await act(s, ids.old, 'close', '2019-06-03T10:00:00-04:00', { reason: 'Réglé' });
    ids.email = await receive(s, { channel: 'email', text: 'Mon voisin du 7 fait du bruit la nuit. Rappelez-moi au 819-555-0177.', receivedAt: '2026-01-12T10:00:00-05:00', sender: { ...emptySender(), ...NEW } }, 'courriel.txt');
    ids.voice = await receive(s, { channel: 'voicemail', text: 'oui bonjour c’est encore pour le bruit du voisin', receivedAt: '2026-01-13T10:00:00-05:00', sender: { ...emptySender(), phone: NEW.phone } }, 'vocal.txt');

    const vault = await s.db.all<{ sealed: string; pending: boolean }>(`SELECT sealed, pending FROM vault`);
    expect(vault.length).toBeGreaterThan(8);
    expect(vault.every((v) => v.sealed.startsWith('v1.') && !v.pending)).toBe(true);
    const reader = new VaultReader(s.db, s.keyring);
    const file = (await caseFile(s.db, ids.email))!;
    expect(await reader.open(file.identity!.email!)).toBe(NEW.email);

    // Master key rotation: a new key first, the old one kept; contact keys are re-wrapped, then the old key can go.
    const k2 = { id: 'k2', key: Buffer.alloc(32, 7) };
    const rotated = createKeyring([k2, { id: 'k1', key: s.keyring.key('k1') }]);
    expect(await rewrapContactKeys(s.db, rotated)).toBe(3);
    expect(await new VaultReader(s.db, createKeyring([k2])).open(file.identity!.name!)).toBe(NEW.name);
    // A contact's own key: a new generation, every value re-sealed.
    const subject = file.case.contact_id!;
    expect(await rotateContactKey(s.db, rotated, subject, new Date('2026-01-14T10:00:00Z'))).toBeGreaterThan(3);
    const after = (await caseFile(s.db, ids.email))!;
    expect(after.identity!.name!.sealed).not.toBe(file.identity!.name!.sealed);
    expect(await new VaultReader(s.db, rotated).open(after.identity!.name!)).toBe(NEW.name);
    expect(await rewrapContactKeys(s.db, createKeyring([{ id: 'k1', key: s.keyring.key('k1') }, k2]))).toBe(3); // back under k1 for the rest of the suite
  });

  it('links the email and the voicemail of one person, shows antecedents and same-address cases, and splits with an audit trail', async () => {
    const s = store!;
    const ticker = clockTicker({ db: s.db, log: s.log, profile: s.profile, logger: silentLogger, keyring: s.keyring });
    expect((await ticker.tick(new Date('2026-01-14T12:00:00-05:00'))).merged).toBe(1);
    await s.catchUp();
    const file = (await caseFile(s.db, ids.voice))!;
    expect(file.antecedents.map((a) => a.case_id)).toEqual([ids.email]);
    expect(file.case.person_id).not.toBe(file.case.contact_id);
    const merged = await s.db.all<{ actor: string; type: string }>(`SELECT actor, type FROM contact_events`);
    expect(merged).toEqual([{ actor: 'systeme:rapprochement', type: 'contact.merged.v1' }]);
    // Seed 000, Étapes 2: the other cases about the same building, whatever the apartment.
    expect((await caseFile(s.db, ids.email))!.sameAddress.map((c) => c.case_id)).toEqual([ids.old]);

    await s.close();
    store = undefined;
    const r = cli(['contacts', 'split', file.case.contact_id!, '--cases', ids.voice, '--reason', 'Un colocataire a laissé le message vocal', '--actor', boss.id]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/détaché/);
    store = await openOfflineStore(config);
    expect((await caseFile(store.db, ids.voice))!.antecedents).toEqual([]);
    expect((await store.db.all(`SELECT type, actor FROM contact_events ORDER BY occurred_at`)).map((e) => (e as { type: string }).type)).toEqual(['contact.merged.v1', 'contact.split.v1']);
  });

  it('gives a citizen their own file in French, and logs the export and every consultation', async () => {
    await store!.close();
    store = undefined;
    const show = cli(['case', ids.email, 'show', '--actor', 'agent:clientele:mgagnon']);
    expect(show.stdout).toContain(`Dossier ${ids.email}`);
    expect(show.stdout).not.toContain(NEW.name);
    const out = path.join(dataDir, 'export');
    const r = cli(['export-contact', NEW.email, '--out', out, '--actor', boss.id]);
    expect(r.stderr).toBe('');
    const json = JSON.parse(fs.readFileSync(r.stdout.trim().split('\n')[0]!, 'utf8'));
    expect(json.personne).toMatchObject({ nom: NEW.name, courriel: NEW.email });
    expect(json.dossiers.map((d: { numero: string }) => d.numero)).toEqual([ids.email]);
    expect(json.dossiers[0].messages[0].texte).toMatch(/bruit la nuit/);
    expect(json.recours).toMatch(/Protecteur du citoyen/);
    expect(fs.readFileSync(r.stdout.trim().split('\n')[1]!, 'utf8')).toMatch(/<html lang="fr">[\s\S]*Votre dossier/);
    store = await openOfflineStore(config);
    const log = await store.db.all<{ kind: string; actor: string }>(`SELECT kind, actor FROM access_log ORDER BY accessed_at`);
    // One consultation; one access per contact id of the person (their email, and their phone merged into it).
    expect(log).toEqual([{ kind: 'consultation', actor: 'agent:clientele:mgagnon' }, { kind: 'acces_contact', actor: boss.id }, { kind: 'acces_contact', actor: boss.id }]);
  });

  it('destroys a contact at the end of the retention period: nothing of theirs opens in the DuckDB file or the archive', async () => {
    const s = store!;
    const raw = (await s.db.all<{ raw_sha256: string }>(`SELECT raw_sha256 FROM case_messages WHERE case_id = $1 AND raw_sha256 IS NOT NULL`, [ids.old])).map((r) => r.raw_sha256);
    const ticker = clockTicker({ db: s.db, log: s.log, profile: s.profile, logger: silentLogger, keyring: s.keyring, archiveRoot: config.paths.archive });
    // Closed June 3, 2019; the 7 years of profile.retention end on June 3, 2026.
    expect((await ticker.tick(new Date('2026-06-02T12:00:00-04:00'))).shredded).toBe(0);
    expect(await ticker.tick(new Date('2026-06-04T12:00:00-04:00'))).toMatchObject({ shredded: 1, archivedErased: 1 });
    await s.catchUp();
    const file = (await caseFile(s.db, ids.old))!;
    expect(file.case).toMatchObject({ status: 'fermee', nature: 'deneigement', outcome: 'fondee' });
    expect(file.case.personal_data_destroyed_at).not.toBeNull();
    expect(file.deadlines.length).toBeGreaterThan(0);
    expect(file.identity!.name).toBeNull();
    expect(await s.db.all(`SELECT * FROM vault WHERE subject_id = $1`, [file.case.contact_id])).toEqual([]);
    for (const sha of raw) expect(fs.existsSync(path.join(config.paths.archive, sha.slice(0, 2), sha.slice(2, 4), sha))).toBe(false);
    const subject = file.case.contact_id!;
    const liveSubject = (await caseFile(s.db, ids.email))!.case.contact_id!;
    await s.db.run('CHECKPOINT');
    await s.close();
    store = undefined;

    // Scan every byte of the warehouse, the archive and the key store: no master-sealed token opens
    // to their data or to their key. Positive controls: the live contact's key is found in the key
    // store, and the live contact's vault values are found in the DuckDB file and open with it.
    const keyring = openKeyring(config);
    const under = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true }).map((f) => path.join(dir, String(f))) : []);
    const files = [config.paths.warehouse, `${config.paths.warehouse}.wal`, ...under(config.paths.archive), ...under(path.join(dataDir, 'keys'))].filter((f) => fs.existsSync(f) && fs.statSync(f).isFile());
    const reader = await Duck.open(config.paths.warehouse, { readOnly: true });
    const liveAads = (await reader.all<{ ref: string; field: string }>(`SELECT ref, field FROM vault WHERE subject_id = $1`, [liveSubject])).map((v) => `${liveSubject}|${v.ref}|${v.field}`);
    reader.close();
    let liveKeyFound: Buffer | null = null;
    const tokens: { file: string; token: string }[] = [];
    for (const f of files) {
      const bytes = fs.readFileSync(f).toString('latin1');
      for (const n of [OLD.name, 'Ormeaux', '555-0199', 'tombé sur la glace']) expect(bytes.includes(n), `${n} in ${f}`).toBe(false);
      for (const [token] of bytes.matchAll(/[sv]1\.[A-Za-z0-9]+\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]{22}/g)) tokens.push({ file: f, token });
    }
    for (const { token } of tokens.filter((t) => t.token.startsWith('s1.'))) {
      const tryOpen = (aad: string) => {
        try {
          return open(keyring, token, aad);
        } catch {
          return null;
        }
      };
      for (const g of [1, 2, 3]) expect(tryOpen(`contact-key|${subject}|${g}`)).toBeNull();
      const plain = tryOpen('');
      if (plain) for (const n of [OLD.name, OLD.address, OLD.phone]) expect(plain).not.toContain(n);
      const live = tryOpen(`contact-key|${liveSubject}|2`);
      if (live) liveKeyFound = Buffer.from(live, 'base64');
    }
    expect(liveKeyFound).not.toBeNull();
    const liveKey = { subject: liveSubject, generation: 2, key: liveKeyFound! };
    const opened = tokens.filter((t) => t.file === config.paths.warehouse && t.token.startsWith('v1.2.')).some((t) => liveAads.some((aad) => {
      try {
        return openForContact(liveKey, t.token, aad).length > 0;
      } catch {
        return false;
      }
    }));
    expect(opened).toBe(true);
    const r = cli(['export-contact', OLD.phone]);
    expect(r.stderr).toMatch(/CONTACT_SHREDDED|NOT_FOUND/);
  });

  it('a replay of the log, with or without the key store, does not bring a destroyed contact back', async () => {
    store = await openOfflineStore(config);
    const s = store;
    const subject = (await caseFile(s.db, ids.old))!.case.contact_id!;
    for (const [name, opts] of [['sans-cles', {}], ['avec-cles', { keyring: s.keyring }]] as const) {
      const file = path.join(dataDir, `${name}.duckdb`);
      await replayInto(s.log, file, opts);
      const db = await Duck.open(file, { readOnly: true });
      try {
        expect(await db.all(`SELECT 1 FROM vault WHERE subject_id = $1`, [subject])).toEqual([]);
        expect(Number((await db.one<{ n: string }>(`SELECT count(*) AS n FROM vault`))!.n)).toBeGreaterThan(0);
        expect((await db.one<{ d: string | null }>(`SELECT personal_data_destroyed_at AS d FROM cases WHERE case_id = $1`, [ids.old]))!.d).not.toBeNull();
      } finally {
        db.close();
      }
    }
  });
});
