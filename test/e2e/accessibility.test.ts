// Accessibility (SGQRI 008, which adopts WCAG 2.x level AA): axe-core audits, in Chromium, every
// page a person reaches — sign-in, queues, the case file with « why this queue » and every action
// form unfolded, both sides of a merge (the case kept with its duplicate's messages, and the
// duplicate), the messages that are not cases, absences, the board's dashboard, the monthly
// reports and one report, the accounts, the error pages — in French and in English (the app's
// language switch), and the citizens' survey (French only: form, thanks, refusal). The queue and
// the messages that are not cases hold more than a page (PAGE_SIZE), so their pagination and a
// later page, with its live notices shown, are audited too. Any violation,
// whatever its impact, fails the test with the rule and the element.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monthOf } from '../../analytics/month.ts';
import { writeMonthlyReport } from '../../analytics/write-report.ts';
import { openKeyring } from '../../core/crypto/keyring.ts';
import { calendarOf, loadProfile } from '../../core/profiles/load.ts';
import { PAGE_SIZE } from '../../dashboards/paging/cursor.ts';
import { signSurveyToken, surveyKey } from '../../dashboards/survey/token.ts';
import { waitFor } from '../helpers/app.ts';
import { HttpClient } from './http-client.ts';
import { axeViolations, describeViolations } from './axe.ts';
import { launchChromium, type Browser } from './browser.ts';
import { ADMIN, PASSWORD, startStack, type Stack } from './harness.ts';

let s: Stack;
let browser: Browser;
let page: Page;
let caseId = '';
let dupId = '';
let reportPath = '';
let editPath = '';

beforeAll(async () => {
  s = await startStack();
  await s.addUser({ username: 'jtremblay', displayName: 'Julie Tremblay', role: 'agent', services: ['service-immeubles'] });
  await s.addUser({ username: 'flavoie', displayName: 'France Lavoie', role: 'officer' });
  await s.addUser({ username: 'ca1', displayName: 'Claude Arsenault', role: 'board' });
  s.dropEmail('neige.eml', {
    from: 'Ginette Bellemare <ginette.bellemare@example.net>',
    subject: 'Entrée et escaliers pas déneigés depuis la tempête',
    text: "Bonjour,\n\nDepuis la tempête de mercredi, l'entrée principale et les escaliers du 1245, rue Sainte-Marguerite ne sont toujours pas déneigés. Les marches sont glacées.\n\nGinette Bellemare\n819-555-0142",
  });
  s.dropEmail('chauffage.eml', { from: 'Kevin Doucet <k.doucet@example.net>', subject: 'Plus de chauffage, il fait 12 degrés', text: "Bonjour, le chauffage ne fonctionne plus depuis hier soir, il fait 12 degrés dans le logement et j'ai un bébé de trois mois. Kevin Doucet, 3175 rue Papineau, app. 9" });
  s.dropEmail('absent.eml', { from: 'Robert Lemay <r.lemay@example.net>', subject: 'Réponse automatique : absent du bureau', text: 'Je suis absent du bureau, de retour le 12 janvier.' });
  caseId = (await s.waitForCase({ queue: 'service-immeubles', nature: 'deneigement' })).case_id;
  const reader = await s.running.db.reader();
  // The same citizen writes again: the second case is merged into the first, so both sides of a merge are audited.
  const before = await waitFor(async () => { const ids = await s.caseIds(); return ids.length >= 2 && new Set(ids); }, 60_000);
  s.dropEmail('neige-2.eml', { from: 'Ginette Bellemare <ginette.bellemare@example.net>', subject: 'Toujours pas déneigé', text: "Je vous réécris : l'entrée du 1245, rue Sainte-Marguerite n'est toujours pas déneigée.\n\nGinette Bellemare" });
  dupId = await waitFor(async () => (await s.caseIds()).find((id) => !before.has(id)), 60_000);
  const officer = new HttpClient(s.url);
  expect(await officer.login('flavoie', PASSWORD)).toBe(303);
  await officer.get(`/dossiers/${dupId}`);
  expect((await officer.post(`/dossiers/${dupId}/actions/merge`, { duplicateOf: caseId, reason: 'Deuxième courriel sur la même entrée' })).status).toBe(303);
  await waitFor(async () => (await reader.all(`SELECT 1 FROM intakes WHERE disposition = 'autoreply'`)).length > 0, 60_000);
  // More than a page of cases and of non-cases, once the merge above is done.
  for (let i = 0; i < PAGE_SIZE; i++) {
    s.dropEmail(`bruit-${i}.eml`, { from: `Voisin ${i} <bruit${i}@example.net>`, subject: `Bruit la nuit, logement ${i}`, text: `Bonjour, le voisin du dessus au ${2000 + i} rue Papineau fait jouer sa musique très fort toutes les nuits.` });
    s.dropEmail(`absent-${i}.eml`, { from: `Employé ${i} <absent${i}@example.net>`, subject: 'Réponse automatique : absent du bureau', text: `Je suis absent du bureau jusqu'au ${(i % 28) + 1} janvier.` });
  }
  await waitFor(async () => (await reader.all(`SELECT 1 FROM cases WHERE queue IS NOT NULL AND closed_at IS NULL`)).length > PAGE_SIZE, 120_000);
  await waitFor(async () => (await reader.all(`SELECT 1 FROM intakes WHERE disposition = 'autoreply'`)).length > PAGE_SIZE, 120_000);
  const profile = loadProfile(s.config.profilesDir, s.config.profileId);
  const month = monthOf(new Date(), profile.timezone);
  const written = await writeMonthlyReport({ db: reader, profile, calendar: calendarOf(profile), month, dir: `${s.config.paths.reports}/${month}`, pdf: false, keyring: openKeyring(s.config) });
  reportPath = `/rapports/${month}/${written.manifest.files.html}?voir=1`;
  browser = await launchChromium();
  page = await browser.context.newPage();
});
afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

