// The web section of `npm run bench`: the staff app's long lists, a page at a time (keyset
// pagination, store/keyset.ts), over a generated warehouse of BENCH_WEB_CASES cases (default
// 100,000 over 36 months ending last month, analytics/generate/) with a sealed subject per case in
// the vault and as many received messages that are not cases. Over HTTP, signed in as a complaints
// officer (every queue): page 1 of the open cases, page 1 and page 200 of the closed cases reached
// by following « Suivants », a search on the sealed subjects (which opens the subject of every
// listed case), and page 1 and page 200 of the non-cases; beside bare DuckDB top-N and OFFSET
// queries of the same rows on the same file in the same run. Warm figures are medians of 5.
// Run alone: `node --import tsx bench/web.ts`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateHistory } from '../analytics/generate/history.ts';
import { addMonths, monthOf } from '../analytics/month.ts';
import { loadConfig } from '../core/config.ts';
import { seal } from '../core/crypto/sealed.ts';
import { openKeyring } from '../core/crypto/keyring.ts';
import { EmbeddedLog } from '../core/log/embedded.ts';
import { createLogger } from '../core/logger.ts';
import { calendarOf, loadProfile } from '../core/profiles/load.ts';
import { startStaffWeb } from '../dashboards/server.ts';
import { writeVault, type VaultOp } from '../store/vault.ts';
import { openWarehouse } from '../store/warehouse.ts';
import { HttpClient } from '../test/e2e/http-client.ts';

const ADMIN = { username: 'admin', password: 'mot-de-passe-admin-bench' };
const OFFICER = { username: 'officier', password: 'mot-de-passe-officier-bench' };
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const next = (html: string) => /<a href="([^"]+)" rel="next">/.exec(html)?.[1]?.replace(/&amp;/g, '&') ?? null;
const range = (html: string) => /<p class="pager-range">([^<]*)<\/p>/.exec(html)?.[1] ?? null;

