// Real Dovecot (scripts/dovecot/server.ts) driven with imapflow: what the IMAP ingestion relies on.
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { ImapFlow } from 'imapflow';
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { dovecotAdmin, startDovecot, type DovecotServer } from '../../scripts/dovecot/server.ts';

const dovecot = inject('dovecot');

type Account = { user: string; password: string };

function account(i: number): Account {
  const a = dovecot.users[i];
  if (!a) throw new Error(`global dovecot has no user #${i}`);
  return a;
}

const clients: ImapFlow[] = [];

async function connect(acc: Account, target: { host: string; port: number } = dovecot): Promise<ImapFlow> {
  const client = new ImapFlow({
    host: target.host,
    port: target.port,
    secure: false,
    auth: { user: acc.user, pass: acc.password },
    logger: false,
    connectionTimeout: 10_000,
  });
  client.on('error', () => {}); // socket errors surface through the awaited calls / 'close'
  clients.push(client);
  await client.connect();
  return client;
}

afterEach(async () => {
  for (const c of clients.splice(0)) {
    if (c.usable) await c.logout().catch(() => undefined);
    c.close();
  }
});

/** RFC 2047 encoded-words (UTF-8, base64), split on character boundaries. */
function encodeWords(text: string): string {
  const words: string[] = [];
  let chunk = '';
  for (const ch of text) {
    if (Buffer.byteLength(chunk + ch) > 42) {
      words.push(chunk);
      chunk = '';
    }
    chunk += ch;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w).toString('base64')}?=`).join('\r\n ');
}

let seq = 0;
function frenchMessage(subject: string, body = 'Bonjour,\r\n\r\nLe trottoir devant l’école est glacé depuis trois jours.\r\nÇa presse !\r\n\r\nAmélie Tremblay\r\n'): string {
  seq += 1;
  return [
    `From: ${encodeWords('Amélie Tremblay')} <amelie.tremblay@example.org>`,
    'To: Service des plaintes <plaintes@ville.test>',
    `Subject: ${encodeWords(subject)}`,
    'Date: Mon, 12 Jan 2026 09:15:00 -0500',
    `Message-ID: <test-${Date.now()}-${seq}@doleances.test>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    body,
  ].join('\r\n');
}

function waitFor<T>(what: string, ms: number, register: (resolve: (v: T) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
    register((v) => {
      clearTimeout(t);
      resolve(v);
    });
  });
}

function portAccepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

