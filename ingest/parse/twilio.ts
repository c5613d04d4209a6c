// Voicemail transcripts in the shape Twilio posts them, rendered as JSON: one object of parameters
// (the legacy <Record transcribeCallback>), or an array of the callbacks of one call (voice webhook,
// real-time transcription status callbacks of <Start><Transcription>, recording status callback,
// legacy transcription). Twilio docs: "TwiML <Record>" (RecordingSid, RecordingUrl,
// RecordingDuration, TranscriptionText/Status), "Real-Time Transcriptions" (TranscriptionEvent,
// TranscriptionData JSON, Final, SequenceId), "Recording status callbacks" (RecordingStatus:
// completed | absent | failed, RecordingStartTime). ingest/twilio/ writes the same shape, so the
// archived original of a webhook voicemail reads back through `ingest-file`.
// The text: final real-time segments ordered by SequenceId (partials superseded, duplicates
// dropped); else the legacy transcript; else, for a recording without usable text, a placeholder
// that sends the case to a person (textConfidence 0): « écouter l'enregistrement », or for an
// absent recording (silence, hang-up) a call-back task flagged `callback-only`.
import { DoleancesError } from '../../core/errors.ts';
import { callerIdOf } from '../twilio/caller-id.ts';
import { emptySender, type ParsedMessage } from './types.ts';

type Params = Record<string, string | undefined>;

export const CALLBACK_ONLY_TEXT = 'Appel sans message : rappeler le citoyen.';
export const NO_TRANSCRIPT_TEXT = "Message vocal sans transcription : écouter l'enregistrement et rappeler le citoyen.";

function str(v: unknown): string | undefined {
  return v === undefined || v === null ? undefined : String(v);
}

export function isTwilioPayload(value: unknown): boolean {
  const first = Array.isArray(value) ? value[0] : value;
  return !!first && typeof first === 'object' && ('CallSid' in first || 'TranscriptionSid' in first);
}

export function assembleRealtime(events: Params[]): { text: string; confidence: number | null } {
  const finals = events
    .filter((e) => e.TranscriptionEvent === 'transcription-content' && String(e.Final) === 'true')
    .map((e) => {
      let data: { transcript?: string; confidence?: number } = {};
      try {
        data = JSON.parse(e.TranscriptionData ?? '{}') as typeof data;
      } catch {
        throw new DoleancesError('INTAKE_UNREADABLE', `TranscriptionData illisible (SequenceId ${e.SequenceId})`);
      }
      return { seq: Number(e.SequenceId ?? 0), text: (data.transcript ?? '').trim(), confidence: data.confidence };
    })
    .sort((a, b) => a.seq - b.seq);
  const seen = new Set<number>();
  const unique = finals.filter((f) => (seen.has(f.seq) ? false : (seen.add(f.seq), true)));
  const confs = unique.map((f) => f.confidence).filter((c): c is number => typeof c === 'number');
  return {
    text: unique.map((f) => f.text).filter(Boolean).join(' '),
    confidence: confs.length ? Math.round((confs.reduce((s, c) => s + c, 0) / confs.length) * 1000) / 10 : null,
  };
}

/**
 * Every callback of each real-time transcription has arrived: its transcription-stopped (or
 * -error) carries SequenceId N and SequenceIds 1…N were all received. Twilio may deliver them
 * out of order, so "stopped" alone does not mean the segments before it are in.
 */
export function realtimeComplete(events: Params[]): boolean {
  const sessions = new Map<string, { end: number | null; seen: Set<number> }>();
  for (const e of events) {
    if (!e.TranscriptionEvent) continue;
    const s = sessions.get(e.TranscriptionSid ?? '') ?? { end: null, seen: new Set<number>() };
    const seq = Number(e.SequenceId);
    if (Number.isInteger(seq)) s.seen.add(seq);
    if (e.TranscriptionEvent === 'transcription-stopped' || e.TranscriptionEvent === 'transcription-error') s.end = Number.isInteger(seq) ? seq : 0;
    sessions.set(e.TranscriptionSid ?? '', s);
  }
  if (sessions.size === 0) return false;
  return [...sessions.values()].every((s) => s.end !== null && Array.from({ length: s.end }, (_, i) => i + 1).every((n) => s.seen.has(n)));
}

type Source = 'realtime' | 'legacy' | 'missing' | 'callback-only';

interface Text {
  source: Source;
  text: string;
  confidence: number | null;
  flags: string[];
  transcriptionSid: string | null;
}

