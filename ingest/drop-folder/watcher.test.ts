// The drop folder on real files: a real embedded log, a real keyring and the encrypted archive in a
// temporary data directory. Handled files leave the inbox, nothing of a message stays in clear
// under the data directory (case or quarantine), the quarantined original opens from the archive,
// and a crash before the deletion accounts for the file once.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../core/config.ts';
import { openKeyring } from '../../core/crypto/keyring.ts';
import { TOPICS, type DoleancesEvent } from '../../core/events/schemas.ts';
import { EmbeddedLog } from '../../core/log/embedded.ts';
import { readAll } from '../../core/log/read-all.ts';
import { createLogger } from '../../core/logger.ts';
import { readArchived } from '../archive.ts';
import { findQuarantined } from '../quarantine.ts';
import { DropFolder } from './watcher.ts';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dol-drop-'));
const config = loadConfig({ DOLEANCES_DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
const keyring = openKeyring(config);
const log = await EmbeddedLog.open(config.paths.log);
const ledgerFile = path.join(config.paths.state, 'drop-folder.ledger');
afterAll(async () => {
  await log.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const LETTER_PHRASE = 'Ginette Quintal-Bellerose habite au 1245 rue des Tilleuls';
const LETTER = Buffer.from(`Trois-Rivieres, le 20 novembre 2026\nObjet : balcon\n${LETTER_PHRASE} et le balcon est fissure depuis octobre.\n`);
const LETTER_NAME = 'lettre de Ginette Quintal.txt';
const BROKEN_PHRASE = 'Monique Thibodeau-Laroche, appartement 7';
const BROKEN = Buffer.from(`{"message": "${BROKEN_PHRASE}, le chauffage ne fonctionne plus`);
const BROKEN_NAME = 'plainte de Monique Thibodeau.json';
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const LETTER_SHA = sha256(LETTER);
const BROKEN_SHA = sha256(BROKEN);

/** A fresh DropFolder each time: a restart reads the ledger from disk, as after a crash. */
async function pass(): Promise<void> {
  const drop = new DropFolder(
    { log, logger: createLogger('silent'), keyring, profileId: 'omh-trois-rivieres', archiveRoot: config.paths.archive, connector: 'drop-folder', quarantineDir: config.paths.quarantine, dataDir, maxFileBytes: config.maxFileBytes },
    { inbox: config.paths.inbox, ledgerFile, pollMs: 100 },
  );
  try {
    await drop.scan();
  } finally {
    await drop.stop();
  }
}

function put(name: string, bytes: Buffer): void {
  fs.mkdirSync(config.paths.inbox, { recursive: true });
  const file = path.join(config.paths.inbox, name);
  fs.writeFileSync(file, bytes);
  const past = new Date(Date.now() - 60_000); // a copy finished long ago: stable on the first pass
  fs.utimesSync(file, past, past);
}

async function events(): Promise<DoleancesEvent[]> {
  const got: DoleancesEvent[] = [];
  await readAll(log, TOPICS.intake, (records) => void got.push(...records.map((r) => r.value as DoleancesEvent)));
  return got;
}

/** Every file under the data directory that contains one of `needles` in clear. */
function inClear(needles: string[]): string[] {
  const hits: string[] = [];
  for (const rel of fs.readdirSync(dataDir, { recursive: true }).map(String)) {
    const file = path.join(dataDir, rel);
    if (!fs.statSync(file).isFile()) continue;
    const bytes = fs.readFileSync(file);
    const text = [bytes.toString('utf8'), bytes.toString('latin1')];
    for (const n of needles) if (text.some((t) => t.includes(n))) hits.push(`${n} in ${rel}`);
  }
  return hits;
}

describe('drop folder', () => {
  it('makes a case, deletes the inbox file and leaves nothing of the letter in clear', async () => {
    put(LETTER_NAME, LETTER);
    await pass();
    expect(fs.readdirSync(config.paths.inbox)).toEqual([]);
    expect(fs.existsSync(path.join(dataDir, 'processed'))).toBe(false);
    const received = (await events()).filter((e) => e.type === 'intake.received.v1');
    expect(received).toHaveLength(1);
    expect(fs.readFileSync(ledgerFile, 'utf8')).toContain('\tcase\t');
    expect(inClear([LETTER_PHRASE, 'Quintal', 'rue des Tilleuls'])).toEqual([]);
  });

  it('quarantines an unreadable file as a reason record only, without its bytes or its name', async () => {
    put(BROKEN_NAME, BROKEN);
    await pass();
    expect(fs.readdirSync(config.paths.inbox)).toEqual([]);
    const disposed = (await events()).filter((e) => e.type === 'intake.disposed.v1' && e.data.disposition === 'quarantine');
    expect(disposed).toHaveLength(1);
    const d = disposed[0]!.type === 'intake.disposed.v1' ? disposed[0]!.data : undefined;
    const sha = d!.raw!.sha256;
    expect(d!.errorCode).toBe('INTAKE_UNREADABLE');
    expect(d!.quarantinePath).toBe(path.join('quarantine', `${sha}.json.raison.json`));
    expect(fs.readdirSync(config.paths.quarantine)).toEqual([`${sha}.json.raison.json`]);
    const record = JSON.parse(fs.readFileSync(path.join(dataDir, d!.quarantinePath!), 'utf8'));
    expect(record).toMatchObject({ sha256: sha, extension: '.json', errorCode: 'INTAKE_UNREADABLE', size: BROKEN.length });
    expect(inClear([BROKEN_PHRASE, 'Thibodeau', 'chauffage ne fonctionne'])).toEqual([]);
  });

  it('opens the quarantined original from the archive, byte for byte', async () => {
    const sha = (await findQuarantined(config.paths.quarantine, BROKEN_SHA.slice(0, 8)))[0]?.sha256;
    expect(sha).toBe(BROKEN_SHA);
    expect((await readArchived(config.paths.archive, keyring, sha!)).equals(BROKEN)).toBe(true);
    expect(await findQuarantined(config.paths.quarantine, LETTER_SHA.slice(0, 8))).toEqual([]); // a case's original is not opened here
  });

  it('after a crash between the ledger write and the deletion, records the file again as a duplicate only', async () => {
    // The disk as the crash leaves it: archived, published, in the ledger, still in the inbox.
    put(LETTER_NAME, LETTER);
    await pass();
    expect(fs.readdirSync(config.paths.inbox)).toEqual([]);
    const all = await events();
    expect(all.filter((e) => e.type === 'intake.received.v1')).toHaveLength(1);
    const dup = all.filter((e) => e.type === 'intake.disposed.v1' && e.data.disposition === 'duplicate');
    expect(dup.map((e) => e.type === 'intake.disposed.v1' && e.data.raw?.sha256)).toEqual([LETTER_SHA]);
  });

  it('after a crash between publishing and the ledger write, publishes the same ids again (taken once downstream)', async () => {
    const other = Buffer.from(`Objet : bruit\nLe voisin du 12 fait jouer de la musique chaque nuit depuis trois semaines.\n`);
    put('bruit.txt', other);
    await pass();
    // The disk as the crash leaves it: archived and published, but neither in the ledger nor deleted.
    const lines = fs.readFileSync(ledgerFile, 'utf8').trimEnd().split('\n');
    fs.writeFileSync(ledgerFile, `${lines.slice(0, -1).join('\n')}\n`);
    put('bruit.txt', other);
    await pass();
    expect(fs.readdirSync(config.paths.inbox)).toEqual([]);
    const received = (await events()).filter((e) => e.type === 'intake.received.v1' && e.data.raw.sha256 !== LETTER_SHA);
    expect(received).toHaveLength(2);
    expect(new Set(received.map((e) => e.id)).size).toBe(1);
    expect(fs.readFileSync(ledgerFile, 'utf8').trimEnd().split('\n')).toHaveLength(lines.length);
  });

  it('names no part of the file name in the reason for an unsupported format', async () => {
    put('Plainte de M. Jean Tremblay', Buffer.from('du texte sans extension'));
    await pass();
    const last = (await events()).at(-1)!;
    expect(last.type === 'intake.disposed.v1' && [last.data.errorCode, last.data.reason]).toEqual(['INTAKE_UNSUPPORTED', 'Format non pris en charge : (extension absente ou inconnue)']);
    expect(inClear(['Tremblay', 'Jean'])).toEqual([]);
  });
});
