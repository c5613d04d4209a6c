// Doléances on a secured cluster, as a public body runs its own: the Kafka log configured through
// DOLEANCES_KAFKA_SSL_CA_FILE and DOLEANCES_KAFKA_SASL_* against a real broker's SASL_SSL listener
// (a throwaway CA, PLAIN and SCRAM users: scripts/kafka/security.ts). It creates its topics,
// appends and reads back with each mechanism; a wrong password, a client without TLS, a CA that
// did not sign the broker's certificate and TLS against the plaintext port each stop the start-up
// with CONFIG_INVALID naming the setting to fix, without the retries of a broker that is away; the
// password never reaches the log. This suite runs its own broker: the shared one has no secure listener.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../core/config.ts';
import { DoleancesError } from '../../core/errors.ts';
import { KafkaLog } from '../../core/log/kafka.ts';
import { readAll } from '../../core/log/read-all.ts';
import type { LogRecord } from '../../core/log/types.ts';
import { createLogger, type Logger } from '../../core/logger.ts';
import { startKafkaBroker, type KafkaBroker } from '../../scripts/kafka/broker.ts';

const USER = 'doleances';
const PASSWORD = randomBytes(16).toString('hex');

/** A debug-level logger whose every line is kept, to look for the password in it. */
function capturingLogger(): { logger: Logger; text: () => string } {
  const lines: string[] = [];
  const sink = new Writable({ write: (chunk, _enc, done) => void (lines.push(String(chunk)), done()) });
  return { logger: createLogger('debug', sink), text: () => lines.join('') };
}