function textOf(events: Params[], pick: (k: string) => string | null): Text {
  const realtime = events.some((e) => e.TranscriptionEvent);
  if (realtime) {
    const r = assembleRealtime(events);
    const sid = events.find((e) => e.TranscriptionEvent && e.TranscriptionSid)?.TranscriptionSid ?? null;
    if (r.text) return { source: 'realtime', text: r.text, confidence: r.confidence, flags: ['transcript-realtime', ...(realtimeComplete(events) ? [] : ['transcript-incomplete'])], transcriptionSid: sid };
  }
  const legacy = events.find((e) => e.TranscriptionText !== undefined || e.TranscriptionStatus !== undefined);
  const legacyText = legacy && (!legacy.TranscriptionStatus || legacy.TranscriptionStatus === 'completed') ? (legacy.TranscriptionText ?? '').trim() : '';
  if (legacyText) return { source: 'legacy', text: legacyText, confidence: null, flags: ['transcript-legacy'], transcriptionSid: legacy?.TranscriptionSid ?? null };

  const status = pick('RecordingStatus');
  const duration = Number(pick('RecordingDuration') ?? NaN);
  if (status === 'absent' || status === 'failed' || (status === 'completed' && duration === 0)) {
    return { source: 'callback-only', text: CALLBACK_ONLY_TEXT, confidence: 0, flags: ['callback-only', status === 'completed' ? 'recording-empty' : `recording-${status}`], transcriptionSid: null };
  }
  // The caller hung up before the beep (call status callback, no recording): a call to return.
  if (!pick('RecordingSid') && pick('CallStatus') && !legacy) {
    return { source: 'callback-only', text: CALLBACK_ONLY_TEXT, confidence: 0, flags: ['callback-only', 'hangup-before-message'], transcriptionSid: null };
  }
  if (pick('RecordingUrl') && (status === null || status === 'completed')) {
    return { source: 'missing', text: NO_TRANSCRIPT_TEXT, confidence: 0, flags: ['transcript-missing'], transcriptionSid: null };
  }
  if (legacy?.TranscriptionStatus && legacy.TranscriptionStatus !== 'completed') {
    throw new DoleancesError('INTAKE_EMPTY', `Transcription Twilio non terminée (${legacy.TranscriptionStatus})`);
  }
  throw new DoleancesError('INTAKE_EMPTY', 'Transcription vide');
}

function isoOrNull(value: string | null): string | null {
  if (!value) return null;
  const t = new Date(value);
  return Number.isNaN(t.getTime()) ? null : t.toISOString();
}

export function parseTwilio(value: unknown): ParsedMessage {
  const events = (Array.isArray(value) ? value : [value]).map((e) =>
    Object.fromEntries(Object.entries(e as object).map(([k, v]) => [k, str(v)])),
  ) as Params[];
  const pick = (k: string) => events.find((e) => e[k])?.[k] ?? null;
  const callSid = pick('CallSid');
  if (!callSid) throw new DoleancesError('INTAKE_UNREADABLE', 'Rappel Twilio sans CallSid');
  const { source, text, confidence, flags, transcriptionSid } = textOf(events, pick);
  const caller = callerIdOf(pick('From') ?? pick('Caller'));
  const sender = emptySender();
  sender.phone = caller.e164;
  const duration = pick('RecordingDuration');
  return {
    disposition: 'case',
    dispositionReason: null,
    channel: 'voicemail',
    subject: null,
    text,
    textConfidence: confidence,
    sender,
    // When the citizen called: the first real-time segment, else the recording's start (RFC 2822).
    receivedAt: isoOrNull(pick('Timestamp')) ?? isoOrNull(pick('RecordingStartTime')),
    language: source === 'realtime' || source === 'legacy' ? (pick('LanguageCode') ?? 'fr-CA') : null,
    attachments: [],
    flags: [...flags, ...(caller.withheld ? ['caller-id-withheld'] : [])],
    inReplyToCaseRef: null,
    sourceId: `twilio:${callSid}`,
    source: {
      callSid,
      recordingSid: pick('RecordingSid'),
      recordingUrl: pick('RecordingUrl'),
      recordingDuration: duration === null || Number.isNaN(Number(duration)) ? null : Number(duration),
      recordingStatus: pick('RecordingStatus'),
      transcriptionSid,
      transcript: source,
      to: pick('To'),
    },
  };
}
