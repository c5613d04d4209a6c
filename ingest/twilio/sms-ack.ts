// The SMS acknowledgement of voicemails that came through Twilio (consumer group `sms-ack`): when the case’s
// acknowledgement falls due, a French SMS with the case number and the answer deadline goes to
// the caller, if the profile allows it and the number may take an SMS (North American, not
// toll-free; whether it is a mobile only Twilio knows: error 21614 "not a mobile number", 21211
// "invalid To", 21612/21408 "can't route", 21610 "unsubscribed" mean no SMS). Then
// case.acknowledgement-sent.v1 (via sms, deterministic id). Otherwise the call-back task stays.
// Exactly once: a durable ledger per case records the intent before the send and the Message SID
// after it; a redelivery after a crash between the two first looks for the message in Twilio's
// Messages list (To, From, DateSent>) instead of sending again. Twilio docs: "Message resource".
import path from 'node:path';
import { open } from '../../core/crypto/sealed.ts';
import { DoleancesError } from '../../core/errors.ts';
import { publishEvents } from '../../core/events/publish.ts';
import { TOPICS, type EventOf } from '../../core/events/schemas.ts';
import { consumeEvents } from '../../core/log/consumer.ts';
import type { Log, Subscription } from '../../core/log/types.ts';
import { deterministicId } from '../../core/ids.ts';
import { Ledger } from '../drop-folder/ledger.ts';
import { maySms } from './caller-id.ts';
import { smsAcknowledgementText } from './sms-text.ts';
import { PendingAcks, type PendingAck } from './sms-pending.ts';
import type { Telephony } from './telephony.ts';

/** Twilio error codes meaning "this number takes no SMS from us": leave the call-back task. */
export const NOT_SMS_CAPABLE = new Set([21211, 21408, 21610, 21612, 21614]);

type Deps = Pick<Telephony, 'client' | 'keyring' | 'profile' | 'smsFrom' | 'stateDir' | 'logger' | 'now'>;

