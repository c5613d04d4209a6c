import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../core/config.ts';
import { CALLBACK_ONLY_TEXT, NO_TRANSCRIPT_TEXT, parseTwilio } from './twilio.ts';

const example = (name: string) => JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'examples', name), 'utf8')) as unknown;
const CALL = 'CA0123456789abcdef0123456789abcdef';

describe('Twilio voicemail payloads', () => {
  it('reads the legacy transcription example (caller id, recording kept with the case)', () => {
    const p = parseTwilio(example('messagerie-vocale-chauffage.json'));
    expect(p).toMatchObject({ channel: 'voicemail', textConfidence: null, flags: ['transcript-legacy'], sourceId: 'twilio:CAa83d2bab865b7816cf4995a80230daa5' });
    expect(p.sender.phone).toBe('+18195550177');
    expect(p.source).toMatchObject({ recordingSid: 'RE7ba0661c53f8823698f61e70f96d2431', recordingDuration: 47, transcript: 'legacy', transcriptionSid: 'TRe19d3f99ec02238cf3cef924713b500d' });
  });

  it('assembles the real-time example from its final segments, with their confidence', () => {
    const p = parseTwilio(example('messagerie-vocale-gaz.json'));
    expect(p.text.startsWith('Oui bonjour, mon nom c\'est Kevin Doucet')).toBe(true);
    expect(p.text).not.toContain('ça sent le gars');
    expect(p.textConfidence).toBeCloseTo(90, 0);
    expect(p.receivedAt).toBe('2026-11-25T23:47:02.316Z');
    expect(p.flags).toEqual(['transcript-realtime', 'caller-id-withheld']);
  });

  it('treats Twilio’s withheld caller ids as no number', () => {
    for (const From of ['anonymous', '+266696687', 'Restricted', '']) {
      const p = parseTwilio({ CallSid: CALL, From, TranscriptionText: 'bonjour', TranscriptionStatus: 'completed' });
      expect(p.sender.phone, From).toBeNull();
      expect(p.flags).toContain('caller-id-withheld');
    }
  });

  it('makes an absent recording a call-back task, and a recording without transcript a case to listen to', () => {
    const absent = parseTwilio([{ CallSid: CALL, From: '+18195550111' }, { CallSid: CALL, RecordingSid: 'RE1', RecordingStatus: 'absent', RecordingDuration: '0' }]);
    expect(absent).toMatchObject({ text: CALLBACK_ONLY_TEXT, textConfidence: 0, flags: ['callback-only', 'recording-absent'] });
    const hangup = parseTwilio([{ CallSid: CALL, From: '+18195550111' }, { CallSid: CALL, CallStatus: 'completed' }]);
    expect(hangup.flags).toEqual(['callback-only', 'hangup-before-message']);
    const missing = parseTwilio([{ CallSid: CALL, From: '+18195550111' }, { CallSid: CALL, RecordingSid: 'RE1', RecordingUrl: 'https://api.twilio.com/x', RecordingStatus: 'completed', RecordingDuration: '30' }]);
    expect(missing).toMatchObject({ text: NO_TRANSCRIPT_TEXT, textConfidence: 0, flags: ['transcript-missing'] });
  });

  it('still refuses a payload with nothing to act on', () => {
    expect(() => parseTwilio({ CallSid: CALL, TranscriptionStatus: 'failed' })).toThrow(/non terminée/);
    expect(() => parseTwilio({ TranscriptionSid: 'TR1', TranscriptionText: 'x' })).toThrow(/CallSid/);
  });
});
