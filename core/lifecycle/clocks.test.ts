// The deadline clocks of each seed profile, recomputed from events across weekends, Québec
// holidays, the body's closures, pauses while waiting for the citizen, and extensions.
import { describe, expect, it } from 'vitest';
import type { BusinessCalendar } from '../calendar/business-calendar.ts';
import { calendarOf } from '../profiles/load.ts';
import type { Profile } from '../profiles/schema.ts';
import type { StoredEvent } from './case-state.ts';
import { clockStatus, computeClocks, type Clock } from './clocks.ts';
import { extend } from './commands/deadlines.ts';
import { ask, take } from './commands/handling.ts';
import { merge } from './commands/merge.ts';
import { runCaseCommand } from './commands/index.ts';
import { CaseRun, context, opening, profile, type Opening } from './test-kit.ts';

function clocksOf(p: Profile, o: Opening, more: { type: string; at: string; data: Record<string, unknown> }[] = [], cal: BusinessCalendar = calendarOf(p)) {
  const events = opening({ profileId: p.id, ...o });
  const caseId = (events[0]!.data as { caseId: string }).caseId;
  const all = [...events, ...more.map((m, i) => ({ id: `m${i}`, type: m.type, occurredAt: m.at, data: { caseId, ...m.data } }) as StoredEvent)];
  const out = Object.fromEntries(computeClocks(all, p, cal).map((c) => [c.clock, c])) as Record<string, Clock>;
  const day = (name: string) => (out[name] ? cal.localDate(out[name]!.dueAt) : undefined);
  return { out, day };
}

describe('clocks per seed profile', () => {
  it('OMH Trois-Rivières (seed 000): 3 business days across the Fête nationale, 30 days, urgent 24 h', () => {
    const omh = profile('omh-trois-rivieres');
    const { out, day } = clocksOf(omh, { receivedAt: '2026-06-23T14:00:00-04:00', urgency: 'urgente', urgencyReason: 'securite' });
    expect(day('acknowledgement')).toBe('2026-06-25');
    expect(day('followUp')).toBe('2026-06-29');
    expect(day('answer')).toBe('2026-07-23');
    expect(out.urgent!.dueAt).toBe('2026-06-24T18:00:00.000Z');
    expect(out.followUp!.rule).toMatch(/^3 jours ouvrables — seeds\/000/);
  });

  it('CJEF (seed 002): acknowledgement in 48 clock hours, answer in 10 business days across the holiday closure', () => {
    const { out, day } = clocksOf(profile('cjef'), { profileId: 'cjef', receivedAt: '2026-12-18T15:00:00-05:00', nature: 'delais', queue: 'direction-generale' });
    expect(out.acknowledgement!.dueAt).toBe('2026-12-20T20:00:00.000Z');
    expect(day('answer')).toBe('2027-01-18');
    expect(out.followUp).toBeUndefined();
  });

  it('MAMH (seed 001): Good Friday and Easter Monday are not business days', () => {
    const { day } = clocksOf(profile('mamh'), { profileId: 'mamh', receivedAt: '2026-04-02T09:00:00-04:00', nature: 'erreur', queue: 'responsable-plaintes' });
    expect(day('acknowledgement')).toBe('2026-04-08');
    expect(day('answer')).toBe('2026-05-04');
  });

  it('Mont-Saint-Hilaire (seed 004): a voicemail before the holiday closure is called back the next business day after it', () => {
    const { out, day } = clocksOf(profile('ville-mont-saint-hilaire'), { profileId: 'ville-mont-saint-hilaire', receivedAt: '2026-12-23T17:00:00-05:00', channel: 'voicemail', nature: 'voirie', queue: 'travaux-publics' });
    expect(day('callback')).toBe('2027-01-04');
    expect(day('acknowledgement')).toBe('2027-01-04');
    expect(day('answer')).toBe('2027-01-29');
    expect(out.callback!.rule).toMatch(/seeds\/004/);
  });
});

