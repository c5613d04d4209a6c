// The queues and the non-cases a page at a time (keyset pagination, PAGE_SIZE rows): 120 citizens'
// emails and 55 auto-replies. A complaints officer walks the queue with « Suivants » to the end and
// back with « Précédents », seeing each case exactly once and the counts of each page; a filter and
// a search (on the sealed subject) are kept from page to page; a tampered link shows page 1. In
// Chromium, a later page keeps its rows when a new case arrives and says so instead, while page 1
// shows the new case.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAGE_SIZE, encodeCursor } from '../../dashboards/paging/cursor.ts';
import { waitFor } from '../helpers/app.ts';
import { launchChromium, type Browser } from './browser.ts';
import { HttpClient } from './http-client.ts';
import { PASSWORD, startStack, type Stack } from './harness.ts';

const SNOW = 72;
const NOISE = 48;
const AUTOREPLIES = 55;

let s: Stack;
let officer: HttpClient;
let browser: Browser;

beforeAll(async () => {
  s = await startStack();
  await s.addUser({ username: 'flavoie', displayName: 'France Lavoie', role: 'officer' });
  for (let i = 0; i < SNOW; i++) {
    s.dropEmail(`neige-${i}.eml`, { from: `Locataire ${i} <neige${i}@example.net>`, subject: `Tempête : entrée ${i} pas déneigée`, text: `Bonjour, l'entrée du ${1000 + i} rue Sainte-Marguerite n'est pas déneigée depuis la tempête, les marches sont glacées.` });
  }
  for (let i = 0; i < NOISE; i++) {
    s.dropEmail(`bruit-${i}.eml`, { from: `Voisin ${i} <bruit${i}@example.net>`, subject: `Bruit la nuit, logement ${i}`, text: `Bonjour, le voisin du dessus au ${2000 + i} rue Papineau fait jouer sa musique très fort toutes les nuits jusqu'à 3 h.` });
  }
  for (let i = 0; i < AUTOREPLIES; i++) {
    s.dropEmail(`absent-${i}.eml`, { from: `Employé ${i} <absent${i}@example.net>`, subject: 'Réponse automatique : absent du bureau', text: `Je suis absent du bureau jusqu'au ${i % 28 + 1} janvier.` });
  }
  const db = await s.running.db.reader();
  await waitFor(async () => Number((await db.one<{ n: string }>(`SELECT count(*) AS n FROM cases WHERE queue IS NOT NULL`))?.n) === SNOW + NOISE, 120_000);
  await waitFor(async () => Number((await db.one<{ n: string }>(`SELECT count(*) AS n FROM intakes WHERE disposition = 'autoreply'`))?.n) === AUTOREPLIES, 120_000);
  officer = new HttpClient(s.url);
  expect(await officer.login('flavoie', PASSWORD)).toBe(303);
  browser = await launchChromium();
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

const unescape = (href: string) => href.replace(/&amp;/g, '&');
const link = (html: string, rel: 'next' | 'prev') => {
  const m = new RegExp(`<a href="([^"]+)" rel="${rel}">`).exec(html);
  return m ? unescape(m[1]!) : null;
};
const caseIds = (html: string) => [...html.matchAll(/<tr class="[^"]*" data-case-id="([^"]+)"/g)].map((m) => m[1]!);
const range = (html: string) => /<p class="pager-range">([^<]*)<\/p>/.exec(html)?.[1] ?? null;

/** Follows `rel` links from `start` to the end; returns each page's ids, range and URL. */
async function walk(start: string, rel: 'next' | 'prev'): Promise<{ url: string; ids: string[]; range: string | null; html: string }[]> {
  const pages = [];
  let url: string | null = start;
  while (url) {
    const r = await officer.get(url);
    expect(r.status, url).toBe(200);
    pages.push({ url, ids: caseIds(r.text), range: range(r.text), html: r.text });
    url = link(r.text, rel);
    expect(pages.length).toBeLessThan(20);
  }
  return pages;
}

describe('a queue of 120 cases, a page at a time', () => {
  it('is walked forward and back, each case exactly once, with the counts of each page', async () => {
    const forward = await walk('/files', 'next');
    expect(forward.map((p) => p.ids.length)).toEqual([PAGE_SIZE, PAGE_SIZE, SNOW + NOISE - 2 * PAGE_SIZE]);
    expect(forward.map((p) => p.range)).toEqual(['Dossiers 1–50 sur 120', 'Dossiers 51–100 sur 120', 'Dossiers 101–120 sur 120']);
    const seen = forward.flatMap((p) => p.ids);
    expect(new Set(seen).size).toBe(seen.length);
    expect(new Set(seen)).toEqual(new Set(await s.caseIds()));
    // Only page 1 refreshes itself; the later pages carry the « new cases » notice instead.
    expect(forward[0]!.html).toContain('data-live-src="/files/lignes"');
    expect(forward[1]!.html).not.toContain('data-live-src="/files/lignes');
    expect(forward[1]!.html).toContain('id="queue-news"');
    const back = await walk(forward[2]!.url, 'prev');
    expect(back.map((p) => p.ids)).toEqual(forward.map((p) => p.ids).reverse());
    expect(back.at(-1)!.range).toBe('Dossiers 1–50 sur 120');
  });

  it('keeps a filter and a search on the subject from page to page', async () => {
    const db = await s.running.db.reader();
    const natureOf = new Map((await db.all<{ case_id: string; nature: string }>(`SELECT case_id, nature FROM cases`)).map((r) => [r.case_id, r.nature]));
    const snow = [...natureOf].filter(([, n]) => n === 'deneigement').map(([id]) => id);
    expect(snow.length).toBeGreaterThan(PAGE_SIZE);
    const byNature = await walk('/files?nature=deneigement', 'next');
    expect(byNature).toHaveLength(2);
    expect(byNature[1]!.url).toMatch(/^\/files\?nature=deneigement&after=/);
    expect(byNature.flatMap((p) => p.ids).sort()).toEqual(snow.sort());
    expect(byNature[1]!.html).toContain('<option value="deneigement" selected>');
    // « tempête » is in the sealed subject of the snow emails only (and in their text, not searched).
    const bySubject = await walk('/files?q=Temp%C3%AAte', 'next');
    expect(bySubject.map((p) => p.range)).toEqual([`Dossiers 1–50 sur ${SNOW}`, `Dossiers 51–${SNOW} sur ${SNOW}`]);
    expect(bySubject[1]!.url).toMatch(/^\/files\?q=Temp%C3%AAte&after=/);
    expect(new Set(bySubject.flatMap((p) => p.ids)).size).toBe(SNOW);
    for (const p of bySubject) {
      expect((p.html.match(/Tempête : entrée \d+ pas déneigée/g) ?? []).length).toBe(p.ids.length);
      expect(p.html).not.toContain('Bruit la nuit');
    }
  });

  it('shows page 1 for a tampered or foreign cursor, never an error', async () => {
    const firstIds = caseIds((await officer.get('/files')).text);
    for (const bad of ['garbage', 'eyJ4IjoxfQ', encodeCursor('accueil.recus', ['1', 'x']), encodeCursor('files.priorite', ['0', '1', "2'; DROP TABLE cases; --", 'x']), 'A'.repeat(3000)]) {
      for (const param of ['after', 'before']) {
        const r = await officer.get(`/files?${param}=${encodeURIComponent(bad)}`);
        expect(r.status, `${param}=${bad.slice(0, 40)}`).toBe(200);
        expect(caseIds(r.text)).toEqual(firstIds);
      }
    }
    expect((await officer.get('/accueil/non-dossiers?after=garbage')).status).toBe(200);
  });

  it('pages the messages that are not cases too', async () => {
    const first = await officer.get('/accueil/non-dossiers');
    expect(range(first.text)).toBe(`Messages 1–50 sur ${AUTOREPLIES}`);
    expect(first.text).toContain('<nav class="pager" aria-label="Pages de la liste des messages">');
    const second = await officer.get(link(first.text, 'next')!);
    expect(range(second.text)).toBe(`Messages 51–${AUTOREPLIES} sur ${AUTOREPLIES}`);
    const rows = (html: string) => (html.match(/<tr><td>/g) ?? []).length;
    expect(rows(first.text) + rows(second.text)).toBe(AUTOREPLIES);
    expect(link(second.text, 'next')).toBeNull();
    expect(range((await officer.get(link(second.text, 'prev')!)).text)).toBe(`Messages 1–50 sur ${AUTOREPLIES}`);
  });
});

describe('live updates and later pages, in Chromium', () => {
  it('page 1 shows the new case; page 2 keeps its rows and says new cases arrived', async () => {
    const signIn = async (page: Page) => {
      await page.goto(new URL('/connexion', s.url).href);
      await page.getByLabel("Nom d'utilisateur").fill('flavoie');
      await page.getByLabel('Mot de passe').fill(PASSWORD);
      await page.getByRole('button', { name: 'Se connecter' }).click();
      await page.waitForURL(/\/files/);
    };
    const first = await browser.context.newPage();
    await signIn(first);
    const second = await browser.context.newPage();
    await second.goto(new URL(link((await officer.get('/files')).text, 'next')!, s.url).href);
    for (const p of [first, second]) await expect.poll(() => p.evaluate(() => document.body.getAttribute('data-live-connected')), { timeout: 10_000 }).toBe('1');
    const rowsBefore = await second.locator('#queue-rows tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-case-id')));
    expect(await second.locator('#queue-news').isHidden()).toBe(true);
    s.dropEmail('chauffage.eml', { from: 'Kevin Doucet <k.doucet@example.net>', subject: 'Plus de chauffage, il fait 12 degrés', text: "Bonjour, le chauffage ne fonctionne plus depuis hier soir, il fait 12 degrés dans le logement et j'ai un bébé de trois mois." });
    await second.locator('#queue-news').waitFor({ state: 'visible', timeout: 60_000 });
    expect(await second.locator('#queue-news a').getAttribute('href')).toBe('/files');
    expect(await second.locator('#queue-rows tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-case-id')))).toEqual(rowsBefore);
    await expect.poll(() => first.locator('#queue-count').textContent(), { timeout: 30_000 }).toContain('sur 121');
    await first.close();
    await second.close();
  });
});
