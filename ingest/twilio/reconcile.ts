// Reconciliation: a webhook that never arrived (server down, network error, a 500) must not lose
// a voicemail. A node-cron job lists the account's recent recordings and legacy transcriptions
// through the Twilio REST API (Twilio docs: "Recording resource" — GET /Accounts/{Sid}/Recordings
// with DateCreated>, paged by next_page_uri; "Transcription resource"; "Call resource" for the
// caller's number) and feeds each call not yet in the ledger through the same step as the
// webhooks, forced once it is older than a grace period (webhooks still on their way get that
// long). Calls known only locally (the caller hung up before the beep and the call status
// callback was lost) are completed from the Call resource. Safe to run at any time, any number
// of times: the ledger and the deterministic ids make it idempotent.
import cron from 'node-cron';
import { DoleancesError, errorCode } from '../../core/errors.ts';
import { withCall, withLegacy, withRecording, withStatus, type Params } from './call-state.ts';
import { updateCall, type CallOutcome } from './ingest-call.ts';
import type { Telephony } from './telephony.ts';

export interface ReconcileOptions {
  /** node-cron expression; default every five minutes. */
  schedule?: string;
  /** How far back recordings are listed. */
  lookbackHours?: number;
  /** Recordings younger than this are left to their webhooks. */
  graceMinutes?: number;
  /** REST list page size (Twilio's maximum is 1000). */
  pageSize?: number;
}

export interface ReconcileReport {
  examined: number;
  outcomes: Record<string, CallOutcome['kind']>;
  /** CallSid → error code, for calls that could not be reconciled this time. */
  errors: Record<string, string>;
}

const API_HOST = 'https://api.twilio.com';

async function rest<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (cause) {
    const status = (cause as { status?: number }).status;
    throw new DoleancesError('TWILIO_UNAVAILABLE', `API REST Twilio (${what}) : ${status ?? (cause as Error).message}`, { cause, retriable: true });
  }
}

async function callParams(t: Telephony, callSid: string): Promise<Params> {
  const call = await rest('Calls', () => t.client.calls(callSid).fetch());
  return { CallSid: call.sid, AccountSid: call.accountSid, From: call.from ?? '', To: call.to ?? '', Direction: call.direction ?? '', CallStatus: call.status ?? '' };
}

export async function reconcileOnce(t: Telephony, opts: ReconcileOptions = {}): Promise<ReconcileReport> {
  const now = t.now();
  const since = new Date(now.getTime() - (opts.lookbackHours ?? 48) * 3_600_000);
  const grace = (opts.graceMinutes ?? 10) * 60_000;
  const report: ReconcileReport = { examined: 0, outcomes: {}, errors: {} };

  const recordings = await rest('Recordings', () => t.client.recordings.list({ dateCreatedAfter: since, pageSize: opts.pageSize ?? 100 }));
  const transcriptions = await rest('Transcriptions', () => t.client.transcriptions.list({ pageSize: opts.pageSize ?? 100, limit: 1000 }));
  const legacyOf = new Map(transcriptions.map((tr) => [tr.recordingSid, tr]));

  const remote = new Set(recordings.map((r) => r.callSid));
  const attempt = async (callSid: string, fn: () => Promise<CallOutcome | null>) => {
    report.examined++;
    try {
      const out = await fn();
      if (out) report.outcomes[callSid] = out.kind;
    } catch (err) {
      report.errors[callSid] = errorCode(err);
      t.logger.warn({ callSid, errorCode: errorCode(err) }, 'call not reconciled this time');
    }
  };

  for (const r of recordings) {
    // Only voicemails (<Record>); recordings of answered calls or conferences are not messages.
    if ((r.source && r.source !== 'RecordVerb') || !r.callSid || t.ingested.get(r.callSid)) continue;
    if (now.getTime() - new Date(r.dateCreated).getTime() < grace || r.status === 'processing') continue;
    await attempt(r.callSid, () => reconcileRecording(t, r, legacyOf.get(r.sid)));
  }

  // Calls known here with no recording: hung up before the beep, or answered by staff.
  for (const callSid of await t.calls.list()) {
    if (remote.has(callSid) || t.ingested.get(callSid)) continue;
    const s = await t.calls.get(callSid).catch(() => null);
    if (!s || s.recording || now.getTime() - new Date(s.updatedAt).getTime() < grace) continue;
    if (now.getTime() - new Date(s.createdAt).getTime() > (opts.lookbackHours ?? 48) * 3_600_000) {
      await t.calls.withLock(callSid, () => t.calls.remove(callSid));
      continue;
    }
    await attempt(callSid, async () => {
      const call = await callParams(t, callSid);
      if (!['completed', 'busy', 'no-answer', 'failed', 'canceled'].includes(call.CallStatus ?? '')) return null;
      return updateCall(t, callSid, (st, at) => withStatus(st.call?.From ? st : withCall(st, call, at), call, at), { via: 'reconciliation', force: true });
    });
  }
  return report;
}

