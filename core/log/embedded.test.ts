import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLogContract } from './contract.ts';
import { EmbeddedLog } from './embedded.ts';

runLogContract('embedded', {
  async newLog() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dol-log-'));
    return { log: await EmbeddedLog.open(dir), reopen: () => EmbeddedLog.open(dir) };
  },
});

describe('embedded log files', () => {
  it('truncates a torn last record on open and keeps every complete one', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dol-log-'));
    const log = await EmbeddedLog.open(dir);
    await log.publish('t', [{ key: 'a', value: 1 }, { key: 'b', value: 2 }]);
    await log.close();
    const file = path.join(dir, 'topics', 't.log');
    fs.appendFileSync(file, '0badc0de {"k":"c","v":3'); // a write cut by kill -9
    const again = await EmbeddedLog.open(dir);
    expect((await again.endOffsets('t')).get(0)).toBe(2);
    await again.publish('t', [{ key: 'c', value: 3 }]);
    expect((await again.endOffsets('t')).get(0)).toBe(3);
    await again.close();
    expect(fs.readFileSync(file, 'utf8').split('\n').filter(Boolean)).toHaveLength(3);
  });

  it('refuses a second opener while the first holds the lock', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dol-log-'));
    const log = await EmbeddedLog.open(dir);
    await expect(EmbeddedLog.open(dir)).rejects.toMatchObject({ code: 'LOG_LOCKED' });
    await log.close();
    const again = await EmbeddedLog.open(dir);
    await again.close();
  });
});
