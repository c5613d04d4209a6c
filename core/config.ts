// Configuration: parsed and validated once at start-up, frozen, passed in. The only module that
// reads process.env (tests call loadConfig with an env object of their own).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { DoleancesError } from './errors.ts';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const intFrom = (def: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return def;
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0) {
        ctx.addIssue({ code: 'custom', message: `entier positif attendu, reçu « ${v} »` });
        return z.NEVER;
      }
      return n;
    });

const boolFrom = (def: boolean) =>
  z
    .enum(['', 'true', 'false', '1', '0', 'yes', 'no', 'oui', 'non'])
    .optional()
    .transform((v) => (v === undefined || v === '' ? def : ['true', '1', 'yes', 'oui'].includes(v)));

const SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;

/** Environment variables understood by Doléances; the README documents each one. */
export const envSchema = z.object({
  DOLEANCES_DATA_DIR: z.string().default('./data'),
  DOLEANCES_PROFILE: z.string().regex(/^[a-z0-9-]+$/, 'identifiant de profil en kebab-case').default('omh-trois-rivieres'),
  DOLEANCES_PROFILES_DIR: z.string().optional(),
  DOLEANCES_DATA_KEYS: z.string().optional(),
  DOLEANCES_LANG: z.enum(['fr', 'en']).default('fr'),
  DOLEANCES_SEED_EXAMPLES: boolFrom(true),
  DOLEANCES_MAX_FILE_MB: intFrom(50),
  DOLEANCES_DROP_POLL_MS: intFrom(1000),
  DOLEANCES_PUBLIC_URL: z.string().url().optional(),
  HOST: z.string().default('127.0.0.1'),
  PORT: intFrom(8080),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  KAFKA_BROKERS: z.string().optional(),
  KAFKA_CLIENT_ID: z.string().default('doleances'),
  KAFKA_TOPIC_PARTITIONS: intFrom(6),
  KAFKA_REPLICATION_FACTOR: intFrom(1),
  KAFKA_TOPIC_PREFIX: z.string().regex(/^[a-zA-Z0-9._-]*$/).default(''),
  DOLEANCES_KAFKA_SSL: boolFrom(false),
  DOLEANCES_KAFKA_SSL_CA_FILE: z.string().optional(),
  DOLEANCES_KAFKA_SASL_MECHANISM: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (!v) return undefined;
      const mechanism = SASL_MECHANISMS.find((m) => m === v.toLowerCase()); // Kafka's docs write them in capitals
      if (!mechanism) ctx.addIssue({ code: 'custom', message: `mécanisme SASL inconnu « ${v} » (${SASL_MECHANISMS.join(', ')})` });
      return mechanism ?? z.NEVER;
    }),
  DOLEANCES_KAFKA_SASL_USERNAME: z.string().optional(),
  DOLEANCES_KAFKA_SASL_PASSWORD: z.string().optional(),
  DOLEANCES_KAFKA_SASL_PASSWORD_FILE: z.string().optional(),
  // Kafka's brokers accept 6 s to 30 min by default (group.min/max.session.timeout.ms).
  DOLEANCES_KAFKA_SESSION_TIMEOUT_MS: intFrom(10_000).pipe(z.number().min(6_000, 'au moins 6000 ms').max(1_800_000, 'au plus 1800000 ms (30 min)')),
  DOLEANCES_MAILBOXES_FILE: z.string().optional(),
  SMTP_URL: z.string().optional(),
  DOLEANCES_MAIL_FROM: z.string().optional(),
  DOLEANCES_BOARD_EMAILS: z.string().optional(),
  TWILIO_ACCOUNT_SID: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'AC suivi de 32 caractères hexadécimaux').optional(),
  TWILIO_AUTH_TOKEN: z.string().optional(),
  TWILIO_PHONE_NUMBER: z.string().optional(),
  DOLEANCES_ADMIN_USER: z.string().regex(/^[a-z0-9][a-z0-9._-]{1,39}$/, 'identifiant en minuscules').default('admin'),
  DOLEANCES_ADMIN_PASSWORD: z.string().min(12, 'au moins 12 caractères').optional(),
});

