// A real SMTP peer on loopback (smtp-server) that accepts everything and records what it got, for
// the acknowledgement tests. It can also answer with a failure, transient (4xx) or permanent (5xx).
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface Received {
  from: string;
  to: string[];
  raw: Buffer;
  mail: ParsedMail;
}

export interface SmtpPeer {
  url: string;
  received: Received[];
  /** The next `n` messages are refused with this reply code (421/451 transient, 550 permanent). */
  failNext(n: number, code: number): void;
  stop(): Promise<void>;
}

export async function startSmtpPeer(): Promise<SmtpPeer> {
  const received: Received[] = [];
  let failures: { left: number; code: number } = { left: 0, code: 0 };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (failures.left > 0) {
          failures.left--;
          const err = Object.assign(new Error(failures.code >= 500 ? 'Mailbox unavailable' : 'Try again later'), { responseCode: failures.code });
          return callback(err);
        }
        const raw = Buffer.concat(chunks);
        void simpleParser(raw).then((mail) => {
          received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw, mail });
          callback();
        }, callback);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as { port: number }).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    failNext(n, code) {
      failures = { left: n, code };
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
