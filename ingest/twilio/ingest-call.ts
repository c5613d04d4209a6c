// One step for every callback of a call, whether it came by webhook or was recovered by the
// reconciliation job: under the call's lock, skip it if the CallSid is already in the ledger
// (Twilio retries, late legacy transcriptions), apply the update, save the state, and once the
// call is ready publish its intake. The archived original is the call's callbacks as JSON (the
// shape ingest/parse/twilio.ts reads), so the intake derives from bytes kept in the archive.
// Order: archive, publish, ledger, remove the state; a crash in between only repeats a publish
// whose ids are deterministic (idempotency key `twilio:<CallSid>`), which the store ignores.
import { errorCode, errorMessage } from '../../core/errors.ts';
import { publishEvents } from '../../core/events/publish.ts';
import type { DoleancesEvent } from '../../core/events/schemas.ts';
import { archiveBytes } from '../archive.ts';
import { buildIntakeDisposed, buildIntakeReceived } from '../intake.ts';
import { parseTwilio } from '../parse/twilio.ts';
import { payloadOf, type CallState } from './call-state.ts';
import { readiness, type Readiness } from './readiness.ts';
import type { Telephony } from './telephony.ts';

export type Via = 'webhook' | 'reconciliation';

export type CallOutcome =
  | { kind: 'already'; was: string }
  | Extract<Readiness, { kind: 'wait' | 'skip' }>
  | { kind: 'voicemail' | 'callback-only' | 'quarantine'; intakeId: string };

export async function updateCall(
  t: Telephony,
  callSid: string,
  update: (s: CallState, now: Date) => CallState,
  opts: { via: Via; force?: boolean },
): Promise<CallOutcome> {
  return t.calls.withLock(callSid, async () => {
    const was = t.ingested.get(callSid);
    if (was) return { kind: 'already', was };
    const now = t.now();
    const state = update(await t.calls.getOrNew(callSid, now), now);
    await t.calls.put(state);
    const r = readiness(state, { force: opts.force, legacyRequested: t.limits.legacyTranscription });
    if (r.kind === 'wait') return r;
    if (r.kind === 'skip') {
      t.ingested.record(callSid, 'skip');
      await t.calls.remove(callSid);
      t.logger.info({ callSid, reason: r.reason }, 'call needs nothing');
      return r;
    }
    const out = await publishCall(t, state, opts.via, now);
    t.ingested.record(callSid, `${out.kind}:${out.intakeId}`);
    await t.calls.remove(callSid);
    t.logger.info({ callSid, intakeId: out.intakeId, kind: out.kind, via: opts.via }, 'voicemail ingested');
    return out;
  });
}

async function publishCall(t: Telephony, s: CallState, via: Via, now: Date): Promise<{ kind: 'voicemail' | 'callback-only' | 'quarantine'; intakeId: string }> {
  const payload = payloadOf(s);
  const bytes = Buffer.from(`${JSON.stringify(payload, null, 2)}\n`);
  const raw = await archiveBytes(t.archiveRoot, t.keyring, bytes);
  const ctx = { keyring: t.keyring, profileId: t.profile.id, archiveRoot: t.archiveRoot, connector: via === 'webhook' ? 'twilio' : 'twilio-reconciliation' };
  let event: DoleancesEvent;
  let kind: 'voicemail' | 'callback-only' | 'quarantine';
  try {
    const parsed = parseTwilio(payload);
    parsed.receivedAt ??= s.createdAt;
    kind = parsed.flags.includes('callback-only') ? 'callback-only' : 'voicemail';
    event = await buildIntakeReceived(ctx, parsed, raw, 'application/json', { receivedVia: via }, now);
  } catch (err) {
    // Nothing readable (no CallSid, unreadable TranscriptionData): accounted for, never dropped.
    kind = 'quarantine';
    event = buildIntakeDisposed(ctx, {
      key: `twilio:${s.callSid}`,
      channel: 'voicemail',
      disposition: 'quarantine',
      reason: errorMessage(err),
      errorCode: errorCode(err),
      raw: { sha256: raw.sha256, size: raw.size, contentType: 'application/json' },
      quarantinePath: null,
      now,
    });
  }
  await publishEvents(t.log, [event]);
  return { kind, intakeId: event.data.intakeId };
}