async function signIn(lang: 'fr' | 'en', username: string | null): Promise<void> {
  await page.context().clearCookies();
  await page.goto(new URL(`/langue/${lang}?retour=/connexion`, s.url).href);
  if (!username) return;
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(username === ADMIN.username ? ADMIN.password : PASSWORD);
  await page.locator('form[action="/connexion"] button[type=submit]').click();
  await page.waitForURL((u) => u.pathname !== '/connexion');
}

/** Open the page, check its status and declared language, and audit it (every violation listed at the end). */
async function expectAccessible(path: string, opts: { status?: number; openDetails?: boolean; lang?: string } = {}): Promise<void> {
  const res = await page.goto(new URL(path, s.url).href);
  expect(res?.status(), path).toBe(opts.status ?? 200);
  if (opts.lang) expect(await page.locator('html').getAttribute('lang'), path).toBe(opts.lang);
  expect.soft(describeViolations(await axeViolations(page, opts)), path).toEqual([]);
}

describe.each(['fr', 'en'] as const)('staff pages in %s have no WCAG 2.1 A/AA violation', (lang) => {
  const audit = (path: string, opts: { status?: number; openDetails?: boolean } = {}) => expectAccessible(path, { lang, ...opts });
  /** A list longer than a page: its pagination, then its second page with the live notices shown. */
  const auditLaterPage = async (path: string) => {
    await audit(path);
    expect(await page.locator('nav.pager[aria-label] .pager-range').count(), path).toBe(1);
    const next = await page.locator('nav.pager a[rel=next]').getAttribute('href');
    await audit(next!);
    expect(await page.locator('nav.pager a[rel=prev]').count(), next!).toBe(1);
    await page.evaluate(() => document.querySelectorAll<HTMLElement>('[data-live-notice]').forEach((n) => (n.hidden = false)));
    expect.soft(describeViolations(await axeViolations(page)), `${next} with its notices`).toEqual([]);
  };

  it('sign-in, and the sign-in refused', async () => {
    await signIn(lang, null);
    await audit('/connexion');
    await page.locator('#username').fill('personne');
    await page.locator('#password').fill('pas-le-bon-mot-de-passe');
    await page.locator('form[action="/connexion"] button[type=submit]').click();
    await page.locator('#login-error').waitFor();
    expect.soft(describeViolations(await axeViolations(page)), 'sign-in refused').toEqual([]);
  });

  it('an agent’s queue, case file, absences and a refusal', async () => {
    await signIn(lang, 'jtremblay');
    await audit('/files');
    await audit(`/dossiers/${caseId}`, { openDetails: true });
    expect(await page.locator('#h-dups').count()).toBe(1);
    await audit(`/dossiers/${dupId}`, { openDetails: true });
    await audit('/absences');
    await audit('/tableau-de-bord', { status: 403 });
    await audit('/nulle-part', { status: 404 });
  });

  it('the complaints officer’s queues, case file with « why this queue », revealed identity, non-cases', async () => {
    await signIn(lang, 'flavoie');
    await audit('/files');
    await audit('/files?queue=service-immeubles&overdue=1&q=neige');
    await audit(`/dossiers/${caseId}`, { openDetails: true });
    expect(await page.locator('#h-class').count()).toBe(1);
    await page.locator('#reveal-reason').fill('Rappeler la locataire pour planifier la visite.');
    await page.locator(`form[action="/dossiers/${caseId}/identite"] button`).click();
    await page.locator('.identity table.kv').waitFor();
    expect.soft(describeViolations(await axeViolations(page, { openDetails: true })), 'identity revealed').toEqual([]);
    await auditLaterPage('/files');
    await audit('/accueil/non-dossiers');
    expect(await page.locator('tbody tr').count()).toBeGreaterThan(0);
    await auditLaterPage('/accueil/non-dossiers');
    await audit('/absences');
  });

  it('the board’s dashboard, the monthly reports and a report', async () => {
    await signIn(lang, 'ca1');
    await audit('/tableau-de-bord');
    await audit('/rapports');
    expect(await page.locator('nav a[aria-current="page"]').getAttribute('href')).toBe('/rapports');
    await expectAccessible(reportPath, { lang: 'fr-CA' });
  });

  it('the accounts and an account’s page', async () => {
    await signIn(lang, ADMIN.username);
    await audit('/admin/utilisateurs');
    editPath ||= (await page.locator('a[href^="/admin/utilisateurs/"]').first().getAttribute('href'))!;
    await audit(editPath);
  });
});

