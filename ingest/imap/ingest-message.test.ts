// What one fetched message becomes, given what the seen ledger already holds (a real ledger file,
// reopened as after a restart): copies of a message without Message-ID are duplicates, the same
// bytes seen again in their folder are nothing new, and a dateless message is a copy only when it
// arrives near the first one.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createKeyring } from '../../core/crypto/keyring.ts';
import { sha256Hex } from '../../core/ids.ts';
import { DEFAULT_EMAIL_OPTIONS } from '../parse/email.ts';
import { DATELESS_COPY_WINDOW_MS, ingestMessage, type IngestContext, type MessageRef } from './ingest-message.ts';
import { SeenLedger } from './seen-ledger.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dol-ingest-msg-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
const keyring = createKeyring([{ id: 'k1', key: crypto.randomBytes(32) }]);

/** A connector over one ledger file: each message is its own batch, recorded once handled. */
function connector(ledgerFile: string) {
  const ledger = new SeenLedger(ledgerFile);
  const ctx: IngestContext = {
    keyring,
    profileId: 'test',
    archiveRoot: path.join(root, 'archive'),
    connector: 'imap',
    quarantineDir: path.join(root, 'quarantine'),
    dataDir: root,
    emailOptions: DEFAULT_EMAIL_OPTIONS,
    lookup: (k) => ledger.get(k),
    hold: (k, e) => ledger.hold(k, e),
    now: () => new Date('2026-11-20T12:00:00Z'),
  };
  let uid = 0;
  return {
    ledger,
    async handle(bytes: Buffer, mailbox: string, internalDate: string) {
      const ref: MessageRef = { mailbox, folder: 'INBOX', uidValidity: '1', uid: ++uid, internalDate: new Date(internalDate) };
      const out = await ingestMessage(ctx, bytes, ref);
      if (out.seen) ledger.record([out.seen]);
      return { disposition: out.disposition, key: out.key, ids: out.events.map((e) => e.id), reason: out.events[0]?.type === 'intake.disposed.v1' ? out.events[0].data.reason : null };
    },
  };
}

function message(o: { date?: string | null; deliveredTo: string; body?: string }): Buffer {
  return Buffer.from(
    [
      `Delivered-To: ${o.deliveredTo}`,
      `Return-Path: <gilles.b@exemple.test>`,
      'From: Gilles Boucher <gilles.b@exemple.test>',
      'To: plaintes@ville.test',
      'Cc: info@ville.test',
      'Subject: Lampadaire éteint',
      ...(o.date === null ? [] : [`Date: ${o.date ?? 'Fri, 13 Nov 2026 06:02:05 -0500'}`]),
      'Content-Type: text/plain; charset=utf-8',
      '',
      o.body ?? 'Le lampadaire devant le 212, rue Notre-Dame est éteint depuis une semaine.',
      '',
    ].join('\r\n'),
  );
}

describe('ingestMessage and the seen ledger, for mail without Message-ID', () => {
  it('makes the copy in a second mailbox a duplicate, across a restart, whenever it arrives', async () => {
    const file = path.join(root, 'dated.ledger');
    const first = await connector(file).handle(message({ deliveredTo: 'plaintes@ville.test' }), 'plaintes', '2026-11-13T11:02:07Z');
    expect(first.disposition).toBe('case');
    expect(first.key).toMatch(/^email-fp:/);
    const again = connector(file); // restarted: the ledger read back from disk
    const copy = await again.handle(message({ deliveredTo: 'info@ville.test' }), 'info', '2026-11-16T08:00:00Z');
    expect(copy.disposition).toBe('duplicate');
    expect(copy.reason).toMatch(/sans Message-ID : expéditeur, date, objet et contenu.*\(plaintes\/INBOX\)/);
    expect(copy.ids).toEqual((await again.handle(message({ deliveredTo: 'info@ville.test' }), 'info', '2026-11-16T08:00:00Z')).ids); // handled again: same ids
    // Another second, or other words: another message.
    expect((await again.handle(message({ deliveredTo: 'plaintes@ville.test', date: 'Fri, 13 Nov 2026 06:02:06 -0500' }), 'plaintes', '2026-11-13T11:02:08Z')).disposition).toBe('case');
    expect((await again.handle(message({ deliveredTo: 'plaintes@ville.test', body: 'Et celui du 214 aussi.' }), 'plaintes', '2026-11-13T11:02:09Z')).disposition).toBe('case');
  });

  it('without a Date: a copy arriving within the window is a duplicate; the same words later are a new case with its own copies', async () => {
    const file = path.join(root, 'dateless.ledger');
    const c = connector(file);
    const t0 = Date.parse('2026-11-13T11:02:07Z');
    const at = (ms: number) => new Date(t0 + ms).toISOString();
    const first = await c.handle(message({ date: null, deliveredTo: 'plaintes@ville.test' }), 'plaintes', at(0));
    expect(first.disposition).toBe('case');
    const copy = await c.handle(message({ date: null, deliveredTo: 'info@ville.test' }), 'info', at(3 * 60_000));
    expect(copy).toMatchObject({ disposition: 'duplicate', reason: expect.stringMatching(/sans Message-ID ni date/) });

    const later = message({ date: null, deliveredTo: 'plaintes@ville.test', body: 'Le lampadaire devant le 212, rue Notre-Dame est éteint depuis une semaine.' + ' ' });
    const resent = await c.handle(later, 'plaintes', at(DATELESS_COPY_WINDOW_MS + 3600_000));
    expect(resent.disposition).toBe('case');
    expect(resent.key).toBe(`${first.key}~1`);
    expect(resent.ids).not.toEqual(first.ids);
    const r = connector(file); // restart
    expect((await r.handle(later, 'plaintes', at(DATELESS_COPY_WINDOW_MS + 3600_000))).disposition).toBe('seen');
    const resentCopy = await r.handle(message({ date: null, deliveredTo: 'info@ville.test' }), 'info', at(DATELESS_COPY_WINDOW_MS + 3600_000 + 60_000));
    expect(resentCopy).toMatchObject({ disposition: 'duplicate', key: `${first.key}~1` });
  });

  it('knows mail recorded by its bytes before the fingerprint, and tells a byte-identical copy in another mailbox from a redelivery', async () => {
    const file = path.join(root, 'legacy.ledger');
    const bytes = message({ deliveredTo: 'plaintes@ville.test', body: 'Nid-de-poule rue Papineau.' });
    fs.writeFileSync(file, `file:${sha256Hex(bytes)}\t${sha256Hex(bytes)}\tplaintes/INBOX/7/3\t2026-11-01T00:00:00.000Z\n`);
    const c = connector(file);
    expect((await c.handle(bytes, 'plaintes', '2026-11-13T11:02:07Z')).disposition).toBe('seen');

    const other = message({ deliveredTo: 'plaintes@ville.test', body: 'Nid-de-poule rue Fleury.' });
    expect((await c.handle(other, 'plaintes', '2026-11-13T11:02:07Z')).disposition).toBe('case');
    expect((await c.handle(other, 'plaintes', '2026-11-13T11:02:07Z')).disposition).toBe('seen');
    const elsewhere = await c.handle(other, 'info', '2026-11-13T11:02:07Z');
    expect(elsewhere.disposition).toBe('duplicate');
    expect((await c.handle(other, 'info', '2026-11-13T11:02:07Z')).ids).toEqual(elsewhere.ids);
  });
});