export async function benchWeb(): Promise<Record<string, unknown>> {
  const cases = Number(process.env.BENCH_WEB_CASES ?? 100_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dol-bench-web-'));
  const config = loadConfig({ DOLEANCES_DATA_DIR: dir, LOG_LEVEL: 'silent', PORT: '0', DOLEANCES_SEED_EXAMPLES: 'false' });
  const profile = loadProfile(config.profilesDir, config.profileId);
  const keyring = openKeyring(config);
  const db = await openWarehouse(config.paths.warehouse);
  let web: Awaited<ReturnType<typeof startStaffWeb>> | undefined;
  let log: EmbeddedLog | undefined;
  try {
    let t0 = performance.now();
    const lastMonth = addMonths(monthOf(new Date(), profile.timezone), -1);
    const gen = await generateHistory(db, profile, calendarOf(profile), { cases, months: 36, lastMonth });
    const generateMs = performance.now() - t0;
    // A subject per case, sealed in the vault under its contact's key as the projector does.
    t0 = performance.now();
    const opened = await db.all<{ case_id: string; contact_id: string; event_id: string; occurred_at: string; nature: string | null }>(
      `SELECT c.case_id, coalesce(c.contact_id, 'anon-' || c.case_id) AS contact_id, e.event_id, strftime(e.occurred_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS occurred_at, c.nature
       FROM cases c JOIN case_events e ON e.case_id = c.case_id AND e.type = 'case.opened.v1'`,
    );
    const ops: VaultOp[] = opened.map((r, i) => ({ kind: 'put', subject: r.contact_id, ref: r.event_id, field: 'subject', caseId: r.case_id, at: r.occurred_at, value: seal(keyring, `${r.nature ?? 'plainte'} au logement ${i}`) }));
    await db.transaction(() => writeVault(db, keyring, ops));
    const sealSubjectsMs = performance.now() - t0;
    await db.run(
      `INSERT INTO intakes SELECT 'bench-' || i, 'bench-' || i, 'email', TIMESTAMPTZ '2026-01-01 00:00:00+00' + i * INTERVAL 7 MINUTE,
         CASE i % 3 WHEN 0 THEN 'autoreply' WHEN 1 THEN 'bounce' ELSE 'quarantine' END, 'banc d''essai', NULL, NULL, NULL, NULL, 'bench'
       FROM range(${cases}) r(i)`,
    );
    await db.run('CHECKPOINT');

    log = await EmbeddedLog.open(config.paths.log);
    web = await startStaffWeb({ config, profile, warehouse: db, log, keyring, logger: createLogger('silent'), bootstrapAdmin: ADMIN });
    const admin = new HttpClient(web.url);
    await admin.login(ADMIN.username, ADMIN.password);
    await admin.post('/admin/utilisateurs', { username: OFFICER.username, displayName: 'Officier du banc', role: 'officer', services: [], password: OFFICER.password, lang: 'fr' });
    const officer = new HttpClient(web.url);
    if ((await officer.login(OFFICER.username, OFFICER.password)) !== 303) throw new Error('bench officer cannot sign in');

    const get = async (url: string) => {
      const t = performance.now();
      const r = await officer.get(url);
      if (r.status !== 200) throw new Error(`${url}: ${r.status}`);
      return { ms: performance.now() - t, html: r.text };
    };
    const warm = async (url: string) => {
      const runs = [];
      for (let i = 0; i < 5; i++) runs.push(await get(url));
      const html = runs.at(-1)!.html;
      return { ms: round(median(runs.map((r) => r.ms))), range: range(html), html };
    };
    /** Page 1 cold, then « Suivants » to page `to`: each page's time, and page `to` again warm. */
    const walk = async (start: string, to: number) => {
      const cold = await get(start);
      const first = await warm(start);
      const times: number[] = [];
      let url = start;
      let html = first.html;
      for (let p = 2; p <= to; p++) {
        url = next(html)!;
        const r = await get(url);
        times.push(r.ms);
        html = r.html;
      }
      const last = await warm(url);
      return {
        page1ColdMs: round(cold.ms),
        page1Ms: first.ms,
        page1Range: first.range,
        [`page${to}Ms`]: last.ms,
        [`page${to}Range`]: last.range,
        walkP50Ms: round(median(times)),
        walkP95Ms: round(pct(times, 95)),
      };
    };

    const openQueue = await warm('/files');
    const closed = await walk('/files?state=fermee', 200);
    const search = await walk('/files?state=fermee&q=logement%201', 2);
    const intake = await walk('/accueil/non-dossiers', 200);

    // The same rows straight from DuckDB: a bare top-N, and page 200 by OFFSET (what keyset avoids).
    const reader = await db.reader();
    const bare = async (sql: string) => {
      const times = [];
      for (let i = 0; i < 5; i++) {
        const t = performance.now();
        await reader.all(sql);
        times.push(performance.now() - t);
      }
      return round(median(times));
    };
    const closedSql = `FROM cases WHERE closed_at IS NOT NULL AND status = 'fermee' ORDER BY received_at, case_id`;
    const bareDuckdb = {
      closedTopNMs: await bare(`SELECT case_id ${closedSql} LIMIT 50`),
      closedOffset9950Ms: await bare(`SELECT case_id ${closedSql} LIMIT 50 OFFSET 9950`),
      closedCountMs: await bare(`SELECT count(*) FROM cases WHERE closed_at IS NOT NULL AND status = 'fermee'`),
    };
    return {
      cases: gen.cases,
      deadlines: gen.deadlines,
      nonCaseMessages: cases,
      generateSeconds: round(generateMs / 1000),
      sealSubjectsSeconds: round(sealSubjectsMs / 1000),
      pageSize: 50,
      openQueuePage1Ms: openQueue.ms,
      openQueueRange: openQueue.range,
      closedQueue: closed,
      subjectSearch: search,
      nonCases: intake,
      targetMs: 1000,
      bareDuckdb,
    };
  } finally {
    await web?.stop();
    await log?.close();
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.stdout.write(`${JSON.stringify({ node: process.version, cpus: os.cpus().length, web: await benchWeb() }, null, 2)}\n`);
}
