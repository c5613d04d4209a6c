// Configuration: parsed and validated once at start-up, frozen, passed in. The only module that
// reads process.env (tests call loadConfig with an env object of their own).
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
  readonly kafka: { readonly clientId: string; readonly partitions: number; readonly replicationFactor: number; readonly topicPrefix: string };
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
    readonly processed: string;
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
    kafka: { clientId: e.KAFKA_CLIENT_ID, partitions: Math.max(1, e.KAFKA_TOPIC_PARTITIONS), replicationFactor: Math.max(1, e.KAFKA_REPLICATION_FACTOR), topicPrefix: e.KAFKA_TOPIC_PREFIX },
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
      processed: path.join(dataDir, 'processed'),
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