type RecordingItem = Awaited<ReturnType<Telephony['client']['recordings']['list']>>[number];
type TranscriptionItem = Awaited<ReturnType<Telephony['client']['transcriptions']['list']>>[number];

async function reconcileRecording(t: Telephony, r: RecordingItem, tr: TranscriptionItem | undefined): Promise<CallOutcome> {
  const local = await t.calls.get(r.callSid);
  const call = local?.call?.From ? null : await callParams(t, r.callSid);
  const recording: Params = {
    CallSid: r.callSid,
    AccountSid: r.accountSid,
    RecordingSid: r.sid,
    RecordingUrl: `${API_HOST}${r.uri.replace(/\.json$/, '')}`,
    RecordingStatus: r.status,
    RecordingDuration: r.duration ?? '0',
    RecordingStartTime: new Date(r.startTime ?? r.dateCreated).toUTCString(),
    RecordingSource: r.source ?? 'RecordVerb',
  };
  const legacy: Params | null = tr ? { CallSid: r.callSid, RecordingSid: r.sid, TranscriptionSid: tr.sid, TranscriptionStatus: tr.status, TranscriptionText: tr.transcriptionText ?? '' } : null;
  return updateCall(
    t,
    r.callSid,
    (s, at) => {
      let next = call ? withCall(s, call, at) : s;
      next = withRecording(next, recording, at);
      return legacy ? withLegacy(next, legacy, at) : next;
    },
    { via: 'reconciliation', force: true },
  );
}

export interface Reconciliation {
  /** Runs a reconciliation now (also what the schedule runs); one at a time. */
  runNow(): Promise<ReconcileReport>;
  stop(): Promise<void>;
}

export function startTwilioReconciliation(t: Telephony, opts: ReconcileOptions & { runAtStart?: boolean } = {}): Reconciliation {
  let running: Promise<ReconcileReport> | null = null;
  const runNow = () => {
    running ??= reconcileOnce(t, opts)
      .then((report) => {
        const ingested = Object.values(report.outcomes).filter((k) => k === 'voicemail' || k === 'callback-only').length;
        if (ingested) t.logger.warn({ ingested, examined: report.examined }, 'voicemails recovered by reconciliation (webhooks missed)');
        return report;
      })
      .finally(() => (running = null));
    return running;
  };
  const tick = () =>
    runNow().catch((err: unknown) => {
      t.logger.error({ errorCode: errorCode(err) }, 'twilio reconciliation failed; next run will retry');
    });
  const task = cron.schedule(opts.schedule ?? '*/5 * * * *', tick, { name: 'twilio-reconciliation', noOverlap: true });
  if (opts.runAtStart !== false) void tick();
  return {
    runNow,
    async stop() {
      await task.destroy();
      await running?.catch(() => undefined);
    },
  };
}