export interface Config {
  readonly dataDir: string;
  readonly profileId: string;
  readonly profilesDir: string;
  readonly examplesDir: string;
  /** `id:base64key` pairs, current key first; empty means "use or create the key file". */
  readonly dataKeys: readonly { id: string; key: Buffer }[];
  readonly keyFile: string;
  readonly lang: 'fr' | 'en';
  readonly seedExamples: boolean;
  readonly maxFileBytes: number;
  readonly dropPollMs: number;
  readonly publicUrl: string | undefined;
  readonly host: string;
  readonly port: number;
  readonly logLevel: string;
  readonly kafkaBrokers: readonly string[];
  readonly kafka: {
    readonly clientId: string;
    readonly partitions: number;
    readonly replicationFactor: number;
    readonly topicPrefix: string;
    /** Consumer group session timeout: how long a dead worker's partitions wait for reassignment. */
    readonly sessionTimeoutMs: number;
    /** TLS to the brokers; `ca` is the PEM bundle read from DOLEANCES_KAFKA_SSL_CA_FILE (else Node's CAs). */
    readonly ssl: { readonly ca: string | undefined } | undefined;
    readonly sasl: { readonly mechanism: (typeof SASL_MECHANISMS)[number]; readonly username: string; readonly password: string } | undefined;
  };
  /** JSON file describing the IMAP mailboxes to watch (ingest/imap validates its content). */
  readonly mailboxesFile: string | undefined;
  /** smtp://user:pass@host:port or smtps://…; acknowledgements are sent through it. */
  readonly smtpUrl: string | undefined;
  readonly mailFrom: string | undefined;
  /** Where the monthly board report is sent by email (comma-separated in DOLEANCES_BOARD_EMAILS). */
  readonly boardEmails: readonly string[];
  /** The first administrator, created only on a first start with no staff account. */
  readonly bootstrapAdmin: { readonly username: string; readonly password: string | undefined };
  readonly twilio: { readonly accountSid: string; readonly authToken: string; readonly phoneNumber: string | undefined } | undefined;
  readonly paths: {
    readonly log: string;
    readonly warehouse: string;
    readonly archive: string;
    readonly inbox: string;
    readonly quarantine: string;
    readonly reports: string;
    readonly state: string;
  };
}

function parseKeys(spec: string | undefined): { id: string; key: Buffer }[] {
  if (!spec) return [];
  return spec.split(',').map((pair, i) => {
    const [id, b64] = pair.includes(':') ? pair.split(':', 2) : [`k${i + 1}`, pair];
    const key = Buffer.from(b64 ?? '', 'base64');
    if (!id || key.length !== 32) {
      throw new DoleancesError('CONFIG_INVALID', `DOLEANCES_DATA_KEYS: la clé n° ${i + 1} doit faire 32 octets en base64 (id:base64)`, {
        details: { field: 'DOLEANCES_DATA_KEYS' },
      });
    }
    return { id, key };
  });
}

const configError = (field: string, message: string, cause?: unknown) =>
  new DoleancesError('CONFIG_INVALID', `Configuration invalide : ${field} : ${message}`, { details: { field }, cause });

function readConfigFile(field: string, file: string, cwd: string): string {
  try {
    return readFileSync(path.resolve(cwd, file), 'utf8');
  } catch (err) {
    throw configError(field, `fichier illisible « ${file} » (${(err as NodeJS.ErrnoException).code ?? String(err)})`, err);
  }
}

/** TLS and SASL to the Kafka brokers: the combinations that make sense, the files read once. */
function kafkaSecurity(e: z.infer<typeof envSchema>, env: Record<string, string | undefined>, cwd: string): Pick<Config['kafka'], 'ssl' | 'sasl'> {
  let ssl: Config['kafka']['ssl'] = e.DOLEANCES_KAFKA_SSL ? { ca: undefined } : undefined;
  if (e.DOLEANCES_KAFKA_SSL_CA_FILE) {
    if (env.DOLEANCES_KAFKA_SSL && !e.DOLEANCES_KAFKA_SSL) {
      throw configError('DOLEANCES_KAFKA_SSL', 'une autorité de certification (DOLEANCES_KAFKA_SSL_CA_FILE) est donnée mais TLS est désactivé');
    }
    const ca = readConfigFile('DOLEANCES_KAFKA_SSL_CA_FILE', e.DOLEANCES_KAFKA_SSL_CA_FILE, cwd);
    if (!ca.includes('-----BEGIN CERTIFICATE-----')) {
      throw configError('DOLEANCES_KAFKA_SSL_CA_FILE', `aucun certificat PEM (-----BEGIN CERTIFICATE-----) dans « ${e.DOLEANCES_KAFKA_SSL_CA_FILE} »`);
    }
    ssl = { ca };
  }
  const { DOLEANCES_KAFKA_SASL_MECHANISM: mechanism, DOLEANCES_KAFKA_SASL_USERNAME: username } = e;
  const { DOLEANCES_KAFKA_SASL_PASSWORD: inline, DOLEANCES_KAFKA_SASL_PASSWORD_FILE: file } = e;
  if (!mechanism) {
    if (username || inline || file) {
      throw configError('DOLEANCES_KAFKA_SASL_MECHANISM', `identifiants SASL donnés sans mécanisme (${SASL_MECHANISMS.join(', ')})`);
    }
    return { ssl, sasl: undefined };
  }
  if (!username) throw configError('DOLEANCES_KAFKA_SASL_USERNAME', `le mécanisme SASL ${mechanism} demande un nom d'utilisateur`);
  if (inline && file) {
    throw configError('DOLEANCES_KAFKA_SASL_PASSWORD_FILE', 'DOLEANCES_KAFKA_SASL_PASSWORD et DOLEANCES_KAFKA_SASL_PASSWORD_FILE sont exclusifs : gardez-en un');
  }
  // A secret file (Docker, Kubernetes) usually ends with a newline that is not part of the password.
  const password = file ? readConfigFile('DOLEANCES_KAFKA_SASL_PASSWORD_FILE', file, cwd).replace(/\r?\n$/, '') : inline;
  if (!password) {
    throw configError(file ? 'DOLEANCES_KAFKA_SASL_PASSWORD_FILE' : 'DOLEANCES_KAFKA_SASL_PASSWORD', `le mécanisme SASL ${mechanism} demande un mot de passe (DOLEANCES_KAFKA_SASL_PASSWORD ou DOLEANCES_KAFKA_SASL_PASSWORD_FILE)`);
  }
  // PLAIN sends the password as is: only inside TLS (SCRAM never sends it).
  if (mechanism === 'plain' && !ssl) throw configError('DOLEANCES_KAFKA_SSL', 'le mécanisme SASL plain enverrait le mot de passe en clair : activez TLS (DOLEANCES_KAFKA_SSL=true ou DOLEANCES_KAFKA_SSL_CA_FILE) ou prenez scram-sha-256 / scram-sha-512');
  return { ssl, sasl: { mechanism, username, password } };
}