describe('Kafka over SASL_SSL', () => {
  let broker: KafkaBroker;
  const secretsDir = mkdtempSync(path.join(tmpdir(), 'dol-kafka-secrets-'));
  const logs: KafkaLog[] = [];
  beforeAll(async () => {
    broker = await startKafkaBroker({ saslSsl: { users: { [USER]: PASSWORD } } });
  });
  afterAll(async () => {
    for (const l of logs.splice(0)) await l.close();
    await broker?.stop();
    rmSync(secretsDir, { recursive: true, force: true });
  });

  const secureEnv = (env: Record<string, string> = {}) => ({
    KAFKA_BROKERS: broker.saslSsl!.brokers.join(','),
    KAFKA_TOPIC_PREFIX: `secure-${randomUUID().slice(0, 8)}.`,
    KAFKA_TOPIC_PARTITIONS: '2',
    LOG_LEVEL: 'silent',
    DOLEANCES_KAFKA_SSL_CA_FILE: broker.saslSsl!.caFile,
    DOLEANCES_KAFKA_SASL_MECHANISM: 'scram-sha-256',
    DOLEANCES_KAFKA_SASL_USERNAME: USER,
    DOLEANCES_KAFKA_SASL_PASSWORD: PASSWORD,
    ...env,
  });
  const refused = async (env: Record<string, string | undefined>) => {
    const err = await KafkaLog.open(loadConfig(env), createLogger('silent')).then(
      async (log) => {
        await log.close();
        throw new Error('KafkaLog.open succeeded');
      },
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(DoleancesError);
    return err as DoleancesError;
  };

  it.each([
    ['PLAIN', false],
    ['scram-sha-256', false],
    ['SCRAM-SHA-512', true],
  ])('%s: creates its topics, appends and reads back (password from a file: %s)', async (mechanism, fromFile) => {
    const env: Record<string, string | undefined> = secureEnv({ DOLEANCES_KAFKA_SASL_MECHANISM: mechanism });
    if (fromFile) {
      // As Docker and Kubernetes mount a secret: one line, ending with a newline.
      env.DOLEANCES_KAFKA_SASL_PASSWORD = undefined;
      env.DOLEANCES_KAFKA_SASL_PASSWORD_FILE = path.join(secretsDir, 'kafka-password');
      writeFileSync(env.DOLEANCES_KAFKA_SASL_PASSWORD_FILE, `${PASSWORD}\n`, { mode: 0o600 });
    }
    const captured = capturingLogger();
    const config = loadConfig(env);
    captured.logger.info({ config }, 'configuration'); // what a careless call site could do
    const log = await KafkaLog.open(config, captured.logger);
    logs.push(log);
    expect([...(await log.endOffsets('intake')).keys()].sort()).toEqual([0, 1]); // created, 2 partitions

    const sent = Array.from({ length: 20 }, (_, i) => ({ key: `dossier-${i % 4}`, value: { n: i, mechanism } }));
    await log.publish('intake', sent);
    const got: LogRecord[] = [];
    await readAll(log, 'intake', (records) => void got.push(...records));
    expect(got.map((r) => r.value as { n: number }).map((v) => v.n).sort((a, b) => a - b)).toEqual(sent.map((m) => m.value.n));
    expect(got.every((r) => r.key === `dossier-${(r.value as { n: number }).n % 4}`)).toBe(true);

    await log.close();
    expect(captured.text()).toContain('[caviardé]');
    expect(captured.text()).not.toContain(PASSWORD);
  });

  it('a wrong password stops the start-up with CONFIG_INVALID naming the credentials, at once', async () => {
    for (const mechanism of ['plain', 'scram-sha-512']) {
      const err = await refused(secureEnv({ DOLEANCES_KAFKA_SASL_MECHANISM: mechanism, DOLEANCES_KAFKA_SASL_PASSWORD: `${PASSWORD}x` }));
      expect(err).toMatchObject({ code: 'CONFIG_INVALID', retriable: false, details: { field: 'DOLEANCES_KAFKA_SASL_PASSWORD' } });
      expect(err.message).toMatch(/authentification SASL refusée .*utilisateur « doleances »/);
      expect(err.message).not.toContain(PASSWORD);
    }
  });

  it('a client without TLS on the TLS listener is told to set DOLEANCES_KAFKA_SSL', async () => {
    const err = await refused({ ...secureEnv(), DOLEANCES_KAFKA_SSL_CA_FILE: undefined });
    expect(err).toMatchObject({ code: 'CONFIG_INVALID', retriable: false, details: { field: 'DOLEANCES_KAFKA_SSL' } });
    expect(err.message).toMatch(/attend sans doute TLS \(DOLEANCES_KAFKA_SSL=true\)/);
  });

  it("a certificate signed by another CA is refused, naming DOLEANCES_KAFKA_SSL_CA_FILE", async () => {
    // Node's public CAs instead of the cluster's own.
    const err = await refused({ ...secureEnv(), DOLEANCES_KAFKA_SSL_CA_FILE: undefined, DOLEANCES_KAFKA_SSL: 'true' });
    expect(err).toMatchObject({ code: 'CONFIG_INVALID', details: { field: 'DOLEANCES_KAFKA_SSL_CA_FILE' } });
    expect(err.message).toMatch(/certificat du courtier refusé \(SELF_SIGNED_CERT_IN_CHAIN\)/);
  });

  it('TLS without SASL on the SASL_SSL listener is told to set DOLEANCES_KAFKA_SASL_MECHANISM', async () => {
    const env = { ...secureEnv(), DOLEANCES_KAFKA_SASL_MECHANISM: undefined, DOLEANCES_KAFKA_SASL_USERNAME: undefined, DOLEANCES_KAFKA_SASL_PASSWORD: undefined };
    const err = await refused(env);
    expect(err).toMatchObject({ code: 'CONFIG_INVALID', details: { field: 'DOLEANCES_KAFKA_SASL_MECHANISM' } });
  });

  it('TLS on the plaintext listener is told the port does not expect TLS', async () => {
    const err = await refused({ ...secureEnv(), KAFKA_BROKERS: broker.brokers.join(',') });
    expect(err).toMatchObject({ code: 'CONFIG_INVALID', details: { field: 'DOLEANCES_KAFKA_SSL' } });
    expect(err.message).toMatch(/n'attend sans doute pas TLS/);
  });
});
