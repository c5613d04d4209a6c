// Every role boundary of the staff app over plain HTTP (no browser): signed-out requests, each
// role's pages, a case of another service (403 and not listed), board members kept to aggregates,
// CSRF on POSTs, login throttling, security headers, and case views logged in the case file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/app.ts';
import { HttpClient } from './http-client.ts';
import { PASSWORD, startStack, type Stack } from './harness.ts';

let s: Stack;
let caseId: string;
const as: Record<string, HttpClient> = {};

beforeAll(async () => {
  s = await startStack();
  await s.addUser({ username: 'jtremblay', displayName: 'Julie Tremblay', role: 'agent', services: ['service-immeubles'] });
  await s.addUser({ username: 'mgagnon', displayName: 'Marc Gagnon', role: 'agent', services: ['service-clientele'] });
  await s.addUser({ username: 'flavoie', displayName: 'France Lavoie', role: 'officer' });
  await s.addUser({ username: 'dg', displayName: 'Diane Girard', role: 'director' });
  await s.addUser({ username: 'ca1', displayName: 'Claude Arsenault', role: 'board' });
  s.dropEmail('neige.eml', { from: 'Ginette Bellemare <ginette@example.net>', subject: 'Entrée pas déneigée', text: "Bonjour, l'entrée du 1245 rue Sainte-Marguerite n'est pas déneigée depuis la tempête, les marches sont glacées. Ginette Bellemare, 819-555-0142" });
  caseId = (await s.waitForCase({ queue: 'service-immeubles' })).case_id;
  for (const u of ['jtremblay', 'mgagnon', 'flavoie', 'dg', 'ca1']) {
    as[u] = new HttpClient(s.url);
    expect(await as[u]!.login(u, PASSWORD)).toBe(303);
  }
  as.admin = s.admin;
});
afterAll(async () => s?.stop());

describe('signed out', () => {
  it('redirects pages to the sign-in form and refuses the rest', async () => {
    const anon = new HttpClient(s.url);
    for (const p of ['/files', `/dossiers/${caseId}`, '/tableau-de-bord', '/admin/utilisateurs', '/absences', '/accueil/non-dossiers']) {
      const r = await anon.get(p);
      expect(r.status, p).toBe(303);
      expect(r.location, p).toMatch(/^\/connexion\?suite=/);
    }
    expect((await anon.get('/evenements')).status).toBe(401);
    expect((await anon.post(`/dossiers/${caseId}/actions/take`, {}, { csrf: null })).status).toBe(401);
    expect((await anon.get('/healthz')).status).toBe(200);
  });
});

