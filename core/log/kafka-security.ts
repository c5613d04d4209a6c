// TLS and SASL to the Kafka brokers: the kafkajs options built from the config
// (DOLEANCES_KAFKA_SSL*, DOLEANCES_KAFKA_SASL_*), and the failures a mismatch between them and the
// broker's listener causes, recognized and named with the setting to fix.
//
// kafkajs retries most connection failures (about 30 s with our retry settings) and reports the
// last one in English ("Closed connection"). A misconfiguration fails the same way every time, so
// KafkaLog.open first tries one connection without retries (checkConnection): a failure recognized
// as a misconfiguration stops the start-up at once with CONFIG_INVALID; anything else (broker not
// up yet, restarting) goes on to the normal, retried connection.
import type { KafkaConfig, SASLOptions } from 'kafkajs';
import type { Config } from '../config.ts';
import { DoleancesError, errorMessage } from '../errors.ts';
import { sleep } from '../retry.ts';

export function securityOptions(config: Config): Pick<KafkaConfig, 'ssl' | 'sasl'> {
  const { ssl, sasl } = config.kafka;
  return {
    // A CA bundle replaces Node's list of public CAs (what a private cluster wants); without
    // one, a broker certificate from a public CA is verified against Node's list.
    ssl: ssl ? (ssl.ca ? { ca: [ssl.ca] } : true) : undefined,
    // One object per mechanism in kafkajs's types; ours share their shape.
    sasl: sasl ? ({ mechanism: sasl.mechanism, username: sasl.username, password: sasl.password } as SASLOptions) : undefined,
  };
}

/** Node's codes for a certificate the client would not trust (tls.TLSSocket 'error'). */
const UNTRUSTED_CERT = /^(SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?|UNABLE_TO_VERIFY_LEAF_SIGNATURE|CERT_[A-Z_]+|ERR_TLS_CERT_ALTNAME_INVALID)$/;

interface Diagnosis {
  error: DoleancesError;
  /** A single failure of this kind can also be a broker going down: confirm before concluding. */
  confirm: boolean;
}

interface ErrorLike {
  name?: string;
  code?: string;
  message?: string;
  cause?: unknown;
}

/** The error and its causes (kafkajs wraps the last failure in KafkaJSNumberOfRetriesExceeded). */
function chain(err: unknown): ErrorLike[] {
  const out: ErrorLike[] = [];
  for (let e = err; e && typeof e === 'object' && out.length < 8; e = (e as ErrorLike).cause) out.push(e as ErrorLike);
  return out;
}

/** A connection failure that the TLS or SASL settings explain, as CONFIG_INVALID naming the setting. */
export function diagnoseConnection(err: unknown, config: Config): Diagnosis | undefined {
  const errors = chain(err);
  const brokers = config.kafkaBrokers.join(',');
  const { ssl, sasl } = config.kafka;
  const fail = (field: string, message: string, confirm = false): Diagnosis => ({
    error: new DoleancesError('CONFIG_INVALID', `Connexion à Kafka (${brokers}) : ${message} [${errorMessage(err)}]`, { details: { field }, cause: err }),
    confirm,
  });
  if (errors.some((e) => e.name === 'KafkaJSSASLAuthenticationError')) {
    return fail('DOLEANCES_KAFKA_SASL_PASSWORD', `authentification SASL refusée (mécanisme ${sasl?.mechanism ?? 'aucun'}, utilisateur « ${sasl?.username ?? ''} ») : vérifiez DOLEANCES_KAFKA_SASL_MECHANISM, DOLEANCES_KAFKA_SASL_USERNAME et le mot de passe`);
  }
  const cert = errors.find((e) => e.code && UNTRUSTED_CERT.test(e.code));
  if (cert) {
    return fail('DOLEANCES_KAFKA_SSL_CA_FILE', `certificat du courtier refusé (${cert.code}) : donnez l'autorité de certification qui l'a signé dans DOLEANCES_KAFKA_SSL_CA_FILE, et un nom de courtier que le certificat couvre dans KAFKA_BROKERS`);
  }
  const messages = errors.map((e) => e.message ?? '').join(' | ');
  if (ssl && /before secure TLS connection was established|wrong version number/i.test(messages)) {
    return fail('DOLEANCES_KAFKA_SSL', "le courtier a coupé la négociation TLS : ce port n'attend sans doute pas TLS (DOLEANCES_KAFKA_SSL, port de KAFKA_BROKERS)", true);
  }
  if (errors.some((e) => e.name === 'KafkaJSConnectionClosedError')) {
    if (!ssl) {
      return fail('DOLEANCES_KAFKA_SSL', 'le courtier a fermé la connexion dès la première requête : ce port attend sans doute TLS (DOLEANCES_KAFKA_SSL=true) ou SASL (DOLEANCES_KAFKA_SASL_MECHANISM)', true);
    }
    if (!sasl) {
      return fail('DOLEANCES_KAFKA_SASL_MECHANISM', 'le courtier a fermé la connexion après la négociation TLS : ce port attend sans doute une authentification SASL (DOLEANCES_KAFKA_SASL_MECHANISM)', true);
    }
  }
  return undefined;
}

const CONFIRMATIONS = 3;

/**
 * One connection attempt, and up to two more if the failure could be transient: throws
 * CONFIG_INVALID when the TLS or SASL settings explain the failure, returns otherwise (connected,
 * or failed for a reason the caller's retried connection may ride out).
 */
export async function checkConnection(connect: () => Promise<void>, config: Config): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await connect();
      return;
    } catch (err) {
      const diagnosis = diagnoseConnection(err, config);
      if (!diagnosis) return;
      if (!diagnosis.confirm || attempt >= CONFIRMATIONS) throw diagnosis.error;
      await sleep(200 * attempt);
    }
  }
}
