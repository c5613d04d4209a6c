// The satisfaction survey end to end on the embedded log and a real DuckDB warehouse: a case is
// closed → the survey stage emails the citizen a link and records case.survey-sent → opening the
// link (GET) records nothing → confirming (POST with the token) records one answer in the case
// file → a second POST is refused → an expired link is refused.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../core/config.ts';
import { openKeyring } from '../../core/crypto/keyring.ts';
import { seal } from '../../core/crypto/sealed.ts';
import { publishEvents } from '../../core/events/publish.ts';
import type { DoleancesEvent } from '../../core/events/schemas.ts';
import { openLog } from '../../core/log/open.ts';
import type { Log, Subscription } from '../../core/log/types.ts';
import { loadProfile } from '../../core/profiles/load.ts';
import { answeredInWarehouse, surveyRoutes } from '../../dashboards/survey/routes.ts';
import { startSurveyStage, surveyLookups } from '../../dashboards/survey/stage.ts';
import { signSurveyToken, surveyKey } from '../../dashboards/survey/token.ts';
import type { Duck } from '../../store/duck.ts';
import { startStoreStage } from '../../store/stage.ts';
import { openWarehouse, projectorFor } from '../../store/warehouse.ts';
import { silentLogger, tempDataDir, testConfig, waitFor } from '../helpers/app.ts';

const config = testConfig(tempDataDir('dol-survey-'));
const keyring = openKeyring(config);
const profile = loadProfile(path.join(REPO_ROOT, 'profiles'), 'omh-trois-rivieres');
const fixture = (type: string) => JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'core/events/fixtures', `${type}.json`), 'utf8'));
const CASE = '2026-SURV1-TEST1';
const sent: { to: string; subject: string; text: string }[] = [];
let log: Log;
let db: Duck;
let reader: Duck;
const subs: Subscription[] = [];
let app: ReturnType<typeof surveyRoutes>;

/** A fixture event for our case, every sealed field sealed again with this test's keys. */
function event(type: string, extra: Record<string, unknown> = {}): DoleancesEvent {
  const e = fixture(type);
  const reseal = (v: unknown): unknown =>
    typeof v === 'string' && v.startsWith('s1.') ? seal(keyring, 'texte') : Array.isArray(v) ? v.map(reseal) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, reseal(x)])) : v;
  return { ...e, id: `${type}-${CASE}`, data: { ...(reseal(e.data) as object), caseId: CASE, ...extra } } as DoleancesEvent;
}

beforeAll(async () => {
  log = await openLog(config, silentLogger);
  db = await openWarehouse(config.paths.warehouse);
  subs.push(await startStoreStage(log, projectorFor(db, { keyring }), silentLogger));
  reader = await db.reader();
  subs.push(
    await startSurveyStage(log, {
      keyring,
      profile,
      logger: silentLogger,
      surveyUrl: 'https://plaintes.exemple.qc.ca/sondage/',
      ...surveyLookups(reader, keyring),
      sendEmail: async (m) => void sent.push(m),
    }),
  );
  app = surveyRoutes({ log, keyring, profile, answered: answeredInWarehouse(reader) });
});

afterAll(async () => {
  for (const s of subs) await s.stop();
  db?.close();
  await log?.close();
});

const answers = async () => Number((await reader.one<{ n: string }>(`SELECT count(*) AS n FROM case_events WHERE case_id = $1 AND type = 'case.survey-answered.v1'`, [CASE]))?.n);

describe('satisfaction survey', () => {
  it('goes from a closed case to one recorded answer, and no further', async () => {
    const opened = event('case.opened.v1', { caseRef: CASE });
    (opened.data as { contact: { email: string } }).contact.email = seal(keyring, 'citoyenne@example.org');
    await publishEvents(log, [opened, event('case.classified.v1'), event('case.closed.v1')]);

    const mail = await waitFor(async () => sent[0]);
    expect(mail.to).toBe('citoyenne@example.org');
    expect(mail.subject).toContain(CASE);
    const url = /https:\/\/plaintes\.exemple\.qc\.ca\/sondage\/(\S+)/.exec(mail.text)!;
    const token = url[1]!;
    await waitFor(async () => reader.one(`SELECT 1 AS x FROM case_events WHERE case_id = $1 AND type = 'case.survey-sent.v1'`, [CASE]));

    // A mail scanner opening the link: the form, nothing recorded.
    const get = await app.request(`/${token}`);
    expect(get.status).toBe(200);
    const form = await get.text();
    expect(form).toContain('<form method="post"');
    expect(form).toContain(`value="${token}"`);
    expect(form).not.toContain('<script');
    await new Promise((r) => setTimeout(r, 300));
    expect(await answers()).toBe(0);

    // A POST without the token in the form (cross-site forgery) is refused.
    expect((await app.request(`/${token}`, { method: 'POST', body: new URLSearchParams({ score: '1' }) })).status).toBe(403);

    const post = await app.request(`/${token}`, { method: 'POST', body: new URLSearchParams({ token, score: '4', comment: 'Rapide et courtois, merci.' }) });
    expect(post.status).toBe(200);
    expect(await post.text()).toContain('Merci');
    await waitFor(async () => (await answers()) === 1);
    const row = await reader.one<{ score: number; comment: string | null }>(`SELECT CAST(data->>'score' AS INTEGER) AS score, data->>'comment' AS comment FROM case_events WHERE case_id = $1 AND type = 'case.survey-answered.v1'`, [CASE]);
    expect(row?.score).toBe(4);
    expect(row?.comment ?? '').not.toContain('courtois'); // sealed, never in clear

    const again = await app.request(`/${token}`, { method: 'POST', body: new URLSearchParams({ token, score: '1' }) });
    expect(again.status).toBe(409);
    // A fresh process (nothing in memory) also refuses, from the warehouse.
    const other = surveyRoutes({ log, keyring, profile, answered: answeredInWarehouse(reader) });
    expect((await other.request(`/${token}`, { method: 'POST', body: new URLSearchParams({ token, score: '1' }) })).status).toBe(409);
    expect((await other.request(`/${token}`)).status).toBe(409);
    await new Promise((r) => setTimeout(r, 300));
    expect(await answers()).toBe(1);
  });

  it('refuses an expired link and a forged one', async () => {
    const expired = signSurveyToken(surveyKey(keyring), '2026-SURV2-TEST2', new Date(Date.now() - 1000)).token;
    expect((await app.request(`/${expired}`)).status).toBe(410);
    expect((await app.request(`/${expired}`, { method: 'POST', body: new URLSearchParams({ token: expired, score: '5' }) })).status).toBe(410);
    const forged = `2026-SURV2-TEST2.${Math.floor(Date.now() / 1000 + 86400).toString(36)}.AAAAAAAAAAAAAAAAAAAAAA`;
    expect((await app.request(`/${forged}`)).status).toBe(400);
  });
});
