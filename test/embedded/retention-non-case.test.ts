// Law 25 for the messages that never became a case, on real files: the store's retention job
// destroys, profile.retention.nonCaseMonths (12) after receipt, the archived original and the
// quarantine record of a quarantined file and of an auto-reply; it keeps a recent one, and a blob a
// case also holds (a duplicate of its message); it leaves bytes received again meanwhile for a
// later run; it finishes what an interrupted run left; running it again changes nothing; the
// warehouse keeps each message's metadata (sha256, reason, dates), and `quarantine show` says
// the original was destroyed. Where the archive is not reachable, nothing is marked destroyed.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { caseEventsFor } from '../../classify/case-events.ts';
import { RulesClassifier } from '../../classify/rules-classifier.ts';
import { REPO_ROOT } from '../../core/config.ts';
import type { CaseEvent, EventOf } from '../../core/events/schemas.ts';
import { archiveBytes, archivePath, readArchived } from '../../ingest/archive.ts';
import { buildIntakeDisposed, buildIntakeReceived, type IntakeContext } from '../../ingest/intake.ts';
import { emptySender, type ParsedMessage } from '../../ingest/parse/types.ts';
import { writeQuarantineRecord } from '../../ingest/quarantine.ts';
import { openOfflineStore, type OfflineStore } from '../../store/offline.ts';
import { pageDispositions } from '../../store/queries.ts';
import { destroyNonCase, nonCaseDue } from '../../store/retention-non-case.ts';
import { clockTicker } from '../../store/scheduler.ts';
import { silentLogger, tempDataDir, testConfig } from '../helpers/app.ts';

const dataDir = tempDataDir('dol-retention-nc-');
const config = testConfig(dataDir, { DOLEANCES_SEED_EXAMPLES: 'false' });
let store: OfflineStore | undefined;
afterAll(async () => store?.close());

const NOW = new Date();
const monthsAgo = (n: number) => {
  const d = new Date(NOW);
  d.setUTCMonth(d.getUTCMonth() - n);
  return d;
};
const OLD = monthsAgo(14);
const RECENT = monthsAgo(2);

const cli = (args: string[]) => spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'doleances'), ...args], { encoding: 'utf8', env: { ...process.env, DOLEANCES_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }, timeout: 120_000 });
const ctxOf = (s: OfflineStore): IntakeContext => ({ keyring: s.keyring, profileId: s.profile.id, archiveRoot: config.paths.archive, connector: 'test' });
const blob = (sha: string) => archivePath(config.paths.archive, sha);
/** A file as old as the message it belongs to (archived, or recorded, when it was received). */
const age = (file: string, at: Date) => fs.utimesSync(file, at, at);

/** An unreadable file, quarantined as the drop folder does: original in the archive, a reason record beside. */
async function quarantined(s: OfflineStore, bytes: string, at: Date): Promise<{ sha: string; record: string; event: EventOf<'intake.disposed.v1'> }> {
  const raw = await archiveBytes(config.paths.archive, s.keyring, Buffer.from(bytes));
  const rawInfo = { sha256: raw.sha256, size: raw.size, contentType: 'application/pdf' };
  const record = await writeQuarantineRecord(config.paths.quarantine, { ...rawInfo, extension: '.pdf', errorCode: 'INTAKE_UNREADABLE', reason: 'PDF illisible.', at: at.toISOString() });
  age(blob(raw.sha256), at);
  age(record, at);
  const event = buildIntakeDisposed(ctxOf(s), { key: `file:${raw.sha256}`, channel: null, disposition: 'quarantine', reason: 'PDF illisible.', errorCode: 'INTAKE_UNREADABLE', raw: rawInfo, quarantinePath: path.relative(dataDir, record), now: at });
  return { sha: raw.sha256, record, event };
}

async function disposed(s: OfflineStore, disposition: 'autoreply' | 'duplicate', bytes: string, at: Date): Promise<{ sha: string; event: EventOf<'intake.disposed.v1'> }> {
  const raw = await archiveBytes(config.paths.archive, s.keyring, Buffer.from(bytes));
  if (disposition !== 'duplicate') age(blob(raw.sha256), at);
  const event = buildIntakeDisposed(ctxOf(s), { key: `${disposition}:${raw.sha256}`, channel: 'email', disposition, reason: disposition === 'autoreply' ? 'Réponse automatique (RFC 3834)' : 'même message qu’un courriel déjà reçu', errorCode: null, raw: { sha256: raw.sha256, size: raw.size, contentType: 'message/rfc822' }, quarantinePath: null, now: at });
  return { sha: raw.sha256, event };
}

const MAIL = 'From: Yvon Bergeron <y.bergeron@exemple.test>\r\nSubject: Fuite sous l’évier\r\n\r\nL’évier du 12 coule depuis une semaine.\r\n';