describe('agents', () => {
  it('see their service’s case, open it, and the view is logged in the file', async () => {
    expect((await as.jtremblay!.get('/files')).text).toContain(caseId);
    expect((await as.jtremblay!.get('/files/lignes')).text).toContain(caseId);
    const page = await as.jtremblay!.get(`/dossiers/${caseId}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Pourquoi cette file');
    const db = await s.running.db.reader();
    await waitFor(async () => (await db.all(`SELECT 1 FROM case_events WHERE case_id = $1 AND type = 'case.viewed.v1' AND actor = 'staff:jtremblay'`, [caseId])).length > 0);
    // The original, decrypted from the archive, as a sandboxed attachment; the download is logged too.
    const href = /href="(\/dossiers\/[^"]+\/original\/[0-9a-f]{64})"/.exec(page.text)![1]!;
    const res = await fetch(new URL(href, s.url), { headers: { cookie: as.jtremblay!.cookieHeader() } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(res.headers.get('content-security-policy')).toContain('sandbox');
    expect(await res.text()).toContain('Subject: Entrée pas déneigée');
    await waitFor(async () => (await db.all(`SELECT 1 FROM case_events WHERE case_id = $1 AND type = 'case.viewed.v1' AND json_extract_string(data, '$.purpose') LIKE 'téléchargement%'`, [caseId])).length > 0);
  });

  it('of another service neither see it listed nor open it (403), nor act on it', async () => {
    const m = as.mgagnon!;
    expect((await m.get('/files')).text).not.toContain(caseId);
    expect((await m.get('/files/lignes?q=' + caseId)).text).not.toContain(caseId);
    expect((await m.get(`/dossiers/${caseId}`)).status).toBe(403);
    expect((await m.get(`/dossiers/${caseId}/original/${'0'.repeat(64)}`)).status).toBe(403);
    expect((await m.post(`/dossiers/${caseId}/actions/take`, {})).status).toBe(403);
    expect((await m.post(`/dossiers/${caseId}/identite`, { reason: 'curiosité mal placée' })).status).toBe(403);
  });

  it('reach neither the dashboard, the administration, the intake list nor the identity', async () => {
    const j = as.jtremblay!;
    for (const p of ['/tableau-de-bord', '/tableau-de-bord/donnees', '/admin/utilisateurs', '/accueil/non-dossiers']) expect((await j.get(p)).status, p).toBe(403);
    expect((await j.post(`/dossiers/${caseId}/identite`, { reason: 'rappeler la locataire pour une visite' })).status).toBe(403);
  });
});

describe('complaints officer and management', () => {
  it('see every queue, the triage queue included, and reveal an identity with a logged reason', async () => {
    for (const u of ['flavoie', 'dg']) {
      const files = await as[u]!.get('/files');
      expect(files.text).toContain(caseId);
      expect(files.text).toContain('Triage');
      expect((await as[u]!.get('/tableau-de-bord')).status).toBe(200);
      expect((await as[u]!.get('/accueil/non-dossiers')).status).toBe(200);
      expect((await as[u]!.get('/admin/utilisateurs')).status).toBe(403);
    }
    await as.flavoie!.get(`/dossiers/${caseId}`);
    const r = await as.flavoie!.post(`/dossiers/${caseId}/identite`, { reason: 'Rappeler la locataire pour une visite des lieux.' });
    expect(r.status).toBe(200);
    expect(r.text).toContain('Ginette Bellemare');
    const db = await s.running.db.reader();
    await waitFor(async () => (await db.all(`SELECT 1 FROM case_events WHERE case_id = $1 AND type = 'case.identity-revealed.v1' AND actor = 'staff:flavoie'`, [caseId])).length > 0);
  });
});

describe('asking the citizen', () => {
  it('pauses the clocks that wait on the citizen until they answer', async () => {
    const o = as.flavoie!;
    await o.get(`/dossiers/${caseId}`);
    const r = await o.post(`/dossiers/${caseId}/actions/ask`, { question: 'Quel escalier exactement ?', via: 'phone', reason: 'Précision nécessaire pour la visite' });
    expect(r.status).toBe(303);
    const rows = await o.get(`/files/lignes?q=${caseId}`);
    expect(rows.text).toContain('En attente du citoyen');
    expect(rows.text).toContain('en pause');
    expect((await o.post(`/dossiers/${caseId}/actions/answered`, { note: 'Rappel : escalier est.' })).status).toBe(303);
    expect((await o.get(`/files/lignes?q=${caseId}`)).text).not.toContain('en pause');
  });
});

describe('board members', () => {
  it('see aggregates only: no case, no name, no queue', async () => {
    const b = as.ca1!;
    const dash = await b.get('/tableau-de-bord');
    expect(dash.status).toBe(200);
    expect(dash.text).not.toContain(caseId);
    expect(dash.text).not.toContain('Bellemare');
    expect(dash.text).not.toContain('Sainte-Marguerite');
    for (const p of ['/files', '/files/lignes', `/dossiers/${caseId}`, '/accueil/non-dossiers', '/admin/utilisateurs', '/absences']) expect((await b.get(p)).status, p).toBe(403);
    expect((await b.post(`/dossiers/${caseId}/actions/note`, { note: 'x' })).status).toBe(403);
  });
});

describe('administrators', () => {
  it('manage accounts and never see a case', async () => {
    expect((await as.admin!.get('/admin/utilisateurs')).text).toContain('Julie Tremblay');
    for (const p of ['/files', `/dossiers/${caseId}`, '/tableau-de-bord']) expect((await as.admin!.get(p)).status, p).toBe(403);
  });
});

describe('languages', () => {
  it('speaks French by default and English on request', async () => {
    const c = new HttpClient(s.url);
    await c.login('mgagnon', PASSWORD);
    expect((await c.get('/files')).text).toContain('Files de travail');
    expect((await c.get('/langue/en?retour=/files')).location).toBe('/files');
    const en = await c.get('/files');
    expect(en.text).toContain('Work queues');
    expect(en.text).toContain('<html lang="en">');
    expect((await c.get('/langue/fr?retour=//evil.example')).location).toBe('/');
  });
});

describe('mounted sub-apps', () => {
  it('serves the monthly reports to the board and the management only, and the survey to anyone', async () => {
    expect((await as.ca1!.get('/rapports')).status).toBe(200);
    expect((await as.dg!.get('/rapports')).status).toBe(200);
    expect((await as.jtremblay!.get('/rapports')).status).toBe(403);
    expect((await new HttpClient(s.url).get('/rapports')).status).toBe(303);
    expect((await new HttpClient(s.url).get('/sondage/pas-un-jeton')).status).toBe(400);
  });
});

describe('absence delegation (seed 004)', () => {
  it('hands an absent agent’s cases and queue to the stand-in, each move written in the file', async () => {
    const j = as.jtremblay!;
    await j.get(`/dossiers/${caseId}`);
    expect((await j.post(`/dossiers/${caseId}/actions/take`, {})).status).toBe(303);
    const users = await s.admin.get('/admin/utilisateurs');
    const idOf = (name: string) => new RegExp(`href="/admin/utilisateurs/([^"]+)">Modifier<span class="visually-hidden"> ${name}`).exec(users.text)![1]!;
    const today = new Date().toLocaleDateString('en-CA', { timeZone: 'America/Toronto' });
    await as.flavoie!.get('/absences');
    const r = await as.flavoie!.post('/absences', { userId: idOf('Julie Tremblay'), delegateId: idOf('Marc Gagnon'), startsOn: today, endsOn: today, note: 'Formation' });
    expect(r.status).toBe(200);
    expect(r.text).toContain('1 dossier(s) réassigné(s) à Marc Gagnon');
    const m = new HttpClient(s.url);
    await m.login('mgagnon', PASSWORD);
    expect((await m.get('/files')).text).toContain(caseId);
    expect((await m.get(`/dossiers/${caseId}`)).status).toBe(200);
    const db = await s.running.db.reader();
    const row = await waitFor(async () => (await db.one<{ assignee: string }>(`SELECT assignee FROM cases WHERE case_id = $1 AND assignee = 'staff:mgagnon'`, [caseId])));
    expect(row.assignee).toBe('staff:mgagnon');
    const ev = await db.one<{ reason: string }>(`SELECT json_extract_string(data, '$.reason') AS reason FROM case_events WHERE case_id = $1 AND type = 'case.assigned.v1' ORDER BY seq DESC LIMIT 1`, [caseId]);
    expect(ev?.reason).toContain('Absence de Julie Tremblay');
  });
});

