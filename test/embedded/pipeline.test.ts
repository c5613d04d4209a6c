// The whole pipeline on the embedded log and a real DuckDB file: the examples become routed
// cases, a restart duplicates nothing, unreadable files are quarantined with a reason, and no
// personal data lands in clear in the warehouse or the log.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startDoleances, type Running } from '../../main.ts';
import { countCases } from '../../store/queries.ts';
import { HttpClient } from '../e2e/http-client.ts';
import { silentLogger, tempDataDir, testConfig, waitFor } from '../helpers/app.ts';

const dataDir = tempDataDir();
const config = testConfig(dataDir, { DOLEANCES_ADMIN_PASSWORD: 'mot-de-passe-admin-test' });
let staff: HttpClient;
let app: Running | undefined;
afterAll(async () => app?.stop());

const EXAMPLES = fs.readdirSync(config.examplesDir, { withFileTypes: true }).filter((e) => e.isFile() && !/^readme/i.test(e.name)).length;

describe('embedded pipeline', () => {
  it('turns every example into one routed case, visible on the queue page', async () => {
    app = await startDoleances(config, { logger: silentLogger });
    const db = await app.db.reader();
    await waitFor(async () => (await countCases(db)) >= EXAMPLES);
    expect(EXAMPLES).toBeGreaterThanOrEqual(7);
    const cases = await db.all<{ case_id: string; channel: string; nature: string; queue: string; urgency: string }>(`SELECT case_id, channel, nature, queue, urgency FROM cases`);
    expect(cases).toHaveLength(EXAMPLES);
    expect(new Set(cases.map((c) => c.channel))).toEqual(new Set(['email', 'fax', 'letter', 'voicemail']));
    const snow = cases.find((c) => c.nature === 'deneigement');
    expect(snow?.queue).toBe('service-immeubles');
    expect(cases.find((c) => c.channel === 'fax')?.nature).toBe('stationnement');
    // The gas smell voicemail is urgent (seed 000: fire, disaster, gas the same day).
    expect(cases.filter((c) => c.channel === 'voicemail').some((c) => c.urgency === 'urgente')).toBe(true);

    // Pages need a staff session: the first-start administrator creates a complaints officer.
    expect((await fetch(`${app.url}files`, { redirect: 'manual' })).status).not.toBe(200);
    const admin = new HttpClient(app.url!);
    await admin.login('admin', 'mot-de-passe-admin-test');
    await admin.post('/admin/utilisateurs', { username: 'responsable', displayName: 'Responsable des plaintes', role: 'officer', password: 'mot-de-passe-responsable', lang: 'fr' });
    staff = new HttpClient(app.url!);
    await staff.login('responsable', 'mot-de-passe-responsable');
    const page = (await staff.get('/files')).text;
    expect(page).toContain('Service des immeubles');
    expect(page).toContain(snow!.case_id);
    const file = (await staff.get(`/dossiers/${snow!.case_id}`)).text;
    expect(file).toContain('Pourquoi cette file');
    expect(file).toMatch(/\d{1,2} (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre) 20\d\d/);
    expect(fs.readdirSync(config.paths.inbox)).toEqual([]);
  });

  it('quarantines an unreadable file with its reason and keeps going', async () => {
    fs.writeFileSync(path.join(config.paths.inbox, 'garbage.eml'), Buffer.from([0, 1, 2, 3, 255, 254]));
    fs.writeFileSync(path.join(config.paths.inbox, 'tableur.xlsx'), 'PK\u0003\u0004 not really');
    const db = await app!.db.reader();
    const rows = await waitFor(async () => {
      const r = await db.all<{ disposition: string; error_code: string; quarantine_path: string }>(`SELECT disposition, error_code, quarantine_path FROM intakes WHERE disposition = 'quarantine'`);
      return r.length >= 2 && r;
    });
    expect(rows.map((r) => r.error_code).sort()).toEqual(['INTAKE_UNREADABLE', 'INTAKE_UNSUPPORTED']);
    for (const r of rows) expect(fs.existsSync(path.join(dataDir, r.quarantine_path))).toBe(true);
    const page = (await staff.get('/accueil/non-dossiers')).text;
    expect(page).toContain('INTAKE_UNSUPPORTED');
  });

  it('creates no duplicate after a restart or when the same file is dropped again', async () => {
    await app!.stop();
    app = await startDoleances(config, { logger: silentLogger });
    const snow = fs.readFileSync(path.join(config.examplesDir, 'courriel-deneigement.eml'));
    fs.writeFileSync(path.join(config.paths.inbox, 'copie-du-courriel.eml'), snow);
    await waitFor(async () => fs.readdirSync(config.paths.inbox).length === 0);
    const db = await app.db.reader();
    await new Promise((r) => setTimeout(r, 500));
    expect(await countCases(db)).toBe(EXAMPLES);
    const dup = await waitFor(async () => (await db.all(`SELECT reason FROM intakes WHERE disposition = 'duplicate'`))[0]);
    expect(dup).toBeTruthy();
  });

  it('never stores or logs personal data in clear', async () => {
    await app!.stop();
    app = undefined;
    const needles = ['Bellemare', 'bellemare', '819-555-0142', '8195550142', 'Sainte-Marguerite'];
    const eml = fs.readFileSync(path.join(config.examplesDir, 'courriel-deneigement.eml'), 'utf8');
    const from = /^From:.*<([^>]+)>/m.exec(eml)?.[1];
    if (from) needles.push(from);
    const under = (dir: string) => fs.readdirSync(dir, { recursive: true }).map((f) => path.join(dir, String(f)));
    const files = [config.paths.warehouse, ...under(config.paths.log), ...under(config.paths.archive)].filter((f) => fs.statSync(f).isFile());
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      const bytes = fs.readFileSync(f).toString('latin1');
      for (const n of needles) expect(bytes.includes(n), `${n} in ${path.basename(f)}`).toBe(false);
    }
  });
});
