// The checkpoint's recovery paths on a real Dovecot: a folder whose UIDVALIDITY changed (RFC 3501
// §2.3.1.1: every UID is new) is read again without duplicating anything, whether the connector
// was stopped or connected at the time; and messages published before a crash but never moved (at
// or below the checkpoint) are moved without being published again.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { dovecotAdmin } from '../../scripts/dovecot/server.ts';
import { append, complaint, connect, folderCount, freshAccount, intakes, mailboxFor, startPipeline, waitFor, type Pipeline } from './helpers/pipeline.ts';

const dovecot = inject('dovecot');
const admin = dovecotAdmin(dovecot.baseDir);
const pipelines: Pipeline[] = [];
afterAll(async () => {
  for (const p of pipelines) await p.stop();
});

async function settled(p: Pipeline, cases: number) {
  return waitFor(async () => {
    const r = await intakes(p.reader);
    return r.filter((x) => x.disposition === 'case').length >= cases && r.every((x) => x.disposition !== 'recue') && r;
  }, 30_000);
}

const checkpointOf = (p: Pipeline, id: string) => JSON.parse(fs.readFileSync(path.join(p.config.paths.state, 'imap', `${id}.checkpoint.json`), 'utf8')) as { folders: Record<string, { uidValidity: string; lastUid: number }> };

describe('IMAP resynchronisation', () => {
  it('reads a folder again after its UIDVALIDITY changed while stopped: no duplicate', async () => {
    const acc = freshAccount('uidv');
    await admin.addUser(acc.user, acc.password);
    const box = mailboxFor(dovecot, acc, { handledFolder: null }); // left in place, flagged \Seen
    const a = complaint(21);
    const b = complaint(22, { messageId: null }); // no Message-ID: known by its bytes
    const p = await startPipeline([box]);
    pipelines.push(p);
    await append(dovecot, acc, [a, b]);
    await settled(p, 2);

    await p.stopImap();
    const before = checkpointOf(p, acc.user).folders.INBOX!;
    const uidValidity = await admin.recreateMailbox(acc.user, 'INBOX');
    expect(String(uidValidity)).not.toBe(before.uidValidity);
    // The same two messages come back under new UIDs (a restored or migrated mailbox), plus a new one.
    await append(dovecot, acc, [a, b, complaint(23)]);
    await p.startImap();
    await settled(p, 3);
    expect(checkpointOf(p, acc.user).folders.INBOX!.uidValidity).toBe(String(uidValidity));
    await new Promise((r) => setTimeout(r, 500)); // nothing more is coming
    const rows = await intakes(p.reader);
    expect(rows.map((r) => r.disposition)).toEqual(['case', 'case', 'case']);
  }, 60_000);

  it('reads a folder again after its UIDVALIDITY changed under a live connection: no duplicate', async () => {
    const acc = freshAccount('uidv-live');
    await admin.addUser(acc.user, acc.password);
    const a = complaint(31);
    const p = await startPipeline([mailboxFor(dovecot, acc)]);
    pipelines.push(p);
    await append(dovecot, acc, [a]);
    await settled(p, 1);
    await admin.recreateMailbox(acc.user, 'INBOX');
    await append(dovecot, acc, [a, complaint(32)]);
    await settled(p, 2);
    await waitFor(async () => (await folderCount(dovecot, acc, 'INBOX')) === 0, 30_000);
    expect((await intakes(p.reader)).map((r) => r.disposition)).toEqual(['case', 'case']);
    expect(await folderCount(dovecot, acc, 'Traités')).toBe(3);
  }, 60_000);

  it('moves, without publishing again, what was published but not moved before a crash', async () => {
    const acc = freshAccount('reprise');
    await admin.addUser(acc.user, acc.password);
    const box = mailboxFor(dovecot, acc);
    const p = await startPipeline([box], { imap: false });
    pipelines.push(p);
    await append(dovecot, acc, [complaint(41), complaint(42), complaint(43)]);
    const client = await connect(dovecot, acc);
    const st = await client.status('INBOX', { uidValidity: true, uidNext: true });
    await client.logout();
    if (!st) throw new Error('STATUS failed');
    // As left by a crash after the checkpoint of the first two and before their MOVE.
    fs.mkdirSync(path.join(p.config.paths.state, 'imap'), { recursive: true });
    fs.writeFileSync(
      path.join(p.config.paths.state, 'imap', `${acc.user}.checkpoint.json`),
      JSON.stringify({ mailbox: acc.user, folders: { INBOX: { uidValidity: String(st.uidValidity), lastUid: Number(st.uidNext) - 2 } } }),
    );
    await p.startImap();
    await settled(p, 1);
    await waitFor(async () => (await folderCount(dovecot, acc, 'INBOX')) === 0, 30_000);
    expect(await folderCount(dovecot, acc, 'Traités')).toBe(3);
    expect((await intakes(p.reader)).map((r) => r.disposition)).toEqual(['case']);
  }, 60_000);
});
