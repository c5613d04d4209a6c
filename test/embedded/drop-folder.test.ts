// The drop folder through the whole pipeline, as an operator sees it: a letter becomes a case and a
// broken file a quarantine record, both leave the inbox, nothing of either stays in clear under the
// data directory; the same letter found again after a crash before its deletion is a duplicate, not
// a second case; `bin/doleances quarantine show` gives back the quarantined original byte for byte.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../core/config.ts';
import { startDoleances, type Running } from '../../main.ts';
import { countCases } from '../../store/queries.ts';
import { silentLogger, tempDataDir, testConfig, waitFor } from '../helpers/app.ts';

const dataDir = tempDataDir('dol-drop-');
const config = testConfig(dataDir, { DOLEANCES_SEED_EXAMPLES: 'false' });
let app: Running | undefined;
afterAll(async () => app?.stop());

const PHRASE = 'Rolande Beauchemin-Tardif, 88 rue des Hirondelles';
const LETTER = Buffer.from(`Trois-Rivieres, le 20 novembre 2026\nObjet : deneigement\nJe suis ${PHRASE}. Le stationnement n'est jamais deneige, c'est une patinoire.\n`);
const BROKEN_PHRASE = 'Fernand Lapointe-Gagnon au 3e etage';
const BROKEN = Buffer.from(`{"texte": "${BROKEN_PHRASE} sent une odeur de`);
const BROKEN_SHA = createHash('sha256').update(BROKEN).digest('hex');

const drop = (name: string, bytes: Buffer) => fs.writeFileSync(path.join(config.paths.inbox, name), bytes);
const cli = (args: string[]) =>
  spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'doleances'), ...args], { env: { ...process.env, DOLEANCES_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }, timeout: 120_000 });

describe('drop folder', () => {
  it('deletes handled files and leaves nothing of a case or a quarantined file in clear on disk', async () => {
    app = await startDoleances(config, { logger: silentLogger, web: false });
    drop('lettre Beauchemin.txt', LETTER);
    drop('message de Fernand.json', BROKEN);
    const db = await app.db.reader();
    await waitFor(async () => (await countCases(db)) === 1 && (await db.all(`SELECT 1 FROM intakes WHERE disposition = 'quarantine'`)).length === 1);
    await waitFor(async () => fs.readdirSync(config.paths.inbox).length === 0);
    const q = (await db.all<{ quarantine_path: string }>(`SELECT quarantine_path FROM intakes WHERE disposition = 'quarantine'`))[0]!;
    expect(q.quarantine_path).toBe(path.join('quarantine', `${BROKEN_SHA}.json.raison.json`));
    await app.stop();
    app = undefined;

    const needles = [PHRASE, 'Beauchemin', 'Hirondelles', BROKEN_PHRASE, 'Lapointe', 'Fernand'];
    const files = fs.readdirSync(dataDir, { recursive: true }).map((f) => path.join(dataDir, String(f))).filter((f) => fs.statSync(f).isFile());
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) {
      const bytes = fs.readFileSync(f);
      for (const n of needles) expect(bytes.includes(n) || bytes.toString('latin1').includes(n), `${n} in ${path.relative(dataDir, f)}`).toBe(false);
    }
    expect(fs.existsSync(path.join(dataDir, 'processed'))).toBe(false);
  });

  it('counts a letter found again after a crash before its deletion once: a duplicate, not a second case', async () => {
    // The disk as a crash between the ledger write and the deletion leaves it: the letter still there.
    drop('lettre Beauchemin.txt', LETTER);
    app = await startDoleances(config, { logger: silentLogger, web: false });
    const db = await app.db.reader();
    await waitFor(async () => fs.readdirSync(config.paths.inbox).length === 0);
    await waitFor(async () => (await db.all(`SELECT 1 FROM intakes WHERE disposition = 'duplicate'`)).length === 1);
    expect(await countCases(db)).toBe(1);
    await app.stop();
    app = undefined;
  });

  it('quarantine show decrypts the original from the archive, to --out or to a pipe', () => {
    const piped = cli(['quarantine', 'show', BROKEN_SHA.slice(0, 10)]);
    expect(piped.stderr.toString()).toBe('');
    expect(piped.status).toBe(0);
    expect(Buffer.compare(piped.stdout, BROKEN)).toBe(0);

    const out = path.join(dataDir, 'examen.json');
    const r = cli(['quarantine', 'show', BROKEN_SHA.slice(0, 10), '--out', out]);
    expect(r.status).toBe(0);
    expect(fs.readFileSync(out).equals(BROKEN)).toBe(true);
    fs.rmSync(out);

    expect(cli(['quarantine', 'show', 'zz']).status).toBe(2);
    expect(cli(['quarantine', 'show', 'ffffffffff']).stderr.toString()).toMatch(/NOT_FOUND/);
    // The case's original is not opened by this command.
    const letterSha = createHash('sha256').update(LETTER).digest('hex');
    expect(cli(['quarantine', 'show', letterSha.slice(0, 10)]).stderr.toString()).toMatch(/NOT_FOUND/);
    expect(cli(['quarantine']).stdout.toString()).toContain(`${BROKEN_SHA}.json.raison.json`);
  });
});