export function loadConfig(env: Record<string, string | undefined> = process.env, cwd = process.cwd()): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join('.');
    throw new DoleancesError('CONFIG_INVALID', `Configuration invalide : ${field} : ${issue.message}`, { details: { field } });
  }
  const e = parsed.data;
  const dataDir = path.resolve(cwd, e.DOLEANCES_DATA_DIR);
  const config: Config = {
    dataDir,
    profileId: e.DOLEANCES_PROFILE,
    profilesDir: path.resolve(cwd, e.DOLEANCES_PROFILES_DIR ?? path.join(REPO_ROOT, 'profiles')),
    examplesDir: path.join(REPO_ROOT, 'examples'),
    dataKeys: parseKeys(e.DOLEANCES_DATA_KEYS),
    keyFile: path.join(dataDir, 'keys', 'data.keys'),
    lang: e.DOLEANCES_LANG,
    seedExamples: e.DOLEANCES_SEED_EXAMPLES,
    maxFileBytes: e.DOLEANCES_MAX_FILE_MB * 1024 * 1024,
    dropPollMs: Math.max(50, e.DOLEANCES_DROP_POLL_MS),
    publicUrl: e.DOLEANCES_PUBLIC_URL,
    host: e.HOST,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    kafkaBrokers: e.KAFKA_BROKERS ? e.KAFKA_BROKERS.split(',').map((s) => s.trim()).filter(Boolean) : [],
    kafka: {
      clientId: e.KAFKA_CLIENT_ID,
      partitions: Math.max(1, e.KAFKA_TOPIC_PARTITIONS),
      replicationFactor: Math.max(1, e.KAFKA_REPLICATION_FACTOR),
      topicPrefix: e.KAFKA_TOPIC_PREFIX,
      sessionTimeoutMs: e.DOLEANCES_KAFKA_SESSION_TIMEOUT_MS,
      ...kafkaSecurity(e, env, cwd),
    },
    mailboxesFile: e.DOLEANCES_MAILBOXES_FILE ? path.resolve(cwd, e.DOLEANCES_MAILBOXES_FILE) : undefined,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.DOLEANCES_MAIL_FROM,
    boardEmails: e.DOLEANCES_BOARD_EMAILS ? e.DOLEANCES_BOARD_EMAILS.split(',').map((s) => s.trim()).filter(Boolean) : [],
    bootstrapAdmin: { username: e.DOLEANCES_ADMIN_USER, password: e.DOLEANCES_ADMIN_PASSWORD },
    twilio: e.TWILIO_ACCOUNT_SID && e.TWILIO_AUTH_TOKEN ? { accountSid: e.TWILIO_ACCOUNT_SID, authToken: e.TWILIO_AUTH_TOKEN, phoneNumber: e.TWILIO_PHONE_NUMBER } : undefined,
    paths: {
      log: path.join(dataDir, 'log'),
      warehouse: path.join(dataDir, 'warehouse.duckdb'),
      archive: path.join(dataDir, 'archive'),
      inbox: path.join(dataDir, 'inbox'),
      quarantine: path.join(dataDir, 'quarantine'),
      reports: path.join(dataDir, 'reports'),
      state: path.join(dataDir, 'state'),
    },
  };
  return deepFreeze(config);
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Buffer.isBuffer(o)) {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}
