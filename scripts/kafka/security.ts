// The test broker's optional secure listener, SASL_SSL, as a public body's cluster would have one:
// a throwaway CA and a broker certificate for 127.0.0.1 (openssl, into the broker's temp dir), and
// SASL users for PLAIN (a JAAS config in server.properties) and SCRAM-SHA-256/512 (credentials
// written into the cluster metadata when the storage is formatted, KIP-900: `--add-scram`).
// Kafka's own guide: https://kafka.apache.org/39/documentation.html#security_sasl
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { run } from './process.ts';

export interface SaslSslOptions {
  /** Accepted users, name → password, for every mechanism. Names and passwords: [A-Za-z0-9._~+-]. */
  users: Record<string, string>;
}

/** What a client needs to reach the secure listener. */
export interface SaslSslListener {
  /** kafkajs `brokers` list for the SASL_SSL listener, e.g. ['127.0.0.1:40125']. */
  brokers: string[];
  port: number;
  /** PEM file of the throwaway CA that signed the broker's certificate. */
  caFile: string;
  mechanisms: readonly SaslMechanism[];
}

export const SASL_MECHANISMS = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'] as const;
export type SaslMechanism = (typeof SASL_MECHANISMS)[number];

/** The listener name in server.properties (Kafka lower-cases it in `listener.name.<name>.…`). */
export const SECURE_LISTENER = 'SASL_SSL';

// JAAS option values are quoted and --add-scram splits on ',' and ']': keep both to a safe set
// rather than escape for two grammars.
const SAFE = /^[A-Za-z0-9._~+-]+$/;

function checkUsers(users: Record<string, string>): [string, string][] {
  const entries = Object.entries(users);
  if (entries.length === 0) throw new Error('saslSsl.users: at least one user');
  for (const [name, password] of entries) {
    if (!SAFE.test(name) || !SAFE.test(password)) throw new Error(`saslSsl.users: "${name}": names and passwords are limited to [A-Za-z0-9._~+-]`);
  }
  return entries;
}

async function openssl(args: string[]): Promise<void> {
  const r = await run('openssl', args, 30_000);
  if (r.code !== 0) throw new Error(`openssl ${args[0]} failed (exit ${r.code}):\n${r.output}`);
}

/**
 * A CA and a broker certificate (subjectAltName 127.0.0.1 and localhost, so clients verify the
 * host name), valid two days, with P-256 keys (generated in milliseconds, unlike RSA). The broker
 * reads its key and chain from one PEM file (KIP-651, `ssl.keystore.type=PEM`).
 */
export async function writeTlsFiles(dir: string): Promise<{ caFile: string; keystoreFile: string }> {
  await mkdir(dir, { recursive: true });
  const f = (name: string) => join(dir, name);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  await openssl(['req', '-x509', ...ec, '-keyout', f('ca.key'), '-out', f('ca.pem'), '-days', '2', '-subj', '/CN=Doleances test CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  await openssl(['req', ...ec, '-keyout', f('broker.key'), '-out', f('broker.csr'), '-subj', '/CN=127.0.0.1']);
  await writeFile(f('broker.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n');
  await openssl(['x509', '-req', '-in', f('broker.csr'), '-CA', f('ca.pem'), '-CAkey', f('ca.key'), '-CAcreateserial',
    '-out', f('broker.crt'), '-days', '2', '-extfile', f('broker.ext')]);
  // Key (PKCS#8, unencrypted: the file lives in the broker's private temp dir), then the chain.
  const [key, crt, ca] = await Promise.all(['broker.key', 'broker.crt', 'ca.pem'].map((n) => readFile(f(n), 'utf8')));
  await writeFile(f('broker-keystore.pem'), `${key!.trim()}\n${crt!.trim()}\n${ca!.trim()}\n`, { mode: 0o600 });
  return { caFile: f('ca.pem'), keystoreFile: f('broker-keystore.pem') };
}

/** server.properties lines for the SASL_SSL listener (the listener itself is declared by the caller). */
export function saslSslProperties(o: { keystoreFile: string; users: Record<string, string> }): string {
  const plainUsers = checkUsers(o.users).map(([name, password]) => `user_${name}="${password}"`).join(' ');
  const prefix = `listener.name.${SECURE_LISTENER.toLowerCase()}`;
  return [
    `sasl.enabled.mechanisms=${SASL_MECHANISMS.join(',')}`,
    `${prefix}.ssl.keystore.type=PEM`,
    `${prefix}.ssl.keystore.location=${o.keystoreFile}`,
    `${prefix}.ssl.client.auth=none`,
    `${prefix}.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required ${plainUsers};`,
    `${prefix}.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;`,
    `${prefix}.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;`,
    '',
  ].join('\n');
}

/** `kafka-storage format` arguments creating each user's SCRAM credentials. */
export function scramFormatArgs(users: Record<string, string>): string[] {
  return checkUsers(users).flatMap(([name, password]) =>
    SASL_MECHANISMS.filter((m) => m.startsWith('SCRAM-')).flatMap((m) => ['--add-scram', `${m}=[name=${name},password=${password}]`]),
  );
}
