// Callbacks of one call in any order, repeated, partial then final: the state and the moment of
// ingestion come out the same.
import { describe, expect, it } from 'vitest';
import { parseTwilio } from '../parse/twilio.ts';
import { newCallState, payloadOf, withCall, withLegacy, withRealtime, withRecording, withStage, withStatus, type CallState, type Params } from './call-state.ts';
import { readiness } from './readiness.ts';

const CALL = 'CA0123456789abcdef0123456789abcdef';
const now = new Date('2026-11-25T23:47:00Z');
const seg = (seq: number, transcript: string, final = true): Params => ({
  CallSid: CALL,
  TranscriptionSid: 'GT1',
  TranscriptionEvent: 'transcription-content',
  SequenceId: String(seq),
  Final: String(final),
  LanguageCode: 'fr-CA',
  TranscriptionData: JSON.stringify({ transcript, confidence: 0.9 }),
});
const life = (seq: number, ev: string): Params => ({ CallSid: CALL, TranscriptionSid: 'GT1', TranscriptionEvent: ev, SequenceId: String(seq) });
const recording = (status: string, duration = '31'): Params => ({ CallSid: CALL, RecordingSid: 'RE1', RecordingUrl: 'https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1', RecordingStatus: status, RecordingDuration: duration });

type Cb = { kind: 'rt' | 'rec' | 'legacy'; p: Params };
function apply(s: CallState, cb: Cb): CallState {
  if (cb.kind === 'rt') return withRealtime(s, cb.p, now);
  if (cb.kind === 'rec') return withRecording(s, cb.p, now);
  return withLegacy(s, cb.p, now);
}
const base = () => withStage(withCall(newCallState(CALL, now), { CallSid: CALL, From: '+18195550163', To: '+18193785438' }, now), 'voicemail', now);
const opts = { legacyRequested: true };

const sequence: Cb[] = [
  { kind: 'rt', p: life(1, 'transcription-started') },
  { kind: 'rt', p: seg(2, 'ça sent le', false) },
  { kind: 'rt', p: seg(3, 'Ça sent le gaz dans le corridor.') },
  { kind: 'rt', p: seg(4, 'rappelez', false) },
  { kind: 'rt', p: seg(5, 'Rappelez-moi vite.') },
  { kind: 'rt', p: life(6, 'transcription-stopped') },
  { kind: 'rec', p: recording('completed') },
];

describe('call state', () => {
  it('gives one transcript, final segments in SequenceId order, whatever the arrival order or repeats', () => {
    const shuffled = [sequence[6]!, sequence[4]!, sequence[2]!, sequence[2]!, sequence[0]!, sequence[5]!, sequence[4]!, sequence[1]!, sequence[3]!];
    for (const order of [sequence, [...sequence].reverse(), shuffled]) {
      const s = order.reduce(apply, base());
      expect(readiness(s, opts)).toEqual({ kind: 'voicemail' });
      const p = parseTwilio(payloadOf(s));
      expect(p.text).toBe('Ça sent le gaz dans le corridor. Rappelez-moi vite.');
      expect(p.flags).toEqual(['transcript-realtime']);
      expect(p.source).toMatchObject({ recordingSid: 'RE1', recordingDuration: 31 });
      expect(p.sender.phone).toBe('+18195550163');
    }
  });

  it('waits while a SequenceId before transcription-stopped is missing', () => {
    const gap = sequence.filter((c) => c.p.SequenceId !== '3').reduce(apply, base());
    expect(readiness(gap, opts)).toMatchObject({ kind: 'wait' });
    expect(parseTwilio(payloadOf(gap)).flags).toContain('transcript-incomplete');
    expect(readiness(apply(gap, sequence[2]!), opts)).toEqual({ kind: 'voicemail' });
  });

  it('keeps one copy of each callback', () => {
    const s = [...sequence, ...sequence].reduce(apply, base());
    expect(s.realtime.events).toHaveLength(6);
  });

  it('waits for the transcription to stop and for the recording status', () => {
    const noStop = sequence.filter((c) => c.p.TranscriptionEvent !== 'transcription-stopped').reduce(apply, base());
    expect(readiness(noStop, opts).kind).toBe('wait');
    expect(readiness(noStop, { ...opts, force: true }).kind).toBe('voicemail');
    const noRecording = sequence.slice(0, 6).reduce(apply, base());
    expect(readiness(noRecording, opts).kind).toBe('wait');
  });

  it('never lets a late absent status replace a completed recording', () => {
    const s = withRecording(withRecording(base(), recording('completed'), now), recording('absent', '0'), now);
    expect(s.recording?.RecordingStatus).toBe('completed');
  });

  it('falls back to the legacy transcript when real-time gave nothing, waiting for it when it is due', () => {
    const empty = [life(1, 'transcription-started'), life(2, 'transcription-stopped')].reduce((s, p) => withRealtime(s, p, now), base());
    const rec = withRecording(empty, recording('completed'), now);
    expect(readiness(rec, opts)).toMatchObject({ kind: 'wait', reason: 'transcription de secours attendue' });
    const legacy = withLegacy(rec, { CallSid: CALL, RecordingSid: 'RE1', TranscriptionSid: 'TR1', TranscriptionStatus: 'completed', TranscriptionText: 'gas smell in the corridor' }, now);
    expect(readiness(legacy, opts).kind).toBe('voicemail');
    expect(parseTwilio(payloadOf(legacy)).flags).toContain('transcript-legacy');
    // A message over 120 s gets no legacy transcript: no waiting, the case says to listen.
    const long = withRecording(empty, recording('completed', '150'), now);
    expect(readiness(long, opts).kind).toBe('voicemail');
    expect(parseTwilio(payloadOf(long)).flags).toContain('transcript-missing');
  });

  it('turns silence or a hang-up into a call-back task, unless the number is withheld', () => {
    expect(readiness(withRecording(base(), recording('absent', '0'), now), opts)).toMatchObject({ kind: 'callback-only' });
    const greeting = withStatus(withCall(newCallState(CALL, now), { CallSid: CALL, From: '+18195550163' }, now), { CallSid: CALL, CallStatus: 'completed' }, now);
    expect(readiness(greeting, opts)).toMatchObject({ kind: 'callback-only' });
    const answered = withStatus(withStage(greeting, 'answered', now), { CallStatus: 'completed' }, now);
    expect(readiness(answered, opts)).toMatchObject({ kind: 'skip' });
    const hidden = withRecording(withCall(newCallState(CALL, now), { CallSid: CALL, From: 'anonymous' }, now), recording('absent', '0'), now);
    expect(readiness(hidden, opts)).toMatchObject({ kind: 'skip' });
  });
});
