// The Twilio webhooks, as a hono sub-app the web process mounts (default at /twilio). Voice
// (TwiML: greeting, « For English, press 9 », emergency notice, staff phones in opening hours,
// voicemail) and the asynchronous callbacks of a call: real-time transcription, recording status,
// legacy transcription, call status. Every request is signature-checked first (signature.ts).
// Twilio docs: "TwiML for Programmable Voice", "Real-Time Transcriptions", "<Record>",
// "Recording status callbacks", "Call status callbacks". A voice webhook always gets TwiML, even
// when saving the call's state fails: a caller is never left with an application error.
import { Hono, type Context } from 'hono';
import { errorCode } from '../../core/errors.ts';
import { withCall, withLegacy, withRealtime, withRecording, withStage, withStatus, type CallState, type Stage } from './call-state.ts';
import { isOpen } from './hours.ts';
import { updateCall } from './ingest-call.ts';
import { twilioSignature, type TwilioEnv, type TwilioParams } from './signature.ts';
import { CALL_SID } from './state-store.ts';
import type { Telephony } from './telephony.ts';
import { afterDialTwiml, afterRecordTwiml, callbackUrls, languageOf, menuTwiml, routeTwiml, type Lang } from './twiml.ts';

type C = Context<TwilioEnv>;

export function twilioRoutes(t: Telephony): Hono<TwilioEnv> {
  const app = new Hono<TwilioEnv>();
  const urls = callbackUrls(t.publicUrl, t.mountPath);
  const xml = (c: C, body: string) => c.body(body, 200, { 'Content-Type': 'text/xml; charset=utf-8' });

  app.use('*', twilioSignature({ authToken: t.authToken, publicUrl: t.publicUrl, logger: t.logger }));
  app.use('*', async (c, next) => {
    const p = c.get('twilioParams');
    // Signed with our token, so from our account; a subaccount's callbacks are not ours to take.
    if (p.AccountSid && p.AccountSid !== t.accountSid) return c.text('Compte Twilio inconnu', 403);
    if (!CALL_SID.test(p.CallSid ?? '')) return c.text('CallSid manquant ou invalide', 400);
    await next();
  });

  /** Saves what a voice webhook taught us; never fails the TwiML answer. */
  const remember = async (p: TwilioParams, update: (s: CallState, now: Date) => CallState) => {
    try {
      await updateCall(t, p.CallSid!, update, { via: 'webhook' });
    } catch (err) {
      t.logger.error({ callSid: p.CallSid, errorCode: errorCode(err) }, 'call state not saved');
    }
  };

  const route = async (c: C, lang: Lang) => {
    const p = c.get('twilioParams');
    const forwardTo = t.telephony.forwardTo;
    // Forwarding to the number Twilio answers would ring this same webhook again.
    const loop = forwardTo !== null && [p.To, p.Called, t.smsFrom].includes(forwardTo);
    if (loop) t.logger.warn({ callSid: p.CallSid }, 'telephony.forwardTo is the Twilio number itself: voicemail instead');
    const open = forwardTo !== null && !loop && isOpen(t.profile, t.calendar, t.now());
    const stage: Stage = open ? 'forwarding' : 'voicemail';
    await remember(p, (s, now) => withStage(s, stage, now, lang));
    return xml(c, routeTwiml(t.telephony, lang, urls, t.limits, open ? forwardTo : null));
  };

  app.post('/voice', async (c) => {
    const p = c.get('twilioParams');
    await remember(p, (s, now) => withCall(s, p, now));
    return xml(c, menuTwiml(t.telephony, urls, t.limits));
  });
  app.post('/voice/language', (c) => route(c, languageOf(c.get('twilioParams').Digits)));
  app.post('/voice/route', (c) => route(c, c.req.query('lang') === 'en' ? 'en' : 'fr'));
  app.post('/voice/dial-status', async (c) => {
    const p = c.get('twilioParams');
    const lang: Lang = c.req.query('lang') === 'en' ? 'en' : 'fr';
    const answered = p.DialCallStatus === 'completed' || p.DialCallStatus === 'answered';
    await remember(p, (s, now) => withStage(s, answered ? 'answered' : 'voicemail', now, lang));
    return xml(c, afterDialTwiml(t.telephony, lang, p.DialCallStatus, urls, t.limits));
  });
  app.post('/voice/recorded', async (c) => {
    const p = c.get('twilioParams');
    await remember(p, (s, now) => withStage(s, 'recorded', now));
    return xml(c, afterRecordTwiml(c.req.query('lang') === 'en' ? 'en' : 'fr'));
  });

  // Asynchronous callbacks: a failure answers 500 (the reconciliation job recovers the call).
  const callback = (apply: (s: CallState, p: TwilioParams, now: Date) => CallState) => async (c: C) => {
    const p = c.get('twilioParams');
    const out = await updateCall(t, p.CallSid!, (s, now) => apply(s, p, now), { via: 'webhook' });
    return c.json({ outcome: out.kind }, 200);
  };
  app.post('/transcription', callback((s, p, now) => withRealtime(s, p, now)));
  app.post('/recording', callback((s, p, now) => withRecording(s, p, now)));
  app.post('/transcribe', callback((s, p, now) => withLegacy(s, p, now)));
  app.post('/call-status', callback((s, p, now) => withStatus(s, p, now)));

  app.onError((err, c) => {
    t.logger.error({ path: c.req.path, errorCode: errorCode(err) }, 'twilio callback failed');
    return c.text('Erreur interne', 500);
  });
  return app;
}
