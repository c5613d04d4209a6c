// One watched folder of one mailbox, for as long as the process runs: connect (a new imapflow
// client every time, with backoff between attempts through core/retry.ts), select the folder,
// synchronise, then wait in IDLE (RFC 2177) for the server to announce new mail ("* n EXISTS").
// A timer synchronises every pollSeconds whatever IDLE says (servers without IDLE, lost
// notifications); that poll is also the watchdog: every command has a deadline, and a connection
// that does not answer (a dead socket IDLE would never notice) is closed and replaced.
import { ImapFlow } from 'imapflow';
import { DoleancesError, errorMessage } from '../../core/errors.ts';
import type { Logger } from '../../core/logger.ts';
import { retry } from '../../core/retry.ts';
import { imapAuth, type MailboxConfig } from './config.ts';
import { syncFolder, withTimeout, type SyncDeps } from './sync.ts';

export interface WatcherOptions {
  connectionTimeoutMs: number;
  /** Backoff between reconnection attempts (full jitter, core/retry.ts). */
  minBackoffMs: number;
  maxBackoffMs: number;
}

export class FolderWatcher {
  private running = false;
  private loop: Promise<void> | undefined;
  private client: ImapFlow | undefined;
  private syncing: Promise<void> | undefined;
  private dirty = false;
  private pollTimer: NodeJS.Timeout | undefined;
  private readonly logger: Logger;

  constructor(
    private readonly mailbox: MailboxConfig,
    private readonly sync: Omit<SyncDeps, 'isRunning' | 'logger'>,
    private readonly opts: WatcherOptions,
    logger: Logger,
  ) {
    this.logger = logger.child({ component: 'imap', mailbox: mailbox.id, folder: sync.folder });
  }

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  private newClient(): ImapFlow {
    const m = this.mailbox;
    const client = new ImapFlow({
      host: m.host,
      port: m.port,
      secure: m.tls,
      tls: { rejectUnauthorized: m.tlsVerify },
      auth: imapAuth(m),
      logger: false,
      connectionTimeout: this.opts.connectionTimeoutMs,
      greetingTimeout: this.opts.connectionTimeoutMs,
      // Back in IDLE right after a synchronisation (the lock keeps it out during one), so that new
      // mail is pushed at once rather than at the next poll.
      autoIdleDelay: 50,
      // RFC 2177 §3: re-issue IDLE well before the server's 30-minute inactivity logout.
      maxIdleTime: 20 * 60_000,
    });
    client.on('error', (err: Error) => this.logger.warn({ err: errorMessage(err) }, 'IMAP connection error'));
    return client;
  }

  /** Connects and selects the folder; every failure is retriable (the server may come back). */
  private async connect(): Promise<ImapFlow> {
    const client = this.newClient();
    try {
      await client.connect();
      if (this.sync.handledFolder) await withTimeout(client.mailboxCreate(this.sync.handledFolder), this.sync.commandTimeoutMs, 'CREATE');
      await withTimeout(client.mailboxOpen(this.sync.folder), this.sync.commandTimeoutMs, 'SELECT');
      return client;
    } catch (cause) {
      client.close();
      throw new DoleancesError('IMAP_UNAVAILABLE', `IMAP ${this.mailbox.host}:${this.mailbox.port} : ${errorMessage(cause)}`, { cause, retriable: true });
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      let client: ImapFlow;
      try {
        client = await retry(() => this.connect(), {
          retries: Number.MAX_SAFE_INTEGER,
          minDelayMs: this.opts.minBackoffMs,
          maxDelayMs: this.opts.maxBackoffMs,
          shouldRetry: (err) => this.running && err instanceof DoleancesError && err.retriable,
          onRetry: (err, attempt) => this.logger.warn({ attempt, err: errorMessage(err) }, 'IMAP reconnecting'),
        });
      } catch (err) {
        if (this.running) this.logger.error({ err: errorMessage(err) }, 'IMAP watcher gave up');
        return;
      }
      if (!this.running) {
        client.close();
        return;
      }
      const since = Date.now();
      await this.session(client);
      // A server that accepts and drops at once must not be hammered.
      if (this.running && Date.now() - since < this.opts.minBackoffMs) await new Promise((r) => setTimeout(r, this.opts.minBackoffMs));
    }
  }

  /** Resolves when the connection is gone (closed by the server, the watchdog, or stop()). */
  private session(client: ImapFlow): Promise<void> {
    this.client = client;
    this.logger.info({}, 'IMAP connected');
    return new Promise<void>((resolve) => {
      client.once('close', () => {
        clearInterval(this.pollTimer);
        this.client = undefined;
        this.logger.info({}, 'IMAP connection closed');
        resolve();
      });
      client.on('exists', () => this.kick());
      this.pollTimer = setInterval(() => this.kick(), this.mailbox.pollSeconds * 1000);
      this.kick();
    });
  }

  /** Synchronises now, or once more after the running synchronisation. */
  private kick(): void {
    this.dirty = true;
    if (this.syncing || !this.client) return;
    const client = this.client;
    this.syncing = (async () => {
      while (this.dirty && this.running && this.client === client) {
        this.dirty = false;
        try {
          const r = await syncFolder(client, { ...this.sync, logger: this.logger, isRunning: () => this.running });
          if (r.handled || r.moved) this.logger.info({ handled: r.handled, moved: r.moved }, 'folder synchronised');
        } catch (err) {
          // A command that timed out or failed: this connection is not to be trusted any more.
          this.logger.warn({ err: errorMessage(err) }, 'IMAP synchronisation failed; reconnecting');
          client.close();
          return;
        }
      }
    })().finally(() => {
      this.syncing = undefined;
      // New mail announced while the last pass was finishing: go again.
      if (this.dirty && this.running && this.client === client) this.kick();
    });
  }

  /** Finishes the batch in progress, logs out, and stops reconnecting. */
  async stop(): Promise<void> {
    this.running = false;
    clearInterval(this.pollTimer);
    await this.syncing;
    const client = this.client;
    if (client) {
      await withTimeout(client.logout(), 5000, 'LOGOUT').catch(() => undefined);
      client.close();
    }
    // The reconnect loop may be sleeping in its backoff: it exits when it wakes (running is false).
    await Promise.race([this.loop, new Promise((r) => setTimeout(r, 100))]);
  }
}
