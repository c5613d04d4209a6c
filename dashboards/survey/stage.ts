// The survey stage: on `case.closed.v1`, send the citizen a satisfaction survey (email, or SMS to
// those who reached us by phone or voicemail), then record `case.survey-sent.v1` in the case file.
// Sending comes first: a send that fails is retried by the consumer (then dead-lettered, and can be
// redriven), and nothing claims a survey was sent that wasn't. A redelivered closure finds the
// survey already in the file and sends nothing; the event id derives from the token id, so the
// store keeps one `survey-sent` whatever happens. Cases closed as inadmissible are not surveyed.
import { DoleancesError } from '../../core/errors.ts';
import type { Keyring } from '../../core/crypto/keyring.ts';
import { openOpt } from '../../core/crypto/sealed.ts';
import { publishEvents } from '../../core/events/publish.ts';
import { TOPICS, type EventOf } from '../../core/events/schemas.ts';
import { deterministicId } from '../../core/ids.ts';
import { consumeEvents } from '../../core/log/consumer.ts';
import type { Log, Subscription } from '../../core/log/types.ts';
import type { Logger } from '../../core/logger.ts';
import type { Profile } from '../../core/profiles/schema.ts';
import type { Duck } from '../../store/duck.ts';
import { VaultReader } from '../../store/vault.ts';
import { surveyEmail, surveySms } from './texts.ts';
import { signSurveyToken, surveyKey } from './token.ts';

export interface SurveyContact {
  channel: string;
  email: string | null;
  phone: string | null;
}

export interface SurveyStageDeps {
  keyring: Keyring;
  profile: Profile;
  logger: Logger;
  /** Where surveyRoutes is mounted, as citizens reach it: « https://plaintes.exemple.qc.ca/sondage/ ». */
  surveyUrl: string;
  /** The case's contact in clear, or null when anonymous; throw a retriable error while the case is not projected yet. */
  contactOf(caseId: string): Promise<SurveyContact | null>;
  /** True when the case's file already holds a survey-sent event. */
  alreadySent(caseId: string): Promise<boolean>;
  sendEmail?(mail: { to: string; subject: string; text: string }): Promise<unknown>;
  /** Issue 5 (Twilio) provides it; without it, phone callers get no survey. */
  sendSms?(to: string, text: string): Promise<unknown>;
  ttlDays?: number;
  now?: () => Date;
  /** Read from the beginning of the log (tests); a real instance starts at the end, never surveying old closures. */
  fromBeginning?: boolean;
}

const NOT_SURVEYED = new Set(['irrecevable']);
const PHONE_CHANNELS = new Set(['phone', 'voicemail', 'sms']);

/**
 * contactOf and alreadySent read from the warehouse (a reader connection): the email and phone
 * given when the case was opened, from the contact vault (store/vault.ts) — or from the sealed
 * contact columns of a warehouse of schema 1.
 */
export function surveyLookups(db: Duck, keyring: Keyring): Pick<SurveyStageDeps, 'contactOf' | 'alreadySent'> {
  const vault = new VaultReader(db, keyring);
  return {
    async contactOf(caseId) {
      const c = await db.one<{ channel: string }>(`SELECT channel FROM cases WHERE case_id = $1`, [caseId]);
      if (!c) throw new DoleancesError('NOT_FOUND', `Dossier ${caseId} pas encore projeté`, { retriable: true });
      const hasVault = Boolean(await db.one(`SELECT 1 AS x FROM duckdb_tables() WHERE table_name = 'vault'`));
      if (!hasVault) {
        const r = await db.one<{ email_sealed: string | null; phone_sealed: string | null }>(
          `SELECT k.email_sealed, k.phone_sealed FROM cases c JOIN contacts k USING (contact_id) WHERE c.case_id = $1`,
          [caseId],
        );
        return { channel: c.channel, email: openOpt(keyring, r?.email_sealed), phone: openOpt(keyring, r?.phone_sealed) };
      }
      const rows = await db.all<{ subject_id: string; ref: string; field: string; sealed: string; pending: boolean | null }>(
        `SELECT subject_id, ref, field, sealed, pending FROM vault WHERE case_id = $1 AND field IN ('contact.email', 'contact.phone') ORDER BY occurred_at DESC`,
        [caseId],
      );
      const get = async (f: string) => {
        const r = rows.find((x) => x.field === f);
        if (!r) return null;
        try {
          return await vault.open(r);
        } catch (err) {
          if (err instanceof DoleancesError && err.code === 'CONTACT_SHREDDED') return null;
          throw err;
        }
      };
      return { channel: c.channel, email: await get('contact.email'), phone: await get('contact.phone') };
    },
    async alreadySent(caseId) {
      return Boolean(await db.one(`SELECT 1 AS x FROM case_events WHERE case_id = $1 AND type = 'case.survey-sent.v1' LIMIT 1`, [caseId]));
    },
  };
}

export async function startSurveyStage(log: Log, deps: SurveyStageDeps): Promise<Subscription> {
  const logger = deps.logger.child({ component: 'survey' });
  const key = surveyKey(deps.keyring);
  const now = deps.now ?? (() => new Date());
  const base = deps.surveyUrl.endsWith('/') ? deps.surveyUrl : `${deps.surveyUrl}/`;

  const survey = async (e: EventOf<'case.closed.v1'>) => {
    const caseId = e.data.caseId;
    if (NOT_SURVEYED.has(e.data.outcome) || (await deps.alreadySent(caseId))) return;
    const contact = await deps.contactOf(caseId);
    const expiresAt = new Date(now().getTime() + (deps.ttlDays ?? 30) * 86_400_000);
    const { token, tokenId } = signSurveyToken(key, caseId, expiresAt);
    const url = `${base}${token}`;
    let via: 'email' | 'sms';
    if (contact?.email && deps.sendEmail) {
      await deps.sendEmail({ to: contact.email, ...surveyEmail(deps.profile, caseId, url, expiresAt) });
      via = 'email';
    } else if (contact?.phone && PHONE_CHANNELS.has(contact.channel) && deps.sendSms) {
      await deps.sendSms(contact.phone, surveySms(deps.profile, caseId, url));
      via = 'sms';
    } else {
      logger.info({ caseId, eventId: e.id }, 'no survey: no reachable contact');
      return;
    }
    await publishEvents(log, [
      {
        id: deterministicId('case.survey-sent.v1', tokenId),
        type: 'case.survey-sent.v1',
        occurredAt: now().toISOString(),
        correlationId: e.correlationId,
        profileId: e.profileId,
        data: { caseId, via, tokenId, expiresAt: expiresAt.toISOString() },
      },
    ]);
    logger.info({ caseId, eventId: e.id, via }, 'survey sent');
  };

  return consumeEvents(log, {
    group: 'survey',
    topics: [TOPICS.caseEvents],
    fromBeginning: deps.fromBeginning ?? false,
    logger,
    handle: async (items) => {
      for (const { event } of items) if (event.type === 'case.closed.v1') await survey(event);
    },
  });
}
