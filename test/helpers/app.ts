// Test harness: a Doléances data directory of its own, a config built from an env object (no
// process.env), and a wait-until helper.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../../core/config.ts';
import { createLogger } from '../../core/logger.ts';

export function tempDataDir(prefix = 'dol-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function testConfig(dataDir: string, extra: Record<string, string> = {}): Config {
  return loadConfig({ DOLEANCES_DATA_DIR: dataDir, PORT: '0', DOLEANCES_DROP_POLL_MS: '100', LOG_LEVEL: 'silent', ...extra });
}

export const silentLogger = createLogger('silent');

export async function waitFor<T>(fn: () => Promise<T | undefined | false>, ms = 30_000, every = 50): Promise<T> {
  const end = Date.now() + ms;
  let last: unknown;
  while (Date.now() < end) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, every));
  }
  throw new Error(`timed out waiting${last ? `: ${String(last)}` : ''}`);
}