describe('shared Dovecot (globalSetup)', () => {
  it('accepts LOGIN on loopback with IDLE, MOVE and UIDPLUS, and rejects a wrong password quickly', async () => {
    expect(dovecot.host).toBe('127.0.0.1');
    const client = await connect(account(0));
    expect(client.authenticated).toBeTruthy();
    for (const cap of ['IDLE', 'MOVE', 'UIDPLUS']) expect(client.capabilities.has(cap)).toBe(true);

    await expect(connect({ user: account(0).user, password: 'mauvais-mot-de-passe' })).rejects.toMatchObject({
      authenticationFailed: true,
    });
    // No anvil auth penalty (>= 2 s per login from this IP after a failure): not delayed.
    const t0 = Date.now();
    const again = await connect(account(0));
    expect(again.authenticated).toBeTruthy();
    expect(Date.now() - t0).toBeLessThan(1500);
  });

  it('APPENDs a French UTF-8 message to INBOX and fetches it back intact', async () => {
    const client = await connect(account(0));
    const subject = 'Plainte n° 42 : déneigement rue Saint-Éloi à Montréal — « trottoir glacé »';
    const raw = frenchMessage(subject);
    const res = await client.append('INBOX', raw, ['\\Seen']);
    expect(res).toBeTruthy();
    if (!res) return;
    expect(res.uid).toBeGreaterThan(0);

    const lock = await client.getMailboxLock('INBOX');
    try {
      const msg = await client.fetchOne(String(res.uid), { envelope: true, source: true, flags: true }, { uid: true });
      expect(msg).toBeTruthy();
      if (!msg) return;
      expect(msg.envelope?.subject).toBe(subject);
      expect(msg.envelope?.from?.[0]?.name).toBe('Amélie Tremblay');
      expect(msg.flags?.has('\\Seen')).toBe(true);
      // byte-for-byte: the 8-bit UTF-8 body went through untouched
      expect(msg.source?.equals(Buffer.from(raw, 'utf8'))).toBe(true);
      expect(msg.source?.toString('utf8')).toContain('l’école est glacé');
    } finally {
      lock.release();
    }
  });

  it('IDLE notices an APPEND made by a second client (exists event)', async () => {
    const acc = account(1);
    const watcher = await connect(acc);
    const box = await watcher.mailboxOpen('INBOX');
    const before = box.exists;
    const seen = waitFor<{ count: number; prevCount: number }>('exists event', 15_000, (resolve) =>
      watcher.on('exists', (d: { path: string; count: number; prevCount: number }) => {
        if (d.path === 'INBOX' && d.count > before) resolve(d);
      }),
    );
    // imapflow enters IDLE by itself when idle; make sure it is IDLEing before the other client writes
    void watcher.idle().catch(() => undefined);
    await waitFor<void>('IDLE to start', 5000, (resolve) => {
      const tick = setInterval(() => {
        if (watcher.idling) {
          clearInterval(tick);
          resolve();
        }
      }, 20);
    });

    const writer = await connect(acc);
    await writer.append('INBOX', frenchMessage('Nouvelle requête : nid-de-poule boulevard René-Lévesque'));
    const ev = await seen;
    expect(ev.count).toBe(before + 1);
    expect(ev.prevCount).toBe(before);
  });

  it('creates the folder "Traités" (modified UTF-7) and MOVEs a message into it', async () => {
    const acc = account(0);
    const client = await connect(acc);
    const created = await client.mailboxCreate('Traités');
    expect(created.path).toBe('Traités');

    const list = await client.list();
    const entry = list.find((m) => m.path === 'Traités');
    expect(entry, JSON.stringify(list.map((m) => m.path))).toBeTruthy();
    expect(entry?.pathAsListed).toBe('Trait&AOk-s');
    // On disk: Maildir++ folder with the modified UTF-7 name, owned by the mail user.
    expect(existsSync(path.join(dovecot.baseDir, 'mail', acc.user, '.Trait&AOk-s'))).toBe(true);

    const subject = 'Plainte réglée : lampadaire éteint, rue Sainte-Thérèse';
    const appended = await client.append('INBOX', frenchMessage(subject));
    expect(appended && appended.uid).toBeTruthy();
    const uid = (appended as { uid: number }).uid;

    let lock = await client.getMailboxLock('INBOX');
    try {
      const moved = await client.messageMove(String(uid), 'Traités', { uid: true });
      expect(moved).toBeTruthy();
      if (!moved) return;
      expect(moved.destination).toBe('Traités');
      expect(moved.uidMap?.get(uid)).toBeGreaterThan(0);
      const left = await client.search({ uid: String(uid) }, { uid: true });
      expect(left).toEqual([]);
    } finally {
      lock.release();
    }

    lock = await client.getMailboxLock('Traités');
    try {
      const msgs = [];
      for await (const m of client.fetch('1:*', { envelope: true })) msgs.push(m);
      expect(msgs.map((m) => m.envelope?.subject)).toContain(subject);
    } finally {
      lock.release();
    }
  });

  it('recreateMailbox() changes UIDVALIDITY of a folder, and of INBOX', async () => {
    const admin = dovecotAdmin(dovecot.baseDir);
    const acc: Account = { user: 'uidvalidite', password: 'uidvalidite-secret' };
    await admin.addUser(acc.user, acc.password); // addUser on the shared server: usable at once

    const client = await connect(acc);
    await client.mailboxCreate('À traiter');
    await client.append('À traiter', frenchMessage('Dossier à traiter'));
    await client.append('INBOX', frenchMessage('Courriel reçu'));
    const folderBefore = await client.status('À traiter', { uidValidity: true, messages: true });
    const inboxBefore = await client.status('INBOX', { uidValidity: true, messages: true });
    expect(folderBefore && folderBefore.messages).toBe(1);
    expect(inboxBefore && inboxBefore.messages).toBe(1);
    await client.logout();

    const newFolderUv = await admin.recreateMailbox(acc.user, 'À traiter');
    const newInboxUv = await admin.recreateMailbox(acc.user, 'INBOX');

    const after = await connect(acc);
    const folderAfter = await after.status('À traiter', { uidValidity: true, messages: true });
    expect(folderAfter && folderAfter.uidValidity).not.toBe(folderBefore && folderBefore.uidValidity);
    expect(folderAfter && folderAfter.uidValidity).toBe(BigInt(newFolderUv));
    expect(folderAfter && folderAfter.messages).toBe(0);

    const inbox = await after.mailboxOpen('INBOX');
    expect(inbox.uidValidity).not.toBe(inboxBefore && inboxBefore.uidValidity);
    expect(inbox.uidValidity).toBe(BigInt(newInboxUv));
    expect(inbox.exists).toBe(0);
    // and the mailbox still works after the change
    await after.append('INBOX', frenchMessage('Après le changement de UIDVALIDITY'));
    const st = await after.status('INBOX', { messages: true, uidValidity: true });
    expect(st && st.messages).toBe(1);
    expect(st && st.uidValidity).toBe(BigInt(newInboxUv));
  });
});

