// docker-compose.yml and the Dockerfile, checked without Docker (none runs here) and without a
// broker: the services and their images, the roles each worker starts (valid for parseRoles, all
// three covered, classify replicated), every worker variable known to the config schema and the
// whole worker environment accepted by loadConfig once compose's ${…} are substituted, volumes
// where the data lives, health checks on the broker API and on the web /healthz, and the
// variables the file reads documented in its header.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { envSchema, loadConfig, REPO_ROOT } from '../../core/config.ts';
import { parseRoles } from '../../main.ts';

interface Service {
  image?: string;
  build?: string | { context: string };
  command?: string[];
  environment?: Record<string, string | number>;
  volumes?: string[];
  ports?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  deploy?: { replicas?: number };
}

const text = fs.readFileSync(path.join(REPO_ROOT, 'docker-compose.yml'), 'utf8');
const compose = parse(text, { merge: true }) as { services: Record<string, Service>; volumes: Record<string, unknown> };
const dockerfile = fs.readFileSync(path.join(REPO_ROOT, 'Dockerfile'), 'utf8');
const { kafka, ...workers } = compose.services;

/** What compose does with ${VAR:-default} and ${VAR:?error} when VAR is unset (required ones get `given`). */
function substitute(value: string | number, given: Record<string, string>): string {
  return String(value).replace(/\$\{(\w+)(?::?([-?])([^}]*))?\}/g, (_, name: string, op?: string, rest?: string) => given[name] ?? (op === '-' ? rest ?? '' : ''));
}

describe('docker-compose.yml', () => {
  it('runs Kafka 3.9 in KRaft mode with its data on a volume and a broker API health check', () => {
    expect(kafka?.image).toMatch(/^apache\/kafka:3\.9\.\d+$/);
    const env = kafka!.environment!;
    expect(String(env.KAFKA_PROCESS_ROLES).split(',').sort()).toEqual(['broker', 'controller']);
    expect(env.KAFKA_ADVERTISED_LISTENERS).toBe('PLAINTEXT://kafka:9092');
    expect(env.KAFKA_AUTO_CREATE_TOPICS_ENABLE).toBe('false');
    expect(kafka!.volumes).toContain(`kafka-data:${env.KAFKA_LOG_DIRS}`);
    expect(kafka!.healthcheck!.test.join(' ')).toMatch(/kafka-broker-api-versions\.sh --bootstrap-server localhost:9092/);
  });

  it('runs every role as its own worker built from the Dockerfile, classify twice', () => {
    const roles = Object.values(workers).flatMap((s) => {
      expect(s.build).toBe('.');
      expect(s.depends_on?.kafka?.condition).toBe('service_healthy');
      const [verb, flag, spec] = s.command!;
      expect([verb, flag]).toEqual(['start', '--role']);
      return parseRoles(spec!);
    });
    expect(roles.sort()).toEqual(['classify', 'ingest', 'store']);
    expect(workers.classify!.deploy?.replicas).toBeGreaterThanOrEqual(2);
  });

  it('gives the workers only variables the config knows, and a config that loads', () => {
    const known = Object.keys(envSchema.shape);
    for (const [name, s] of Object.entries(workers)) {
      for (const key of Object.keys(s.environment ?? {})) expect(known, `${name}: ${key}`).toContain(key);
      const env = Object.fromEntries(Object.entries(s.environment!).map(([k, v]) => [k, substitute(v, { DOLEANCES_DATA_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}` })]));
      const config = loadConfig(env);
      expect(config.kafkaBrokers).toEqual(['kafka:9092']);
      expect(config.dataDir).toBe('/data');
      expect(config.dataKeys).toHaveLength(1);
    }
    // The data key is required, never defaulted: every worker must share the same one.
    expect(text).toMatch(/DOLEANCES_DATA_KEYS: \$\{DOLEANCES_DATA_KEYS:\?/);
  });

  it('keeps the warehouse and the archive on volumes, and health-checks the web pages', () => {
    expect(workers.store!.volumes).toContain('store-data:/data');
    expect(workers.ingest!.volumes).toContain('ingest-data:/data');
    for (const v of ['kafka-data', 'store-data', 'ingest-data', 'originals', 'quarantine']) expect(Object.keys(compose.volumes)).toContain(v);
    // The store serves and destroys the originals the ingest worker archived: the same volumes.
    for (const w of [workers.ingest!, workers.store!]) expect(w.volumes).toEqual(expect.arrayContaining(['originals:/data/archive', 'quarantine:/data/quarantine']));
    const env = workers.store!.environment!;
    expect(env.HOST).toBe('0.0.0.0');
    expect(workers.store!.ports!.some((p) => p.endsWith(`:${env.PORT}`))).toBe(true);
    expect(workers.store!.healthcheck!.test.join(' ')).toContain(`http://127.0.0.1:${env.PORT}/healthz`);
  });

  it('documents in its header every variable it reads', () => {
    const header = text.split('\nname:')[0]!;
    const read = new Set([...text.matchAll(/\$\{(\w+)/g)].map((m) => m[1]!));
    for (const v of read) expect(header, v).toMatch(new RegExp(`#\\s+${v}\\s`));
  });
});

describe('Dockerfile', () => {
  it('builds on node:20-bookworm-slim with OCR, npm ci, the runtime folders and the CLI entry point', () => {
    expect(dockerfile).toMatch(/^FROM node:20-bookworm-slim$/m);
    for (const pkg of ['tesseract-ocr', 'tesseract-ocr-fra', 'poppler-utils']) expect(dockerfile).toMatch(new RegExp(`apt-get install[^\\n]*\\s${pkg}(\\s|$)`));
    expect(dockerfile).toMatch(/RUN npm ci/);
    for (const dir of ['bin', 'cli', 'core', 'ingest', 'classify', 'store', 'analytics', 'dashboards', 'profiles']) expect(dockerfile).toMatch(new RegExp(`^COPY ${dir} \\./${dir}$`, 'm'));
    expect(dockerfile).toContain('ENTRYPOINT ["node", "bin/doleances"]');
  });
});
