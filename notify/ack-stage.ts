// The acknowledgement stage: consumes the case events (group "notify"), and for every
// case.acknowledgement-due.v1 to be sent by email, sends the acknowledgement through SMTP and
// publishes case.acknowledgement-sent.v1. The address comes from the case's own case.opened.v1
// (same partition, earlier), kept sealed in the outbox (outbox.ts): no warehouse query, so the
// stage can run in a process of its own.
//
// Exactly-once, as far as SMTP allows: an outbox record is written (synced) BEFORE the SMTP
// transaction ("sending") and AFTER the server's 250 ("sent"), and the event id derives from the
// case id. A redelivered event finds the record and sends nothing. A crash in the gap between the
// server's 250 and our "sent" record (milliseconds) is the one case sent twice: on restart a
// "sending" record is sent again rather than dropped, because an acknowledgement that never leaves
// breaks the profile's deadline, while a second copy carries the same Message-ID and most
// mailboxes fold it into the first. Mail systems answering each other cannot loop: auto-replies
// are never cases (ingest/parse/email-auto.ts), and no address gets more than `rateLimit.max`
// acknowledgements per window.
import path from 'node:path';
import type { Config } from '../core/config.ts';
import type { Keyring } from '../core/crypto/keyring.ts';
import { open, pseudonym } from '../core/crypto/sealed.ts';
import { DoleancesError, errorCode, errorMessage, isRetriable } from '../core/errors.ts';
import { publishEvents } from '../core/events/publish.ts';
import { TOPICS, type CaseEvent } from '../core/events/schemas.ts';
import { deterministicId } from '../core/ids.ts';
import { consumeEvents } from '../core/log/consumer.ts';
import type { Log } from '../core/log/types.ts';
import type { Logger } from '../core/logger.ts';
import type { Profile } from '../core/profiles/schema.ts';
import { retry } from '../core/retry.ts';
import { normaliseEmail } from '../ingest/text.ts';
import { composeAck } from './ack-message.ts';
import { Outbox, type AckRecord } from './outbox.ts';
import { createMailer, sendAck, type Mailer } from './smtp.ts';

export interface AckStageDeps {
  config: Pick<Config, 'smtpUrl' | 'mailFrom' | 'paths'>;
  profile: Profile;
  keyring: Keyring;
  logger: Logger;
  /** Defaults to nodemailer over config.smtpUrl. */
  mailer?: Mailer;
  /** Loop protection: at most `max` acknowledgements to one address per `windowMs`. */
  rateLimit?: { max: number; windowMs: number };
  /** Not sent when the due event is older than this (a log replayed from the start must not mail every old case). */
  maxLatenessMs?: number;
  now?: () => Date;
}

const ACTOR = 'systeme:accuse-reception';
const DAY = 86_400_000;

