// End to end: a French voicemail left through Twilio, as the signed sequence of callbacks Twilio
// sends (voice webhook, route, real-time transcription, recording status, legacy transcription),
// becomes one routed case with its transcript and recording link, and the caller gets one SMS
// acknowledgement with the case number and the answer date (recorded by the fake Twilio API);
// redelivered events never send a second SMS; a number that takes no SMS keeps its call-back task.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../core/config.ts';
import { openKeyring } from '../../core/crypto/keyring.ts';
import { openOpt } from '../../core/crypto/sealed.ts';
import { TOPICS, type EventOf } from '../../core/events/schemas.ts';
import { readAll } from '../../core/log/read-all.ts';
import type { Subscription } from '../../core/log/types.ts';
import { readArchived } from '../../ingest/archive.ts';
import { Ledger } from '../../ingest/drop-folder/ledger.ts';
import { startSmsAckStage } from '../../ingest/twilio/sms-ack.ts';
import { caseIdFor } from '../../core/ids.ts';
import { formatDate } from '../../core/i18n/format.ts';
import { waitFor } from '../helpers/app.ts';
import { voicemail, type Params } from '../twilio/callbacks.ts';
import { ACCOUNT_SID, OUR_NUMBER, sid, startHarness, type Harness } from '../twilio/harness.ts';

let h: Harness;
let sms: Subscription | undefined;
const NOW = new Date('2026-11-25T23:50:00Z'); // a Wednesday evening, after hours
beforeAll(async () => {
  h = await startHarness({ now: () => NOW });
  sms = await startSmsAckStage(h.app.log, h.telephony);
});
afterAll(async () => {
  await sms?.stop();
  await h?.stop();
});

/** The real-time callbacks of examples/messagerie-vocale-gaz.json, for another call. */
function gasVoicemail(callSid: string): Params[] {
  const events = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'examples/messagerie-vocale-gaz.json'), 'utf8')) as Params[];
  return events.map((e) => ({ ...e, AccountSid: ACCOUNT_SID, CallSid: callSid }));
}

const send = async (all: [string, Params][]) => {
  for (const [p, params] of all) expect((await h.post(p, params)).status, p).toBe(200);
};

