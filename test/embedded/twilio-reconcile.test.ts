// Reconciliation: webhooks are dropped (server down for an hour, a recording status callback
// lost) and every voicemail still becomes exactly one case, recovered through the Twilio REST API
// (the local fake, paged), whatever was or wasn't received; running it again changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openOpt } from '../../core/crypto/sealed.ts';
import { openKeyring } from '../../core/crypto/keyring.ts';
import { reconcileOnce, startTwilioReconciliation } from '../../ingest/twilio/reconcile.ts';
import { waitFor } from '../helpers/app.ts';
import { voicemail, type Params } from '../twilio/callbacks.ts';
import { OUR_NUMBER, sid, startHarness, type Harness } from '../twilio/harness.ts';

let h: Harness;
let clock = new Date('2026-11-28T15:00:00Z');
beforeAll(async () => {
  h = await startHarness({ now: () => clock });
});
afterAll(async () => h?.stop());

const minutesAgo = (m: number) => new Date(clock.getTime() - m * 60_000);
const send = async (all: [string, Params][]) => {
  for (const [p, params] of all) expect((await h.post(p, params)).status).toBe(200);
};

/** Per CallSid: how many distinct cases, and what the case.opened event says (from the log). */
async function casesByCall(): Promise<Map<string, { n: number; flags: string[]; text: string; receivedAt: number; source: Record<string, unknown> }>> {
  const keyring = openKeyring(h.config);
  const out = new Map<string, { n: number; flags: string[]; text: string; receivedAt: number; source: Record<string, unknown> }>();
  for (const [callSid, events] of await h.openedByCall()) {
    const d = events[0]!.data;
    const stored = await h.app.db.one(`SELECT case_id FROM cases WHERE case_id = $1`, [d.caseId]);
    if (!stored) continue;
    out.set(callSid, { n: new Set(events.map((e) => e.data.caseId)).size, flags: d.flags, text: openOpt(keyring, d.text) ?? '', receivedAt: new Date(d.receivedAt).getTime(), source: d.source });
  }
  return out;
}

