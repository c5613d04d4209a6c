// The callbacks Twilio sends for one voicemail, with the parameter names of Twilio's docs: the
// voice webhook, real-time transcription status callbacks (started, a partial then the final
// segment of each utterance, stopped), the recording status callback, the legacy transcription.
import { ACCOUNT_SID, OUR_NUMBER } from './harness.ts';

export type Params = Record<string, string>;

export interface VoicemailCallbacks {
  voice: Params;
  realtime: Params[];
  recording: Params;
  legacy: Params;
}

export function voicemail(callSid: string, from: string, utterances: string[], opts: { at?: Date; recordingSid?: string; transcriptionSid?: string; duration?: number } = {}): VoicemailCallbacks {
  const at = opts.at ?? new Date('2026-11-28T14:00:00Z');
  const gt = opts.transcriptionSid ?? `GT${callSid.slice(2)}`;
  const re = opts.recordingSid ?? `RE${callSid.slice(2)}`;
  const ts = (s: number) => new Date(at.getTime() + s * 1000).toISOString().replace('Z', '000Z');
  const common = { AccountSid: ACCOUNT_SID, CallSid: callSid, TranscriptionSid: gt };
  let seq = 1;
  const realtime: Params[] = [{ ...common, Timestamp: ts(0), SequenceId: String(seq++), TranscriptionEvent: 'transcription-started', TranscriptionEngine: 'google' }];
  utterances.forEach((u, i) => {
    const partial = u.split(' ').slice(0, 2).join(' ').toLowerCase();
    for (const [final, text, confidence] of [['false', partial, 0], ['true', u, 0.88 + i / 100]] as const) {
      realtime.push({ ...common, Timestamp: ts(seq), SequenceId: String(seq++), TranscriptionEvent: 'transcription-content', LanguageCode: 'fr-CA', Track: 'inbound_track', TranscriptionData: JSON.stringify({ transcript: text, confidence }), Final: final });
    }
  });
  realtime.push({ ...common, Timestamp: ts(seq), SequenceId: String(seq++), TranscriptionEvent: 'transcription-stopped' });
  return {
    voice: { AccountSid: ACCOUNT_SID, ApiVersion: '2010-04-01', CallSid: callSid, CallStatus: 'ringing', Direction: 'inbound', From: from, Caller: from, To: OUR_NUMBER, Called: OUR_NUMBER, CallerCountry: 'CA' },
    realtime,
    recording: {
      AccountSid: ACCOUNT_SID,
      CallSid: callSid,
      RecordingSid: re,
      RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT_SID}/Recordings/${re}`,
      RecordingStatus: 'completed',
      RecordingDuration: String(opts.duration ?? 34),
      RecordingChannels: '1',
      RecordingStartTime: at.toUTCString(),
      RecordingSource: 'RecordVerb',
    },
    legacy: {
      AccountSid: ACCOUNT_SID,
      CallSid: callSid,
      RecordingSid: re,
      RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT_SID}/Recordings/${re}`,
      TranscriptionSid: `TR${callSid.slice(2)}`,
      TranscriptionStatus: 'completed',
      TranscriptionText: 'the heating does not work',
      TranscriptionType: 'fast',
    },
  };
}
