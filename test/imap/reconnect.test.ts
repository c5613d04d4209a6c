// Connection faults against a Dovecot of our own: the server restarted while the connector is in
// IDLE (a new client reconnects with backoff and picks up the mail that arrived meanwhile), and a
// connection that silently stops answering (half-open socket: IDLE alone would wait forever; the
// polling watchdog notices and replaces it). Never a lost or doubled message.
import net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { startDovecot, type DovecotServer } from '../../scripts/dovecot/server.ts';
import { append, complaint, folderCount, intakes, mailboxFor, startPipeline, waitFor, type Pipeline } from './helpers/pipeline.ts';

const acc = { user: 'reconnexion', password: 'reconnexion-secret' };
let server: DovecotServer | undefined;
const pipelines: Pipeline[] = [];
const closers: (() => void)[] = [];
afterAll(async () => {
  for (const p of pipelines) await p.stop();
  for (const c of closers) c();
  await server?.stop();
});

async function caseCount(p: Pipeline): Promise<number> {
  return (await intakes(p.reader)).filter((r) => r.disposition === 'case').length;
}

/** A TCP relay to Dovecot that can go silent without closing (a dead peer, as seen by the client). */
async function relay(target: { host: string; port: number }): Promise<{ port: number; blackhole(): void; close(): void }> {
  const sockets: { client: net.Socket; upstream: net.Socket }[] = [];
  const srv = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    client.on('error', () => {});
    upstream.on('error', () => {});
    client.pipe(upstream);
    upstream.pipe(client);
    sockets.push({ client, upstream });
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  return {
    port: (srv.address() as net.AddressInfo).port,
    blackhole() {
      // Existing connections: nothing passes any more, and nothing is closed.
      for (const s of sockets.splice(0)) {
        s.client.unpipe(s.upstream);
        s.upstream.unpipe(s.client);
        s.client.pause();
        s.upstream.pause();
      }
    },
    close() {
      srv.close();
      for (const s of sockets) {
        s.client.destroy();
        s.upstream.destroy();
      }
    },
  };
}

describe('IMAP connection faults', () => {
  it('survives a Dovecot restart in the middle of IDLE', async () => {
    server = await startDovecot({ users: [acc] });
    // Polling far apart: between polls the connection sits in IDLE, and only IDLE brings news.
    const p = await startPipeline([mailboxFor(server, acc, { pollSeconds: 60 })]);
    pipelines.push(p);
    await append(server, acc, [complaint(1)]);
    await waitFor(async () => (await caseCount(p)) === 1, 30_000);
    await new Promise((r) => setTimeout(r, 1000)); // back in IDLE (50 ms after the last command)

    await server.restart();
    await append(server, acc, [complaint(2), complaint(3)]);
    await waitFor(async () => (await caseCount(p)) === 3, 30_000);
    await waitFor(async () => (await folderCount(server!, acc, 'INBOX')) === 0);
    expect(await folderCount(server, acc, 'Traités')).toBe(3);
    expect((await intakes(p.reader)).length).toBe(3);
  }, 90_000);

  it('replaces a connection that stopped answering (watchdog)', async () => {
    const r = await relay(server!);
    closers.push(() => r.close());
    const acc2 = { user: 'silence', password: 'silence-secret' };
    await server!.addUser(acc2.user, acc2.password);
    const p = await startPipeline([mailboxFor({ host: '127.0.0.1', port: r.port }, acc2, { pollSeconds: 1 })]);
    pipelines.push(p);
    await append(server!, acc2, [complaint(10)]);
    await waitFor(async () => (await caseCount(p)) === 1, 30_000);

    r.blackhole();
    // Delivered straight to Dovecot: the silent connection can never announce it.
    await append(server!, acc2, [complaint(11)]);
    await waitFor(async () => (await caseCount(p)) === 2, 40_000);
    expect((await intakes(p.reader)).length).toBe(2);
  }, 90_000);
});