describe('Twilio reconciliation', () => {
  const calls = { delivered: sid('CA'), lostRecording: sid('CA'), downLegacy: sid('CA'), downLong: sid('CA'), downSilent: sid('CA'), fresh: sid('CA'), dialRecording: sid('CA') };

  it('recovers every voicemail whose webhooks were lost, once', async () => {
    // 1. Everything delivered: a case by webhook; the REST API lists its recording too.
    const a = voicemail(calls.delivered, '+18195550201', ['Le bruit des voisins continue toutes les nuits.'], { at: minutesAgo(60) });
    await send([['/voice', a.voice], ...a.realtime.map((p) => ['/transcription', p] as [string, Params]), ['/recording', a.recording]]);
    h.api.addRecording({ callSid: calls.delivered, createdAt: minutesAgo(59), duration: 34 });
    // 2. Transcript received, recording status callback lost.
    const b = voicemail(calls.lostRecording, '+18195550202', ['La porte du garage est brisée depuis lundi.'], { at: minutesAgo(50) });
    await send([['/voice', b.voice], ...b.realtime.map((p) => ['/transcription', p] as [string, Params])]);
    h.api.addRecording({ callSid: calls.lostRecording, createdAt: minutesAgo(49), duration: 25 });
    // 3–5. Server down for an hour (Twilio served the voicemail TwiML from the fallback URL):
    // nothing at all reached us. A legacy transcript, a message too long for one, a silent call.
    for (const [callSid, from] of [[calls.downLegacy, '+18195550203'], [calls.downLong, '+18195550204'], [calls.downSilent, '+18195550205']] as const) h.api.addCall(callSid, from, OUR_NUMBER);
    const legacyRec = h.api.addRecording({ callSid: calls.downLegacy, createdAt: minutesAgo(40), duration: 40 });
    h.api.addTranscription(legacyRec, 'Hello, the elevator in building 4 has been broken since Monday.');
    h.api.addRecording({ callSid: calls.downLong, createdAt: minutesAgo(30), duration: 170 });
    h.api.addRecording({ callSid: calls.downSilent, createdAt: minutesAgo(20), duration: 0, status: 'absent' });
    // Not voicemail: the recording of an answered, forwarded call. Too fresh: left to its webhooks.
    h.api.addRecording({ callSid: calls.dialRecording, createdAt: minutesAgo(15), source: 'DialVerb' });
    h.api.addCall(calls.fresh, '+18195550206', OUR_NUMBER);
    h.api.addRecording({ callSid: calls.fresh, createdAt: minutesAgo(2), duration: 12 });

    const report = await reconcileOnce(h.telephony, { pageSize: 2 });
    expect(report.errors).toEqual({});
    expect(report.outcomes).toEqual({ [calls.lostRecording]: 'voicemail', [calls.downLegacy]: 'voicemail', [calls.downLong]: 'voicemail', [calls.downSilent]: 'callback-only' });
    // Paged: four pages of recordings at two per page.
    expect(h.api.requests.filter((r) => r.path.endsWith('/Recordings.json')).length).toBe(4);

    const cases = await waitFor(async () => {
      const m = await casesByCall();
      return m.size === 5 && m;
    });
    for (const [, c] of cases) expect(c.n).toBe(1);
    expect(cases.get(calls.lostRecording)).toMatchObject({ text: 'La porte du garage est brisée depuis lundi.', flags: ['transcript-realtime'] });
    expect(cases.get(calls.lostRecording)?.source).toMatchObject({ connector: 'twilio-reconciliation', recordingDuration: 25, recordingUrl: expect.stringMatching(/^https:\/\/api\.twilio\.com\/2010-04-01\/Accounts\/AC[0-9a-f]{32}\/Recordings\/RE[0-9a-f]{32}$/) });
    expect(cases.get(calls.downLegacy)).toMatchObject({ text: 'Hello, the elevator in building 4 has been broken since Monday.', flags: ['transcript-legacy'] });
    // The case dates from the call, not from its recovery (deadlines run from the call).
    expect(cases.get(calls.downLegacy)?.receivedAt).toBe(Math.floor(minutesAgo(40).getTime() / 1000) * 1000);
    expect(cases.get(calls.downLong)?.flags).toEqual(['transcript-missing']);
    expect(cases.get(calls.downSilent)?.flags).toEqual(['callback-only', 'recording-absent']);
  });

  it('changes nothing when run again, and takes the fresh recording once its grace period is over', async () => {
    const again = await reconcileOnce(h.telephony, { pageSize: 2 });
    expect(again.outcomes).toEqual({});
    clock = new Date(clock.getTime() + 15 * 60_000);
    const later = await reconcileOnce(h.telephony, { pageSize: 2 });
    expect(later.outcomes).toEqual({ [calls.fresh]: 'voicemail' });
    const cases = await waitFor(async () => {
      const m = await casesByCall();
      return m.size === 6 && m;
    });
    for (const [, c] of cases) expect(c.n).toBe(1);
    const intakes = await h.app.db.all<{ k: string; n: number }>(`SELECT idempotency_key AS k, count(*) AS n FROM intakes GROUP BY 1 HAVING count(*) > 1`);
    expect(intakes).toEqual([]);
  });

  it('completes a call that hung up before the beep when its status callback was lost', async () => {
    const callSid = sid('CA');
    const c = voicemail(callSid, '+18195550207', [], { at: minutesAgo(30) });
    await send([['/voice', c.voice]]);
    h.api.addCall(callSid, '+18195550207', OUR_NUMBER, 'completed');
    clock = new Date(clock.getTime() + 15 * 60_000);
    const report = await reconcileOnce(h.telephony);
    expect(report.outcomes[callSid]).toBe('callback-only');
    const cases = await waitFor(async () => (await casesByCall()).get(callSid));
    expect(cases.flags).toEqual(['callback-only', 'hangup-before-message']);
  });

  it('runs on its node-cron schedule and stops cleanly', async () => {
    const callSid = sid('CA');
    h.api.addCall(callSid, '+18195550208', OUR_NUMBER);
    const rec = h.api.addRecording({ callSid, createdAt: minutesAgo(30), duration: 20 });
    h.api.addTranscription(rec, 'Please call me back about my rent.');
    const job = startTwilioReconciliation(h.telephony, { schedule: '* * * * * *', runAtStart: false });
    try {
      await waitFor(async () => h.telephony.ingested.get(callSid), 10_000);
    } finally {
      await job.stop();
    }
    expect(h.telephony.ingested.get(callSid)).toMatch(/^voicemail:/);
  });
});
