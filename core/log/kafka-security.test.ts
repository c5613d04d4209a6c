// The Kafka security settings as core/config.ts parses them and kafka-security.ts hands them to
// kafkajs. The broker side (a real SASL_SSL listener) is test/kafka/security.test.ts.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { diagnoseConnection, securityOptions } from './kafka-security.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'dol-kafka-security-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
};
const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const sasl = { DOLEANCES_KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512', DOLEANCES_KAFKA_SASL_USERNAME: 'doleances', DOLEANCES_KAFKA_SASL_PASSWORD: 's3cret' };
const invalid = (env: Record<string, string>, field: string, message: RegExp) => {
  expect(() => loadConfig(env)).toThrow(message);
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toMatchObject({ code: 'CONFIG_INVALID', details: { field } });
  }
};

describe('Kafka security settings', () => {
  it('default to no TLS, no SASL and a 10 s session timeout', () => {
    const { kafka } = loadConfig({});
    expect(kafka).toMatchObject({ ssl: undefined, sasl: undefined, sessionTimeoutMs: 10_000 });
    expect(securityOptions(loadConfig({}))).toEqual({ ssl: undefined, sasl: undefined });
  });

  it('pass TLS with a CA bundle (which implies TLS) and SASL to kafkajs', () => {
    const config = loadConfig({ DOLEANCES_KAFKA_SSL_CA_FILE: file('ca.pem', PEM), ...sasl });
    expect(securityOptions(config)).toEqual({ ssl: { ca: [PEM] }, sasl: { mechanism: 'scram-sha-512', username: 'doleances', password: 's3cret' } });
    expect(securityOptions(loadConfig({ DOLEANCES_KAFKA_SSL: 'true' })).ssl).toBe(true);
  });

  it('read the password file once, without its final newline', () => {
    const { DOLEANCES_KAFKA_SASL_PASSWORD: _, ...rest } = sasl;
    const config = loadConfig({ ...rest, DOLEANCES_KAFKA_SASL_PASSWORD_FILE: file('pw', 'from-file\n') });
    expect(config.kafka.sasl?.password).toBe('from-file');
  });

  it('refuse, in French and naming the field, what cannot work', () => {
    invalid({ DOLEANCES_KAFKA_SASL_MECHANISM: 'gssapi' }, 'DOLEANCES_KAFKA_SASL_MECHANISM', /mécanisme SASL inconnu « gssapi »/);
    invalid({ DOLEANCES_KAFKA_SASL_MECHANISM: 'plain' }, 'DOLEANCES_KAFKA_SASL_USERNAME', /demande un nom d'utilisateur/);
    invalid({ DOLEANCES_KAFKA_SASL_MECHANISM: 'plain', DOLEANCES_KAFKA_SASL_USERNAME: 'u' }, 'DOLEANCES_KAFKA_SASL_PASSWORD', /demande un mot de passe/);
    invalid({ DOLEANCES_KAFKA_SASL_USERNAME: 'u', DOLEANCES_KAFKA_SASL_PASSWORD: 'p' }, 'DOLEANCES_KAFKA_SASL_MECHANISM', /sans mécanisme/);
    invalid({ ...sasl, DOLEANCES_KAFKA_SASL_PASSWORD_FILE: file('pw2', 'x') }, 'DOLEANCES_KAFKA_SASL_PASSWORD_FILE', /exclusifs/);
    invalid({ ...sasl, DOLEANCES_KAFKA_SASL_PASSWORD: '', DOLEANCES_KAFKA_SASL_PASSWORD_FILE: path.join(dir, 'absent') }, 'DOLEANCES_KAFKA_SASL_PASSWORD_FILE', /fichier illisible .*ENOENT/);
    invalid({ DOLEANCES_KAFKA_SSL_CA_FILE: path.join(dir, 'absent.pem') }, 'DOLEANCES_KAFKA_SSL_CA_FILE', /fichier illisible .*ENOENT/);
    invalid({ DOLEANCES_KAFKA_SSL_CA_FILE: file('not.pem', 'hello') }, 'DOLEANCES_KAFKA_SSL_CA_FILE', /aucun certificat PEM/);
    invalid({ DOLEANCES_KAFKA_SSL: 'false', DOLEANCES_KAFKA_SSL_CA_FILE: file('ca2.pem', PEM) }, 'DOLEANCES_KAFKA_SSL', /TLS est désactivé/);
    invalid({ DOLEANCES_KAFKA_SASL_MECHANISM: 'PLAIN', DOLEANCES_KAFKA_SASL_USERNAME: 'u', DOLEANCES_KAFKA_SASL_PASSWORD: 'p' }, 'DOLEANCES_KAFKA_SSL', /mot de passe en clair/);
    expect(loadConfig({ DOLEANCES_KAFKA_SASL_MECHANISM: 'scram-sha-256', DOLEANCES_KAFKA_SASL_USERNAME: 'u', DOLEANCES_KAFKA_SASL_PASSWORD: 'p' }).kafka.sasl?.mechanism).toBe('scram-sha-256');
    invalid({ DOLEANCES_KAFKA_SESSION_TIMEOUT_MS: '1000' }, 'DOLEANCES_KAFKA_SESSION_TIMEOUT_MS', /au moins 6000 ms/);
    invalid({ DOLEANCES_KAFKA_SESSION_TIMEOUT_MS: '3600000' }, 'DOLEANCES_KAFKA_SESSION_TIMEOUT_MS', /au plus 1800000 ms/);
    expect(loadConfig({ DOLEANCES_KAFKA_SESSION_TIMEOUT_MS: '45000' }).kafka.sessionTimeoutMs).toBe(45_000);
  });

  it('leave a broker that is merely away to the retried connection', () => {
    const away = Object.assign(new Error('Connection error: connect ECONNREFUSED 127.0.0.1:9092'), { name: 'KafkaJSConnectionError', code: 'ECONNREFUSED' });
    expect(diagnoseConnection(away, loadConfig({ KAFKA_BROKERS: '127.0.0.1:9092' }))).toBeUndefined();
  });
});