describe('protections', () => {
  it('refuses a POST without or with a wrong CSRF token', async () => {
    const j = as.jtremblay!;
    expect((await j.post(`/dossiers/${caseId}/actions/note`, { note: 'sans jeton' }, { csrf: null })).status).toBe(403);
    expect((await j.post(`/dossiers/${caseId}/actions/note`, { note: 'mauvais jeton' }, { csrf: 'x'.repeat(43) })).status).toBe(403);
    expect((await j.post('/admin/utilisateurs', { username: 'pirate', displayName: 'P', role: 'admin', password: 'x'.repeat(20) })).status).toBe(403);
  });

  it('throttles sign-in after repeated failures (429) and sets strict cookies and headers', async () => {
    const c = new HttpClient(s.url);
    await c.get('/connexion');
    for (let i = 0; i < 5; i++) expect((await c.post('/connexion', { username: 'mgagnon', password: 'mauvais' })).status).toBe(401);
    expect((await c.post('/connexion', { username: 'mgagnon', password: PASSWORD })).status).toBe(429);
    const res = await fetch(new URL('/connexion', s.url));
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    const fresh = await fetch(new URL('/connexion', s.url));
    const token = /name="_csrf" value="([^"]+)"/.exec(await fresh.text())![1]!;
    const pre = fresh.headers.getSetCookie().map((x) => x.split(';')[0]).join('; ');
    const login = await fetch(new URL('/connexion', s.url), { method: 'POST', redirect: 'manual', headers: { cookie: pre, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: token, username: 'dg', password: PASSWORD }) });
    const session = login.headers.getSetCookie().find((x) => x.startsWith('doleances_session='))!;
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Strict/i);
  });
});
