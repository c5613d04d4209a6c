// IMAP intake benchmark (bench/run.ts calls benchImap): on a Dovecot of its own on loopback and the
// embedded pipeline (log, classify, store in DuckDB, this connector), it measures
//   - throughput: messages APPENDed at once → cases visible in DuckDB, per second;
//   - latency: one APPEND at a time → its case visible in DuckDB, p50 / p95;
//   - parsing: parseEmail vs bare mailparser over the fixture corpus (messages without PDF, TIFF or
//     TNEF, whose pdftotext/OCR subprocesses would dominate), messages per second;
//   - memory: peak RSS while one message with a 25 MiB attachment goes through.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';
import { loadClassifierFor } from '../../classify/load.ts';
import { startClassifyStage } from '../../classify/stage.ts';
import { loadConfig, REPO_ROOT } from '../../core/config.ts';
import { openKeyring } from '../../core/crypto/keyring.ts';
import { EmbeddedLog } from '../../core/log/embedded.ts';
import { createLogger } from '../../core/logger.ts';
import { calendarOf, loadProfile } from '../../core/profiles/load.ts';
import { startDovecot } from '../../scripts/dovecot/server.ts';
import { startStoreStage } from '../../store/stage.ts';
import { openWarehouse, projectorFor } from '../../store/warehouse.ts';
import { generateHugeMessage } from '../../test/fixtures/mail/generate-huge.ts';
import { parseEmail } from '../parse/email.ts';
import { mailboxSchema } from './config.ts';
import { startImapIngest } from './index.ts';

export interface ImapBenchOptions {
  /** Messages appended at once for the throughput figure. */
  messages?: number;
  /** Messages appended one by one for the latency figures. */
  latencySamples?: number;
  parseRounds?: number;
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! * 10) / 10;
};
const round = (n: number) => Math.round(n * 10) / 10;

function letter(i: number): Buffer {
  return Buffer.from(
    `From: Citoyen ${i} <citoyen${i}@exemple.test>\r\nTo: plaintes@doleances.local\r\nSubject: Chauffage en panne au ${100 + i}, rue des Forges\r\n` +
      `Date: Mon, 16 Nov 2026 09:15:00 -0500\r\nMessage-ID: <bench-${i}-${Date.now()}@exemple.test>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n` +
      `Bonjour,\r\n\r\nLe chauffage ne fonctionne plus dans mon logement au ${100 + i}, rue des Forges depuis hier soir.\r\nMerci d'intervenir.\r\n`,
  );
}

async function parseBench(rounds: number): Promise<Record<string, number>> {
  const dir = path.join(REPO_ROOT, 'test/fixtures/mail');
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { file: string; disposition: string; generator?: string }[];
  const files = manifest
    .filter((e) => !e.generator && e.disposition !== 'quarantine')
    .map((e) => fs.readFileSync(path.join(dir, e.file)))
    .filter((b) => !/^Content-Type:\s*(application\/pdf|image\/tiff|application\/ms-tnef)/im.test(b.toString('latin1')));
  const time = async (fn: (b: Buffer) => Promise<unknown>) => {
    const t0 = performance.now();
    for (let r = 0; r < rounds; r++) for (const b of files) await fn(b);
    return (files.length * rounds) / ((performance.now() - t0) / 1000);
  };
  await time(parseEmail); // warm-up
  return {
    parseCorpusMessages: files.length,
    parseMessagesPerSecond: Math.round(await time(parseEmail)),
    bareMailparserMessagesPerSecond: Math.round(await time((b) => simpleParser(b))),
  };
}

export async function benchImap(opts: ImapBenchOptions = {}): Promise<Record<string, number>> {
  const N = opts.messages ?? 300;
  const L = opts.latencySamples ?? 40;
  const acc = { user: 'bench', password: 'bench-secret' };
  const server = await startDovecot({ users: [acc] });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dol-bench-imap-'));
  const config = loadConfig({ DOLEANCES_DATA_DIR: dataDir, LOG_LEVEL: 'silent', DOLEANCES_SEED_EXAMPLES: 'false' });
  const logger = createLogger('silent');
  const keyring = openKeyring(config);
  const profile = loadProfile(config.profilesDir, config.profileId);
  const log = await EmbeddedLog.open(config.paths.log);
  const db = await openWarehouse(config.paths.warehouse);
  const reader = await db.reader();
  const stages = [
    await startStoreStage(log, projectorFor(db), logger),
    await startClassifyStage(log, { profile, calendar: calendarOf(profile), classifier: await loadClassifierFor(profile), keyring, logger }),
  ];
  const box = mailboxSchema.parse({ id: 'bench', host: server.host, port: server.port, tls: false, auth: { user: acc.user, password: acc.password }, pollSeconds: 30 });
  const imap = await startImapIngest({ config, log, logger, keyring, profileId: profile.id, mailboxes: [box] });
  const writer = new ImapFlow({ host: server.host, port: server.port, secure: false, auth: { user: acc.user, pass: acc.password }, logger: false, disableAutoIdle: true });
  writer.on('error', () => {});
  await writer.connect();
  const cases = async () => Number((await reader.one<{ n: bigint }>(`SELECT count(*) AS n FROM cases`))!.n);
  const until = async (n: number, onTick?: () => void) => {
    while ((await cases()) < n) {
      onTick?.();
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  try {
    // Throughput: N messages at once.
    const t0 = performance.now();
    for (let i = 0; i < N; i++) await writer.append('INBOX', letter(i));
    await until(N);
    const seconds = (performance.now() - t0) / 1000;

    // Latency: one at a time.
    const latencies: number[] = [];
    for (let i = 0; i < L; i++) {
      const t = performance.now();
      await writer.append('INBOX', letter(N + i));
      await until(N + i + 1);
      latencies.push(performance.now() - t);
    }

    // Memory: one 25 MiB attachment.
    const huge = path.join(dataDir, 'huge.eml');
    await generateHugeMessage(huge, { attachmentBytes: 25 * 1024 * 1024, messageId: `<bench-huge-${Date.now()}@exemple.test>` });
    global.gc?.();
    const baseRss = process.memoryUsage().rss;
    let peakRss = baseRss;
    const sample = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 10);
    const hugeBytes = fs.readFileSync(huge);
    await writer.append('INBOX', hugeBytes);
    await until(N + L + 1);
    clearInterval(sample);

    const parse = await parseBench(opts.parseRounds ?? 5);
    return {
      imapMessages: N,
      imapMessagesPerSecond: round(N / seconds),
      imapLatencyP50Ms: pct(latencies, 50),
      imapLatencyP95Ms: pct(latencies, 95),
      ...parse,
      hugeMessageMb: round(hugeBytes.length / 1048576),
      rssBeforeHugeMb: Math.round(baseRss / 1048576),
      peakRssHugeMb: Math.round(peakRss / 1048576),
    };
  } finally {
    await writer.logout().catch(() => undefined);
    writer.close();
    await imap.stop();
    for (const s of stages.reverse()) await s.stop();
    await db.close();
    await log.close();
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

// node --import tsx ingest/imap/bench.ts
if (import.meta.url === `file://${process.argv[1]}`) {
  benchImap().then((r) => console.log(JSON.stringify(r, null, 2)));
}