export async function startAckStage(log: Log, deps: AckStageDeps): Promise<{ stop(): Promise<void> }> {
  const { config, profile, keyring } = deps;
  const logger = deps.logger.child({ component: 'notify' });
  if (!config.mailFrom || !normaliseEmail(config.mailFrom)) {
    throw new DoleancesError('CONFIG_INVALID', 'DOLEANCES_MAIL_FROM : adresse d’expédition des accusés de réception requise.', { details: { field: 'DOLEANCES_MAIL_FROM' } });
  }
  if (!deps.mailer && !config.smtpUrl) throw new DoleancesError('CONFIG_INVALID', 'SMTP_URL : serveur d’envoi requis pour les accusés de réception.', { details: { field: 'SMTP_URL' } });
  const from = config.mailFrom;
  const ours = normaliseEmail(from)!;
  const mailer = deps.mailer ?? createMailer(config.smtpUrl!);
  const limit = deps.rateLimit ?? { max: 5, windowMs: DAY };
  const maxLateness = deps.maxLatenessMs ?? 7 * DAY;
  const now = deps.now ?? (() => new Date());
  const outbox = new Outbox(path.join(config.paths.state, 'notify', 'acks.jsonl'));

  let running = true;
  let wake: (() => void) | undefined;
  const poke = () => wake?.();

  const envelope = (r: AckRecord, type: string, ...idParts: string[]) => ({
    id: deterministicId(type, ...idParts, r.caseId),
    occurredAt: now().toISOString(),
    correlationId: r.correlationId ?? deterministicId('correlation', r.caseId),
    profileId: r.profileId ?? profile.id,
  });

  /** Not sent, and why: in the case's timeline (publish first, so a crash re-publishes the same id). */
  async function skip(r: AckRecord, reason: string, code: string | null): Promise<void> {
    const e: CaseEvent = { ...envelope(r, 'case.staff-action.v1', 'accuse-non-envoye'), type: 'case.staff-action.v1', data: { caseId: r.caseId, actor: ACTOR, action: 'accuse-non-envoye', note: null, details: { reason, errorCode: code } } };
    await publishEvents(log, [e]);
    outbox.write([{ caseId: r.caseId, state: 'skipped', reason, at: now().toISOString() }]);
    logger.warn({ caseId: r.caseId, errorCode: code, reason }, 'acknowledgement not sent');
  }

  async function publishSent(r: AckRecord): Promise<void> {
    const sentAt = r.sentAt ?? now().toISOString();
    const e: CaseEvent = { ...envelope(r, 'case.acknowledgement-sent.v1'), occurredAt: sentAt, type: 'case.acknowledgement-sent.v1', data: { caseId: r.caseId, sentAt, via: 'email', to: r.to ?? null, messageId: r.messageId ?? null } };
    await publishEvents(log, [e]);
    outbox.write([{ caseId: r.caseId, state: 'published', at: now().toISOString() }]);
  }

  async function deliver(r: AckRecord): Promise<void> {
    if (r.state === 'sent') return publishSent(r);
    // A duplicate merged before its acknowledgement left: the kept case's acknowledgement answers
    // the person (one complaint, one acknowledgement). Once "sending", it is sent as promised.
    if (r.mergedInto && r.state === 'queued') return skip(r, `doublon fusionné au dossier ${r.mergedInto} avant l’envoi de l’accusé`, null);
    if (!r.to) return skip(r, 'aucune adresse courriel au dossier', null);
    const since = r.observedAt ?? r.dueAt;
    if (since && now().getTime() - new Date(since).getTime() > maxLateness) return skip(r, 'demande d’accusé trop ancienne (journal relu depuis le début ?)', null);
    const address = normaliseEmail(open(keyring, r.to));
    if (!address) return skip(r, 'adresse courriel inutilisable', null);
    if (address === ours) return skip(r, 'adresse de Doléances elle-même (boucle)', 'ACK_RATE_LIMITED');
    const recipient = pseudonym(keyring, 'email', address);
    if (r.state !== 'sending' && outbox.sentTo(recipient, new Date(now().getTime() - limit.windowMs).toISOString()) >= limit.max) {
      return skip(r, `plus de ${limit.max} accusés vers cette adresse en ${Math.round(limit.windowMs / 3_600_000)} h`, 'ACK_RATE_LIMITED');
    }
    const msg = composeAck(profile, { caseId: r.caseId, answerDue: r.answerDue ?? null, queue: r.queue ?? null }, from, address);
    outbox.write([{ caseId: r.caseId, state: 'sending', recipient, at: now().toISOString() }]);
    try {
      await retry(() => sendAck(mailer, msg), { retries: 3, minDelayMs: 500, maxDelayMs: 5000, shouldRetry: (e) => running && isRetriable(e) });
    } catch (err) {
      if (isRetriable(err)) throw err; // still "sending": tried again later
      return skip(r, `refusé par le serveur SMTP : ${errorMessage(err)}`, errorCode(err));
    }
    const [sent] = outbox.write([{ caseId: r.caseId, state: 'sent', sentAt: now().toISOString(), messageId: msg.messageId, at: now().toISOString() }]);
    logger.info({ caseId: r.caseId }, 'acknowledgement sent');
    await publishSent(sent!);
  }

  const sender = (async () => {
    let failures = 0;
    while (running) {
      const next = outbox.pending()[0];
      if (!next) {
        await new Promise<void>((r) => (wake = r));
        continue;
      }
      try {
        await deliver(next);
        failures = 0;
      } catch (err) {
        failures++;
        logger.warn({ caseId: next.caseId, errorCode: errorCode(err), err: errorMessage(err) }, 'acknowledgement delayed; will retry');
        await new Promise<void>((r) => {
          wake = r;
          setTimeout(r, Math.min(60_000, 1000 * 2 ** Math.min(failures, 6))).unref();
        });
      }
    }
  })();

  const sub = await consumeEvents(log, {
    group: 'notify',
    topics: [TOPICS.caseEvents],
    fromBeginning: true,
    logger,
    handle: async (items) => {
      const changes: AckRecord[] = [];
      const overlay = new Map<string, AckRecord>();
      const stateOf = (id: string) => overlay.get(id)?.state ?? outbox.get(id)?.state;
      const add = (c: AckRecord) => {
        changes.push(c);
        overlay.set(c.caseId, { ...overlay.get(c.caseId), ...c });
      };
      for (const { event: e } of items) {
        if (e.type === 'case.opened.v1' && !stateOf(e.data.caseId)) {
          add({ caseId: e.data.caseId, to: e.data.contact.email, profileId: e.profileId, correlationId: e.correlationId });
        } else if (e.type === 'case.routed.v1' && !stateOf(e.data.caseId)) {
          add({ caseId: e.data.caseId, answerDue: e.data.deadlines.find((d) => d.clock === 'answer')?.dueAt ?? null, queue: e.data.queue });
        } else if (e.type === 'case.acknowledgement-due.v1' && e.data.via === 'email' && !stateOf(e.data.caseId)) {
          add({ caseId: e.data.caseId, state: 'queued', dueAt: e.data.dueAt, observedAt: e.occurredAt, profileId: e.profileId, correlationId: e.correlationId, at: now().toISOString() });
        } else if (e.type === 'case.merged.v1' && (stateOf(e.data.caseId) === undefined || stateOf(e.data.caseId) === 'queued')) {
          add({ caseId: e.data.caseId, mergedInto: e.data.intoCaseId });
        } else if (e.type === 'case.acknowledgement-sent.v1' && stateOf(e.data.caseId) !== 'published') {
          // Sent already (by this stage before a crash, or by another channel): never again.
          add({ caseId: e.data.caseId, state: 'published', sentAt: e.data.sentAt, at: now().toISOString() });
        }
      }
      outbox.write(changes);
      if (changes.some((c) => c.state === 'queued')) poke();
    },
  });

  return {
    async stop() {
      await sub.stop();
      running = false;
      poke();
      await sender;
      mailer.close();
      outbox.close();
    },
  };
}
