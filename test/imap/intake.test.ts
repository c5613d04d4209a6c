// Real mail through a real Dovecot: messages APPENDed over IMAP become cases in DuckDB (embedded
// log, classify and store stages in-process), auto-replies and bounces are recorded and not cases,
// the same mail in two mailboxes is one case, a reply joins its case, oversized and unreadable mail
// is kept only in the encrypted archive and listed with a reason record (`quarantine show` gives it
// back byte for byte), and everything handled is moved to the handled folder.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { REPO_ROOT } from '../../core/config.ts';
import { dovecotAdmin } from '../../scripts/dovecot/server.ts';
import { generateHugeMessage } from '../fixtures/mail/generate-huge.ts';
import { tempDataDir } from '../helpers/app.ts';
import { append, complaint, fixture, folderCount, freshAccount, intakes, mailboxFor, startPipeline, waitFor, type Pipeline } from './helpers/pipeline.ts';

const dovecot = inject('dovecot');
const admin = dovecotAdmin(dovecot.baseDir);
const run = promisify(execFile);
const BROKEN_PHRASE = 'Bertrand Vachon-Leclerc, 17 chemin des Outardes';
const pipelines: Pipeline[] = [];
afterAll(async () => {
  for (const p of pipelines) await p.stop();
});

describe('IMAP intake into cases', () => {
  it('turns appended mail into cases, records what is not a case, and moves everything handled', async () => {
    const a = freshAccount('plaintes');
    const b = freshAccount('ombudsman');
    await admin.addUser(a.user, a.password);
    await admin.addUser(b.user, b.password);
    const p = await startPipeline([mailboxFor(dovecot, a), mailboxFor(dovecot, b)]);
    pipelines.push(p);

    await append(dovecot, a, [complaint(12), fixture('060'), fixture('075'), fixture('093'), fixture('001'), fixture('089')]);
    await append(dovecot, b, [fixture('099')]); // the same mail as 001, delivered to the second mailbox

    const rows = await waitFor(async () => {
      const r = await intakes(p.reader);
      return r.length >= 7 && r.every((x) => x.disposition !== 'recue') && r;
    }, 60_000);
    const by = (d: string) => rows.filter((r) => r.disposition === d);
    expect(by('case')).toHaveLength(4);
    expect(by('autoreply')).toHaveLength(1);
    expect(by('duplicate')).toHaveLength(1);
    const bounce = by('bounce')[0]!;
    expect(bounce.case_id).toBe('2026-5FJ9K-Q2W2M');
    expect(bounce.error_code).toBe('ACK_UNDELIVERABLE');
    expect(bounce.reason).toMatch(/action=failed; statut=5\.1\.1; contact=[0-9a-f]{24}/);
    expect(bounce.reason).not.toContain('ginette.lavoie');
    const channels = await p.reader.all<{ channel: string }>(`SELECT channel FROM cases ORDER BY channel`);
    expect(channels.map((c) => c.channel)).toEqual(['email', 'email', 'email', 'fax']);

    await waitFor(async () => (await folderCount(dovecot, a, 'INBOX')) === 0 && (await folderCount(dovecot, b, 'INBOX')) === 0);
    expect(await folderCount(dovecot, a, 'Traités')).toBe(6);
    expect(await folderCount(dovecot, b, 'Traités')).toBe(1);

    // A reply quoting the reference joins that case instead of opening another.
    const first = await p.reader.one<{ case_id: string }>(`SELECT case_id FROM cases WHERE channel = 'email' ORDER BY case_id LIMIT 1`);
    await append(dovecot, a, [complaint('12 bis', { subject: `Re: Accusé de réception [Dossier ${first!.case_id}]` })]);
    await waitFor(async () => (await p.reader.all(`SELECT 1 FROM case_messages WHERE case_id = $1`, [first!.case_id])).length === 2, 30_000);
    expect((await p.reader.all(`SELECT 1 FROM cases`)).length).toBe(4);
  }, 120_000);

  it('keeps oversized and unreadable mail encrypted: reason records only, originals back through quarantine show', async () => {
    const a = freshAccount('gros');
    await admin.addUser(a.user, a.password);
    const p = await startPipeline([mailboxFor(dovecot, a)], { env: { DOLEANCES_MAX_FILE_MB: '1' } });
    pipelines.push(p);
    const dataDir = p.config.dataDir;
    const outside = tempDataDir('dol-imap-out-');
    const big = path.join(outside, 'big.eml');
    await generateHugeMessage(big, { attachmentBytes: 2 * 1024 * 1024, messageId: '<gros-courriel@exemple.test>' });
    const bigBytes = fs.readFileSync(big);
    const broken = Buffer.from(`Ceci n'est pas un courriel.\r\nJe suis ${BROKEN_PHRASE}, ma porte ne ferme plus.\r\n`);
    await append(dovecot, a, [bigBytes, broken, complaint(7)]);

    const rows = await waitFor(async () => {
      const r = await intakes(p.reader);
      return r.filter((x) => x.disposition === 'quarantine').length === 2 && r.some((x) => x.disposition === 'case') && r;
    }, 60_000);
    await waitFor(async () => (await folderCount(dovecot, a, 'INBOX')) === 0);
    expect(await folderCount(dovecot, a, 'Traités')).toBe(3);
    pipelines.splice(pipelines.indexOf(p), 1);
    await p.stop();

    const quarantined = rows.filter((r) => r.disposition === 'quarantine');
    expect(quarantined.map((r) => r.error_code).sort()).toEqual(['INTAKE_TOO_LARGE', 'INTAKE_UNREADABLE']);
    for (const [bytes, code] of [[bigBytes, 'INTAKE_TOO_LARGE'], [broken, 'INTAKE_UNREADABLE']] as const) {
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const q = quarantined.find((r) => r.error_code === code)!;
      expect(q.quarantine_path).toBe(path.join('quarantine', `${sha256}.eml.raison.json`));
      const record = JSON.parse(fs.readFileSync(path.join(dataDir, q.quarantine_path!), 'utf8'));
      expect(record).toMatchObject({ sha256, size: bytes.length, contentType: 'message/rfc822', extension: '.eml', errorCode: code, source: { mailbox: a.user, folder: 'INBOX' } });

      // The operator's way back to the original, streamed to a file or a pipe.
      const out = path.join(outside, `${code}.eml`);
      const shown = await cli(dataDir, ['quarantine', 'show', sha256.slice(0, 12), '--out', out]);
      expect(shown.stderr).toBe('');
      expect(fs.readFileSync(out).equals(bytes)).toBe(true);
      expect((await cli(dataDir, ['quarantine', 'show', sha256.slice(0, 12)])).stdout.equals(bytes)).toBe(true);
    }

    // Nothing of either message in clear anywhere under the data directory.
    const needles = [BROKEN_PHRASE, 'Vachon', 'Outardes', 'Wabassee', 'Nadia Rioux', 'nadia.rioux'];
    const files = fs.readdirSync(dataDir, { recursive: true }).map((f) => path.join(dataDir, String(f))).filter((f) => fs.statSync(f).isFile());
    expect(files.some((f) => f.endsWith('.raison.json'))).toBe(true);
    for (const f of files) {
      const bytes = fs.readFileSync(f);
      for (const n of needles) expect(bytes.includes(n), `${n} in ${path.relative(dataDir, f)}`).toBe(false);
    }
  }, 90_000);
});

/** bin/doleances on that data dir, as an operator runs it; stdout kept as bytes. */
async function cli(dataDir: string, args: string[]): Promise<{ stdout: Buffer; stderr: string }> {
  const { stdout, stderr } = await run(process.execPath, [path.join(REPO_ROOT, 'bin', 'doleances'), ...args], {
    env: { ...process.env, DOLEANCES_DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
    encoding: 'buffer',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 120_000,
  });
  return { stdout, stderr: stderr.toString() };
}
