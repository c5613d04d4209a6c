// The telephone connector's shared pieces, built once by the composition root and handed to the
// webhook routes, the reconciliation job and the SMS acknowledgement stage: the Twilio credentials
// and public URL from config, the REST client (a custom httpClient in tests), the durable call
// states and the ledger of ingested CallSids (one instance each, so the routes and the
// reconciliation see the same ledger).
import path from 'node:path';
import twilio from 'twilio';
import type { BusinessCalendar } from '../../core/calendar/business-calendar.ts';
import type { Config } from '../../core/config.ts';
import type { Keyring } from '../../core/crypto/keyring.ts';
import { DoleancesError } from '../../core/errors.ts';
import type { Log } from '../../core/log/types.ts';
import type { Logger } from '../../core/logger.ts';
import { calendarOf } from '../../core/profiles/load.ts';
import type { Profile } from '../../core/profiles/schema.ts';
import { Ledger } from '../drop-folder/ledger.ts';
import { DEFAULT_LIMITS, type VoicemailLimits } from './limits.ts';
import { CallStateStore } from './state-store.ts';
import type { Telephony as ProfileTelephony } from './twiml.ts';

export type TwilioClient = ReturnType<typeof twilio>;
export type HttpClient = NonNullable<Parameters<typeof twilio>[2]>['httpClient'];

export interface Telephony {
  log: Log;
  keyring: Keyring;
  profile: Profile;
  telephony: ProfileTelephony;
  calendar: BusinessCalendar;
  logger: Logger;
  accountSid: string;
  authToken: string;
  /** DOLEANCES_PUBLIC_URL: where Twilio reaches this web server's root. */
  publicUrl: string;
  /** Where the composition root mounts twilioRoutes (default /twilio). */
  mountPath: string;
  /** TWILIO_PHONE_NUMBER: the sender of SMS acknowledgements (else the number the citizen called). */
  smsFrom: string | null;
  limits: VoicemailLimits;
  archiveRoot: string;
  stateDir: string;
  client: TwilioClient;
  calls: CallStateStore;
  /** CallSid → what it became (`voicemail:<intakeId>`, `callback-only:<intakeId>`, `skip`). */
  ingested: Ledger;
  now: () => Date;
  close(): void;
}

export interface TelephonyOptions {
  log: Log;
  keyring: Keyring;
  profile: Profile;
  logger: Logger;
  mountPath?: string;
  limits?: Partial<VoicemailLimits>;
  httpClient?: HttpClient;
  now?: () => Date;
}

export function isTelephonyConfigured(config: Config): boolean {
  return Boolean(config.twilio && config.publicUrl);
}

export function openTelephony(config: Config, opts: TelephonyOptions): Telephony {
  if (!config.twilio) {
    throw new DoleancesError('CONFIG_INVALID', 'Téléphonie : TWILIO_ACCOUNT_SID et TWILIO_AUTH_TOKEN sont requis.', { details: { field: 'TWILIO_AUTH_TOKEN' } });
  }
  if (!config.publicUrl) {
    throw new DoleancesError('CONFIG_INVALID', 'Téléphonie : DOLEANCES_PUBLIC_URL est requis (les signatures Twilio portent sur l’URL publique).', { details: { field: 'DOLEANCES_PUBLIC_URL' } });
  }
  if (!opts.profile.telephony) {
    throw new DoleancesError('PROFILE_INVALID', `Profil « ${opts.profile.id} » sans bloc telephony : pas de messagerie vocale.`, { details: { field: 'telephony' } });
  }
  const stateDir = path.join(config.paths.state, 'twilio');
  const { accountSid, authToken, phoneNumber } = config.twilio;
  const ingested = new Ledger(path.join(stateDir, 'ingested.ledger'));
  return {
    log: opts.log,
    keyring: opts.keyring,
    profile: opts.profile,
    telephony: opts.profile.telephony,
    calendar: calendarOf(opts.profile),
    logger: opts.logger.child({ component: 'twilio' }),
    accountSid,
    authToken,
    publicUrl: config.publicUrl,
    mountPath: opts.mountPath ?? '/twilio',
    smsFrom: phoneNumber ?? null,
    limits: { ...DEFAULT_LIMITS, ...opts.limits },
    archiveRoot: config.paths.archive,
    stateDir,
    client: twilio(accountSid, authToken, opts.httpClient ? { httpClient: opts.httpClient } : {}),
    calls: new CallStateStore(path.join(stateDir, 'calls'), opts.keyring),
    ingested,
    now: opts.now ?? (() => new Date()),
    close: () => ingested.close(),
  };
}