describe('own Dovecot instance (startDovecot)', () => {
  let server: DovecotServer | undefined;

  afterAll(async () => {
    await server?.stop();
  });

  it('restart() mid-IDLE keeps the messages; a new client logs in afterwards; stop() cleans up', async () => {
    const acc: Account = { user: 'redemarrage', password: 'redemarrage-secret' };
    server = await startDovecot({ users: [acc] });
    const s = server;
    expect(s.startupMs).toBeLessThan(20_000);
    const target = { host: s.host, port: s.port };

    const writer = await connect(acc, target);
    const subjects = ['Première plainte', 'Deuxième requête — égout bouché', 'Troisième : bruit à l’aréna'];
    for (const subj of subjects) await writer.append('INBOX', frenchMessage(subj));
    const before = await writer.status('INBOX', { messages: true, uidValidity: true, uidNext: true });
    await writer.logout();

    const idler = await connect(acc, target);
    await idler.mailboxOpen('INBOX');
    const closed = waitFor<void>('the IDLE connection to drop', 15_000, (resolve) => idler.once('close', () => resolve()));
    void idler.idle().catch(() => undefined);

    const oldPid = s.pid;
    await s.restart();
    expect(s.port).toBe(target.port);
    expect(s.pid).not.toBe(oldPid);
    await closed; // the client saw the server go away
    expect(idler.usable).toBe(false);

    const fresh = await connect(acc, target);
    const st = await fresh.status('INBOX', { messages: true, uidValidity: true, uidNext: true });
    expect(st && st.messages).toBe(3);
    expect(st && st.uidValidity).toBe(before && before.uidValidity);
    expect(st && st.uidNext).toBe(before && before.uidNext);
    const lock = await fresh.getMailboxLock('INBOX');
    try {
      const got: string[] = [];
      for await (const m of fresh.fetch('1:*', { envelope: true })) got.push(m.envelope?.subject ?? '');
      expect(got).toEqual(subjects);
    } finally {
      lock.release();
    }

    // IDLE works on the restarted server too
    const seen = waitFor<number>('exists after restart', 15_000, (resolve) =>
      fresh.on('exists', (d: { count: number }) => resolve(d.count)),
    );
    void fresh.idle().catch(() => undefined);
    const w2 = await connect(acc, target);
    await w2.append('INBOX', frenchMessage('Quatrième, après redémarrage'));
    expect(await seen).toBe(4);

    // addUser on this instance: the new account logs in right away
    await s.addUser('nouvel-agent', 'nouvel-agent-secret');
    const agent = await connect({ user: 'nouvel-agent', password: 'nouvel-agent-secret' }, target);
    expect(agent.authenticated).toBeTruthy();
    expect(s.users.map((u) => u.user)).toEqual(['redemarrage', 'nouvel-agent']);

    for (const c of clients.splice(0)) c.close();
    await s.stop();
    server = undefined;
    expect(existsSync(s.baseDir)).toBe(false);
    expect(await portAccepts(target.port)).toBe(false);
    let alive = true;
    try {
      process.kill(oldPid, 0);
    } catch {
      alive = false;
    }
    expect(alive).toBe(false);
  });

  it('fails with a clear error (and the dovecot log) when it cannot start', async () => {
    // the shared server already holds this port
    const err = await startDovecot({ port: dovecot.port, startTimeoutMs: 5000 }).then(
      () => new Error('startDovecot unexpectedly succeeded'),
      (e: unknown) => e as Error,
    );
    expect(err.message).toMatch(/dovecot exited during startup|did not become ready/);
    expect(err.message).toMatch(/Address already in use/);
  });
});
