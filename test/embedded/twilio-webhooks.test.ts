// The Twilio webhooks on the embedded pipeline: signed requests make exactly one case per call
// whatever the order, repetition or partial segments of the callbacks; forged, tampered or
// unsigned ones get 403 and leave nothing behind; a silent call becomes a call-back task.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openOpt } from '../../core/crypto/sealed.ts';
import { openKeyring } from '../../core/crypto/keyring.ts';
import { TOPICS } from '../../core/events/schemas.ts';
import { waitFor } from '../helpers/app.ts';
import { voicemail, type Params } from '../twilio/callbacks.ts';
import { PUBLIC_URL, sid, startHarness, type Harness } from '../twilio/harness.ts';

let h: Harness;
// A Saturday: every call reaches voicemail.
const SATURDAY = new Date('2026-11-28T15:00:00Z');
beforeAll(async () => {
  h = await startHarness({ now: () => SATURDAY });
});
afterAll(async () => h?.stop());

/** The case a call became: its case.opened event from the log, and its row in the warehouse. */
const caseOf = async (callSid: string) => {
  const opened = await waitFor(async () => (await h.openedByCall()).get(callSid)?.[0]);
  const row = await waitFor(() =>
    h.app.db.one<{ case_id: string; flags: string[]; queue: string; text_confidence: number | null; contact_id: string | null }>(
      `SELECT case_id, flags, queue, text_confidence, contact_id FROM cases WHERE case_id = $1`,
      [opened.data.caseId],
    ),
  );
  return { ...row, opened: opened.data };
};

async function send(all: [string, Params][]): Promise<void> {
  for (const [p, params] of all) expect((await h.post(p, params)).status, p).toBe(200);
}

