// In a real browser (Debian's Chromium): a citizen's email arrives and appears, without a reload,
// in the open queue of the right service; an agent of that service works it to closure (takes it,
// writes a note, answers by email through a real SMTP peer from a French template, judges it with
// seed 001's criteria, closes it); an agent of another service neither sees it listed nor opens
// it. A citizen who writes twice about the same thing: the agent merges the second case into the
// first from its file, and the first file shows the duplicate with its message. Screenshots of the
// queue and of the case file are saved in docs/screenshots/.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../core/config.ts';
import { startSmtpPeer, type SmtpPeer } from '../imap/helpers/smtp.ts';
import { launchChromium, type Browser } from './browser.ts';
import { PASSWORD, startStack, type Stack } from './harness.ts';

const SHOTS = path.join(REPO_ROOT, 'docs', 'screenshots');
let s: Stack;
let smtp: SmtpPeer;
let browser: Browser;

async function signIn(page: Page, base: string, username: string): Promise<void> {
  await page.context().clearCookies();
  await page.goto(new URL('/connexion', base).href);
  await page.getByLabel("Nom d'utilisateur").fill(username);
  await page.getByLabel('Mot de passe').fill(PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL(/\/files/);
}

beforeAll(async () => {
  smtp = await startSmtpPeer();
  s = await startStack({ SMTP_URL: smtp.url, DOLEANCES_MAIL_FROM: 'plaintes@omhtr.example' });
  await s.addUser({ username: 'jtremblay', displayName: 'Julie Tremblay', role: 'agent', services: ['service-immeubles'] });
  await s.addUser({ username: 'mgagnon', displayName: 'Marc Gagnon', role: 'agent', services: ['service-clientele'] });
  browser = await launchChromium();
  fs.mkdirSync(SHOTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await s?.stop();
  await smtp?.stop();
});

describe('staff app in Chromium', () => {
  let caseId = '';

  it('shows a new case in the right open queue without a reload', async () => {
    const page = await browser.context.newPage();
    await signIn(page, s.url, 'jtremblay');
    await expect.poll(() => page.evaluate(() => document.body.getAttribute('data-live-connected')), { timeout: 10_000 }).toBe('1');
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
    s.dropEmail('neige.eml', {
      from: 'Ginette Bellemare <ginette.bellemare@example.net>',
      subject: 'Entrée et escaliers pas déneigés depuis la tempête',
      text: "Bonjour,\n\nDepuis la tempête de mercredi, l'entrée principale et les escaliers du 1245, rue Sainte-Marguerite ne sont toujours pas déneigés. Les marches sont glacées et ma voisine a failli tomber.\n\nPourriez-vous envoyer quelqu'un ?\n\nGinette Bellemare\n819-555-0142",
    });
    const row = page.locator('#queue-rows tr[data-case-id]').first();
    await row.waitFor({ timeout: 60_000 });
    caseId = (await row.getAttribute('data-case-id'))!;
    expect(caseId).toMatch(/^20\d\d-[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
    expect(await row.textContent()).toContain('Déneigement');
    // A second message, so the screenshot shows a queue with more than one line.
    s.dropEmail('fuite.eml', { from: 'Kevin Doucet <k.doucet@example.net>', subject: 'Fuite sous l’évier de la cuisine', text: "Bonjour, il y a une fuite d'eau sous l'évier de ma cuisine depuis hier, le robinet coule sans arrêt. Pouvez-vous envoyer un plombier? Kevin Doucet, 3175 rue Papineau, app. 9" });
    await page.locator('#queue-rows tr[data-case-id]').nth(1).waitFor({ timeout: 60_000 });
    await page.screenshot({ path: path.join(SHOTS, 'queue.png'), fullPage: true });
    await page.close();
  });

  it('is worked by the agent to closure: take, note, email answer, judgement, close', async () => {
    const page = await browser.context.newPage();
    await signIn(page, s.url, 'jtremblay');
    await page.getByRole('link', { name: caseId }).click();
    await expect.poll(() => page.locator('h1').textContent()).toContain(caseId);
    expect(await page.locator('.message-text').first().textContent()).toContain('Sainte-Marguerite');
    // Keyboard: the first Tab reaches the skip link, which leads to the main content.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('href'))).toBe('#contenu');
    await page.getByRole('button', { name: 'Prendre en charge' }).click();
    await page.waitForURL(/fait=1/);
    expect(await page.locator('table.kv').first().textContent()).toContain('Julie Tremblay');

    await page.locator('summary', { hasText: 'Ajouter une note' }).click();
    await page.getByLabel('Note (faits, vérifications, dates)').fill('Visite des lieux à 9 h : entrée glacée confirmée, photos prises. Déneigeur avisé.');
    await page.locator('form[action$="/actions/note"] button').click();
    await page.waitForURL(/fait=1/);

    const answer = page.locator('form[action$="/actions/answer"]');
    await answer.getByLabel('Modèle').selectOption('reponse');
    await answer.getByLabel('Texte du courriel').fill(`Bonjour Madame,\n\nL'entrée et les escaliers ont été déneigés et sablés ce matin. Nous avons rappelé ses obligations à l'entrepreneur.\n\nRéférence : ${caseId}`);
    await answer.getByRole('button', { name: 'Envoyer' }).click();
    await page.waitForURL(/fait=1/);
    // Acknowledgements go through the same SMTP peer: pick the answer by its text.
    const answerMail = () => smtp.received.find((m) => (m.mail.text ?? '').includes('déneigés et sablés ce matin'));
    await expect.poll(() => answerMail() !== undefined).toBe(true);
    expect(answerMail()!.to).toEqual(['ginette.bellemare@example.net']);
    expect(answerMail()!.mail.subject).toContain(caseId);
    await page.screenshot({ path: path.join(SHOTS, 'case-file.png'), fullPage: true });

    if (await page.locator('summary', { hasText: 'Juger le bien-fondé' }).count()) {
      await page.locator('summary', { hasText: 'Juger le bien-fondé' }).click();
      const judge = page.locator('form[action$="/actions/judge"]');
      await judge.getByLabel('Fondée', { exact: true }).check();
      await judge.getByLabel('Non-respect des engagements de la déclaration de services').check();
      await judge.getByLabel('Motif (versé au dossier)').fill("Le déneigement n'a pas été fait dans les délais prévus au contrat.");
      await judge.getByRole('button', { name: 'Enregistrer' }).click();
      await page.waitForURL(/fait=1/);
    }
    await page.locator('summary', { hasText: 'Fermer le dossier' }).click();
    page.once('dialog', (d) => void d.accept());
    const close = page.locator('form[action$="/actions/close"]');
    await close.getByLabel('Motif (versé au dossier)').fill('Réponse écrite envoyée, situation corrigée.');
    await close.getByRole('button', { name: 'Enregistrer' }).click();
    await page.waitForURL(/fait=1/);
    expect(await page.locator('.case-head .badges').textContent()).toContain('Fermée');
    const timeline = await page.locator('.timeline').first().textContent();
    for (const step of ['Prise en charge', 'Note', 'Réponse envoyée', 'Dossier fermé']) expect(timeline).toContain(step);
    await page.close();
  });

  it('stays out of reach of another service’s agent (not listed, 403)', async () => {
    const page = await browser.context.newPage();
    await signIn(page, s.url, 'mgagnon');
    expect(await page.locator('#queue-rows').textContent()).not.toContain(caseId);
    const res = await page.goto(new URL(`/dossiers/${caseId}`, s.url).href);
    expect(res?.status()).toBe(403);
    expect(await page.locator('main').textContent()).toContain("Vous n'avez pas accès");
    await page.close();
  });

  it('merges a duplicate into the case it duplicates: both files say so, the kept one shows its message', async () => {
    const before = new Set(await s.caseIds());
    const mail = (n: number, text: string) => ({ from: 'Paul Gervais <p.gervais@example.net>', subject: n === 1 ? 'Stationnement pas déneigé' : 'Stationnement toujours pas déneigé (2e courriel)', text });
    s.dropEmail('stationnement-1.eml', mail(1, "Bonjour, le stationnement arrière du 1300, rue Laviolette n'a pas été déneigé depuis la tempête, impossible de sortir ma voiture. Paul Gervais"));
    await expect.poll(async () => (await s.caseIds()).filter((id) => !before.has(id)).length, { timeout: 60_000 }).toBe(1);
    const kept = (await s.caseIds()).find((id) => !before.has(id))!;
    s.dropEmail('stationnement-2.eml', mail(2, "Je vous réécris : le stationnement arrière du 1300, rue Laviolette n'est toujours pas déneigé, la gratte n'est jamais passée."));
    await expect.poll(async () => (await s.caseIds()).filter((id) => !before.has(id)).length, { timeout: 60_000 }).toBe(2);
    const dup = (await s.caseIds()).find((id) => !before.has(id) && id !== kept)!;

    const page = await browser.context.newPage();
    await signIn(page, s.url, 'jtremblay');
    await page.goto(new URL(`/dossiers/${dup}`, s.url).href);
    await page.locator('summary', { hasText: 'Fusionner ce doublon à un autre dossier' }).click();
    const merge = page.locator('form[action$="/actions/merge"]');
    await merge.getByLabel('Dossier conservé (ce dossier en est le doublon)').fill(kept);
    await merge.getByLabel('Motif (versé au dossier)').fill('Même stationnement, deuxième courriel de la même personne.');
    page.once('dialog', (d) => void d.accept());
    await merge.getByRole('button', { name: 'Enregistrer' }).click();
    await page.waitForURL(/fait=1/);
    expect(await page.locator('.case-head .badges').textContent()).toContain(`Fusionnée au dossier ${kept}`);
    expect(await page.locator('.timeline').first().textContent()).toContain('Doublon fusionné au dossier conservé');
    // Terminal: nothing but notes and consultation is offered on the duplicate any more.
    expect(await page.locator('form[action$="/actions/merge"], form[action$="/actions/reopen"], form[action$="/actions/take"]').count()).toBe(0);

    await page.locator('main p.flash a', { hasText: kept }).click();
    await expect.poll(() => page.locator('h1').textContent()).toContain(kept);
    const dups = page.locator('section[aria-labelledby="h-dups"]');
    expect(await dups.locator('h2').textContent()).toBe('Doublons fusionnés à ce dossier');
    await dups.locator('summary').first().click();
    expect(await dups.locator('.message-text').first().textContent()).toContain("la gratte n'est jamais passée");
    expect(await page.locator('.timeline').first().textContent()).toContain('Doublon fusionné à ce dossier');
    await page.close();

    // Another service's agent opens neither.
    const other = await browser.context.newPage();
    await signIn(other, s.url, 'mgagnon');
    for (const id of [kept, dup]) expect((await other.goto(new URL(`/dossiers/${id}`, s.url).href))?.status()).toBe(403);
    await other.close();
  });
});