export async function startSmsAckStage(log: Log, t: Deps, opts: { group?: string } = {}): Promise<Subscription> {
  const logger = t.logger.child({ component: 'sms-ack' });
  const pending = new PendingAcks(path.join(t.stateDir, 'sms-pending'), t.keyring);
  const sent = new Ledger(path.join(t.stateDir, 'sms-sent.ledger'));
  await pending.sweep(t.now());

  const acknowledge = async (p: PendingAck, dueAt: string): Promise<void> => {
    const done = sent.get(p.caseId);
    if (done?.startsWith('sent:')) return publishSent(log, t, p, done.slice(5));
    if (done && !done.startsWith('intent:')) return;
    const phone = p.phone ? open(t.keyring, p.phone) : null;
    const from = t.smsFrom ?? p.calledNumber;
    const body = smsAcknowledgementText(t.profile, p.caseId, p.answerDueAt);
    const skip =
      !t.profile.telephony?.smsAcknowledgement ? 'profil : pas de texto'
      : p.flags.includes('callback-only') ? 'appel sans message'
      : !phone || !maySms(phone) ? 'numéro sans texto possible'
      : !from || !body ? 'pas d’expéditeur ou de texte'
      : t.now().getTime() > new Date(dueAt).getTime() ? 'échéance de l’accusé passée'
      : null;
    if (skip) {
      sent.record(p.caseId, `skipped:${skip}`);
      logger.info({ caseId: p.caseId, reason: skip }, 'no SMS acknowledgement: call-back task stays');
      return;
    }
    // A previous attempt may have sent it before crashing: ask Twilio before sending again.
    if (done?.startsWith('intent:')) {
      const since = new Date(new Date(done.slice(7)).getTime() - 5 * 60_000);
      const earlier = await twilioCall(() => t.client.messages.list({ to: phone!, from: from!, dateSentAfter: since, limit: 50 }));
      const match = earlier.find((m) => m.body?.includes(p.caseId));
      if (match) {
        sent.record(p.caseId, `sent:${match.sid}`);
        return publishSent(log, t, p, match.sid);
      }
    }
    sent.record(p.caseId, `intent:${t.now().toISOString()}`);
    let sid: string;
    try {
      sid = (await twilioCall(() => t.client.messages.create({ to: phone!, from: from!, body: body! }))).sid;
    } catch (err) {
      const code = (err as DoleancesError).details?.twilioCode;
      if (typeof code === 'number' && NOT_SMS_CAPABLE.has(code)) {
        sent.record(p.caseId, `not-capable:${code}`);
        logger.info({ caseId: p.caseId, twilioCode: code }, 'number takes no SMS: call-back task stays');
        return;
      }
      throw err;
    }
    sent.record(p.caseId, `sent:${sid}`);
    logger.info({ caseId: p.caseId, messageSid: sid }, 'SMS acknowledgement sent');
    await publishSent(log, t, p, sid);
  };

  const sub = await consumeEvents(log, {
    group: opts.group ?? 'sms-ack',
    topics: [TOPICS.caseEvents],
    fromBeginning: true,
    logger,
    handle: async (items) => {
      for (const { event: e } of items) {
        if (e.type === 'case.opened.v1' && fromTwilio(e.data) && !settled(sent.get(e.data.caseId))) {
          await pending.put({
            caseId: e.data.caseId,
            correlationId: e.correlationId,
            phone: e.data.contact.phone,
            flags: e.data.flags,
            calledNumber: typeof e.data.source.to === 'string' ? e.data.source.to : null,
            answerDueAt: null,
            openedAt: e.occurredAt,
          });
        } else if (e.type === 'case.routed.v1') {
          const p = await pending.get(e.data.caseId);
          const answer = e.data.deadlines.find((d) => d.clock === 'answer');
          if (p && answer) await pending.put({ ...p, answerDueAt: answer.dueAt });
        } else if (e.type === 'case.acknowledgement-due.v1' && e.data.channel === 'voicemail') {
          const p = await pending.get(e.data.caseId);
          if (!p) continue;
          await acknowledge(p, e.data.dueAt);
          await pending.remove(e.data.caseId);
        }
      }
    },
  });
  return {
    async stop() {
      await sub.stop();
      sent.close();
    },
  };
}

/**
 * Voicemails that came through Twilio (webhook or reconciliation): a transcript dropped in the
 * folder (the shipped examples among them) is not a call we can answer by SMS.
 */
function fromTwilio(d: EventOf<'case.opened.v1'>['data']): boolean {
  return d.channel === 'voicemail' && String(d.source.connector ?? '').startsWith('twilio');
}

/** The ledger holds a final word for the case (sent, not SMS-capable, skipped), not just an intent. */
function settled(entry: string | undefined): boolean {
  return entry !== undefined && !entry.startsWith('intent:');
}

/** Twilio REST call: its refusals keep their Twilio code; outages and 429/5xx are retriable. */
async function twilioCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (cause) {
    const status = (cause as { status?: number }).status;
    const twilioCode = (cause as { code?: number }).code;
    const retriable = status === undefined || status === 429 || status >= 500;
    throw new DoleancesError(retriable ? 'TWILIO_UNAVAILABLE' : 'TWILIO_REJECTED', `API REST Twilio : ${status ?? ''} ${twilioCode ?? (cause as Error).message}`.trim(), {
      cause,
      retriable,
      details: { twilioCode, status },
    });
  }
}

async function publishSent(log: Log, t: Deps, p: PendingAck, messageSid: string): Promise<void> {
  const now = t.now().toISOString();
  const event: EventOf<'case.acknowledgement-sent.v1'> = {
    id: deterministicId('case.acknowledgement-sent.v1', p.caseId, 'sms'),
    type: 'case.acknowledgement-sent.v1',
    occurredAt: now,
    correlationId: p.correlationId,
    profileId: t.profile.id,
    data: { caseId: p.caseId, sentAt: now, via: 'sms', to: p.phone, messageId: messageSid },
  };
  await publishEvents(log, [event]);
}
