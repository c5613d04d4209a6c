// What we know of one call while it is in progress: the voice webhook's parameters (who called),
// where the call went (greeting, staff phones, voicemail), the real-time transcription callbacks,
// the recording status and the legacy transcription. Pure updates, one per kind of callback; each
// is idempotent (Twilio retries a callback that timed out: the same SequenceId twice changes
// nothing). `payloadOf` renders the state as the array of callbacks ingest/parse/twilio.ts reads.
// Twilio docs: "Real-Time Transcriptions" status callback parameters (TranscriptionEvent:
// transcription-started | transcription-content | transcription-stopped | transcription-error,
// SequenceId, Final), "Recording status callback" (RecordingStatus), "<Record> transcribeCallback".
import { realtimeComplete } from '../parse/twilio.ts';

export type Params = Record<string, string>;
export type Stage = 'greeting' | 'forwarding' | 'answered' | 'voicemail' | 'recorded';

export interface CallState {
  callSid: string;
  createdAt: string;
  updatedAt: string;
  stage: Stage;
  lang: 'fr' | 'en';
  /** The voice webhook's parameters (From, To, Caller, Direction…). */
  call: Params | null;
  realtime: {
    started: boolean;
    stopped: boolean;
    error: string | null;
    /** Every transcription callback, one per TranscriptionSid + SequenceId (the archived original). */
    events: Params[];
  };
  recording: Params | null;
  legacy: Params | null;
  /** The call status callback (CallStatus, CallDuration), when the number is configured for it. */
  status: Params | null;
}

export function newCallState(callSid: string, now: Date): CallState {
  const at = now.toISOString();
  return {
    callSid,
    createdAt: at,
    updatedAt: at,
    stage: 'greeting',
    lang: 'fr',
    call: null,
    realtime: { started: false, stopped: false, error: null, events: [] },
    recording: null,
    legacy: null,
    status: null,
  };
}

const touch = (s: CallState, now: Date): CallState => ({ ...s, updatedAt: now.toISOString() });

/** Keep what identifies the caller and the call; the rest of the voice webhook is noise here. */
const CALL_KEYS = ['CallSid', 'AccountSid', 'From', 'To', 'Caller', 'Called', 'Direction', 'CallerCountry', 'CallerState', 'CallerCity'];

export function withCall(s: CallState, params: Params, now: Date): CallState {
  const call = { ...(s.call ?? {}), ...Object.fromEntries(CALL_KEYS.filter((k) => params[k] !== undefined).map((k) => [k, params[k]!])) };
  return touch({ ...s, call }, now);
}

const STAGE_ORDER: Stage[] = ['greeting', 'forwarding', 'answered', 'voicemail', 'recorded'];

/** Stages only move forward (a retried or late webhook never takes the call back). */
export function withStage(s: CallState, stage: Stage, now: Date, lang?: 'fr' | 'en'): CallState {
  const forward = STAGE_ORDER.indexOf(stage) >= STAGE_ORDER.indexOf(s.stage);
  return touch({ ...s, stage: forward ? stage : s.stage, lang: lang ?? s.lang }, now);
}

export function withRealtime(s: CallState, p: Params, now: Date): CallState {
  const ev = p.TranscriptionEvent;
  const rt = { ...s.realtime };
  if (ev === 'transcription-started') rt.started = true;
  else if (ev === 'transcription-stopped') rt.stopped = true;
  else if (ev === 'transcription-error') {
    rt.stopped = true;
    rt.error = p.TranscriptionError ?? p.ErrorCode ?? 'transcription-error';
  } else if (ev !== 'transcription-content') return s;
  // Every callback is kept, partials too: their SequenceIds show whether any is still missing.
  const key = (e: Params) => `${e.TranscriptionSid ?? ''}|${e.SequenceId ?? ''}|${e.TranscriptionEvent}`;
  if (!rt.events.some((e) => key(e) === key(p))) rt.events = [...rt.events, p];
  return touch({ ...s, realtime: rt }, now);
}

/** A completed recording is never replaced by a later in-progress or absent callback. */
export function withRecording(s: CallState, p: Params, now: Date): CallState {
  if (s.recording?.RecordingStatus === 'completed' && p.RecordingStatus !== 'completed') return s;
  return touch({ ...s, recording: { ...(s.recording ?? {}), ...p } }, now);
}

export function withLegacy(s: CallState, p: Params, now: Date): CallState {
  if (s.legacy?.TranscriptionStatus === 'completed') return s;
  return touch({ ...s, legacy: p }, now);
}

export function withStatus(s: CallState, p: Params, now: Date): CallState {
  return touch({ ...s, status: { CallSid: p.CallSid ?? s.callSid, CallStatus: p.CallStatus ?? '', ...(p.CallDuration ? { CallDuration: p.CallDuration } : {}) } }, now);
}

/** All transcription callbacks are in: stopped, and no SequenceId missing before it. */
export function transcriptionComplete(s: CallState): boolean {
  return s.realtime.stopped && realtimeComplete(s.realtime.events);
}

/** Final segments that carry words. */
export function finalTextCount(s: CallState): number {
  return s.realtime.events.filter((e) => {
    if (e.TranscriptionEvent !== 'transcription-content' || String(e.Final) !== 'true') return false;
    try {
      return Boolean((JSON.parse(e.TranscriptionData ?? '{}') as { transcript?: string }).transcript?.trim());
    } catch {
      return false;
    }
  }).length;
}

/** The callbacks of this call in Twilio's own parameter names, in the order they happened. */
export function payloadOf(s: CallState): Params[] {
  const rt = [...s.realtime.events].sort((a, b) => Number(a.SequenceId ?? 0) - Number(b.SequenceId ?? 0));
  return [s.call ?? { CallSid: s.callSid }, ...rt, s.recording, s.legacy, s.status].filter((p): p is Params => p !== null);
}