async function caseFrom(s: OfflineStore, bytes: string, at: Date): Promise<string> {
  const raw = await archiveBytes(config.paths.archive, s.keyring, Buffer.from(bytes));
  const parsed: ParsedMessage = { disposition: 'case', dispositionReason: null, channel: 'email', subject: 'Fuite sous l’évier', text: 'L’évier du 12 coule depuis une semaine.', textConfidence: null, sender: { ...emptySender(), name: 'Yvon Bergeron', email: 'y.bergeron@exemple.test' }, language: 'fr', attachments: [], flags: [], inReplyToCaseRef: null, sourceId: null, source: {}, receivedAt: at.toISOString() };
  const intake = await buildIntakeReceived(ctxOf(s), parsed, raw, 'message/rfc822', {}, at);
  const events: CaseEvent[] = caseEventsFor(intake, { profile: s.profile, calendar: s.calendar, classifier: new RulesClassifier(s.profile), keyring: s.keyring });
  await s.record([intake, ...events]);
  return raw.sha256;
}

const m: Record<string, { sha: string; record?: string }> = {};
const ticker = (s: OfflineStore) => clockTicker({ db: s.db, log: s.log, profile: s.profile, logger: silentLogger, keyring: s.keyring, archiveRoot: config.paths.archive, quarantineDir: config.paths.quarantine });
const destructions = (s: OfflineStore) =>
  s.db.all<{ raw_sha256: string; original: string; actor: string; disposition: string; reason: string; received_at: string }>(
    `SELECT d.raw_sha256, d.original, d.actor, i.disposition, i.reason, strftime(i.received_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS received_at
     FROM intake_destructions d JOIN intakes i USING (intake_id) ORDER BY i.disposition, d.original`,
  );