describe('Twilio webhooks', () => {
  it('answers the voice webhook with TwiML built from the profile, and reaches voicemail on a Saturday', async () => {
    const callSid = sid('CA');
    const cb = voicemail(callSid, '+18195550101', ['x']);
    const res = await h.post('/voice', cb.voice);
    expect(res.headers.get('content-type')).toContain('text/xml');
    expect(await res.text()).toContain('For English, press 9.');
    const route = await (await h.post('/voice/route?lang=fr', cb.voice)).text();
    expect(route).toContain('<Record ');
    expect(route).toContain(`statusCallbackUrl="${PUBLIC_URL}/twilio/transcription"`);
    const english = await (await h.post('/voice/language', { ...cb.voice, Digits: '9' })).text();
    expect(english).toContain('languageCode="en-US"');
  });

  it('makes one case from callbacks out of order, repeated, partial then final; the recording stays with it', async () => {
    const callSid = sid('CA');
    const cb = voicemail(callSid, '(819) 555-0142', ['Bonjour, le chauffage ne fonctionne plus au 3175 rue Papineau.', 'Il fait quinze degrés dans l’appartement, rappelez-moi.']);
    const rt = cb.realtime;
    await send([['/voice', cb.voice], ['/voice/route?lang=fr', cb.voice]]);
    // Stopped and the recording arrive before the content; every segment twice; the finals reversed.
    await send([[ '/transcription', rt[5]! ], ['/recording', cb.recording], ['/transcription', rt[0]!], ['/transcription', rt[4]!], ['/transcription', rt[3]!], ['/transcription', rt[4]!], ['/transcription', rt[1]!]]);
    // Utterance 1's final segment (SequenceId 3) is still missing: not ingested yet.
    expect(h.telephony.ingested.get(callSid)).toBeUndefined();
    await send([['/transcription', rt[2]!], ['/transcription', rt[2]!], ['/recording', cb.recording], ['/transcribe', cb.legacy]]);
    const c = await caseOf(callSid);
    const keyring = openKeyring(h.config);
    expect(openOpt(keyring, c.opened.text)).toBe('Bonjour, le chauffage ne fonctionne plus au 3175 rue Papineau. Il fait quinze degrés dans l’appartement, rappelez-moi.');
    expect(c.opened.source).toMatchObject({ connector: 'twilio', callSid, recordingSid: cb.recording.RecordingSid, recordingUrl: cb.recording.RecordingUrl, recordingDuration: 34, transcript: 'realtime' });
    expect(c.text_confidence).toBeCloseTo(88.5, 1);
    expect(openOpt(keyring, c.opened.contact.phone)).toBe('+18195550142');
    expect([...c.flags]).toContain('transcript-realtime');
    // Twilio's retries after the case exists: still one case, the state file gone.
    await send([['/recording', cb.recording], ['/transcription', rt[5]!], ['/transcribe', cb.legacy]]);
    await new Promise((r) => setTimeout(r, 300));
    const db = h.app.db;
    expect(Number((await db.one<{ n: number }>(`SELECT count(*) AS n FROM intakes WHERE idempotency_key = $1`, [`twilio:${callSid}`]))?.n)).toBe(1);
    expect(fs.existsSync(path.join(h.telephony.calls.dir, `${callSid}.sealed`))).toBe(false);
  });

  it('links a second voicemail from the same number to the same contact', async () => {
    const a = sid('CA');
    const b = sid('CA');
    for (const [callSid, from] of [[a, '+18195550177'], [b, '819-555-0177']] as const) {
      const cb = voicemail(callSid, from, ['Le déneigement du stationnement n’a pas été fait.']);
      await send([['/voice', cb.voice], ...cb.realtime.map((p) => ['/transcription', p] as [string, Params]), ['/recording', cb.recording]]);
    }
    const [ca, cbb] = [await caseOf(a), await caseOf(b)];
    expect(ca.contact_id).toBeTruthy();
    expect(ca.contact_id).toBe(cbb.contact_id);
  });

  it('turns a silent call (absent recording) into a call-back task due by the end of the next business day', async () => {
    const callSid = sid('CA');
    const cb = voicemail(callSid, '+18195550199', []);
    await send([['/voice', cb.voice], ['/voice/route?lang=fr', cb.voice], ['/recording', { ...cb.recording, RecordingStatus: 'absent', RecordingDuration: '0' }]]);
    const c = await caseOf(callSid);
    expect([...c.flags]).toEqual(expect.arrayContaining(['callback-only', 'recording-absent']));
    expect(openOpt(openKeyring(h.config), c.opened.text)).toBe('Appel sans message : rappeler le citoyen.');
    const due = (await h.deadlinesOf(c.case_id)).get('callback');
    // Left on Saturday Nov 28: the next business day is Monday Nov 30, due at its end (seed 004).
    expect(due && new Date(due).toISOString()).toBe('2026-12-01T04:59:59.000Z');
  });

  it('keeps a withheld number’s message as a case without a contact, and needs nothing for a withheld silent call', async () => {
    const msg = sid('CA');
    const cb = voicemail(msg, 'anonymous', ['Il y a des punaises de lit dans le logement 12.']);
    await send([['/voice', cb.voice], ...cb.realtime.map((p) => ['/transcription', p] as [string, Params]), ['/recording', cb.recording]]);
    const c = await caseOf(msg);
    expect([...c.flags]).toContain('caller-id-withheld');
    expect(c.contact_id).toBeNull();

    const silent = sid('CA');
    const s = voicemail(silent, '+266696687', []);
    expect(await (await h.post('/recording', { ...s.recording, RecordingStatus: 'absent', RecordingDuration: '0' })).json()).toEqual({ outcome: 'wait' }); // who called? not known yet
    await h.post('/voice', s.voice); // now known: withheld, and silent — no one to call back
    expect(h.telephony.ingested.get(silent)).toBe('skip');
    const retry = await h.post('/recording', { ...s.recording, RecordingStatus: 'absent', RecordingDuration: '0' });
    expect(await retry.json()).toEqual({ outcome: 'already' });
  });

  it('refuses forged, tampered and unsigned callbacks with 403 and records nothing', async () => {
    const callSid = sid('CA');
    const cb = voicemail(callSid, '+18195550123', ['Faux message.']);
    const before = await h.app.log.endOffsets(TOPICS.intake);
    const forged = [
      await h.post('/voice', cb.voice, { signature: null }),
      await h.post('/recording', cb.recording, { signature: 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=' }),
      await h.post('/recording', cb.recording, { signedUrl: 'https://evil.example/twilio/recording' }),
      await h.post('/recording', cb.recording, { signedUrl: `${PUBLIC_URL}/twilio/transcription` }),
      // Signed for the real parameters, sent with another transcript.
      await h.post('/transcription', cb.realtime[2]!, { body: new URLSearchParams({ ...cb.realtime[2]!, TranscriptionData: '{"transcript":"autre chose"}' }).toString() }),
    ];
    for (const res of forged) expect(res.status).toBe(403);
    expect(fs.existsSync(path.join(h.telephony.calls.dir, `${callSid}.sealed`))).toBe(false);
    expect(await h.app.log.endOffsets(TOPICS.intake)).toEqual(before);
    expect(h.telephony.ingested.get(callSid)).toBeUndefined();
  });

  it('answers 400 to a signed request without a valid CallSid (no file named after it)', async () => {
    expect((await h.post('/recording', { AccountSid: h.telephony.accountSid, CallSid: '../../etc/passwd' })).status).toBe(400);
  });
});
