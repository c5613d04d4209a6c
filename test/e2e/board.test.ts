// A board member in Chromium: the month-to-date dashboard with the monthly report's definitions
// and small-number protection, and nothing else — no queue, no case, no name, no link to either.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../core/config.ts';
import { launchChromium, type Browser } from './browser.ts';
import { PASSWORD, startStack, type Stack } from './harness.ts';

let s: Stack;
let browser: Browser;

beforeAll(async () => {
  s = await startStack();
  await s.addUser({ username: 'ca1', displayName: 'Claude Arsenault', role: 'board' });
  s.dropEmail('bruit.eml', { from: 'Luc Pelletier <luc.pelletier@example.net>', subject: 'Bruit du voisin du dessus', text: 'Bonjour, mon voisin du dessus fait jouer sa musique très fort toutes les nuits jusqu’à 3 h du matin. Luc Pelletier, 819-555-0199' });
  s.dropEmail('neige.eml', { from: 'Ginette Bellemare <ginette@example.net>', subject: 'Entrée pas déneigée', text: "L'entrée du 1245 rue Sainte-Marguerite n'est pas déneigée depuis la tempête." });
  await s.waitForCase({ nature: 'voisinage' });
  await s.waitForCase({ nature: 'deneigement' });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

describe('board member', () => {
  it('sees aggregates only', async () => {
    const ids = await s.caseIds();
    const page = await browser.context.newPage();
    await page.goto(new URL('/connexion', s.url).href);
    await page.getByLabel("Nom d'utilisateur").fill('ca1');
    await page.getByLabel('Mot de passe').fill(PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL(/\/tableau-de-bord/);
    const html = await page.content();
    expect(await page.locator('h1').textContent()).toContain('Tableau de bord');
    expect(await page.locator('.tile').first().textContent()).toContain('Dossiers reçus');
    for (const id of ids) expect(html).not.toContain(id);
    for (const name of ['Pelletier', 'Bellemare', 'Sainte-Marguerite', '555-0199']) expect(html).not.toContain(name);
    const links = await page.evaluate(() => [...document.querySelectorAll('a')].map((a) => a.getAttribute('href') ?? ''));
    expect(links.filter((l) => l.startsWith('/dossiers') || l.startsWith('/files'))).toEqual([]);
    expect((await page.goto(new URL(`/dossiers/${ids[0]}`, s.url).href))?.status()).toBe(403);
    expect((await page.goto(new URL('/files', s.url).href))?.status()).toBe(403);
    await page.goto(new URL('/tableau-de-bord', s.url).href);
    await page.screenshot({ path: path.join(REPO_ROOT, 'docs', 'screenshots', 'board-dashboard.png'), fullPage: true });
    await page.close();
  });
});
