// Debian's Chromium (/usr/bin/chromium, apt package `chromium`, installed by
// scripts/chromium/install.sh) driven by playwright-core: headless, no sandbox (CI runs as root),
// no background network, a new empty user-data-dir per launch. Never downloads a browser. When
// Chromium can't start, the error says so and the test fails.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM = process.env.DOLEANCES_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchChromium(opts: { locale?: string } = {}): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Chromium introuvable à ${CHROMIUM} : lancez scripts/chromium/install.sh (paquet Debian « chromium »).`);
  }
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dol-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    locale: opts.locale ?? 'fr-CA',
    timezoneId: 'America/Toronto',
    viewport: { width: 1366, height: 900 },
  });
  return {
    context,
    async close() {
      await context.close().catch(() => undefined);
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
