// When a call's callbacks add up to something to ingest. Twilio sends them independently and in
// no guaranteed order (Twilio docs: status callbacks are asynchronous; real-time transcription
// stops when the call ends; the legacy transcription arrives minutes later, only for 2–120 s
// recordings). A voicemail is ingested once the recording is known and the transcription is
// complete (transcription-stopped and no SequenceId missing before it), or its legacy transcript
// has come; an absent recording
// (silence, hang-up after the beep) or a hang-up before the beep becomes a call-back task at once.
// `force` (reconciliation, after a grace period) ingests with whatever is known.
import { callerIdOf } from './caller-id.ts';
import { finalTextCount, transcriptionComplete, type CallState } from './call-state.ts';
import { LEGACY_TRANSCRIPTION_SECONDS } from './limits.ts';

export type Readiness =
  | { kind: 'wait'; reason: string }
  | { kind: 'skip'; reason: string }
  | { kind: 'voicemail' }
  | { kind: 'callback-only'; reason: string };

export interface ReadinessOptions {
  force?: boolean;
  /** The legacy transcription was asked for (<Record transcribe>). */
  legacyRequested: boolean;
}

export function readiness(s: CallState, opts: ReadinessOptions): Readiness {
  const rec = s.recording;
  const finals = finalTextCount(s);
  const transcribed = transcriptionComplete(s);
  const withheld = callerIdOf(s.call?.From ?? s.call?.Caller).withheld;
  // The voice webhook tells who called; without it (state lost), reconciliation fetches the Call.
  if (!s.call && !opts.force) return { kind: 'wait', reason: 'appelant inconnu' };
  const callBack = (reason: string): Readiness =>
    withheld ? { kind: 'skip', reason: `${reason}; numéro masqué : personne à rappeler` } : { kind: 'callback-only', reason };

  if (!rec) {
    const ended = s.status && s.status.CallStatus !== 'in-progress' && s.status.CallStatus !== 'ringing';
    if (ended && s.stage === 'answered') return { kind: 'skip', reason: 'appel répondu par le personnel' };
    // Hung up during the greeting or while staff phones rang: seed 004, every call is returned.
    if (ended && (s.stage === 'greeting' || s.stage === 'forwarding')) return callBack('raccroché avant le message');
    // Reached voicemail, no recording after the grace period: hung up during the prompt.
    if (ended && opts.force && finals === 0) return callBack('raccroché pendant le message d’accueil');
    if (opts.force && finals > 0) return { kind: 'voicemail' };
    return { kind: 'wait', reason: 'statut de l’enregistrement attendu' };
  }

  const status = rec.RecordingStatus;
  const duration = Number(rec.RecordingDuration ?? 0);
  if (status === 'absent' || status === 'failed' || (status === 'completed' && duration === 0)) {
    return finals > 0 ? { kind: 'voicemail' } : callBack(`enregistrement ${status === 'completed' ? 'vide' : status}`);
  }
  if (status !== 'completed') return opts.force ? { kind: 'voicemail' } : { kind: 'wait', reason: `enregistrement ${status ?? 'inconnu'}` };

  const legacyText = s.legacy?.TranscriptionStatus === 'completed' && Boolean(s.legacy.TranscriptionText?.trim());
  const legacyDone = s.legacy !== null;
  const legacyExpected = opts.legacyRequested && !legacyDone && duration >= LEGACY_TRANSCRIPTION_SECONDS.min && duration <= LEGACY_TRANSCRIPTION_SECONDS.max;

  if (transcribed && finals > 0) return { kind: 'voicemail' };
  if (legacyText && (!s.realtime.started || transcribed)) return { kind: 'voicemail' };
  if (opts.force) return { kind: 'voicemail' };
  if (!transcribed) return { kind: 'wait', reason: 'transcription en cours ou segment manquant' };
  if (legacyExpected) return { kind: 'wait', reason: 'transcription de secours attendue' };
  // Transcription over, nothing usable: the case says to listen to the recording.
  return { kind: 'voicemail' };
}
