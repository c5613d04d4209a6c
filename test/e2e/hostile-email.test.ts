// A citizen's email carrying script, event-handler and CSS payloads (in the subject, the plain text
// and the HTML part) renders inert in Chromium: no dialog opens, no request leaves for the
// attacker's server (a real one on loopback counts hits), the page runs only /static/app.js, and
// the payloads appear as text in the case file and in the queue.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type Browser } from './browser.ts';
import { PASSWORD, startStack, type Stack } from './harness.ts';

let s: Stack;
let browser: Browser;
let trap: http.Server;
const hits: string[] = [];

beforeAll(async () => {
  trap = http.createServer((req, res) => {
    hits.push(req.url ?? '');
    res.end('');
  });
  await new Promise<void>((r) => trap.listen(0, '127.0.0.1', () => r()));
  s = await startStack();
  await s.addUser({ username: 'flavoie', displayName: 'France Lavoie', role: 'officer' });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await s?.stop();
  await new Promise<void>((r) => trap.close(() => r()));
});

describe('a hostile email', () => {
  it('renders inert in the queue and in the case file', async () => {
    const evil = `http://127.0.0.1:${(trap.address() as AddressInfo).port}`;
    s.dropEmail('hostile.eml', {
      from: 'Mallory <mallory@example.net>',
      subject: `<img src=${evil}/subject onerror=alert(1)> Chauffage en panne`,
      text: `Bonjour, le chauffage ne fonctionne plus depuis hier soir.\n<script>fetch('${evil}/script');alert('xss')</script>\n<img src="${evil}/img" onerror="alert(2)">\n<svg onload="alert(3)"></svg>\n<a href="javascript:alert(4)">cliquez</a>\n<style>body{background:url(${evil}/css)}</style>\nMerci.`,
      html: `<html><head><style>@import url(${evil}/import); body{background:url(${evil}/bg)}</style></head><body><p onmouseover="alert(5)">Bonjour, le chauffage ne fonctionne plus depuis hier soir.</p><script>fetch('${evil}/html-script')</script><iframe src="${evil}/iframe"></iframe><img src="${evil}/pixel.gif"><p>Merci.</p></body></html>`,
    });
    const { case_id: caseId } = await s.waitForCase({});
    const page = await browser.context.newPage();
    const dialogs: string[] = [];
    const outside: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('request', (r) => {
      if (!r.url().startsWith(s.url)) outside.push(r.url());
    });
    await page.goto(new URL('/connexion', s.url).href);
    await page.getByLabel("Nom d'utilisateur").fill('flavoie');
    await page.getByLabel('Mot de passe').fill(PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL(/\/files/);
    expect(await page.locator(`tr[data-case-id="${caseId}"]`).textContent()).toContain('<img src=');

    await page.goto(new URL(`/dossiers/${caseId}`, s.url).href);
    await page.locator('.message-text').first().hover();
    await page.waitForTimeout(1000);
    const dom = await page.evaluate(() => ({
      scripts: [...document.scripts].map((x) => x.getAttribute('src')),
      inMessage: document.querySelectorAll('.message-text *').length,
      handlers: document.querySelectorAll('[onerror],[onload],[onmouseover],[onclick]').length,
      iframes: document.querySelectorAll('iframe').length,
      jsLinks: [...document.querySelectorAll('a')].filter((a) => a.getAttribute('href')?.toLowerCase().startsWith('javascript')).length,
      text: [...document.querySelectorAll('.message-text')].map((x) => x.textContent ?? '').join('\n'),
      subject: document.querySelector('.message .subject')?.textContent ?? '',
    }));
    expect(dom.scripts).toEqual(['/static/app.js']);
    expect(dom.inMessage).toBe(0);
    expect(dom.handlers).toBe(0);
    expect(dom.iframes).toBe(0);
    expect(dom.jsLinks).toBe(0);
    expect(dom.text).toContain('chauffage ne fonctionne plus');
    expect(dom.subject).toContain('onerror=alert(1)');
    expect(dialogs).toEqual([]);
    expect(outside).toEqual([]);
    expect(hits).toEqual([]);
    await page.close();
  });
});
