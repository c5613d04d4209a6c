// Real mail through a real Dovecot: messages APPENDed over IMAP become cases in DuckDB (embedded
// log, classify and store stages in-process), auto-replies and bounces are recorded and not cases,
// the same mail in two mailboxes is one case, a reply joins its case, oversized mail is kept and
// listed, and everything handled is moved to the handled folder.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { dovecotAdmin } from '../../scripts/dovecot/server.ts';
import { generateHugeMessage } from '../fixtures/mail/generate-huge.ts';
import { append, complaint, fixture, folderCount, freshAccount, intakes, mailboxFor, startPipeline, waitFor, type Pipeline } from './helpers/pipeline.ts';

const dovecot = inject('dovecot');
const admin = dovecotAdmin(dovecot.baseDir);
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

  it('keeps oversized mail: quarantined as received, listed with its reason, moved out of the inbox', async () => {
    const a = freshAccount('gros');
    await admin.addUser(a.user, a.password);
    const p = await startPipeline([mailboxFor(dovecot, a)], { env: { DOLEANCES_MAX_FILE_MB: '1' } });
    pipelines.push(p);
    const file = path.join(p.config.dataDir, 'big.eml');
    await generateHugeMessage(file, { attachmentBytes: 2 * 1024 * 1024, messageId: '<gros-courriel@exemple.test>' });
    await append(dovecot, a, [fs.readFileSync(file), complaint(7)]);

    const rows = await waitFor(async () => {
      const r = await intakes(p.reader);
      return r.some((x) => x.disposition === 'quarantine') && r.some((x) => x.disposition === 'case') && r;
    }, 60_000);
    const q = rows.find((r) => r.disposition === 'quarantine')!;
    expect(q.error_code).toBe('INTAKE_TOO_LARGE');
    const kept = path.join(p.config.dataDir, q.quarantine_path!);
    expect(fs.readFileSync(kept).equals(fs.readFileSync(file))).toBe(true);
    expect(fs.existsSync(`${kept}.raison.json`)).toBe(true);
    await waitFor(async () => (await folderCount(dovecot, a, 'INBOX')) === 0);
    expect(await folderCount(dovecot, a, 'Traités')).toBe(2);
  }, 90_000);
});
