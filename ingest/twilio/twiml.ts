// What callers hear, as TwiML built with the twilio library (twilio.twiml.VoiceResponse). Twilio
// docs: TwiML <Gather> (numDigits, action, timeout), <Say> (language, Amazon Polly voices), <Dial>
// (timeout, action → DialCallStatus), <Start><Transcription> (real-time transcription: languageCode,
// statusCallbackUrl, track), <Record> (maxLength, timeout, action, recordingStatusCallback,
// recordingStatusCallbackEvent, transcribe + transcribeCallback). Pure: texts come from the
// profile (profile.telephony), URLs from the configured public URL, never from the request.
import twilio from 'twilio';
import type { Profile } from '../../core/profiles/schema.ts';
import { ENGLISH_DIGIT, type VoicemailLimits } from './limits.ts';

type VoiceResponse = InstanceType<typeof twilio.twiml.VoiceResponse>;
export type Lang = 'fr' | 'en';
export type Telephony = NonNullable<Profile['telephony']>;

/** Say voices and transcription languages (Twilio: Amazon Polly voices; Google STT for fr-CA). */
const SPEECH = {
  fr: { say: { language: 'fr-CA', voice: 'Polly.Chantal' }, transcription: 'fr-CA' },
  en: { say: { language: 'en-US', voice: 'Polly.Joanna' }, transcription: 'en-US' },
} as const;

const TEXT = {
  english: 'For English, press 9.',
  thanks: { fr: 'Merci. Votre message a bien été reçu. Au revoir.', en: 'Thank you. Your message was received. Goodbye.' },
} as const;

/** Absolute callback URLs under the configured public URL and mount path (e.g. https://…/twilio). */
export interface CallbackUrls {
  at(path: string, query?: Record<string, string>): string;
}

export function callbackUrls(publicUrl: string, mountPath: string): CallbackUrls {
  const base = `${publicUrl.replace(/\/+$/, '')}/${mountPath.replace(/^\/+|\/+$/g, '')}`;
  return {
    at(path, query) {
      const qs = query ? `?${new URLSearchParams(query).toString()}` : '';
      return `${base}/${path.replace(/^\/+/, '')}${qs}`;
    },
  };
}

function say(r: VoiceResponse | ReturnType<VoiceResponse['gather']>, lang: Lang, text: string): void {
  r.say({ language: SPEECH[lang].say.language, voice: SPEECH[lang].say.voice } as Parameters<VoiceResponse['say']>[0], text);
}

/** The greeting in French with « For English, press 9 »; no key → the French route. */
export function menuTwiml(t: Telephony, urls: CallbackUrls, limits: VoicemailLimits): string {
  const r = new twilio.twiml.VoiceResponse();
  const g = r.gather({ numDigits: 1, timeout: limits.menuTimeoutSeconds, action: urls.at('voice/language'), method: 'POST', actionOnEmptyResult: false });
  say(g, 'fr', t.greeting.fr);
  say(g, 'en', TEXT.english);
  r.redirect({ method: 'POST' }, urls.at('voice/route', { lang: 'fr' }));
  return r.toString();
}

export function languageOf(digits: string | undefined): Lang {
  return digits?.trim() === ENGLISH_DIGIT ? 'en' : 'fr';
}

/**
 * After the greeting: the emergency notice, then staff phones during opening hours (no answer →
 * voicemail, through the <Dial action>), otherwise voicemail.
 */
export function routeTwiml(t: Telephony, lang: Lang, urls: CallbackUrls, limits: VoicemailLimits, forwardTo: string | null): string {
  const r = new twilio.twiml.VoiceResponse();
  if (lang === 'en') say(r, 'en', t.greeting.en);
  say(r, lang, t.emergency[lang]);
  if (forwardTo) {
    const d = r.dial({ timeout: limits.dialTimeoutSeconds, action: urls.at('voice/dial-status', { lang }), method: 'POST' });
    d.number(forwardTo);
  } else {
    appendVoicemail(r, t, lang, urls, limits);
  }
  return r.toString();
}

/** <Dial action>: answered and finished → hang up; busy, no answer, failed → voicemail. */
export function afterDialTwiml(t: Telephony, lang: Lang, dialStatus: string | undefined, urls: CallbackUrls, limits: VoicemailLimits): string {
  const r = new twilio.twiml.VoiceResponse();
  if (dialStatus === 'completed' || dialStatus === 'answered') r.hangup();
  else appendVoicemail(r, t, lang, urls, limits);
  return r.toString();
}

export function voicemailTwiml(t: Telephony, lang: Lang, urls: CallbackUrls, limits: VoicemailLimits): string {
  const r = new twilio.twiml.VoiceResponse();
  appendVoicemail(r, t, lang, urls, limits);
  return r.toString();
}

function appendVoicemail(r: VoiceResponse, t: Telephony, lang: Lang, urls: CallbackUrls, limits: VoicemailLimits): void {
  say(r, lang, t.voicemailPrompt[lang]);
  // Real-time transcription of the caller's side only, in the caller's language (French by
  // default): the primary transcript. Final segments are assembled by SequenceId.
  r.start().transcription({
    languageCode: SPEECH[lang].transcription,
    track: 'inbound_track',
    transcriptionEngine: 'google',
    speechModel: 'telephony',
    enableAutomaticPunctuation: true,
    partialResults: false,
    statusCallbackUrl: urls.at('transcription'),
    statusCallbackMethod: 'POST',
  });
  r.record({
    maxLength: limits.maxLengthSeconds,
    timeout: limits.silenceSeconds,
    playBeep: true,
    finishOnKey: '#',
    trim: 'trim-silence',
    action: urls.at('voice/recorded', { lang }),
    method: 'POST',
    recordingStatusCallback: urls.at('recording'),
    recordingStatusCallbackMethod: 'POST',
    recordingStatusCallbackEvent: ['completed', 'absent'],
    // The legacy transcription: English only, 2 to 120 seconds; a fallback when the real-time
    // transcript is empty or never arrived.
    ...(limits.legacyTranscription ? { transcribe: true, transcribeCallback: urls.at('transcribe') } : {}),
  });
}

/** <Record action>: thank the caller and hang up (the call's end stops the transcription). */
export function afterRecordTwiml(lang: Lang): string {
  const r = new twilio.twiml.VoiceResponse();
  say(r, lang, TEXT.thanks[lang]);
  r.hangup();
  return r.toString();
}