describe('retention of messages without a case (Law 25)', () => {
  it('destroys the old quarantined file and auto-reply, keeps the recent one and a blob a case holds', async () => {
    store = await openOfflineStore(config);
    const s = store;
    expect(s.profile.retention.nonCaseMonths).toBe(12);
    const oldQ = await quarantined(s, '%PDF-1.4 lettre de Mme Gagnon, 45 rue des Ormeaux (tronquée)', OLD);
    const recentQ = await quarantined(s, '%PDF-1.4 lettre de M. Roy (tronquée)', RECENT);
    const auto = await disposed(s, 'autoreply', 'Subject: Absent du bureau\r\n\r\nJe suis absente jusqu’au 3 mars. Louise Pelletier, 819-555-0142\r\n', OLD);
    const caseSha = await caseFrom(s, MAIL, OLD);
    const dup = await disposed(s, 'duplicate', MAIL, OLD);
    expect(dup.sha).toBe(caseSha);
    await s.record([oldQ.event, recentQ.event, auto.event, dup.event]);
    Object.assign(m, { oldQ, recentQ, auto, caseSha: { sha: caseSha } });

    const r = await ticker(s).tick(NOW);
    expect(r).toMatchObject({ nonCaseDestroyed: 3, nonCaseErased: 2, shredded: 0 });
    await s.catchUp();

    expect(fs.existsSync(blob(oldQ.sha))).toBe(false);
    expect(fs.existsSync(oldQ.record)).toBe(false);
    expect(fs.existsSync(blob(auto.sha))).toBe(false);
    // Kept: the recent quarantine (original and record), and the case's original its duplicate shared.
    expect(fs.existsSync(blob(recentQ.sha))).toBe(true);
    expect(fs.existsSync(recentQ.record)).toBe(true);
    expect((await readArchived(config.paths.archive, s.keyring, caseSha)).toString()).toBe(MAIL);
    expect(fs.readdirSync(config.paths.archive, { recursive: true }).map(String).filter((f) => f.endsWith('.destruction'))).toEqual([]);

    // The metadata stays: sha256, reason, dates; the destruction is recorded with who and why.
    const reason = expect.stringMatching(/12 mois après la réception d'un message sans dossier/);
    expect(await destructions(s)).toEqual([
      { raw_sha256: auto.sha, original: 'erased', actor: 'systeme:conservation', disposition: 'autoreply', reason: 'Réponse automatique (RFC 3834)', received_at: OLD.toISOString() },
      { raw_sha256: caseSha, original: 'shared', actor: 'systeme:conservation', disposition: 'duplicate', reason: 'même message qu’un courriel déjà reçu', received_at: OLD.toISOString() },
      { raw_sha256: oldQ.sha, original: 'erased', actor: 'systeme:conservation', disposition: 'quarantine', reason: 'PDF illisible.', received_at: OLD.toISOString() },
    ]);
    expect((await s.db.all<{ reason: string }>(`SELECT reason FROM intake_destructions`)).map((d) => d.reason)).toEqual([reason, reason, reason]);
    expect((await s.db.all(`SELECT 1 FROM intakes`)).length).toBe(5); // four disposed and the case's own: none forgotten
    // The non-cases page says which originals are gone, and when.
    const page = await pageDispositions(s.db, { size: 50 });
    expect(page.rows.map((r) => [r.disposition, r.destroyed_at !== null]).sort()).toEqual([['autoreply', true], ['duplicate', true], ['quarantine', false], ['quarantine', true]]);
  });

  it('leaves bytes received again since the cut-off for a later run, and finishes what an interrupted run left', async () => {
    const s = store!;
    // The same unreadable bytes arrive again today: archiving touches the old blob; the new
    // message is not in the warehouse yet. The old one must wait, its original intact.
    const again = await quarantined(s, '%PDF-1.4 relevé de compte de M. Côté (tronqué)', OLD);
    await s.record([again.event]);
    await archiveBytes(config.paths.archive, s.keyring, Buffer.from('%PDF-1.4 relevé de compte de M. Côté (tronqué)'));
    // Interrupted runs: one stopped after setting an original aside, one after erasing it, both before recording.
    const aside = await disposed(s, 'autoreply', 'Subject: Réponse automatique\r\n\r\nEn congé. Marc Lavoie\r\n', OLD);
    const erased = await disposed(s, 'autoreply', 'Subject: Auto\r\n\r\nHors du bureau. Julie Fortin\r\n', OLD);
    await s.record([aside.event, erased.event]);
    fs.renameSync(blob(aside.sha), `${blob(aside.sha)}.destruction`);
    fs.rmSync(blob(erased.sha));

    expect(await ticker(s).tick(NOW)).toMatchObject({ nonCaseDestroyed: 2, nonCaseErased: 1 });
    await s.catchUp();
    expect(fs.existsSync(blob(again.sha))).toBe(true);
    expect(fs.existsSync(again.record)).toBe(true);
    expect(fs.existsSync(`${blob(aside.sha)}.destruction`)).toBe(false);
    const originals = Object.fromEntries((await destructions(s)).map((d) => [d.raw_sha256, d.original]));
    expect(originals).toMatchObject({ [aside.sha]: 'erased', [erased.sha]: 'absent' });
    expect(originals[again.sha]).toBeUndefined();
    m.again = again;
  });

  it('changes nothing when run again, from the scheduler or the command line; quarantine show says destroyed', async () => {
    const s = store!;
    expect(await ticker(s).tick(NOW)).toMatchObject({ nonCaseDestroyed: 0, nonCaseErased: 0 });
    const before = (await destructions(s)).length;
    await s.close();
    store = undefined;
    // The same bytes received again 2 months ago, then: the old one stays until its blob is itself past the cut-off.
    age(blob(m.again!.sha), RECENT);

    const dry = cli(['contacts', 'retention', '--dry-run']);
    expect(dry.stderr).toBe('');
    expect(dry.stdout).toMatch(/^1 message\(s\) sans dossier à détruire \(conservation : 12 mois après la réception\)\.$/m);
    const run = cli(['contacts', 'retention']);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^0 message\(s\) sans dossier détruit\(s\)/m);
    expect(run.stdout).toMatch(/1 message\(s\) reporté\(s\)/);

    const shown = cli(['quarantine', 'show', m.oldQ!.sha.slice(0, 12)]);
    expect(shown.status).toBe(1);
    expect(shown.stderr).toMatch(/INTAKE_DESTROYED: Original [0-9a-f]{16}… détruit le /);
    const out = path.join(dataDir, 'recent.pdf');
    const recent = cli(['quarantine', 'show', m.recentQ!.sha.slice(0, 12), '--out', out]);
    expect(recent.stderr).toBe('');
    expect(fs.readFileSync(out, 'utf8')).toBe('%PDF-1.4 lettre de M. Roy (tronquée)');
    const list = cli(['quarantine']);
    expect(list.stdout.split('\n').filter((l) => l.includes('[détruit le ')).length).toBe(before);

    store = await openOfflineStore(config);
    expect((await destructions(store)).length).toBe(before);
  });

  it('records nothing where the archive is not (a store on a volume of its own)', async () => {
    const s = store!;
    const due = await nonCaseDue(s.db, s.profile, NOW);
    expect(due.map((d) => d.sha256)).toEqual([m.again!.sha]);
    const r = await destroyNonCase({ archive: path.join(dataDir, 'ailleurs'), quarantine: config.paths.quarantine }, due, s.profile, NOW);
    expect(r).toMatchObject({ unreachable: true, events: [], erased: 0, records: 0 });
    expect(fs.existsSync(m.again!.record!)).toBe(true);
  });
});
