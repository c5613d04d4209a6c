// The lifecycle as a state machine: every status and action of the table, invalid transitions
// refused in French with CASE_TRANSITION_INVALID, and the rules of seeds 000 and 001 the commands
// enforce (judgement criteria, closing after the answer, referral table, steps, anonymity).
import { describe, expect, it } from 'vitest';
import { CASE_STATUSES } from '../events/schemas.ts';
import { DoleancesError } from '../errors.ts';
import { answer, ask, close, drop, escalate, judge, merge, note, redirect, reopen, reveal, take, view, wallOff } from './commands/index.ts';
import { runCaseCommand, runMergeCommand } from './commands/index.ts';
import { ACTIONS, CLOSED_STATUSES, MERGED_STATUS, TRANSITIONS, isClosed, statusAfter, transition } from './state-machine.ts';
import { agent, CaseRun, context, opening, profile, responsable } from './test-kit.ts';

const omh = profile('omh-trois-rivieres');
const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return (err as DoleancesError).code;
  }
  return 'ok';
};

describe('state machine', () => {
  it('covers every status and action, and only reopening leaves a closed status (besides notes, views)', () => {
    for (const a of ACTIONS) for (const s of TRANSITIONS[a].from) expect(CASE_STATUSES).toContain(s);
    for (const s of CLOSED_STATUSES) {
      const allowed = ACTIONS.filter((a) => TRANSITIONS[a].from.includes(s));
      expect(allowed.sort()).toEqual(['note', 'reopen', 'reveal', 'view', 'wall-off'].sort());
      expect(transition('X', s, 'reopen')).toBe('rouverte');
    }
  });

  it('ends a merged duplicate in « fusionne »: terminal, entered by merging only, never named by a status change', () => {
    const allowed = ACTIONS.filter((a) => TRANSITIONS[a].from.includes(MERGED_STATUS));
    expect(allowed.sort()).toEqual(['note', 'reveal', 'view', 'wall-off'].sort());
    expect(isClosed(MERGED_STATUS)).toBe(true);
    // case.status-changed.v1 keeps the statuses it was published with: no move enters or leaves « fusionne » but merge.
    for (const a of ACTIONS) for (const from of TRANSITIONS[a].from) {
      const to = transition('X', from, a);
      if (to === from) continue;
      expect(from).not.toBe(MERGED_STATUS);
      if (to === MERGED_STATUS) expect(a).toBe('merge');
    }
    expect(statusAfter('en_traitement', { type: 'case.merged.v1', data: {} as never })).toBe('fusionne');
    expect(statusAfter('en_traitement', { type: 'case.duplicate-attached.v1', data: {} as never })).toBe('en_traitement');
  });

  it('refuses an invalid transition with a stable code and a French message naming the states', () => {
    const err = (() => {
      try {
        transition('2026-ABCDE-FGHJK', 'recue', 'close');
      } catch (e) {
        return e as DoleancesError;
      }
    })()!;
    expect(err.code).toBe('CASE_TRANSITION_INVALID');
    expect(err.message).toBe('Impossible de fermer : le dossier 2026-ABCDE-FGHJK est « Reçue » (permis depuis : « Réponse envoyée »).');
  });

  it('derives the status from events as the projector does', () => {
    expect(statusAfter(null, { type: 'case.opened.v1', data: {} as never })).toBe('recue');
    expect(statusAfter('recue', { type: 'case.acknowledgement-sent.v1', data: {} as never })).toBe('accuse_envoye');
    expect(statusAfter('en_traitement', { type: 'case.acknowledgement-sent.v1', data: {} as never })).toBe('en_traitement');
    expect(statusAfter('en_traitement', { type: 'case.closed.v1', data: { outcome: 'irrecevable' } as never })).toBe('irrecevable');
  });
});