describe('voicemail through Twilio, end to end', () => {
  it('yields one routed case with transcript and recording, and one SMS acknowledgement', async () => {
    const callSid = sid('CA');
    const caller = '+18195550163';
    const cb = voicemail(callSid, caller, [], { at: new Date('2026-11-25T23:47:00Z') });
    const realtime = gasVoicemail(callSid);
    await send([
      ['/voice', cb.voice],
      ['/voice/route?lang=fr', cb.voice],
      ...realtime.map((p) => ['/transcription', p] as [string, Params]),
      ['/voice/recorded?lang=fr', { ...cb.voice, RecordingSid: cb.recording.RecordingSid!, RecordingUrl: cb.recording.RecordingUrl!, RecordingDuration: '34' }],
      ['/recording', cb.recording],
      ['/transcribe', cb.legacy],
    ]);
    const caseId = caseIdFor(`twilio:${callSid}`, '2026-11-25T23:47:02.316Z');
    const row = await waitFor(() => h.app.db.one<{ queue: string; urgency: string; text_confidence: number; status: string; ack_sent_at: string | null }>(`SELECT queue, urgency, text_confidence, status, ack_sent_at::VARCHAR AS ack_sent_at FROM cases WHERE case_id = $1 AND ack_sent_at IS NOT NULL`, [caseId]));
    expect(row.urgency).toBe('urgente'); // seed 000: gas, the same day
    expect(row.queue).toBeTruthy();
    expect(row.status).toBe('accuse_envoye');
    expect(row.text_confidence).toBeCloseTo(90, 0);

    const opened = (await h.openedByCall()).get(callSid)![0]!;
    const data = opened.data;
    const keyring = openKeyring(h.config);
    expect(openOpt(keyring, data.text)).toContain('Ça sent le gaz vraiment fort dans le corridor du deuxième étage');
    expect(data.source).toMatchObject({ connector: 'twilio', recordingUrl: cb.recording.RecordingUrl, recordingSid: cb.recording.RecordingSid, recordingDuration: 34 });
    // The archived original is the call's callbacks, readable again by ingest-file.
    const archived = JSON.parse((await readArchived(h.config.paths.archive, keyring, data.raw.sha256)).toString('utf8')) as Params[];
    expect(archived.filter((e) => e.TranscriptionEvent).length).toBe(realtime.length);

    expect(h.api.messages).toHaveLength(1);
    const m = h.api.messages[0]!;
    expect(m).toMatchObject({ to: caller, from: OUR_NUMBER });
    const answer = (await h.deadlinesOf(caseId)).get('answer')!;
    const answerDate = formatDate(answer, 'America/Toronto');
    expect(answerDate).toMatch(/^\d{1,2} (décembre 2026|janvier 2027)$/); // 30 days, past the holiday closure
    expect(m.body).toBe(`OMHTR : nous avons bien reçu votre message vocal. Dossier ${caseId}. Réponse au plus tard le ${answerDate}.`);
    const sent = await waitFor(async () => {
      let found: EventOf<'case.acknowledgement-sent.v1'> | undefined;
      await readAll(h.app.log, TOPICS.caseEvents, (records) => {
        for (const r of records) if ((r.value as { type: string }).type === 'case.acknowledgement-sent.v1' && (r.value as EventOf<'case.acknowledgement-sent.v1'>).data.caseId === caseId) found = r.value as EventOf<'case.acknowledgement-sent.v1'>;
      });
      return found;
    });
    expect(sent.data).toMatchObject({ via: 'sms', messageId: m.sid });
    expect(openOpt(keyring, sent.data.to)).toBe(caller);
    await waitFor(() => h.app.db.one(`SELECT 1 FROM deadlines WHERE case_id = $1 AND clock = 'acknowledgement' AND met_at IS NOT NULL`, [caseId]));
  });

  it('never sends a second SMS when the events are delivered again, even after a crash mid-send', async () => {
    // A crash after Twilio accepted a message but before its SID was recorded: only the intent is
    // in the ledger. The same events delivered again find the message through the Messages list.
    const callSid = sid('CA');
    const caller = '+18195550164';
    const caseId = caseIdFor(`twilio:${callSid}`, '2026-11-25T23:47:02.316Z');
    await sms!.stop();
    const ledger = new Ledger(path.join(h.telephony.stateDir, 'sms-sent.ledger'));
    ledger.record(caseId, `intent:${NOW.toISOString()}`);
    ledger.close();
    h.api.messages.push({ sid: 'SM00000000000000000000000000000001', to: caller, from: OUR_NUMBER, body: `OMHTR : … Dossier ${caseId}.`, date_sent: NOW.toUTCString(), status: 'sent' });
    sms = await startSmsAckStage(h.app.log, h.telephony);
    const cb = voicemail(callSid, caller, []);
    await send([['/voice', cb.voice], ...gasVoicemail(callSid).map((p) => ['/transcription', p] as [string, Params]), ['/recording', cb.recording]]);
    await waitFor(() => h.app.db.one(`SELECT 1 FROM cases WHERE case_id = $1 AND ack_sent_at IS NOT NULL`, [caseId]));
    expect(h.api.messages.filter((x) => x.to === caller)).toHaveLength(1);

    // Every case event delivered again to a second consumer group sharing the ledger: no new SMS.
    const before = h.api.messages.length;
    await sms!.stop();
    const replay = await startSmsAckStage(h.app.log, h.telephony, { group: 'sms-ack-replay' });
    await new Promise((r) => setTimeout(r, 1500));
    await replay.stop();
    sms = await startSmsAckStage(h.app.log, h.telephony);
    expect(h.api.messages.length).toBe(before);
  });

  it('keeps the caller’s number and words sealed everywhere on disk (state, ledgers, log, archive, warehouse)', async () => {
    const needles = ['8195550163', '819-555-0163', 'Kevin Doucet', 'Papineau', 'corridor du deuxième'];
    const files = (fs.readdirSync(h.config.dataDir, { recursive: true }) as string[]).map((f) => path.join(h.config.dataDir, f)).filter((f) => fs.statSync(f).isFile());
    expect(files.some((f) => f.includes(`${path.sep}twilio${path.sep}`))).toBe(true);
    for (const f of files) {
      const bytes = fs.readFileSync(f).toString('latin1');
      for (const n of needles) expect(bytes.includes(n), `${n} in ${path.relative(h.config.dataDir, f)}`).toBe(false);
    }
  });

  it('leaves the call-back task when the number takes no SMS (Twilio 21614) or is withheld', async () => {
    const landline = sid('CA');
    h.api.notSmsCapable.add('+18193780101');
    const hidden = sid('CA');
    for (const [callSid, from] of [[landline, '+18193780101'], [hidden, 'anonymous']] as const) {
      const cb = voicemail(callSid, from, []);
      await send([['/voice', cb.voice], ...gasVoicemail(callSid).map((p) => ['/transcription', p] as [string, Params]), ['/recording', cb.recording]]);
    }
    const landlineCase = caseIdFor(`twilio:${landline}`, '2026-11-25T23:47:02.316Z');
    const hiddenCase = caseIdFor(`twilio:${hidden}`, '2026-11-25T23:47:02.316Z');
    const ledger = () => fs.readFileSync(path.join(h.telephony.stateDir, 'sms-sent.ledger'), 'utf8');
    await waitFor(async () => ledger().includes(`${landlineCase}\tnot-capable:21614`) && ledger().includes(`${hiddenCase}\tskipped:`));
    for (const id of [landlineCase, hiddenCase]) {
      const c = await waitFor(() => h.app.db.one<{ ack_sent_at: string | null; ack_via: string }>(`SELECT ack_sent_at, ack_via FROM cases WHERE case_id = $1 AND ack_via IS NOT NULL`, [id]));
      expect(c).toMatchObject({ ack_sent_at: null, ack_via: 'callback' });
      const callback = await waitFor(() => h.app.db.one<{ met: boolean }>(`SELECT met_at IS NOT NULL AS met FROM deadlines WHERE case_id = $1 AND clock = 'callback'`, [id]));
      expect(callback.met).toBe(false);
    }
  });
});
