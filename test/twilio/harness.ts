// A Doléances pipeline in-process (embedded log, classify stage, store stage on a DuckDB file, as
// main.ts wires them) with the telephone connector wired the way the composition root is asked
// to: twilioRoutes mounted at /twilio on a hono app, the REST client pointed at the local fake
// Twilio API. Requests to the webhooks are signed by the twilio library itself
// (getExpectedTwilioSignature) for the public URL.
import fs from 'node:fs';
import { Hono } from 'hono';
import twilio from 'twilio';
import path from 'node:path';
import { loadClassifierFor } from '../../classify/load.ts';
import { startClassifyStage } from '../../classify/stage.ts';
import type { Config } from '../../core/config.ts';
import { openKeyring } from '../../core/crypto/keyring.ts';
import { EmbeddedLog } from '../../core/log/embedded.ts';
import { readAll } from '../../core/log/read-all.ts';
import type { Log } from '../../core/log/types.ts';
import { TOPICS, type EventOf } from '../../core/events/schemas.ts';
import { calendarOf, loadProfile } from '../../core/profiles/load.ts';
import type { Duck } from '../../store/duck.ts';
import { startStoreStage } from '../../store/stage.ts';
import { openWarehouse, projectorFor } from '../../store/warehouse.ts';
import { openTelephony, type Telephony } from '../../ingest/twilio/telephony.ts';
import { twilioRoutes } from '../../ingest/twilio/routes.ts';
import type { VoicemailLimits } from '../../ingest/twilio/limits.ts';
import { silentLogger, tempDataDir, testConfig } from '../helpers/app.ts';
import { FakeTwilioApi, LoopbackRequestClient } from './fake-api.ts';

export const ACCOUNT_SID = 'AC0f0e0d0c0b0a09080706050403020100';
export const AUTH_TOKEN = 'jeton-de-test-0123456789abcdef';
export const PUBLIC_URL = 'https://doleances.example.ca';
export const OUR_NUMBER = '+18193785000';

/** The pipeline stages a test needs, stopped in reverse order. */
export interface Pipeline {
  log: Log;
  db: Duck;
  stop(): Promise<void>;
}

export async function startPipeline(config: Config): Promise<Pipeline> {
  const keyring = openKeyring(config);
  const profile = loadProfile(config.profilesDir, config.profileId);
  const log = await EmbeddedLog.open(config.paths.log);
  const db = await openWarehouse(config.paths.warehouse);
  const store = await startStoreStage(log, projectorFor(db), silentLogger);
  const classifier = await loadClassifierFor(profile, path.join(config.dataDir, 'models'));
  const classify = await startClassifyStage(log, { profile, calendar: calendarOf(profile), classifier, keyring, logger: silentLogger });
  return {
    log,
    db,
    async stop() {
      await classify.stop();
      await store.stop();
      await db.close();
      await log.close();
    },
  };
}

export interface Harness {
  config: Config;
  app: Pipeline;
  api: FakeTwilioApi;
  telephony: Telephony;
  web: Hono;
  /** POST to /twilio<path>, signed for PUBLIC_URL unless `signature` says otherwise. */
  post(path: string, params: Record<string, string>, opts?: { signature?: string | null; signedUrl?: string; body?: string }): Promise<Response>;
  caseCount(): Promise<number>;
  /** The case.opened events on the log, by CallSid (the transcript and source as published). */
  openedByCall(): Promise<Map<string, EventOf<'case.opened.v1'>[]>>;
  /** The deadlines the case was routed with (case.routed.v1 on the log), by clock. */
  deadlinesOf(caseId: string): Promise<Map<string, string>>;
  stop(): Promise<void>;
}

export async function startHarness(opts: { now?: () => Date; limits?: Partial<VoicemailLimits>; profile?: string } = {}): Promise<Harness> {
  const dataDir = tempDataDir('dol-twilio-');
  const config = testConfig(dataDir, {
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    TWILIO_PHONE_NUMBER: OUR_NUMBER,
    DOLEANCES_PUBLIC_URL: PUBLIC_URL,
    DOLEANCES_SEED_EXAMPLES: 'false',
    ...(opts.profile ? { DOLEANCES_PROFILE: opts.profile } : {}),
  });
  const api = await new FakeTwilioApi(ACCOUNT_SID, AUTH_TOKEN).start();
  const app = await startPipeline(config);
  const telephony = openTelephony(config, {
    log: app.log,
    keyring: openKeyring(config),
    profile: loadProfile(config.profilesDir, config.profileId),
    logger: silentLogger,
    httpClient: new LoopbackRequestClient(() => api.url),
    limits: opts.limits,
    now: opts.now,
  });
  const web = new Hono();
  web.route('/twilio', twilioRoutes(telephony));
  const db = app.db;
  return {
    config,
    app,
    api,
    telephony,
    web,
    async post(path, params, o = {}) {
      const url = o.signedUrl ?? `${PUBLIC_URL}/twilio${path}`;
      const signature = o.signature === undefined ? twilio.getExpectedTwilioSignature(AUTH_TOKEN, url, params) : o.signature;
      return web.request(`http://127.0.0.1:8080/twilio${path}`, {
        method: 'POST',
        body: o.body ?? new URLSearchParams(params).toString(),
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...(signature === null ? {} : { 'X-Twilio-Signature': signature }) },
      });
    },
    async caseCount() {
      return Number((await db.one<{ n: number }>('SELECT count(*) AS n FROM cases'))?.n ?? 0);
    },
    async openedByCall() {
      const out = new Map<string, EventOf<'case.opened.v1'>[]>();
      await readAll(app.log, TOPICS.caseEvents, (records) => {
        for (const r of records) {
          const e = r.value as EventOf<'case.opened.v1'>;
          if (e.type !== 'case.opened.v1' || typeof e.data.source.callSid !== 'string') continue;
          const seen = out.get(e.data.source.callSid) ?? [];
          if (!seen.some((x) => x.id === e.id)) out.set(e.data.source.callSid, [...seen, e]);
        }
      });
      return out;
    },
    async deadlinesOf(caseId) {
      const out = new Map<string, string>();
      await readAll(app.log, TOPICS.caseEvents, (records) => {
        for (const r of records) {
          const e = r.value as EventOf<'case.routed.v1'>;
          if (e.type === 'case.routed.v1' && e.data.caseId === caseId) for (const d of e.data.deadlines) out.set(d.clock, d.dueAt);
        }
      });
      return out;
    },
    async stop() {
      telephony.close();
      await app.stop();
      await api.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

let seq = 0;
/** A fresh CallSid / GT sid in Twilio's shape (CA + 32 hex). */
export function sid(prefix: 'CA' | 'GT' | 'RE' | 'TR'): string {
  seq++;
  return `${prefix}${(Date.now().toString(16) + seq.toString(16).padStart(8, '0')).padStart(32, '0').slice(-32)}`;
}
