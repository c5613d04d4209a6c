// When is a test instance up: a free loopback port to give it, and the probe that waits for this
// very dovecot's greeting (its token, not another server's) and then for a working LOGIN.
import type { ChildProcess } from 'node:child_process';
import net from 'node:net';
import { ImapFlow } from 'imapflow';
import { HOST } from './config.ts';
import type { DovecotUser } from './passwd.ts';
import { sleep } from './system.ts';

export function getFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen({ host: HOST, port: 0, exclusive: true }, () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => (port ? resolve(port) : reject(new Error('could not get a free port'))));
    });
  });
}

/** Connects and resolves to the IMAP greeting line containing `token`; rejects on another greeting. */
function readGreeting(port: number, token: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = net.connect({ host: HOST, port });
    let buf = '';
    const done = (err: Error | null, line?: string) => {
      clearTimeout(timer);
      sock.destroy();
      if (err) reject(err);
      else resolve(line ?? '');
    };
    const timer = setTimeout(() => done(new Error('no greeting in time')), timeoutMs);
    sock.setEncoding('latin1');
    sock.on('data', (d: string) => {
      buf += d;
      // Dovecot may first send "* OK Waiting for authentication process to respond.." then the
      // real greeting once auth is up: wait for the one carrying this instance's token.
      const lines = buf.split('\r\n');
      for (const l of lines.slice(0, -1)) {
        if (l.includes(token)) return done(null, l);
        if (/^\* (OK|PREAUTH)\b.*ready/i.test(l)) return done(new Error(`port ${port} answered with another server's greeting: ${l}`));
      }
    });
    sock.on('error', (e) => done(e));
    sock.on('close', () => done(new Error(`connection closed before greeting (got ${JSON.stringify(buf)})`)));
  });
}

export interface ReadyProbe {
  port: number;
  /** This launch's token, in the greeting. */
  token: string;
  /** The account whose LOGIN proves readiness (read at each attempt); none: the greeting suffices. */
  firstUser: () => DovecotUser | undefined;
  startTimeoutMs: number;
  /** For the error message. */
  logTail: () => string;
}

/** Resolves once a LOGIN works; throws with the log tail if `child` exits or `deadline` passes. */
export async function waitReady(child: ChildProcess, deadline: number, probe: ReadyProbe): Promise<void> {
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  let lastErr = 'no attempt yet';
  let greeted = false;
  while (Date.now() < deadline) {
    if (exited()) {
      throw new Error(
        `dovecot exited during startup (code ${child.exitCode}, signal ${child.signalCode}) on ${HOST}:${probe.port}` +
          ` [${child.spawnargs.join(' ')}]\n${probe.logTail()}`,
      );
    }
    try {
      if (!greeted) {
        await readGreeting(probe.port, probe.token, Math.max(200, Math.min(3000, deadline - Date.now())));
        greeted = true;
      }
      const first = probe.firstUser();
      if (!first) return;
      const client = new ImapFlow({
        host: HOST,
        port: probe.port,
        secure: false,
        auth: { user: first.user, pass: first.password },
        logger: false,
        connectionTimeout: 5000,
        greetingTimeout: 5000,
        disableAutoIdle: true,
      });
      client.on('error', () => {});
      try {
        await client.connect();
        await client.logout();
        return;
      } finally {
        client.close();
      }
    } catch (e) {
      lastErr = (e as Error).message || String(e);
      if ((e as { authenticationFailed?: boolean }).authenticationFailed) lastErr = `LOGIN as ${probe.firstUser()?.user} failed`;
      await sleep(100);
    }
  }
  throw new Error(
    `dovecot did not become ready on ${HOST}:${probe.port} within ${probe.startTimeoutMs} ms (last error: ${lastErr})\n${probe.logTail()}`,
  );
}