describe('pauses, interventions, extensions', () => {
  const omh = profile('omh-trois-rivieres');

  it('waiting for the citizen stops the answer clock for the days it lasted; the request itself is the follow-up', () => {
    const { out, day } = clocksOf(omh, { receivedAt: '2026-06-23T14:00:00-04:00' }, [
      { type: 'case.info-requested.v1', at: '2026-06-25T10:00:00-04:00', data: { actor: 'a', reason: 'r', question: null, via: 'letter' } },
      { type: 'case.citizen-answered.v1', at: '2026-07-02T10:00:00-04:00', data: { actor: 'a', at: '2026-07-02T10:00:00-04:00', messageId: null } },
    ]);
    expect(out.followUp!.metAt).toBe('2026-06-25T10:00:00-04:00');
    expect(out.answer!.pausedUnits).toBe(7);
    expect(day('answer')).toBe('2026-07-30');
  });

  it('a business-day clock pauses in business days, and shows suspended while waiting', () => {
    const mamh = profile('mamh');
    const pending = clocksOf(mamh, { profileId: 'mamh', receivedAt: '2026-04-02T09:00:00-04:00', nature: 'erreur', queue: 'responsable-plaintes' }, [
      { type: 'case.info-requested.v1', at: '2026-04-09T10:00:00-04:00', data: { actor: 'a', reason: 'r', question: null, via: 'email' } },
    ]);
    expect(pending.out.answer!.pausedSince).toBe('2026-04-09T10:00:00-04:00');
    expect(clockStatus(pending.out.answer!, new Date('2026-06-01T12:00:00Z'))).toBe('suspendu');
    // Thursday April 9 → Thursday April 16: 5 business days (10, 13, 14, 15, 16).
    const resumed = clocksOf(mamh, { profileId: 'mamh', receivedAt: '2026-04-02T09:00:00-04:00', nature: 'erreur', queue: 'responsable-plaintes' }, [
      { type: 'case.info-requested.v1', at: '2026-04-09T10:00:00-04:00', data: { actor: 'a', reason: 'r', question: null, via: 'email' } },
      { type: 'case.citizen-answered.v1', at: '2026-04-16T08:00:00-04:00', data: { actor: 'a', at: '2026-04-16T08:00:00-04:00', messageId: null } },
    ]);
    expect(resumed.out.answer!.pausedUnits).toBe(5);
    expect(resumed.day('answer')).toBe('2026-05-11');
  });

  it('an extension records its justification, notifies the complainant (seed 000), and later pauses still count', () => {
    const run = new CaseRun(opening({ receivedAt: '2026-06-23T14:00:00-04:00' }), omh);
    const now = '2026-07-20T10:00:00-04:00';
    run.do((s) => take(s, context(omh, now)));
    const ev = run.do((s) => extend(s, context(omh, now), { until: '2026-08-14', justification: 'Expertise du Service des immeubles attendue' }));
    expect(ev.map((e) => e.type)).toEqual(['case.deadline-extended.v1', 'case.extension-notice-due.v1']);
    expect(ev[0]!.data).toMatchObject({ clock: 'answer', previousDueAt: '2026-07-24T03:59:59.000Z', newDueAt: '2026-08-15T03:59:59.000Z' });
    // The notice is due by the end of the next business day, before the original 30 days lapse.
    expect(ev[1]!.data).toMatchObject({ dueAt: '2026-07-22T03:59:59.000Z', via: 'email' });
    let answer = run.snap.clocks.find((c) => c.clock === 'answer')!;
    expect(answer).toMatchObject({ dueAt: '2026-08-15T03:59:59.000Z', extensionReason: 'Expertise du Service des immeubles attendue' });
    run.do((s) => ask(s, context(omh, '2026-08-03T10:00:00-04:00'), { reason: 'Photos demandées' }));
    run.do((s) => runCaseCommand('answered', s, context(omh, '2026-08-06T10:00:00-04:00'), {}));
    answer = run.snap.clocks.find((c) => c.clock === 'answer')!;
    expect(calendarOf(omh).localDate(answer.dueAt)).toBe('2026-08-17'); // +3 days → Monday 17 (the 14 + 3 = Monday)
    expect(() => extend(run.snap, context(omh, now), { until: '2026-08-23', justification: 'Un dimanche, pas un jour ouvrable' })).toThrow(/jour ouvrable/);
    expect(() => extend(run.snap, context(omh, now), { until: '2026-09-01', justification: 'court' })).toThrow(/justification/);
  });

  it('a staff reclassification as urgent starts the urgent clock then; reopening restarts the answer clock', () => {
    const run = new CaseRun(opening({ receivedAt: '2026-11-23T09:00:00-05:00', nature: 'entretien', kind: 'requete', queue: 'service-immeubles' }), omh);
    run.do((s) => runCaseCommand('reclassify', s, context(omh, '2026-11-24T15:00:00-05:00'), { urgency: 'urgente', urgencyReason: 'sinistre', reason: 'Fuite de gaz signalée' }));
    expect(run.snap.clocks.find((c) => c.clock === 'urgent')).toMatchObject({ startedAt: '2026-11-24T20:00:00.000Z', dueAt: '2026-11-25T20:00:00.000Z' });
    run.do((s) => runCaseCommand('answer', s, context(omh, '2026-11-25T09:00:00-05:00'), { text: 'Technicien envoyé.' }));
    run.do((s) => runCaseCommand('close', s, context(omh, '2026-11-25T10:00:00-05:00'), { reason: 'Réparé' }));
    expect(run.snap.clocks.every((c) => c.clock === 'acknowledgement' || c.metAt)).toBe(true);
    run.do((s) => runCaseCommand('reopen', s, context(omh, '2026-12-01T10:00:00-05:00'), { reason: 'La fuite a repris' }));
    const answer = run.snap.clocks.find((c) => c.clock === 'answer')!;
    expect(answer).toMatchObject({ startedAt: '2026-12-01T15:00:00.000Z', metAt: null });
    // 30 days fall on December 31, inside the OMH's holiday closure (to January 4): the next business day.
    expect(calendarOf(omh).localDate(answer.dueAt)).toBe('2027-01-05');
  });

  it('a merged duplicate stops its running clocks (a paused one too), neither met nor late; the kept case keeps its own', () => {
    const kept = new CaseRun(opening({ receivedAt: '2026-06-22T10:00:00-04:00', urgency: 'urgente', urgencyReason: 'securite' }), omh);
    const dup = new CaseRun(opening({ receivedAt: '2026-06-23T14:00:00-04:00', urgency: 'urgente', urgencyReason: 'securite' }), omh);
    dup.do((s) => ask(s, context(omh, '2026-06-25T10:00:00-04:00'), { reason: 'Préciser l’adresse' }));
    const before = Object.fromEntries(kept.snap.clocks.map((c) => [c.clock, c]));
    const at = '2026-06-29T11:00:00-04:00';
    const [onDup, onKept] = merge(dup.snap, kept.snap, context(omh, at), { reason: 'Même signalement, reçu deux fois' });
    dup.events.push(onDup as never);
    kept.events.push(onKept as never);
    const stopped = Object.fromEntries(dup.snap.clocks.map((c) => [c.clock, c]));
    // The follow-up and the urgency were met by the question (an intervention); the others stop at the merge.
    const iso = (s: string) => new Date(s).toISOString();
    expect(stopped.followUp).toMatchObject({ metAt: iso('2026-06-25T10:00:00-04:00'), stoppedAt: null });
    expect(stopped.urgent).toMatchObject({ metAt: iso('2026-06-25T10:00:00-04:00'), stoppedAt: null });
    expect(stopped.acknowledgement).toMatchObject({ metAt: null, stoppedAt: iso(at) });
    // The answer clock was waiting for the citizen: the wait ends at the merge (June 25 → 29, four calendar days).
    expect(stopped.answer).toMatchObject({ metAt: null, stoppedAt: iso(at), pausedSince: null, pausedUnits: 4 });
    for (const c of [stopped.acknowledgement!, stopped.answer!]) expect(clockStatus(c, new Date('2026-12-01T12:00:00Z'))).toBe('arrete');
    expect(Object.fromEntries(kept.snap.clocks.map((c) => [c.clock, c]))).toEqual(before);
  });

  it('a corrected calendar applies on recompute, and the state follows an injected now', () => {
    const omh2: Profile = { ...omh, calendar: { ...omh.calendar, closures: [...omh.calendar.closures, { from: '2026-06-29', to: '2026-06-30', label: 'Déménagement des bureaux' }] } };
    const before = clocksOf(omh, { receivedAt: '2026-06-23T14:00:00-04:00' });
    const after = clocksOf(omh2, { receivedAt: '2026-06-23T14:00:00-04:00' }, [], calendarOf(omh2));
    expect(before.day('followUp')).toBe('2026-06-29');
    expect(after.day('followUp')).toBe('2026-07-02'); // 25, 26, then Canada Day and the two closure days are skipped
    const f = before.out.followUp!;
    expect(clockStatus(f, new Date('2026-06-26T12:00:00Z'))).toBe('en_cours');
    expect(clockStatus(f, new Date('2026-06-29T12:00:00Z'))).toBe('echeance_proche');
    expect(clockStatus(f, new Date('2026-06-30T12:00:00Z'))).toBe('en_retard');
    expect(clockStatus({ ...f, metAt: '2026-06-30T12:00:00Z' }, new Date())).toBe('respecte_en_retard');
  });
});