describe('case commands (seeds 000 and 001)', () => {
  const at = '2026-11-23T10:00:00-05:00';

  it('takes, asks, answers, judges and closes a complaint, each event with who and why', () => {
    const run = new CaseRun(opening({ receivedAt: '2026-11-23T09:00:00-05:00' }), omh);
    expect(run.do((s) => take(s, context(omh, at))).map((e) => e.type)).toEqual(['case.status-changed.v1', 'case.assigned.v1']);
    expect(run.snap.state).toMatchObject({ status: 'en_traitement', assignee: agent.id });
    run.do((s) => ask(s, context(omh, at), { reason: 'Préciser les heures du bruit', question: 'À quelles heures ?' }));
    expect(run.snap.state.status).toBe('en_attente_citoyen');
    expect(code(() => close(run.snap, context(omh, at), { reason: 'x' }))).toBe('CASE_TRANSITION_INVALID');
    run.do((s) => runCaseCommand('answered', s, context(omh, at), {}));
    run.do((s) => answer(s, context(omh, at), { text: 'Un premier avis a été remis au voisin.' }));
    // Seed 001: the judgement comes before closing a complaint.
    expect(code(() => close(run.snap, context(omh, at, responsable), { reason: 'Réglé' }))).toBe('CASE_ACTION_INVALID');
    run.do((s) => judge(s, context(omh, at, responsable), { finding: 'fondee', criteria: ['normes_service'], reason: 'Bruit constaté par le concierge' }));
    const closed = run.do((s) => close(s, context(omh, at, responsable), { reason: 'Réponse écrite envoyée' }));
    expect(closed.find((e) => e.type === 'case.closed.v1')?.data).toMatchObject({ outcome: 'fondee', criteria: ['normes_service'], actor: responsable.id });
    expect(run.snap.state.status).toBe('fermee');
    for (const e of run.events.slice(3)) expect((e.data as { actor?: string }).actor).toMatch(/^agent:/);
  });

  it('checks the judgement against seed 001 criteria', () => {
    const run = new CaseRun(opening({ receivedAt: at }), omh);
    run.do((s) => take(s, context(omh, at)));
    const ctx = context(omh, at, responsable);
    expect(code(() => judge(run.snap, ctx, { finding: 'non_fondee', criteria: ['erreur'], reason: 'x' }))).toBe('CASE_ACTION_INVALID');
    expect(code(() => judge(run.snap, ctx, { finding: 'fondee', criteria: ['aucun_prejudice'], reason: 'x' }))).toBe('CASE_ACTION_INVALID');
    expect(code(() => judge(run.snap, ctx, { finding: 'fondee', criteria: ['inventé'], reason: 'x' }))).toBe('CASE_ACTION_INVALID');
    expect(code(() => judge(run.snap, ctx, { finding: 'non_fondee', criteria: ['aucun_prejudice'], reason: 'Aucun préjudice démontré' }))).toBe('ok');
    const request = new CaseRun(opening({ receivedAt: at, kind: 'requete', nature: 'entretien' }), omh);
    request.do((s) => take(s, context(omh, at)));
    expect(code(() => judge(request.snap, ctx, { finding: 'fondee', criteria: ['erreur'], reason: 'x' }))).toBe('CASE_ACTION_INVALID');
  });

  it('redirects only to a body of the referral table, and an anonymous complaint can be dropped, not asked', () => {
    const run = new CaseRun(opening({ receivedAt: at }), omh);
    expect(code(() => redirect(run.snap, context(omh, at), { body: 'Hydro-Québec', consent: true, reason: 'x' }))).toBe('CASE_ACTION_INVALID');
    const ev = redirect(run.snap, context(omh, at), { body: 'ville de trois-rivières', consent: true, reason: 'Rue municipale' });
    expect(ev.map((e) => e.type)).toEqual(['case.status-changed.v1', 'case.referred.v1', 'case.closed.v1']);
    expect(ev[1]!.data).toMatchObject({ body: 'Ville de Trois-Rivières', url: 'https://www.v3r.net', consent: true });
    const anon = new CaseRun(opening({ receivedAt: at, anonymous: true }), omh);
    expect(code(() => ask(anon.snap, context(omh, at), { reason: 'Vérifier les faits' }))).toBe('CASE_ACTION_INVALID');
    expect(drop(anon.snap, context(omh, at), { reason: 'Plainte anonyme, faits invérifiables (seed 001)' })[1]!.data).toMatchObject({ outcome: 'classee_sans_suite', criteria: ['anonyme'] });
  });

  it('follows the neighbour-behaviour steps forward only, for the natures that have them', () => {
    const run = new CaseRun(opening({ receivedAt: at }), omh);
    run.do((s) => escalate(s, context(omh, at), { step: 'sensibilisation', reason: 'Accroche-porte' }));
    expect(run.snap.state).toMatchObject({ status: 'en_traitement', escalationStep: 'sensibilisation' });
    run.do((s) => escalate(s, context(omh, at), { step: 'premier_avis', reason: 'Le bruit continue' }));
    expect(code(() => escalate(run.snap, context(omh, at), { step: 'enquete', reason: 'x' }))).toBe('CASE_ACTION_INVALID');
    const snow = new CaseRun(opening({ receivedAt: at, nature: 'deneigement', queue: 'service-immeubles' }), omh);
    expect(code(() => escalate(snow.snap, context(omh, at), { step: 'enquete', reason: 'x' }))).toBe('CASE_ACTION_INVALID');
  });

  it('protects identity: reveal needs an authorised role and a written reason; a walled-off employee is refused', () => {
    const run = new CaseRun(opening({ receivedAt: at }), omh);
    expect(code(() => reveal(run.snap, context(omh, at, agent), { reason: 'Besoin de rappeler la personne' }))).toBe('CASE_ROLE_REQUIRED');
    expect(code(() => reveal(run.snap, context(omh, at, responsable), { reason: 'court' }))).toBe('CASE_ROLE_REQUIRED');
    expect(reveal(run.snap, context(omh, at, responsable), { reason: 'Rappeler la plaignante pour une visite', fields: ['phone'] })[0]!.data).toMatchObject({ role: 'responsable_plaintes', fields: ['phone'] });
    run.do((s) => take(s, context(omh, at, agent)));
    const walled = run.do((s) => wallOff(s, context(omh, at, responsable), { employee: agent.id, reason: 'Employé visé par la plainte' }));
    expect(walled.map((e) => e.type)).toEqual(['case.walled-off.v1', 'case.assigned.v1']);
    expect(run.snap.state.assignee).toBeNull();
    expect(code(() => view(run.snap, context(omh, at, agent)))).toBe('CASE_WALLED_OFF');
    expect(code(() => runCaseCommand('assign', run.snap, context(omh, at, responsable), { assignee: agent.id, reason: 'x' }))).toBe('CASE_ACTION_INVALID');
  });

  it('reopens a closed case, and validates raw arguments naming the field', () => {
    const run = new CaseRun(opening({ receivedAt: at, kind: 'requete', nature: 'entretien' }), omh);
    run.do((s) => answer(s, context(omh, at), { text: 'Le plombier passera jeudi.' }));
    run.do((s) => runCaseCommand('close', s, context(omh, at), { reason: 'Réparé' }));
    expect(run.snap.state).toMatchObject({ status: 'fermee', outcome: 'reglee' });
    run.do((s) => reopen(s, context(omh, at), { reason: 'Le robinet coule encore' }));
    expect(run.snap.state).toMatchObject({ status: 'rouverte', closedAt: null });
    expect(() => runCaseCommand('note', run.snap, context(omh, at), {})).toThrow(/text : obligatoire/);
    expect(() => runCaseCommand('explode', run.snap, context(omh, at), {})).toThrow(/inconnue/);
  });

  it('merges a duplicate into the case kept: one event in each file, the duplicate ends merged, the kept case lists it', () => {
    const kept = new CaseRun(opening({ receivedAt: '2026-11-20T09:00:00-05:00' }), omh);
    const dup = new CaseRun(opening({ receivedAt: at, channel: 'fax' }), omh);
    dup.do((s) => take(s, context(omh, at)));
    const events = runMergeCommand(dup.snap, kept.snap, context(omh, at), { reason: 'Même plainte reçue par télécopie' });
    expect(events.map((e) => [e.type, e.data.caseId])).toEqual([['case.merged.v1', dup.snap.state.caseId], ['case.duplicate-attached.v1', kept.snap.state.caseId]]);
    expect(events[0]!.data).toEqual({ caseId: dup.snap.state.caseId, intoCaseId: kept.snap.state.caseId, actor: agent.id, reason: 'Même plainte reçue par télécopie' });
    expect(events[1]!.data).toEqual({ caseId: kept.snap.state.caseId, duplicateCaseId: dup.snap.state.caseId, actor: agent.id, reason: 'Même plainte reçue par télécopie' });
    expect(new Set(events.map((e) => `${e.correlationId}|${e.occurredAt}`)).size).toBe(1);
    dup.events.push(events[0] as never);
    kept.events.push(events[1] as never);
    expect(dup.snap.state).toMatchObject({ status: 'fusionne', mergedInto: kept.snap.state.caseId, outcome: 'fusionne', closedAt: new Date(at).toISOString(), pausedSince: null });
    expect(kept.snap.state).toMatchObject({ status: 'recue', duplicates: [dup.snap.state.caseId], closedAt: null });
    // The duplicate's file stays writable for notes; nothing else moves it.
    expect(code(() => note(dup.snap, context(omh, at), { text: 'Appel de la citoyenne : même dossier.' }))).toBe('ok');
    expect(code(() => take(dup.snap, context(omh, at)))).toBe('CASE_TRANSITION_INVALID');
  });

  it('refuses a merge into itself, twice, into a closed or merged case, without a reason, or by a walled-off employee; a merged case is not reopened', () => {
    const a = new CaseRun(opening({ receivedAt: at }), omh);
    const b = new CaseRun(opening({ receivedAt: at }), omh);
    const c = new CaseRun(opening({ receivedAt: at }), omh);
    const ctx = context(omh, at, responsable);
    const why = { reason: 'Doublon' };
    expect(code(() => merge(a.snap, a.snap, ctx, why))).toBe('CASE_ACTION_INVALID');
    expect(code(() => runMergeCommand(a.snap, b.snap, ctx, {}))).toBe('CASE_ACTION_INVALID');
    expect(code(() => runCaseCommand('merge', a.snap, ctx, why))).toBe('CASE_ACTION_INVALID');
    const [onA, onB] = merge(a.snap, b.snap, ctx, why);
    a.events.push(onA as never);
    b.events.push(onB as never);
    expect(() => merge(a.snap, c.snap, ctx, why)).toThrow(`Le dossier ${a.snap.state.caseId} a déjà été fusionné au dossier ${b.snap.state.caseId}.`);
    expect(() => merge(c.snap, a.snap, ctx, why)).toThrow(`fusionnez plutôt ${c.snap.state.caseId} à ${b.snap.state.caseId}`);
    expect(() => reopen(a.snap, ctx, { reason: 'Erreur de fusion' })).toThrow(/a été fusionné au dossier .*: rouvrez ou traitez plutôt ce dossier/);
    expect(code(() => reopen(a.snap, ctx, { reason: 'Erreur de fusion' }))).toBe('CASE_TRANSITION_INVALID');
    // Into a closed case: reopen it first.
    c.do((s) => drop(s, ctx, { reason: 'Sans suite' }));
    const d = new CaseRun(opening({ receivedAt: at }), omh);
    expect(() => merge(d.snap, c.snap, ctx, why)).toThrow(/est « Classée sans suite » : rouvrez-le avant d'y fusionner un doublon/);
    expect(code(() => merge(c.snap, d.snap, ctx, why))).toBe('CASE_TRANSITION_INVALID');
    // An employee walled off from either case can't merge them.
    d.do((s) => wallOff(s, ctx, { employee: agent.id, reason: 'Employé visé par la plainte' }));
    const e = new CaseRun(opening({ receivedAt: at }), omh);
    expect(code(() => merge(e.snap, d.snap, context(omh, at, agent), why))).toBe('CASE_WALLED_OFF');
    expect(code(() => merge(d.snap, e.snap, context(omh, at, agent), why))).toBe('CASE_WALLED_OFF');
    // Across two organisations: never.
    const cjef = profile('cjef');
    const other = new CaseRun(opening({ profileId: 'cjef', receivedAt: at, nature: 'delais', queue: 'direction-generale' }), cjef);
    expect(code(() => merge(e.snap, other.snap, ctx, why))).toBe('CASE_ACTION_INVALID');
  });

  it('records a staff reclassification as labels and moves the case to its nature’s queue', () => {
    const run = new CaseRun(opening({ receivedAt: at, nature: 'autre', queue: 'service-clientele' }), omh);
    const ev = runCaseCommand('reclassify', run.snap, context(omh, at), { nature: 'deneigement', urgency: 'urgente', urgencyReason: 'securite', reason: 'Escalier glacé' });
    expect(ev.map((e) => e.type)).toEqual(['case.classified.v1', 'case.assigned.v1']);
    expect(ev[0]!.data).toMatchObject({ nature: 'deneigement', urgency: 'urgente', urgencyReason: 'securite', actor: agent.id, modelVersion: 'personnel' });
    expect(ev[1]!.data).toMatchObject({ queue: 'service-immeubles', assignee: null });
    expect(() => runCaseCommand('reclassify', run.snap, context(omh, at), { urgency: 'urgente', reason: 'x' })).toThrow(/motif d’urgence/);
  });
});