describe('keyboard focus', () => {
  it('is visible on every control reached with Tab (a 3 px ring at least)', async () => {
    await signIn('fr', 'flavoie');
    await page.goto(new URL(`/dossiers/${caseId}`, s.url).href);
    const seen: string[] = [];
    for (let i = 0; i < 25; i++) {
      await page.keyboard.press('Tab');
      const f = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el || el === document.body) return null;
        const cs = getComputedStyle(el);
        return { what: `${el.tagName.toLowerCase()} ${(el.textContent ?? '').trim().slice(0, 30)}`, style: cs.outlineStyle, width: parseFloat(cs.outlineWidth) };
      });
      if (!f) continue;
      seen.push(f.what);
      expect.soft(f.style !== 'none' && f.width >= 3, `focus ring on ${f.what}: ${f.style} ${f.width}px`).toBe(true);
    }
    expect(seen.length).toBeGreaterThan(10);
  });
});

describe('the citizens’ survey has no WCAG 2.1 A/AA violation', () => {
  it('form, thanks, already answered, invalid link', async () => {
    await page.context().clearCookies();
    const { token } = signSurveyToken(surveyKey(openKeyring(s.config)), caseId, new Date(Date.now() + 7 * 86_400_000));
    await expectAccessible(`/sondage/${token}`, { lang: 'fr-CA' });
    await page.locator('input[name=score][value="4"]').check();
    await page.locator('#comment').fill('Merci pour la rapidité.');
    await page.locator('button[type=submit]').click();
    await page.locator('h1', { hasText: 'Merci' }).waitFor();
    expect.soft(describeViolations(await axeViolations(page)), 'survey thanks').toEqual([]);
    await expectAccessible(`/sondage/${token}`, { status: 409, lang: 'fr-CA' });
    await expectAccessible('/sondage/pas-un-jeton', { status: 400, lang: 'fr-CA' });
  });
});
