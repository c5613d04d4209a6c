// One citizen's message delivered to two watched mailboxes (sent to plaintes@ and info@, or Cc'd)
// is one case and one `duplicate` record, with or without a Message-ID: the two copies differ in
// the headers each server added (Delivered-To, Received, Return-Path), so not in what identifies
// them. Whether the copies arrive together (two connections handling them at the same moment), or
// one before and one after a restart of the connector. A dateless message is a copy only when it
// arrives near the first one.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { dovecotAdmin } from '../../scripts/dovecot/server.ts';
import { append, connect, folderCount, freshAccount, intakes, mailboxFor, startPipeline, waitFor, type Account, type Pipeline } from './helpers/pipeline.ts';

const dovecot = inject('dovecot');
const admin = dovecotAdmin(dovecot.baseDir);
const pipelines: Pipeline[] = [];
afterAll(async () => {
  for (const p of pipelines) await p.stop();
});

/** The copy a server delivers to `to`: its own trace headers on top of what the sender wrote. */
function copy(to: string, o: { n: number; messageId?: string; date?: string | null; at?: string }): string {
  return [
    `Return-Path: <citoyen${o.n}@exemple.test>`,
    `Delivered-To: ${to}`,
    `Received: from mx.doleances.local by imap.doleances.local with LMTP id ${to.length}x${o.n}; ${o.at ?? 'Tue, 17 Nov 2026 08:41:09 -0500'}`,
    `From: Citoyen ${o.n} <citoyen${o.n}@exemple.test>`,
    'To: plaintes@doleances.local',
    'Cc: info@doleances.local',
    `Subject: Déneigement oublié, rue ${o.n}`,
    ...(o.date === null ? [] : [`Date: ${o.date ?? 'Tue, 17 Nov 2026 08:41:07 -0500'}`]),
    ...(o.messageId ? [`Message-ID: ${o.messageId}`] : []),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    `Bonjour,\r\n\r\nLa rue ${o.n} n'a pas été déneigée depuis la tempête de samedi ; les autobus ne passent plus.\r\n`,
  ].join('\r\n');
}

async function accounts(): Promise<[Account, Account]> {
  const a = freshAccount('plaintes');
  const b = freshAccount('info');
  await admin.addUser(a.user, a.password);
  await admin.addUser(b.user, b.password);
  return [a, b];
}

/** Waits until `total` intakes are settled and both inboxes emptied; returns the dispositions. */
async function settled(p: Pipeline, total: number, boxes: Account[]): Promise<string[]> {
  const rows = await waitFor(async () => {
    const r = await intakes(p.reader);
    return r.length >= total && r.every((x) => x.disposition !== 'recue') && r;
  }, 60_000);
  for (const box of boxes) await waitFor(async () => (await folderCount(dovecot, box, 'INBOX')) === 0, 30_000);
  await new Promise((r) => setTimeout(r, 500)); // nothing more is coming
  expect((await intakes(p.reader)).length).toBe(rows.length);
  return rows.map((r) => r.disposition).sort();
}

/** APPEND with an INTERNALDATE (RFC 3501 §6.3.11), as a server that received it then. */
async function appendAt(acc: Account, message: string, internalDate: Date): Promise<void> {
  const client = await connect(dovecot, acc);
  try {
    await client.append('INBOX', Buffer.from(message), [], internalDate);
  } finally {
    await client.logout().catch(() => undefined);
    client.close();
  }
}

describe('the same message in two mailboxes', () => {
  it('arriving in both at once: one case and one duplicate each, without and with a Message-ID', async () => {
    const [a, b] = await accounts();
    const p = await startPipeline([mailboxFor(dovecot, a), mailboxFor(dovecot, b)], { imap: false });
    pipelines.push(p);
    const withId = { n: 2, messageId: '<deneigement-2@exemple.test>' };
    await append(dovecot, a, [copy(`${a.user}@doleances.local`, { n: 1 }), copy(`${a.user}@doleances.local`, withId)]);
    await append(dovecot, b, [copy(`${b.user}@doleances.local`, { n: 1 }), copy(`${b.user}@doleances.local`, withId)]);
    // Both connections start with a full inbox: each handles its copies while the other does.
    await p.startImap();
    expect(await settled(p, 4, [a, b])).toEqual(['case', 'case', 'duplicate', 'duplicate']);
    expect((await p.reader.all(`SELECT 1 FROM cases`)).length).toBe(2);
    const dup = await p.reader.all<{ reason: string }>(`SELECT reason FROM intakes WHERE disposition = 'duplicate' ORDER BY reason`);
    expect(dup.map((d) => d.reason)).toEqual([expect.stringMatching(/^même message \(Message-ID et contenu\)/), expect.stringMatching(/^même message \(sans Message-ID : expéditeur, date, objet et contenu\)/)]);
  }, 120_000);

  it('one copy before and one after a restart of the connector; another second is another message', async () => {
    const [a, b] = await accounts();
    const p = await startPipeline([mailboxFor(dovecot, a), mailboxFor(dovecot, b)]);
    pipelines.push(p);
    await append(dovecot, a, [copy(`${a.user}@doleances.local`, { n: 3 })]);
    expect(await settled(p, 1, [a])).toEqual(['case']);
    await p.stopImap();
    await append(dovecot, b, [
      copy(`${b.user}@doleances.local`, { n: 3, at: 'Tue, 17 Nov 2026 08:44:51 -0500' }),
      // Written again by the same person, same subject, a minute later: a message of its own.
      copy(`${b.user}@doleances.local`, { n: 3, date: 'Tue, 17 Nov 2026 08:42:07 -0500' }),
    ]);
    await p.startImap();
    expect(await settled(p, 3, [a, b])).toEqual(['case', 'case', 'duplicate']);
    expect((await p.reader.all(`SELECT 1 FROM cases`)).length).toBe(2);
    expect(await folderCount(dovecot, b, 'Traités')).toBe(2);
  }, 120_000);

  it('without a Date header: a copy minutes later is a duplicate, the same words two days later a new case', async () => {
    const [a, b] = await accounts();
    const p = await startPipeline([mailboxFor(dovecot, a), mailboxFor(dovecot, b)]);
    pipelines.push(p);
    const t0 = Date.parse('2026-11-17T13:41:09Z');
    // No Received header either: the arrival time is the server's INTERNALDATE.
    const dateless = (acc: Account) => copy(`${acc.user}@doleances.local`, { n: 4, date: null }).replace(/^Received: .*\r\n/m, '');
    await appendAt(a, dateless(a), new Date(t0));
    expect(await settled(p, 1, [a])).toEqual(['case']);
    await p.stopImap();
    await appendAt(b, dateless(b), new Date(t0 + 4 * 60_000));
    await p.startImap();
    expect(await settled(p, 2, [a, b])).toEqual(['case', 'duplicate']);
    await appendAt(b, dateless(b).replace('Delivered-To:', 'X-Resent: 1\r\nDelivered-To:'), new Date(t0 + 2 * 24 * 3600_000));
    expect(await settled(p, 3, [a, b])).toEqual(['case', 'case', 'duplicate']);
  }, 120_000);
});
