// Limits of the telephone voicemail, in one place (Twilio docs: TwiML <Record> maxLength, timeout;
// <Dial> timeout; legacy transcription only for recordings of 2 to 120 seconds, English only).
// `twilioRoutes` takes overrides through its deps; these are the defaults.

export interface VoicemailLimits {
  /** <Record maxLength>: the longest message, in seconds. */
  maxLengthSeconds: number;
  /** <Record timeout>: seconds of silence that end the message. */
  silenceSeconds: number;
  /** <Dial timeout>: how long staff phones ring before the caller reaches voicemail. */
  dialTimeoutSeconds: number;
  /** <Gather timeout>: how long the caller has to press 9 for English. */
  menuTimeoutSeconds: number;
  /** Also ask Twilio's legacy (English-only) transcription, as a fallback. */
  legacyTranscription: boolean;
}

export const DEFAULT_LIMITS: VoicemailLimits = {
  maxLengthSeconds: 180,
  silenceSeconds: 6,
  dialTimeoutSeconds: 20,
  menuTimeoutSeconds: 2,
  legacyTranscription: true,
};

/** Twilio transcribes (legacy) only recordings from 2 to 120 seconds. */
export const LEGACY_TRANSCRIPTION_SECONDS = { min: 2, max: 120 } as const;

/** The key the caller presses for English (« For English, press 9 »). */
export const ENGLISH_DIGIT = '9';
