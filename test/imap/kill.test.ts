// kill -9 of the IMAP connector between archiving a batch and moving it: once before its events
// reach the log, once right after. A child process runs the connector over a log whose publish
// hangs at that point (the hook is in this test, not in the product); it is killed, then the
// pipeline is started again on the same data dir: every message is exactly one case, and moved.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { REPO_ROOT } from '../../core/config.ts';
import { dovecotAdmin } from '../../scripts/dovecot/server.ts';
import { tempDataDir } from '../helpers/app.ts';
import { append, complaint, folderCount, freshAccount, intakes, mailboxFor, startPipeline, waitFor, type Pipeline } from './helpers/pipeline.ts';

const dovecot = inject('dovecot');
const admin = dovecotAdmin(dovecot.baseDir);
const pipelines: Pipeline[] = [];
afterAll(async () => {
  for (const p of pipelines) await p.stop();
});

const mod = (p: string) => JSON.stringify(path.join(REPO_ROOT, p));

function childScript(dataDir: string, box: unknown, mode: 'before-publish' | 'after-publish'): string {
  return `
    import { EmbeddedLog } from ${mod('core/log/embedded.ts')};
    import { openKeyring } from ${mod('core/crypto/keyring.ts')};
    import { createLogger } from ${mod('core/logger.ts')};
    import { startImapIngest } from ${mod('ingest/imap/index.ts')};
    import { mailboxSchema } from ${mod('ingest/imap/config.ts')};
    import { testConfig } from ${mod('test/helpers/app.ts')};
    const config = testConfig(${JSON.stringify(dataDir)});
    const log = await EmbeddedLog.open(config.paths.log);
    const hang = () => new Promise(() => {});
    const wrapped = {
      async publish(topic, messages) {
        if (${JSON.stringify(mode)} === 'before-publish') { process.stdout.write('ARCHIVED\\n'); return hang(); }
        await log.publish(topic, messages);
        process.stdout.write('PUBLISHED\\n');
        return hang();
      },
      subscribe: (o) => log.subscribe(o),
      endOffsets: (t) => log.endOffsets(t),
      close: () => log.close(),
    };
    await startImapIngest({ config, log: wrapped, logger: createLogger('silent'), keyring: openKeyring(config), profileId: config.profileId,
      mailboxes: [mailboxSchema.parse(${JSON.stringify(box)})], tuning: { minBackoffMs: 100, maxBackoffMs: 500 } });
  `;
}

async function killAt(dataDir: string, box: unknown, mode: 'before-publish' | 'after-publish'): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', childScript(dataDir, box, mode)], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  try {
    await waitFor(async () => /ARCHIVED|PUBLISHED/.test(out), 60_000, 20);
  } finally {
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
  }
}

describe('IMAP connector killed between archive and move', () => {
  for (const mode of ['before-publish', 'after-publish'] as const) {
    it(`kill -9 ${mode}: after a restart, exactly one case per message`, async () => {
      const acc = freshAccount(`kill-${mode}`);
      await admin.addUser(acc.user, acc.password);
      const box = mailboxFor(dovecot, acc);
      await append(dovecot, acc, [complaint(51), complaint(52, { messageId: null }), complaint(53)]);
      const dataDir = tempDataDir('dol-imap-kill-');

      await killAt(dataDir, box, mode);
      // Archived, not moved: the mail is all still in the inbox.
      expect(fs.readdirSync(path.join(dataDir, 'archive')).length).toBeGreaterThan(0);
      expect(await folderCount(dovecot, acc, 'INBOX')).toBe(3);

      const p = await startPipeline([box], { dataDir });
      pipelines.push(p);
      await waitFor(async () => (await folderCount(dovecot, acc, 'INBOX')) === 0, 30_000);
      await waitFor(async () => (await intakes(p.reader)).filter((r) => r.disposition === 'case').length === 3, 30_000);
      await new Promise((r) => setTimeout(r, 500));
      expect((await intakes(p.reader)).map((r) => r.disposition)).toEqual(['case', 'case', 'case']);
      expect((await p.reader.all(`SELECT 1 FROM cases`)).length).toBe(3);
      expect(await folderCount(dovecot, acc, 'Traités')).toBe(3);
    }, 120_000);
  }
});
