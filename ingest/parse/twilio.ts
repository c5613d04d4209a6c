// Voicemail transcripts in the shape Twilio posts them (Twilio docs: <Record transcribeCallback>
// parameters, and real-time transcription status callbacks of <Start><Transcription>), rendered
// as JSON: one object for the legacy callback, an array of callbacks for real-time transcription.
// Real-time: only final segments count (Final=true), ordered by SequenceId; partials are superseded.
import { DoleancesError } from '../../core/errors.ts';
import { toE164 } from '../text.ts';
import { emptySender, type ParsedMessage } from './types.ts';

type Params = Record<string, string | undefined>;

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

export function parseTwilio(value: unknown): ParsedMessage {
  const events = (Array.isArray(value) ? value : [value]).map((e) =>
    Object.fromEntries(Object.entries(e as object).map(([k, v]) => [k, str(v)])),
  ) as Params[];
  const first = events[0] ?? {};
  const realtime = events.some((e) => e.TranscriptionEvent);
  let text: string;
  let confidence: number | null;
  if (realtime) {
    ({ text, confidence } = assembleRealtime(events));
  } else {
    if (first.TranscriptionStatus && first.TranscriptionStatus !== 'completed') {
      throw new DoleancesError('INTAKE_EMPTY', `Transcription Twilio non terminée (${first.TranscriptionStatus})`);
    }
    text = (first.TranscriptionText ?? '').trim();
    confidence = null;
  }
  const callSid = events.find((e) => e.CallSid)?.CallSid ?? null;
  if (!callSid) throw new DoleancesError('INTAKE_UNREADABLE', 'Rappel Twilio sans CallSid');
  if (!text) throw new DoleancesError('INTAKE_EMPTY', 'Transcription vide');
  const from = events.find((e) => e.From)?.From;
  const sender = emptySender();
  sender.phone = toE164(from);
  const pick = (k: string) => events.find((e) => e[k])?.[k] ?? null;
  return {
    disposition: 'case',
    dispositionReason: null,
    channel: 'voicemail',
    subject: null,
    text,
    textConfidence: confidence,
    sender,
    receivedAt: pick('Timestamp'),
    language: pick('LanguageCode') ?? 'fr-CA',
    attachments: [],
    flags: [realtime ? 'transcript-realtime' : 'transcript-legacy', ...(sender.phone ? [] : ['caller-id-withheld'])],
    inReplyToCaseRef: null,
    sourceId: `twilio:${callSid}`,
    source: {
      callSid,
      recordingSid: pick('RecordingSid'),
      recordingUrl: pick('RecordingUrl'),
      recordingDuration: pick('RecordingDuration') === null ? null : Number(pick('RecordingDuration')),
      transcriptionSid: pick('TranscriptionSid'),
      to: pick('To'),
    },
  };
}
